"""tools/reader_notebooks.py: the chapters as a reader opens them in Jupyter (numbers written
in as the book formats them, roles rewritten as plain links, solutions left out or kept)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
import reader_notebooks as rn
from docutils.nodes import make_id

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
SITE, BIB = rn.book_settings(ROOT)
LINKS = rn.Links(ROOT, SITE, BIB)
HERE = ROOT / "chapters"


def test_glued_numbers_are_formatted_as_the_book_formats_them():
    values = {"a": "0.15875999999999996", "b": "'+0.14'", "n": "12"}
    text = "x {glue:text}`a:.2f`, y {glue:text}`b`, n {glue:text}`n:d` and {glue:text}`a:.0%`."
    assert rn.paste_glue(text, values) == "x 0.16, y +0.14, n 12 and 16%."


def test_an_unknown_glue_name_is_named_with_the_allowed_ones():
    with pytest.raises(ValueError, match=r"unknown glue name 'c'; allowed: a, b"):
        rn.paste_glue("{glue:text}`c:.2f`", {"a": "1", "b": "2"})


def test_glue_values_read_from_an_executed_notebook():
    out = nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/plain": "0.5"},
        metadata={"scrapbook": {"name": "g", "mime_prefix": "application/papermill.record/"}},
    )
    cell = nbformat.v4.new_code_cell("glue('g', 0.5)", outputs=[out])
    assert rn.glue_values(nbformat.v4.new_notebook(cells=[cell])) == {"g": "0.5"}


def test_citation_labels_are_the_books_author_year():
    assert BIB["yoon"] == "Yoon, 2015"
    assert BIB["olson1966"] == "Olson and Zeckhauser, 1966"
    assert BIB["allen2022"] == "Allen et al., 2022"
    assert BIB["cns_missiles"] == "James Martin Center for Nonproliferation Studies, n.d."


def test_roles_become_links_a_reader_can_follow():
    refs = f"{SITE}chapters/references.html"
    assert LINKS.role("cite", "yoon", HERE) == f"\\[[Yoon, 2015]({refs})\\]"
    assert LINKS.role("cite", "cha1999, yoon", HERE) == (
        f"\\[[Cha, 1999]({refs}); [Yoon, 2015]({refs})\\]"
    )
    glossary = f"{SITE}chapters/glossary.html"
    assert LINKS.role("term", "free-riding", HERE) == f"[free-riding]({glossary}#term-free-riding)"
    assert (
        LINKS.role("term", "balance <balancing>", HERE) == f"[balance]({glossary}#term-balancing)"
    )
    assert LINKS.role("doc", "pathway4", HERE).endswith("](pathway4.ipynb)")
    assert (
        LINKS.role("doc", "the synthesis <synthesis>", HERE) == "[the synthesis](synthesis.ipynb)"
    )
    assert LINKS.role("doc", "cite", HERE) == f"[How to cite]({SITE}chapters/cite.html)"
    with pytest.raises(ValueError, match="unknown citation key 'nobody'"):
        LINKS.role("cite", "nobody", HERE)


def test_every_term_the_chapters_use_is_in_the_glossary_under_its_anchor():
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    terms = set(re.findall(r"^([^\s].*)$", glossary.split("```{glossary}", 1)[1], re.M))
    for path in CHAPTERS:
        for m in re.finditer(r"\{term\}`([^`]+)`", _markdown(nbformat.read(path, 4))):
            explicit = rn.EXPLICIT.match(m[1])
            term = " ".join((explicit["target"] if explicit else m[1]).split())
            assert term in terms, f"{path.name}: {{term}} {term!r} is not in the glossary"
            assert make_id(f"term-{term}") == "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower())


SOURCE = """Before.

```{exercise}
:label: ex-1
Question?
```

```{solution} ex-1
:class: dropdown
Answer.
```

::::{solution} ex-2
:class: dropdown
Other.
::::

After.
"""


def test_solutions_are_cut_and_nothing_else():
    cut = rn.strip_solutions(SOURCE)
    assert "Answer" not in cut and "Other" not in cut and "{solution}" not in cut
    assert "Question?" in cut and cut.startswith("Before.") and cut.endswith("After.\n")


def test_gated_solutions_are_cut_with_the_cells_between():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [
        md("intro"),
        md("```{solution-start} ex-1\n```"),
        code("x"),
        md("```{solution-end}\n```"),
    ]
    assert [c.source for c in rn._drop_gated(cells + [md("end")])] == ["intro", "end"]


def test_website_only_text_is_replaced_by_its_jupyter_wording():
    text = "A<!-- site-only --> the button above<!-- /site-only --><!-- jupyter:  here --> ends."
    assert rn.site_only(text) == "A here ends."
    assert rn.site_only("A<!-- site-only --> gone<!-- /site-only -->.") == "A."


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _fake_values(path: Path) -> dict[str, str]:
    """Every glue name the chapter's prose uses, with a number (the format specs need one)."""
    text = _markdown(nbformat.read(path, 4))
    return {m.split(":")[0]: "1.0" for m in re.findall(r"\{glue:text\}`([^`]+)`", text)}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_reads_without_role_syntax(path):
    source = nbformat.read(path, as_version=4)
    values = _fake_values(path)
    student = rn.reader_notebook(source, values, LINKS, path.parent, solutions=False)
    full = rn.reader_notebook(source, values, LINKS, path.parent, solutions=True)
    for nb in (student, full):
        text = _markdown(nb)
        found = [m for m in rn.RAW_MARKUP[:-1] if m in text]
        assert not found, f"{path.name}: {found} left in the reader's copy"
        assert "site-only" not in text
    n_solutions = _markdown(source).count("{solution}")
    assert "{solution" not in _markdown(student)
    assert _markdown(student).count("{exercise}") == _markdown(source).count("{exercise}")
    assert _markdown(full).count("{solution}") == n_solutions
    code = [c for c in source.cells if c.cell_type == "code"]
    assert [c for c in student.cells if c.cell_type == "code"] == code, "code cells unchanged"


def test_write_and_zip(tmp_path):
    paths = [ROOT / "chapters" / "pathway2.ipynb", ROOT / "chapters" / "intro.ipynb"]
    written = rn.write_chapters(paths, _fake_values, LINKS, tmp_path / "out", solutions=True)
    assert [p.name for p in written] == ["pathway2.ipynb", "intro.ipynb"]
    nb = json.loads(written[0].read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    archive = rn.zip_notebooks(written, tmp_path / "c.zip", "chapters-with-solutions")
    names = zipfile.ZipFile(archive).namelist()
    assert names == [
        "chapters-with-solutions/pathway2.ipynb",
        "chapters-with-solutions/intro.ipynb",
    ]


def test_a_chapter_with_a_missing_value_fails_naming_the_chapter(tmp_path):
    path = ROOT / "chapters" / "pathway2.ipynb"
    with pytest.raises(ValueError, match=r"pathway2.ipynb: unknown glue name"):
        rn.write_chapters([path], lambda _p: {}, LINKS, tmp_path, solutions=False)
