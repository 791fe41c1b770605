"""The whole book as one PDF, for instructors: every page of the built site printed by the
Debian Chromium (charts drawn first), joined after a contents page, with an outline and with
links between chapters that stay inside the PDF.

    python tools/bookpdf.py                 # _build/html -> _build/html/_downloads/whole-book.pdf
    python tools/bookpdf.py SITE --out X.pdf

Why this way: the website is the book's one layout (charts compiled to Vega, equations
typeset at build time, print.css for paper); printing each page as "Print" in the browser
would, and joining the pages, keeps the PDF identical to what readers see, offline, with no
second typesetting chain (no LaTeX). scripts/build.sh runs it after the HTML build; any
failure (no Chromium, a chart that does not draw, an empty page) exits non-zero with the
reason, so the build fails loudly. The For instructors page links to PDF_PATH.
tests/site/test_book_pdf.py checks the result.

Defined for: chapters/instructors.md ("The whole book as a PDF") and scripts/build.sh.
"""

from __future__ import annotations

import argparse
import html
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import builtsite  # noqa: E402  (tools/ is not a package)

REPO = Path(__file__).resolve().parents[1]
#: Where the PDF goes, relative to the built site (the For instructors page links here).
PDF_PATH = "_downloads/whole-book.pdf"
#: The printable width of an A4 page with print.css's margins (210 mm - 2 x 14 mm at 96 dpi).
VIEWPORT = {"width": 688, "height": 1000}
#: How long a page's charts may take to draw before the PDF build gives up.
CHART_TIMEOUT_MS = 60_000
#: The host of the contents page's links before they become links inside the PDF.
CONTENTS_HOST = "book.invalid"
#: Charts drawn (the chart runtime's state on each .pathways-chart), every fold open, as on paper.
_READY = """() => [...document.querySelectorAll('.pathways-chart')]
  .every((c) => c.getAttribute('data-pathways-state') === 'ready')"""
_OPEN_FOLDS = """() => {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  window.dispatchEvent(new Event('beforeprint'));
}"""
_CHART_ERRORS = """() => [...document.querySelectorAll('.pathways-chart')]
  .filter((c) => c.getAttribute('data-pathways-state') !== 'ready')
  .map((c) => c.id + ': ' + (c.getAttribute('data-pathways-state') || 'not drawn'))"""


class BookPdfError(RuntimeError):
    """The PDF cannot be made; the message says which page and why."""


@dataclass
class Printed:
    """One page of the site printed: its document name, title and PDF bytes."""

    docname: str
    title: str
    pdf: bytes


def _print_page(browser: Any, base: str, docname: str) -> Printed:
    """Load one page, wait for its charts, open its folds and print it."""
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{base}{docname}.html", wait_until="load")
        try:
            page.wait_for_function(_READY, timeout=CHART_TIMEOUT_MS)
        except Exception as err:
            bad = page.evaluate(_CHART_ERRORS)
            raise BookPdfError(f"{docname}: charts not drawn ({'; '.join(bad)})") from err
        page.evaluate(_OPEN_FOLDS)
        page.emulate_media(media="print")
        title = page.evaluate("() => document.querySelector('article h1').textContent")
        pdf = page.pdf(format="A4", print_background=True, outline=True, tagged=True)
    finally:
        page.close()
    return Printed(docname, title.replace("#", "").strip(), pdf)


