"""The chapters' notebooks as a reader opens them in Jupyter: the prose's numbers written in,
no role syntax, and the solutions left out (students' download) or folded (instructors' and
Binder's copies).

Why: the chapters are written for the book (myst-nb): their prose pastes computed numbers with
``{glue:text}`` and links with ``{cite}``, ``{term}`` and ``{doc}``. JupyterLab's MyST renderer
(jupyterlab-myst, pinned in binder/requirements.txt) renders admonitions, exercises and
folded solutions, but not these roles: it would show ``g:.2f`` for a number and a warning
sign for a citation. So the notebooks a reader downloads or opens in Binder are generated
from the chapters here, never kept by hand: each glued number is formatted exactly as the
book formats it (myst-nb's own ``format_plain_text``), each citation becomes the book's
"[Author, year]" linked to the website's References page, each term a link to the website's
glossary, each page link a link to that chapter's notebook (or the website's page), and text
marked ``<!-- site-only -->...<!-- /site-only -->`` (about the website's buttons) is dropped
or replaced by the ``<!-- jupyter: ... -->`` text that follows it.

Three callers: ``_ext/reader_downloads.py`` after each book build (values from myst-nb's
executed notebooks; the page's .ipynb download without solutions, the For instructors page's
download with them), ``binder/postBuild`` (``--execute``: Binder runs the chapters once and
opens the copies with solutions folded) and tests/test_jupyterlab.py (the same, for a test).

Defined for: every chapter (the downloads and Binder).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

import nbformat
from docutils.nodes import make_id  # type: ignore[import-untyped]
from myst_nb.core.variables import format_plain_text  # type: ignore[import-untyped]
from pathways.model.names import lookup

GLUE = re.compile(r"\{glue:text\}`([^`]+)`")
ROLE = re.compile(r"\{(cite|term|doc)\}`([^`]+)`")
#: ``text <target>``: a role's explicit text.
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
#: A fenced solution (``` or :::, any fence length), with the blank line after it.
SOLUTION = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n.*?^(?P=fence)[ \t]*\n?(?:[ \t]*\n)?",
    re.M | re.S,
)
GATED = re.compile(r"^(`{3,}|:{3,})\{solution-(start|end)\}")
SITE_ONLY = re.compile(
    r"<!-- site-only -->(?P<site>.*?)<!-- /site-only -->(?:\s*<!-- jupyter: (?P<jupyter>.*?) -->)?",
    re.S,
)
#: The roles and directives no reader may see (tests/test_jupyterlab.py looks for them).
RAW_MARKUP = ("{glue", "{eval", "{cite}", "{term}", "{doc}", ":class:")


def glue_values(executed: Any) -> dict[str, str]:
    """``name -> text/plain`` of every ``glue()`` output of an executed notebook."""
    values = {}
    for cell in executed.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                prefix = out["metadata"]["scrapbook"].get("mime_prefix", "")
                values[name] = out["data"][f"{prefix}text/plain"]
    return values


def glue_file_values(path: Path) -> dict[str, str]:
    """The same from myst-nb's ``NAME.glue.json`` (written next to its executed notebook)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: out["data"]["text/plain"] for name, out in data.items()}


def paste_glue(text: str, values: Mapping[str, str]) -> str:
    """Every ``{glue:text}`name:fmt``` replaced by the value, formatted as the book does."""

    def one(m: re.Match[str]) -> str:
        key, _, fmt = m.group(1).rpartition(":") if ":" in m.group(1) else ("", "", "")
        key, fmt = (key, fmt) if key else (m.group(1), "s")
        return format_plain_text(lookup("glue name", key, values), fmt)

    return GLUE.sub(one, text)


def bib_labels(bib: str) -> dict[str, str]:
    """``key -> "Author, year"`` as the book's author-year citations print them."""
    labels = {}
    for entry in re.split(r"^@", bib, flags=re.M)[1:]:
        key = entry.split("{", 1)[1].split(",", 1)[0].strip()
        author = re.search(r"\bauthor\s*=\s*\{(.*)\},?\s*$", entry, re.M)
        year = re.search(r"\byear\s*=\s*\{(.*?)\}", entry)
        labels[key] = (
            f"{_surnames(author.group(1) if author else key)}, {year.group(1) if year else 'n.d.'}"
        )
    return labels


def _surnames(authors: str) -> str:
    """ "Olson, Jr., Mancur and Zeckhauser, Richard" -> "Olson and Zeckhauser"."""
    names = [
        a.strip().strip("{}") if a.strip().startswith("{") else a.split(",")[0].strip()
        for a in re.split(r"\s+and\s+", authors)
    ]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


