"""The built site, for readers and instructors: every chapter page has a Binder launch button for
its own notebook on the configured repository and branch, a download button for that notebook,
its exercises with dropdown solutions, and a "Cite this chapter" line with its own address; a
chapter with a live panel shows one short note in its place (the panel's assumptions and this
chapter's Binder link), and no page keeps a "Run it live" section.

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site/test_readers_site.py
"""

from __future__ import annotations

import ast
import json
import os
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from builtsite import toc_pages
from pathways.present.live_note import CSS_CLASS, live_note

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("PATHWAYS_SITE") or REPO / "_build" / "html").resolve()
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
BASEURL = CONFIG["html"]["baseurl"]


CHAPTERS = [n for n in toc_pages(REPO) if (REPO / f"{n}.ipynb").exists()]
OTHER_PAGES = [n for n in toc_pages(REPO) if n not in CHAPTERS]


@cache
def soup(docname: str) -> BeautifulSoup:
    path = SITE / f"{docname}.html"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: build the book first (bash scripts/build.sh) or set "
            "PATHWAYS_SITE to a built _build/html folder",
            pytrace=False,
        )
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def expected_binder_url(docname: str) -> str:
    repo = CONFIG["repository"]
    launch = CONFIG["launch_buttons"]
    owner_name = urlparse(repo["url"]).path.strip("/")
    book = repo.get("path_to_book", "").strip("/")
    path = f"{book}/{docname}.ipynb" if book else f"{docname}.ipynb"
    ui = {"jupyterlab": "lab/tree", "classic": "tree"}[launch["notebook_interface"]]
    hub = launch["binderhub_url"].rstrip("/")
    return f"{hub}/v2/gh/{owner_name}/{repo['branch']}?urlpath={ui}/{path}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_binder_button_opens_this_chapters_notebook(docname):
    links = {a["href"] for a in soup(docname).select("a[href*='mybinder.org']")}
    assert links == {expected_binder_url(docname)}, f"{docname}: Binder links {links}"
    url = urlparse(links.pop())
    (urlpath,) = parse_qs(url.query)["urlpath"]
    notebook = urlpath.split("/", 2)[-1] if urlpath.startswith("lab/tree/") else urlpath
    assert (REPO / CONFIG["repository"].get("path_to_book", "") / notebook).is_file()
    assert url.path.endswith("/" + CONFIG["repository"]["branch"])


