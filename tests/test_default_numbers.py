"""_ext/default_numbers.py: a chapter's lead "The numbers at the model's default
assumptions:" and the notebook cell after it become one labelled box; a lead with no cell
after it is a warning (a failed build with -W); _config.yml enables the extension."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

import default_numbers  # noqa: E402


def _doc(*children: nodes.Node) -> nodes.document:
    doc = new_document("test", get_default_settings())
    section = nodes.section()
    section += nodes.title(text="Chapter")
    for child in children:
        section += child
    doc += section
    return doc


def _cell(text: str) -> nodes.container:
    return nodes.container("", nodes.literal_block(text=text), classes=["cell", "tag_remove-input"])


def test_lead_and_cell_become_one_box() -> None:
    # As Sphinx's smart quotes leave it: a typographic apostrophe.
    lead = nodes.paragraph(text=default_numbers.LEAD.replace("'", "\u2019"))
    other = nodes.paragraph(text="Prose after the block.")
    doc = _doc(nodes.paragraph(text="Before."), lead, _cell("net outcome -0.007"), other)
    default_numbers._fold(None, doc)
    (box,) = list(doc.findall(default_numbers.default_numbers))
    assert box.astext().startswith(default_numbers.NOTE)
    assert "net outcome -0.007" in box.astext()
    section = doc[0]
    assert [type(n).__name__ for n in section] == [
        "title",
        "paragraph",
        "default_numbers",
        "paragraph",
    ]
    assert all(n is not lead for n in section)  # the box's summary replaces the lead


def test_lead_without_cell_is_left_and_warned(monkeypatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(default_numbers.logger, "warning", lambda msg, *a, **k: warned.append(msg))
    doc = _doc(nodes.paragraph(text=default_numbers.LEAD), nodes.paragraph(text="No cell."))
    default_numbers._fold(None, doc)
    assert not list(doc.findall(default_numbers.default_numbers))
    assert warned and "not followed by a notebook cell" in warned[0]


def test_other_paragraphs_are_untouched() -> None:
    doc = _doc(nodes.paragraph(text="The numbers at the defaults differ:"), _cell("x"))
    default_numbers._fold(None, doc)
    assert not list(doc.findall(default_numbers.default_numbers))


def test_config_enables_it() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]
    assert config["local_extensions"]["default_numbers"] == "_ext"
    assert "default_numbers" in config["config"]["extensions"]
