"""The whole book as one PDF (tools/bookpdf.py, made by scripts/build.sh): a contents page,
every page of _toc.yml under its own outline entry, links between chapters that land inside
the PDF, the chapters' text, and a link to it on the For instructors page.

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site/test_book_pdf.py

The PDF is the one the build wrote into the site; a site built without scripts/build.sh
(a plain jupyter-book build) gets one made here, in a temporary folder.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import bookpdf
import builtsite
import pytest
import sitekit

#: A chapter heading that must be in the PDF's text (the first chapter after the introduction).
KNOWN_HEADING = "Pathway 2: US engagement and free-riding"


def _title(site: Path, doc: str) -> str:
    """The page's h1 as the site shows it (without the heading's link sign)."""
    text = (site / f"{doc}.html").read_text(encoding="utf-8")
    m = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert m, f"{doc}: no h1"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("#", "").split())


@pytest.fixture(scope="module")
def pdf_file(site: Path, tmp_path_factory) -> Path:
    built = site / bookpdf.PDF_PATH
    if built.is_file():
        return built
    out = tmp_path_factory.mktemp("bookpdf") / "whole-book.pdf"
    # A process of its own: Playwright's sync API cannot start inside the tests' own.
    run = subprocess.run(
        [sys.executable, str(Path(bookpdf.__file__)), str(site), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def reader(pdf_file: Path):
    from pypdf import PdfReader

    return PdfReader(str(pdf_file))


def _outline(reader) -> list[tuple[str, int]]:
    """The top-level outline entries: (title, page index)."""
    return [
        (item.title, reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def test_every_page_of_the_book_has_an_outline_entry(site: Path, reader) -> None:
    docs = builtsite.toc_pages(sitekit.REPO)
    entries = _outline(reader)
    assert entries[0] == ("Contents", 0)
    titles = [t for t, _ in entries[1:]]
    assert titles == [_title(site, d) for d in docs]
    pages = [p for _, p in entries]
    assert pages == sorted(set(pages)), "outline entries out of order or sharing a page"
    # Each page of the site prints to at least one page; the book is far longer than that.
    assert len(reader.pages) > 3 * len(docs)


def _links(reader):
    for index, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                yield index, annot


def _target_page(reader, annot) -> int | None:
    """The page an internal link lands on (None for a link out of the PDF)."""
    action = annot.get("/A")
    dest = annot.get("/Dest")
    if action is not None and action.get("/S") == "/GoTo":
        dest = action["/D"]
    if dest is None:
        return None
    if isinstance(dest, str):
        return reader.get_destination_page_number(reader.named_destinations[dest])
    return reader.get_page_number(dest[0].get_object())


def test_links_inside_the_pdf_resolve(reader) -> None:
    internal, outside = 0, []
    for index, annot in _links(reader):
        action = annot.get("/A")
        if action is not None and action.get("/S") == "/URI":
            outside.append(str(action["/URI"]))
            continue
        target = _target_page(reader, annot)
        assert target is not None and 0 <= target < len(reader.pages), f"page {index + 1}"
        internal += 1
    local = [u for u in outside if "127.0.0.1" in u or bookpdf.CONTENTS_HOST in u]
    assert not local, f"links to the build's own server left in the PDF: {local[:5]}"
    assert internal > 0


def test_contents_links_land_on_each_chapter(reader) -> None:
    entries = _outline(reader)[1:]
    landed = sorted(_target_page(reader, a) for i, a in _links(reader) if i < entries[0][1])
    assert landed == sorted(p for _, p in entries)


def test_a_cross_reference_between_chapters_lands_inside_the_pdf(reader) -> None:
    """The introduction's list of chapters links to each of them: at least one of those
    links lands on a page of another chapter."""
    entries = _outline(reader)[1:]
    intro, after = entries[0][1], entries[1][1]
    targets = [_target_page(reader, a) for i, a in _links(reader) if intro <= i < after]
    assert any(t is not None and t >= after for t in targets)


def test_a_known_chapter_heading_is_in_the_text(reader) -> None:
    entries = dict(_outline(reader))
    page = reader.pages[entries[KNOWN_HEADING]]
    assert KNOWN_HEADING in " ".join((page.extract_text() or "").split())


def test_instructors_page_links_to_the_pdf(site: Path) -> None:
    page = site / "chapters" / "instructors.html"
    hrefs = re.findall(r'<a class="pathways-book-pdf" href="([^"]+)"', page.read_text("utf-8"))
    assert len(hrefs) == 1
    assert (page.parent / hrefs[0]).resolve() == (site / bookpdf.PDF_PATH).resolve()


def test_a_site_without_its_pages_fails_loudly(tmp_path: Path) -> None:
    """The build stops with the missing pages named, before any browser starts."""
    with pytest.raises(bookpdf.BookPdfError, match="pages missing from .*chapters/intro"):
        bookpdf.build(tmp_path, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_pages_carry_their_numbers(reader) -> None:
    """The numbers the contents page gives are printed at the foot of each page."""
    n = len(reader.pages)
    for index in (0, 1, n // 2, n - 1):
        words = (reader.pages[index].extract_text() or "").split()
        assert words and words[-1] == str(index + 1), f"page {index + 1} ends with {words[-3:]}"