class Links:
    """Where the rewritten roles point: the website for citations, terms and Markdown pages,
    the sibling notebook for a chapter (it opens in JupyterLab and in a download folder)."""

    def __init__(self, srcdir: Path, site: str, bib: Mapping[str, str]):
        self.srcdir, self.site, self.bib = srcdir, site.rstrip("/") + "/", bib

    def title(self, doc: Path) -> str:
        for suffix in (".ipynb", ".md"):
            path = doc.with_suffix(suffix)
            if path.exists():
                text = path.read_text(encoding="utf-8")
                source = json.loads(text)["cells"][0]["source"] if suffix == ".ipynb" else text
                source = "".join(source) if isinstance(source, list) else source
                m = re.search(r"^# (.+)$", source, re.M)
                return m.group(1).strip() if m else doc.stem
        raise ValueError(f"{{doc}} links to {doc}, which has no .ipynb or .md page")

    def role(self, kind: str, content: str, here: Path) -> str:
        m = EXPLICIT.match(content)
        text, target = (m["text"], m["target"]) if m else (None, content)
        if kind == "cite":
            keys = [k.strip() for k in target.split(",")]
            refs = "; ".join(
                f"[{lookup('citation key', k, self.bib)}]({self.site}chapters/references.html)"
                for k in keys
            )
            return f"\\[{refs}\\]"
        if kind == "term":
            anchor = make_id(f"term-{' '.join(target.split())}")
            return f"[{text or target}]({self.site}chapters/glossary.html#{anchor})"
        doc = (self.srcdir / target.lstrip("/")) if target.startswith("/") else here / target
        title = text or self.title(doc)
        if doc.with_suffix(".ipynb").exists():
            return f"[{title}]({url_quote(doc.name)}.ipynb)"
        page = doc.resolve().relative_to(self.srcdir.resolve()).as_posix()
        return f"[{title}]({self.site}{page}.html)"


def strip_solutions(text: str) -> str:
    """The cell's text without its fenced solutions."""
    return SOLUTION.sub("", text)


def site_only(text: str) -> str:
    """Text about the website's own buttons replaced by its Jupyter wording (or dropped)."""
    return SITE_ONLY.sub(lambda m: m["jupyter"] or "", text)


def rewrite_markdown(text: str, values: Mapping[str, str], links: Links, here: Path) -> str:
    """One markdown cell as JupyterLab should show it."""
    text = paste_glue(site_only(text), values)
    return ROLE.sub(lambda m: links.role(m[1], m[2], here), text)


def _drop_gated(cells: list[Any]) -> list[Any]:
    """Without the cells from a ``{solution-start}`` to its ``{solution-end}``, inclusive."""
    kept, inside = [], False
    for cell in cells:
        marker = GATED.search(cell.source) if cell.cell_type == "markdown" else None
        if marker and marker.group(2) == "start":
            inside = True
        if not inside:
            kept.append(cell)
        if marker and marker.group(2) == "end":
            inside = False
    return kept


def reader_notebook(
    source: Any, values: Mapping[str, str], links: Links, here: Path, solutions: bool
) -> Any:
    """A copy of the chapter `source` for readers in Jupyter (`solutions`: folded, or none)."""
    nb = nbformat.from_dict(json.loads(json.dumps(source)))
    if not solutions:
        nb.cells = _drop_gated(nb.cells)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = cell.source if solutions else strip_solutions(cell.source)
            cell.source = rewrite_markdown(text, values, links, here)
    nb.cells = [c for c in nb.cells if c.cell_type != "markdown" or c.source.strip()]
    return nb


def write_chapters(
    chapters: Iterable[Path],
    values_of: Callable[[Path], Mapping[str, str]],
    links: Links,
    outdir: Path,
    solutions: bool,
) -> list[Path]:
    """Each chapter's reader copy written to `outdir`/NAME.ipynb; the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in chapters:
        source = nbformat.read(path, as_version=4)
        try:
            nb = reader_notebook(source, values_of(path), links, path.parent, solutions)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
        out = outdir / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written


def zip_notebooks(paths: Iterable[Path], archive: Path, folder: str) -> Path:
    """The notebooks in one zip, under `folder`/ (what an instructor unpacks)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in paths:
            z.write(path, f"{folder}/{path.name}")
    return archive


def executed_values(path: Path, timeout: int = 600) -> dict[str, str]:
    """Run the chapter in a kernel (as Binder's postBuild does) and read its glued values."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return glue_values(nb)


def book_settings(root: Path) -> tuple[str, dict[str, str]]:
    """The website's address (``_config.yml`` html: baseurl) and the citation labels."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    bib = bib_labels((root / "references.bib").read_text(encoding="utf-8"))
    return config["html"]["baseurl"], bib


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python tools/reader_notebooks.py --execute --solutions --out DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", type=Path, help="default: chapters/*.ipynb")
    parser.add_argument("--root", type=Path, default=Path("."), help="the book's folder")
    parser.add_argument("--out", type=Path, required=True, help="where the copies go")
    parser.add_argument("--solutions", action="store_true", help="keep solutions (folded)")
    parser.add_argument("--execute", action="store_true", help="run each chapter for values")
    parser.add_argument("--executed", type=Path, help="myst-nb's jupyter_execute/ folder")
    args = parser.parse_args(argv)
    if args.execute == bool(args.executed):
        parser.error("give exactly one of --execute and --executed DIR")
    site, bib = book_settings(args.root)
    chapters = args.chapters or sorted((args.root / "chapters").glob("*.ipynb"))
    links = Links(args.root, site, bib)

    def values_of(path: Path) -> Mapping[str, str]:
        if args.execute:
            return executed_values(path)
        rel = path.resolve().relative_to(args.root.resolve()).with_suffix(".glue.json")
        return glue_file_values(args.executed / rel)

    for out in write_chapters(chapters, values_of, links, args.out, args.solutions):
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
