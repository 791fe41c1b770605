"""Compare what readers see in two builds of the book: chart specs, glued numbers, text.

    python scripts/compare_builds.py OLD_BUILD NEW_BUILD    # each a `_build` folder

Why: a refactoring of the library must not change a single chart or number on the site.
For every page of the old build this compares, with the new build's page of the same path:

* every chart's Vega-Lite spec (parsed from the page, in page order; the element ids,
  random per build, are not compared), which must be equal as JSON values;
* every glued value (``_build/jupyter_execute/**/*.glue.json``: the numbers quoted in the
  prose), which must be equal, name by name;
* the page's visible text (tags, scripts and styles removed), reported as a count of
  differing lines with the first few, since prose may change on purpose.

Exit status 1 if a spec or a glued value differs, or a page or chart is missing; 0 otherwise.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import sys
from pathlib import Path
from typing import Any

_CHART = re.compile(r'var id = "pathways-chart-[0-9a-f]+";\s*\n\s*var spec = (?P<spec>.*);\s*\n')
_DROP = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def chart_specs(page: Path) -> list[Any]:
    """The Vega-Lite specs a built page embeds, in page order."""
    return [json.loads(m["spec"]) for m in _CHART.finditer(page.read_text(encoding="utf-8"))]


def visible_text(page: Path) -> list[str]:
    """The page's text, one non-empty line per block, with ids of charts removed."""
    text = _TAG.sub("\n", _DROP.sub("", page.read_text(encoding="utf-8")))
    text = re.sub(r"pathways-chart-[0-9a-f]+", "pathways-chart-ID", html.unescape(text))
    return [line.strip() for line in text.splitlines() if line.strip()]


def glued(build: Path) -> dict[str, Any]:
    """Every glued value of the build, keyed by notebook and glue name."""
    out: dict[str, Any] = {}
    for path in sorted((build / "jupyter_execute").rglob("*.glue.json")):
        rel = path.relative_to(build / "jupyter_execute").as_posix()
        for name, value in json.loads(path.read_text(encoding="utf-8")).items():
            out[f"{rel}:{name}"] = value
    return out


def compare(old: Path, new: Path) -> tuple[list[str], list[str]]:
    """(errors, notes): errors are spec, glue or page differences; notes are text diffs."""
    errors: list[str] = []
    notes: list[str] = []
    pages = sorted(p.relative_to(old / "html") for p in (old / "html").rglob("*.html"))
    n_specs = 0
    for rel in pages:
        a, b = old / "html" / rel, new / "html" / rel
        if not b.is_file():
            errors.append(f"{rel}: missing from the new build")
            continue
        sa, sb = chart_specs(a), chart_specs(b)
        n_specs += len(sa)
        if len(sa) != len(sb):
            errors.append(f"{rel}: {len(sa)} charts before, {len(sb)} after")
        for i, (x, y) in enumerate(zip(sa, sb, strict=False)):
            if x != y:
                errors.append(f"{rel}: chart {i + 1} has a different spec")
        ta, tb = visible_text(a), visible_text(b)
        if ta != tb:
            diff = [d for d in difflib.unified_diff(ta, tb, lineterm="", n=0) if d[:1] in "+-"]
            diff = [d for d in diff if not d.startswith(("+++", "---"))]
            notes.append(f"{rel}: {len(diff)} text lines differ, e.g. {diff[:4]}")
    ga, gb = glued(old), glued(new)
    for key in sorted(set(ga) | set(gb)):
        if ga.get(key) != gb.get(key):
            errors.append(f"glue {key}: {ga.get(key)!r} before, {gb.get(key)!r} after")
    notes.insert(0, f"compared {len(pages)} pages, {n_specs} chart specs, {len(ga)} glued values")
    return errors, notes


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    errors, notes = compare(Path(argv[0]), Path(argv[1]))
    print("\n".join(notes))
    print("\n".join(errors) if errors else "charts and glued values: identical")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