def _contents_html(book: str, author: str, entries: list[tuple[str, str, int]]) -> str:
    """The contents page: the book's title, then each page's title and first page number."""
    rows = "".join(
        f'<li><a href="https://{CONTENTS_HOST}/{html.escape(doc)}.html">{html.escape(title)}</a>'
        f'<span class="n">{number}</span></li>'
        for doc, title, number in entries
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
      @page {{ margin: 20mm 18mm; }}
      body {{ font-family: sans-serif; font-size: 11pt; line-height: 1.5; color: #222; }}
      h1 {{ font-size: 20pt; margin: 0 0 4pt; }} .by {{ color: #555; margin: 0 0 18pt; }}
      h2 {{ font-size: 14pt; }} ol {{ list-style: none; padding: 0; }}
      li {{ display: flex; gap: 8pt; border-bottom: 1px dotted #bbb; padding: 3pt 0; }}
      li a {{ flex: 1; color: #174a7c; text-decoration: none; }}
    </style></head><body><h1>{html.escape(book)}</h1><p class="by">{html.escape(author)}</p>
    <h2>Contents</h2><p class="by">Each title links to its page. Charts are shown at the model's
    default assumptions.</p>
    <ol>{rows}</ol></body></html>"""


def _contents(browser: Any, config: dict[str, Any], pages: list[Printed]) -> bytes:
    """The contents page(s), numbered for the pages that follow them."""
    from pypdf import PdfReader

    counts = [len(PdfReader(io.BytesIO(p.pdf)).pages) for p in pages]
    own = 1
    for _ in range(3):  # the contents' own length shifts every number; settle it
        starts, n = [], own + 1
        for p, count in zip(pages, counts, strict=True):
            starts.append((p.docname, p.title, n))
            n += count
        tab = browser.new_page()
        tab.set_content(_contents_html(config["title"], config.get("author", ""), starts))
        pdf = tab.pdf(format="A4")
        tab.close()
        length = len(PdfReader(io.BytesIO(pdf)).pages)
        if length == own:
            return pdf
        own = length
    raise BookPdfError("the contents page's length does not settle")


#: A place in the joined PDF: page index and the top of the target on it (None: the page top).
Place = tuple[int, Any]


def _dest(writer: Any, place: Place) -> Any:
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    index, top = place
    y = NullObject() if top is None else FloatObject(top)
    return ArrayObject(
        [writer.pages[index].indirect_reference, NameObject("/XYZ"), NullObject(), y, NullObject()]
    )


def _goto(writer: Any, place: Place) -> Any:
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject(
        {NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): _dest(writer, place)}
    )


def _anchors(reader: Any, offset: int) -> dict[str, Place]:
    """A printed page's named destinations (Chromium names them after the HTML ids that its
    own links target), as places in the joined PDF."""
    out: dict[str, Place] = {}
    for name, dest in reader.named_destinations.items():
        top = dest.get("/Top") if hasattr(dest, "get") else None
        out[str(name).lstrip("/")] = (offset + reader.get_destination_page_number(dest), top)
    return out


def _local_target(uri: str, hosts: set[str], docs: dict[str, dict[str, Place]]) -> Place | None:
    """Where a link to a page of the book lands in the PDF (None: not a page of the book)."""
    parts = urlsplit(uri)
    doc = parts.path.lstrip("/").removesuffix(".html")
    if parts.netloc not in hosts or doc not in docs:
        return None
    anchors = docs[doc]
    return anchors.get(parts.fragment) or anchors[""]


def _relink(writer: Any, docs: dict[str, dict[str, Place]], base: str, published: str) -> int:
    """Links to a page of the book land on that page (at the anchor when the PDF has it) in
    the PDF; a page's links to its own anchors keep their place (their names are not unique
    once pages are joined); other links to the local server point at the published site.
    Returns how many links between pages were made internal."""
    from pypdf.generic import NameObject, TextStringObject

    hosts = {urlsplit(base).netloc, CONTENTS_HOST}
    firsts = sorted((a[""][0], doc) for doc, a in docs.items())
    made = 0
    for i, page in enumerate(writer.pages):
        # The printed page this PDF page belongs to (the contents page has no anchors).
        own = next((docs[doc] for first, doc in reversed(firsts) if first <= i), {})
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annot and str(annot["/Dest"]).lstrip("/") in own:
                annot[NameObject("/Dest")] = _dest(writer, own[str(annot["/Dest"]).lstrip("/")])
            if action is None or "/URI" not in action:
                continue
            place = _local_target(str(action["/URI"]), hosts, docs)
            if place is not None:
                annot[NameObject("/A")] = _goto(writer, place)
                made += 1
            elif urlsplit(str(action["/URI"])).netloc in hosts:
                parts = urlsplit(str(action["/URI"]))
                rest = parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")
                action[NameObject("/URI")] = TextStringObject(urljoin(published, rest))
    return made


def _join(contents: bytes, pages: list[Printed], base: str, published: str) -> bytes:
    """Contents first, then every page under its own outline entry, links made internal."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)), outline_item="Contents")
    docs: dict[str, dict[str, Place]] = {}
    for p in pages:
        reader = PdfReader(io.BytesIO(p.pdf))
        docs[p.docname] = {**_anchors(reader, len(writer.pages)), "": (len(writer.pages), None)}
        writer.append(reader, outline_item=p.title)
    if _relink(writer, docs, base, published) == 0:
        raise BookPdfError("no link between the book's pages was found to make internal")
    writer.add_metadata({"/Title": pages[0].title if pages else ""})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _numbers_html(count: int) -> str:
    """`count` A4 pages, each with only its number at the foot (in print.css's margin)."""
    pages = "".join(f'<div class="p"><span class="n">{i}</span></div>' for i in range(1, count + 1))
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
      @page {{ size: A4; margin: 0; }} body {{ margin: 0; }}
      .p {{ position: relative; height: 290mm; break-after: page; }}
      .n {{ position: absolute; bottom: 0; width: 100%; text-align: center;
           font: 9pt sans-serif; color: #555; }}
    </style></head><body>{pages}</body></html>"""


def _number(browser: Any, data: bytes) -> bytes:
    """Every page gets its number at the foot, so the contents' numbers are on the paper too
    (each page of the site was printed on its own, so Chromium's own footer would restart)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    tab = browser.new_page()
    tab.set_content(_numbers_html(len(writer.pages)))
    numbers = PdfReader(io.BytesIO(tab.pdf(format="A4", prefer_css_page_size=True)))
    tab.close()
    if len(numbers.pages) != len(writer.pages):
        raise BookPdfError(f"{len(numbers.pages)} page numbers for {len(writer.pages)} pages")
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number, over=True)
        page.compress_content_streams()  # merging leaves the page's content uncompressed
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build(site: Path, out: Path, repo: Path = REPO) -> Path:
    """Print every page of `repo`'s _toc.yml from the built `site` into one PDF at `out`."""
    from playwright.sync_api import sync_playwright

    config = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8"))
    docs = builtsite.toc_pages(repo)
    missing = [d for d in docs if not (site / f"{d}.html").is_file()]
    if missing:
        raise BookPdfError(
            f"pages missing from {site}: {', '.join(missing)} (build the book first)"
        )
    with builtsite.served(site) as base, sync_playwright() as p:
        browser = builtsite.launch(p)
        try:
            pages = [_print_page(browser, base, d) for d in docs]
            contents = _contents(browser, config, pages)
            published = str(config.get("html", {}).get("baseurl", ""))
            data = _number(browser, _join(contents, pages, base, published))
        finally:
            browser.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--out", type=Path, help=f"default: SITE/{PDF_PATH}")
    args = parser.parse_args(argv)
    problem = builtsite.missing_chromium()
    if problem:
        print(f"bookpdf: {problem}", file=sys.stderr)
        return 1
    try:
        path = build(args.site, args.out or args.site / PDF_PATH)
    except BookPdfError as err:
        print(f"bookpdf: cannot make the PDF: {err}", file=sys.stderr)
        return 1
    print(f"bookpdf: wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
