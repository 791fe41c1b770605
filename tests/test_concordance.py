"""The page "From the paper to the model" (pathways.present.concordance, chapters/concordance).

It must cover every part of the paper, in order, list every addition of the essay with its
reason, and every chapter must link to its entry (_ext/concordance_link.py).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from pathways import concordance, default_model
from pathways.model.provenance import PARTS
from sphinx import addnodes

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "chapters" / "concordance.ipynb"
sys.path.insert(0, str(REPO / "_ext"))
import concordance_link  # noqa: E402


@pytest.mark.parametrize("part", PARTS)
def test_every_part_of_the_paper_has_an_entry(part: str) -> None:
    rows = concordance.entries(part)
    assert rows, f"nothing in the model reads {part}"
    html = concordance.part_html(part)
    assert "<table" in html and "<caption>" in html
    for _, _, prov in rows:
        if prov.kind == "paper":
            assert f"“{prov.locator}”".replace("'", "&#x27;") in html


def test_every_addition_of_the_essay_is_listed_with_its_reason() -> None:
    spec = default_model().spec
    listed = concordance.additions()
    names = {name for _, name, _ in listed}
    essay = [(k, n) for k, n, p in spec.provenances() if p.kind == "essay"]
    assert len([r for r in listed if r[0] != "scale anchors"]) == len(essay)
    assert all(why for _, _, why in listed)
    # the additions the essay must own up to, by name
    assert spec.pathway("own").label in names
    assert any("mediation scaling" in n for n in names)
    assert spec.derived["fear_symmetry"].label in names
    assert "determinant share = 0.5" in names and "minor share = 0.2" in names
    for pol in spec.policies.values():
        for t in pol.transforms:
            assert f"{pol.short}: changes {t.target}" in names
    anchors = [r for r in listed if r[0] == "scale anchors"]
    assert [n for _, n, _ in anchors] == [v.label for v in spec.variables.values()]


def test_a_gap_is_an_error(monkeypatch) -> None:
    monkeypatch.setattr(concordance, "entries", lambda part, model=None: [])
    with pytest.raises(ValueError, match="no element of the model reads §2: the concordance"):
        concordance.part_html("§2")


def test_an_unknown_part_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown part of the paper '§3'; allowed: Introduction"):
        concordance.label("§3")


def test_cells_are_escaped() -> None:
    html = concordance._table("c", ["a"], [["<script>x</script>"]])
    assert "<script>" not in html and "&lt;script&gt;" in html


def _cells() -> list[dict]:
    return json.loads(PAGE.read_text(encoding="utf-8"))["cells"]


def test_the_page_follows_the_papers_order_with_one_target_per_part() -> None:
    cells = _cells()
    targets = [
        m.group(1)
        for c in cells
        if c["cell_type"] == "markdown"
        for m in re.finditer(r"^\(([\w-]+)\)=$", "".join(c["source"]), re.M)
    ]
    assert targets == [concordance.label(p) for p in PARTS] + [concordance.label("additions")]
    calls = [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "HTML(" in "".join(c["source"])
    ]
    assert calls == [f'HTML(concordance.part_html("{p}"))' for p in PARTS] + [
        "HTML(concordance.additions_html())"
    ]


def test_the_page_is_in_the_table_of_contents() -> None:
    assert "file: chapters/concordance" in (REPO / "_toc.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", sorted(concordance.CHAPTER_PARTS))
def test_every_mapped_chapter_exists_and_links_to_its_part(chapter: str) -> None:
    assert (REPO / "chapters" / f"{chapter}.ipynb").is_file()
    container = concordance_link.line(f"chapters/{chapter}")
    xref = next(iter(container.findall(addnodes.pending_xref)))
    assert xref["reftarget"] == concordance.label(concordance.CHAPTER_PARTS[chapter])
    assert concordance.CHAPTER_PARTS[chapter] in container.astext()


def test_other_chapters_link_to_the_page() -> None:
    xref = next(iter(concordance_link.line("chapters/synthesis").findall(addnodes.pending_xref)))
    assert xref["reftype"] == "doc" and xref["reftarget"] == "/chapters/concordance"


def test_every_pathway_section_has_its_chapter() -> None:
    assert sorted(concordance.CHAPTER_PARTS.values()) == sorted(PARTS)


def test_every_structural_variant_is_listed_with_its_provenance() -> None:
    """Each option of each variant is an entry: under the part of the paper it reads
    (§2(4)'s redundancy remark), and among the essay's additions when it is the essay's."""
    spec = default_model().spec
    names = {(kind, name) for kind, name, _ in concordance.additions()}
    in_parts = {name for part in PARTS for kind, name, _ in concordance.entries(part)}
    for v in spec.variants.values():
        for o in v.options.values():
            default = " (the default)" if o.name == v.default else ""
            shown = f"{v.label}: {o.label}{default}"
            if o.provenance.kind == "essay":
                assert ("variant", shown) in names, shown
            assert shown in in_parts, shown  # every option reads a part of the paper
    html = concordance.part_html("§2(4)")
    assert "How far pathway 4 counts: only while free-riding persists" in html
    assert "“might be actually redundant”" in html
    assert "structural variant" in concordance.additions_html()
    assert "What drives pathways 4 and 5: perceived withdrawal signals" in html
    assert "“adopted by Cha&#x27;s quasi-alliance model”" in html
    assert "Perceived US withdrawal signal" in html