@pytest.mark.parametrize("docname", CHAPTERS)
def test_download_button_gives_this_chapters_notebook(docname):
    buttons = soup(docname).select("a.btn-download-source-button")
    hrefs = [a["href"] for a in buttons]
    assert len(hrefs) == 1 and hrefs[0].endswith(".ipynb"), hrefs
    target = urlparse(urljoin(f"http://site/{docname}.html", hrefs[0])).path.lstrip("/")
    downloaded = SITE / target
    assert downloaded.is_file(), f"{docname}: the download link points at missing {target}"
    notebook = json.loads(downloaded.read_text(encoding="utf-8"))
    source = json.loads((REPO / f"{docname}.ipynb").read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    # The students' copy for Jupyter (_ext/reader_downloads.py; its prose: test_downloads.py):
    # the chapter's own code cells, in order.
    code = [c["source"] for c in source["cells"] if c["cell_type"] == "code"]
    assert [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"] == code


@pytest.mark.parametrize("docname", CHAPTERS)
def test_cite_this_chapter_line(docname):
    page = soup(docname)
    (line,) = page.select("div.cite-chapter")
    url = f"{BASEURL.rstrip('/')}/{docname}.html"
    title = page.select_one("article h1").get_text(" ", strip=True).rstrip("#").strip()
    text = " ".join(line.get_text(" ", strip=True).split())
    assert text.startswith("Cite this chapter:")
    assert f"“{title}.”" in " ".join(text.split()), f"{docname}: title {title!r} not in {text!r}"
    assert [a["href"] for a in line.select("a.reference.external")] == [url]
    assert line.select_one("a.reference.internal")["href"].endswith("cite.html")
    # It is the last thing in the article, after the exercises.
    article = page.select_one("article.bd-article")
    last = [el for el in article.find_all(recursive=False) if el.name not in ("script",)][-1]
    assert last is line
    canonical = page.select_one("link[rel=canonical]")
    assert canonical is not None and canonical["href"] == url


@pytest.mark.parametrize("docname", OTHER_PAGES)
def test_other_pages_have_no_chapter_citation(docname):
    assert not soup(docname).select("div.cite-chapter")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_exercises_have_dropdown_solutions(docname):
    page = soup(docname)
    exercises = page.select("div.exercise")
    solutions = page.select("div.solution")
    if not exercises and "(Chapter in progress.)" in page.get_text():
        pytest.skip(f"{docname} is still a stub")
    assert 2 <= len(exercises) <= 4
    assert len(solutions) == len(exercises)
    for sol in solutions:
        assert "dropdown" in sol["class"]
        (link,) = sol.select(".admonition-title a")
        assert page.select_one(f"div.exercise#{link['href'].lstrip('#')}") is not None


def test_cite_and_instructors_pages_are_in_the_navigation():
    nav = soup(CHAPTERS[0]).select_one("nav.bd-docs-nav")
    hrefs = {a["href"] for a in nav.select("a")}
    root = CHAPTERS[0].split("/")[0]
    assert {"cite.html", "instructors.html"} <= {h.removeprefix(f"../{root}/") for h in hrefs}
    assert soup("chapters/cite").select("pre")  # the BibTeX blocks
    assert soup("chapters/instructors").select("table")  # the class plan


def test_print_stylesheet_is_served():
    page = soup(CHAPTERS[0])
    css = [link["href"] for link in page.select("link[rel=stylesheet]")]
    (printcss,) = [h for h in css if "print.css" in h]
    path = SITE / urlparse(urljoin(f"http://site/{CHAPTERS[0]}.html", printcss)).path.lstrip("/")
    assert "@media print" in path.read_text(encoding="utf-8")


def live_call(docname: str) -> ast.Call | None:
    """The chapter's `widgets.live(...)` call, as written in its notebook (None: no panel)."""
    cells = json.loads((REPO / f"{docname}.ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and (node.func.value.id, node.func.attr) == ("widgets", "live")
            ):
                return node
    return None


@pytest.mark.parametrize("docname", CHAPTERS)
def test_live_panel_is_one_short_note_with_this_chapters_binder_link(docname):
    page = soup(docname)
    notes = page.select(f"article div.{CSS_CLASS}")
    call = live_call(docname)
    if call is None:
        assert not notes, f"{docname} has no live cell but shows a live-panel note"
        return
    (note,) = notes
    assert [a["href"] for a in note.select("a")] == [expected_binder_url(docname)]
    assert "admonition" in note["class"] and not note.find(["h1", "h2", "h3", "h4", "h5", "h6"])
    cell = note.find_parent("div", class_="cell")
    assert cell is not None and not cell.select(".cell_input"), "the cell's code is shown"
    if isinstance(call.args[0], ast.List):  # literal controls: the note must be the library's
        controls = [ast.literal_eval(e) for e in call.args[0].elts]
        expected = live_note(controls, expected_binder_url(docname))
        assert " ".join(note.get_text(" ", strip=True).split()) == " ".join(
            BeautifulSoup(expected._repr_html_(), "html.parser").get_text(" ", strip=True).split()
        )
    assert not page.select(".jupyter-widgets, script[type*='jupyter.widget']")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_no_run_it_live_section_in_the_page_or_its_contents(docname):
    page = soup(docname)
    headings = [h.get_text(" ", strip=True) for h in page.select("article h2, article h3")]
    assert not [h for h in headings if "Run it live" in h], f"{docname}: {headings}"
    contents = page.select_one("div.bd-toc")
    assert contents is None or "Run it live" not in contents.get_text(" ", strip=True)
    assert "launch button at the top of this page" not in page.get_text(" ", strip=True)
