"""Print: a chapter saved as PDF (Playwright's page.pdf, as "Print" in the browser) has its
title, prose, chart and citation line, with charts inside the page and no navigation.

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site/test_readers_print.py
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("PATHWAYS_SITE") or REPO / "_build" / "html").resolve()
HIDDEN_IN_PRINT = [
    ".bd-header",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".header-article",
    ".prev-next-area",
    ".bd-footer",
    "button.toggle-button",
]


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def chapter_with_chart() -> str:
    """The first chapter in the toc whose page has a chart."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [c["file"] for c in part.get("chapters", [])]
    for name in names:
        page = SITE / f"{name}.html"
        if (REPO / f"{name}.ipynb").exists() and page.is_file():
            if 'class="pathways-chart"' in page.read_text(encoding="utf-8"):
                return name
    pytest.fail(f"no chapter page with a chart in {SITE}: build the book first", pytrace=False)


def measure_and_print(site: Path, docname: str, pdf_path: Path) -> dict:
    """Load the chapter, wait for its charts, measure it in print media, save its PDF.

    Runs in a process of its own (see `printed`): Playwright's sync API cannot start while
    another sync Playwright (the other site tests' browser) is open in the same process."""
    import builtsite
    from playwright.sync_api import sync_playwright

    with builtsite.served(site) as base:
        with sync_playwright() as p:
            browser = builtsite.launch(p)
            # As wide as the printable area of an A4 page with print.css's margins (210 mm less
            # 2 x 14 mm at 96 px per inch), so measurements match the printed layout.
            page = browser.new_page(viewport={"width": 688, "height": 1000})
            page.goto(f"{base}{docname}.html")
            charts = page.locator("[data-pathways-state]").count()
            page.wait_for_function(
                f"document.querySelectorAll('[data-pathways-state=ready]').length === {charts}",
                timeout=60_000,
            )
            page.emulate_media(media="print")
            facts = page.evaluate(
                """(hidden) => {
                  const article = document.querySelector('article.bd-article').getBoundingClientRect();
                  const charts = [...document.querySelectorAll('[data-pathways-state] svg')]
                    .map(svg => svg.getBoundingClientRect())
                    .map(r => ({left: r.left, right: r.right, width: r.width}));
                  const shown = hidden.filter(sel => [...document.querySelectorAll(sel)]
                    .some(el => getComputedStyle(el).display !== 'none'));
                  const texts = [...document.querySelectorAll('[data-pathways-state] svg text')]
                    .map(t => t.textContent.trim()).filter(t => t.length > 8);
                  return {article: {left: article.left, right: article.right}, charts, shown,
                          chartTexts: texts,
                          title: document.querySelector('article h1').textContent};
                }""",
                HIDDEN_IN_PRINT,
            )
            page.pdf(path=str(pdf_path), format="A4")
            browser.close()
    return facts


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(chapter, facts measured on the page in print media, PDF bytes)."""
    import builtsite  # here and above, not at the top: this file also runs as a script

    problem = builtsite.missing_chromium()
    if problem:
        pytest.fail(problem, pytrace=False)
    docname = chapter_with_chart()
    pdf_path = tmp_path_factory.mktemp("print") / (Path(docname).name + ".pdf")
    run = subprocess.run(
        [sys.executable, __file__, str(SITE), docname, str(pdf_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return docname, json.loads(run.stdout), pdf_path.read_bytes()


@pytest.fixture(scope="module")
def pdf_text(printed) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(printed[2]))
    return _normal(" ".join(page.extract_text() or "" for page in reader.pages))


def test_pdf_is_produced(printed):
    _, _, pdf = printed
    assert pdf.startswith(b"%PDF-")
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


def test_pdf_has_the_chapter_title_and_citation(printed, pdf_text):
    _, facts, _ = printed
    title = _normal(facts["title"]).rstrip("#").strip()
    assert title in pdf_text, f"title {title!r} not in the PDF text"
    assert "Cite this chapter:" in pdf_text


def test_charts_print_inside_the_page_with_their_text(printed, pdf_text):
    _, facts, _ = printed
    assert facts["charts"], "no chart drawn"
    for chart in facts["charts"]:
        assert chart["width"] > 100
        assert chart["left"] >= facts["article"]["left"] - 1
        assert chart["right"] <= facts["article"]["right"] + 1, "a chart runs off the page"
    # Vega draws SVG text, which stays text in the PDF: the chart is there and readable.
    assert facts["chartTexts"]
    assert any(_normal(t) in pdf_text for t in facts["chartTexts"]), facts["chartTexts"][:5]


def test_navigation_and_buttons_are_not_printed(printed):
    _, facts, _ = printed
    assert facts["shown"] == [], f"shown in print: {facts['shown']}"


if __name__ == "__main__":
    # `printed` runs this file in a process of its own, where pytest's `pythonpath` does not
    # apply: find tools/builtsite.py as pyproject.toml does.
    sys.path.insert(0, str(REPO / "tools"))
    site_arg, docname_arg, pdf_arg = sys.argv[1:4]
    print(json.dumps(measure_and_print(Path(site_arg), docname_arg, Path(pdf_arg))))
