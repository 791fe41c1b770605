"""Copy a built site and break one control on purpose, to see the browser tests fail.

    python tests/site/break_control.py _build/html /tmp/broken-site [page] [param]
    PATHWAYS_SITE=/tmp/broken-site pytest tests/site/test_controls.py tests/site/test_a11y.py

In the copy, every computed expression (a Vega `formula`, or a Vega-Lite `calculate`) of the
first chart on `page` (default: the first page with a slider) that reads the slider `param`
(default: its first slider) reads the slider's default value instead: the slider still moves, the chart no longer follows it.
The suite must then fail (the control changes no data; the chart reads a constant where it
has a slider; its numbers differ from the library's once the slider moves).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

# Run as a script, where pytest's `pythonpath` (pyproject.toml) does not apply.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import builtsite  # noqa: E402
import sitekit  # noqa: E402


def _script_json(value) -> str:
    """As lib/pathways/present/render.py writes the spec inside <script>."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def break_control(src: Path, dst: Path, page: str | None = None, param: str | None = None) -> str:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    pages, _ = builtsite.discover(dst)
    for rel in [page] if page else pages:
        html_file = dst / rel
        text = html_file.read_text(encoding="utf-8")
        for cid, spec in sitekit.chart_specs(html_file).items():
            sliders = [p for p in _params(spec) if p.get("bind", {}).get("input") == "range"]
            chosen = [p for p in sliders if param in (None, p["name"])]
            if not chosen:
                continue
            name, default = chosen[0]["name"], chosen[0]["value"]
            pattern = re.compile(rf"(?<![\w.'\"]){re.escape(name)}(?![\w'\"])")
            edited = _replace(spec, pattern, repr(float(default)))
            m = re.search(
                rf'<script type="application/json" id="{cid}-spec"[^>]*>(.*?)</script>',
                text,
                re.DOTALL,
            )
            assert m and edited, f"nothing to edit in {rel} #{cid}"
            text = text[: m.start(1)] + _script_json(spec) + text[m.end(1) :]
            html_file.write_text(text, encoding="utf-8")
            return (
                f"{rel}: chart #{cid} no longer follows its slider {name!r} ({edited} expressions)"
            )
    raise SystemExit(f"no chart with a slider {param or ''} found in {dst}")


def _params(spec) -> list[dict]:
    out = []
    if isinstance(spec, dict):
        for key in ("params", "signals"):  # Vega-Lite params, Vega signals
            out += [p for p in spec.get(key) or [] if isinstance(p, dict)]
        for v in spec.values():
            out += _params(v)
    elif isinstance(spec, list):
        for v in spec:
            out += _params(v)
    return out


def _replace(node, pattern: re.Pattern, constant: str) -> int:
    n = 0
    if isinstance(node, dict):
        key = "expr" if node.get("type") == "formula" else "calculate"
        if isinstance(node.get(key), str):
            new = pattern.sub(constant, node[key])
            n += new != node[key]
            node[key] = new
        for v in node.values():
            n += _replace(v, pattern, constant)
    elif isinstance(node, list):
        for v in node:
            n += _replace(v, pattern, constant)
    return n


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    print(break_control(Path(args[0]), Path(args[1]), *args[2:4]))
