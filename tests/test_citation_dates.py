"""The paper is dated: a conference abstract posted on 11 June 2015. No page may still cite it
as undated ("n.d."), and references.bib and CITATION.cff must give it the year 2015."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [
        *ROOT.glob("chapters/*.ipynb"),
        *ROOT.glob("chapters/*.md"),
        ROOT / "README.md",
        ROOT / "CITATION.cff",
    ]
)

# Ways a page can cite the paper as undated: an author-date citation of Yoon with "n.d.", a
# BibTeX entry `yoon` whose year is "n.d.", or prose saying the paper has no date.
UNDATED = [
    re.compile(r"\byoon\b[^\n]{0,80}?\bn\.\s?d\.", re.I),
    re.compile(r"@\w+\{\s*yoon\s*,[^@]*?\byear\s*=\s*[{\"]?\s*n\.\s?d\.", re.I),
    re.compile(r"\bundated\b|\bno year or venue\b|\bgives no year\b", re.I),
]


def _text(page: Path) -> str:
    """A notebook's cell sources (not its outputs); any other page as it stands."""
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(cell["source"]) for cell in cells)
    return page.read_text(encoding="utf-8")


def _undated(text: str) -> list[str]:
    return [m.group(0) for pattern in UNDATED for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "old",
    [
        "> Yoon, T.-R. (n.d.). *Ambivalent US roles in Korea-Japan relations* [Unpublished",
        "@misc{yoon,\n  author = {Yoon, Tae-Ryong},\n  year         = {n.d.},\n}",
        'notes: "Undated paper; the text gives no year or venue."',
        "The paper gives no year or venue, so APA writes",
        "({cite}`yoon`, n.d.)",
    ],
)
def test_the_check_catches_an_undated_citation_of_the_paper(old: str) -> None:
    assert _undated(old)


def test_the_check_passes_the_dated_forms_and_other_works() -> None:
    assert not _undated("> Yoon, T.-R. (2015, June 11). *Ambivalent US roles in Korea-Japan")
    assert not _undated("@misc{yoon,\n  year = {2015},\n}\n@misc{parlgov,\n  year = {n.d.},\n}")


def test_pages_are_found() -> None:
    names = {p.name for p in PAGES}
    assert {"intro.ipynb", "cite.md", "README.md", "CITATION.cff"} <= names
    assert all(p.is_file() for p in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_cites_the_paper_as_undated(page: Path) -> None:
    assert _undated(_text(page)) == [], f"{page.relative_to(ROOT)} cites the paper as undated"


def test_references_bib_dates_the_paper_2015() -> None:
    entry = parse_file(str(ROOT / "references.bib")).entries["yoon"]
    assert entry.fields["year"] == "2015"
    assert entry.fields["url"].startswith("https://heiwagakkai.jimdoweb.com/2015/06/11/")


def test_citation_cff_dates_the_paper_2015() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    (paper,) = [r for r in cff["references"] if r["authors"][0].get("family-names") == "Yoon"]
    assert paper["year"] == 2015
    assert str(paper["date-published"]) == "2015-06-11"
