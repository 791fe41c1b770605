"""Citing: CITATION.cff is valid CFF 1.2.0, and the site address, the How to cite page and the
"Cite this chapter" extension agree with it and with _config.yml."""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from pybtex.database import parse_file, parse_string

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json"
SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"
CITE_PAGE = ROOT / "chapters" / "cite.md"

sys.path.insert(0, str(ROOT / "_ext"))
import cite_chapter  # noqa: E402


def _strings(value):
    """YAML dates as strings, as the CFF schema expects (see its note on 'date')."""
    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def cff() -> dict:
    return _strings(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    raw = SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "tests/schemas: schema changed"
    schema = json.loads(raw)
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def baseurl(config) -> str:
    return config["html"]["baseurl"]


def test_citation_cff_is_valid_cff_1_2_0(cff, validator):
    errors = sorted(validator.iter_errors(cff), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert cff["cff-version"] == "1.2.0"


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.pop("authors"),
        lambda c: c.update({"licence": "MIT"}),
        lambda c: c.update({"url": "not a url"}),
        lambda c: c["references"][0].update({"type": "paper"}),
    ],
    ids=["no authors", "misspelt key", "bad url", "unknown reference type"],
)
def test_the_schema_rejects_broken_files(cff, validator, change):
    broken = copy.deepcopy(cff)
    change(broken)
    assert list(validator.iter_errors(broken))


def test_site_address_is_github_pages_of_the_repository(config, baseurl, cff):
    repo = urlparse(config["repository"]["url"])
    assert repo.netloc == "github.com"
    owner, name = repo.path.strip("/").split("/")
    assert baseurl == f"https://{owner.lower()}.github.io/{name}/"
    assert cff["url"] == baseurl
    assert cff["repository-code"] == config["repository"]["url"]


def test_extension_is_enabled_from_the_config(config):
    sphinx = config["sphinx"]
    assert sphinx["local_extensions"]["cite_chapter"] == "_ext"
    assert (ROOT / "_ext" / "cite_chapter.py").is_file()


def test_extension_builds_the_line_from_citation_cff(cff, baseurl):
    fields = cite_chapter.citation_fields(cff, "2026")
    assert fields == {
        "authors": "The Ambivalent US Roles essay authors",
        "year": "2026",
        "book": cff["title"],
        "version": cff["version"],
    }
    url = cite_chapter.chapter_url(baseurl, "chapters/pathway3")
    assert url == "https://pathways-essay.github.io/ambivalent-us-roles/chapters/pathway3.html"
    people = {"authors": [{"given-names": "Ada", "family-names": "Lovelace"}, {"name": "Team"}]}
    assert cite_chapter.citation_fields({**people, "title": "T"}, "2026")["authors"] == (
        "Ada Lovelace and Team"
    )


def _code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def _quotes(text: str) -> list[str]:
    """The text of each block quote (the APA references), on one line."""
    blocks = re.findall(r"((?:^> .*\n)+)", text, re.M)
    return [" ".join(line[2:].strip() for line in b.splitlines()) for b in blocks]


@pytest.fixture(scope="module")
def cite_page() -> str:
    return CITE_PAGE.read_text(encoding="utf-8")


def test_cite_page_gives_bibtex_and_apa_for_essay_chapter_and_paper(cite_page):
    assert len(_code_blocks(cite_page, "bibtex")) == 3
    assert len(_quotes(cite_page)) == 3
    for heading in ("## The essay", "## One chapter", "## The original paper"):
        assert heading in cite_page


def test_essay_bibtex_and_apa_agree_with_citation_cff(cite_page, cff, baseurl):
    essay, chapter, _paper = (parse_string(b, "bibtex") for b in _code_blocks(cite_page, "bibtex"))
    (entry,) = essay.entries.values()
    title = entry.fields["title"].replace("{", "").replace("}", "")
    assert title == cff["title"]
    assert entry.fields["version"] == cff["version"]
    assert entry.fields["url"] == baseurl
    (author,) = entry.persons["author"]
    assert str(author) == "{" + cff["authors"][0]["name"] + "}"
    assert cff["repository-code"] in entry.fields["note"]

    apa_essay, apa_chapter, _ = _quotes(cite_page)
    assert apa_essay.startswith(cff["authors"][0]["name"] + ". (2026). *")
    assert f"(Version {cff['version']})" in apa_essay
    assert apa_essay.endswith(baseurl)

    (chap,) = chapter.entries.values()
    url = cite_chapter.chapter_url(baseurl, "chapters/pathway2")
    assert chap.fields["url"] == url
    assert apa_chapter.endswith(url)


def test_chapter_example_uses_the_chapter_title(cite_page):
    nb = json.loads((ROOT / "chapters" / "pathway2.ipynb").read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"]).splitlines()[0]
    title = first.removeprefix("# ").strip()
    _, apa_chapter, _ = _quotes(cite_page)
    assert f"(2026). {title}. In" in apa_chapter, (
        f"chapters/cite.md: the chapter example should carry the chapter's title {title!r}"
    )


def test_paper_bibtex_is_the_references_bib_entry(cite_page):
    *_, paper = (parse_string(b, "bibtex") for b in _code_blocks(cite_page, "bibtex"))
    bib = parse_file(str(ROOT / "references.bib"))
    assert dict(paper.entries["yoon"].fields) == dict(bib.entries["yoon"].fields)
    assert paper.entries["yoon"].persons == bib.entries["yoon"].persons
    _, _, apa_paper = _quotes(cite_page)
    assert apa_paper.startswith(
        "Yoon, T.-R. (2015, June 11). *Ambivalent US roles in Korea-Japan relations*"
    )
    assert "Peace Studies Association of Japan" in apa_paper
    assert apa_paper.endswith(bib.entries["yoon"].fields["url"])


def test_citation_cff_gives_the_paper_as_the_2015_conference_abstract(cff):
    (paper,) = [r for r in cff["references"] if r["authors"][0].get("family-names") == "Yoon"]
    bib = parse_file(str(ROOT / "references.bib")).entries["yoon"]
    assert paper["type"] == "conference-paper"
    assert paper["year"] == 2015 and paper["date-published"] == "2015-06-11"
    assert paper["url"] == bib.fields["url"]
    assert "Peace Studies Association of Japan" in paper["conference"]["name"]


def test_cite_page_and_instructors_page_are_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "file: chapters/cite\n" in toc
    assert "file: chapters/instructors\n" in toc
