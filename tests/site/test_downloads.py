"""The built site's notebook downloads (_ext/reader_downloads.py): each chapter page's .ipynb
download is the students' copy (numbers written in, no role syntax, no solutions) and the
For instructors page links a zip of every chapter with its solutions."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
ROLES = ("{glue", "{cite}", "{term}", "{doc}", "site-only")


def _chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [c["file"] for p in toc.get("parts", []) for c in p["chapters"]]
    return [n for n in names if (ROOT / f"{n}.ipynb").exists()]


def _markdown(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("docname", _chapters())
def test_the_pages_download_is_the_students_copy(site: Path, docname: str):
    page = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one("a.btn[href*='_sources/'][href$='.ipynb']")
    assert link is not None, f"{docname}: no .ipynb download button"
    nb = json.loads((site / f"{docname}.html").parent.joinpath(link["href"]).read_text("utf-8"))
    text = _markdown(nb)
    assert not [r for r in ROLES if r in text], f"{docname}: role syntax in the download"
    assert "{solution" not in text and "{exercise}" in text, f"{docname}: solutions left in"


def test_instructors_page_links_the_chapters_with_solutions(site: Path):
    page = BeautifulSoup((site / "chapters/instructors.html").read_text("utf-8"), "html.parser")
    link = page.select_one("a[href$='chapters-with-solutions.zip']")
    assert link is not None, "the For instructors page does not link the zip"
    archive = zipfile.ZipFile((site / "chapters").joinpath(link["href"]).resolve())
    names = {Path(n).stem for n in archive.namelist()}
    assert names == {Path(d).name for d in _chapters()}
    for name in archive.namelist():
        text = _markdown(json.loads(archive.read(name)))
        assert "{solution}" in text and not [r for r in ROLES if r in text], name
