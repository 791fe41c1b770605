"""Sphinx extension: a chapter's "numbers at the model's default assumptions" block becomes
a labelled, folded box that cannot be read as the scenario of the sliders above it.

Why: most chapters end their argument with the lead "The numbers at the model's default
assumptions:" and a printed block (``key_numbers()``, plain text that nbval checks). Right
under a chart with sliders, that block read as the chart's current state, yet it never moves.
On the website the lead and the block become one ``<details>`` box whose summary says the
numbers are fixed and do not follow the sliders; the box is folded, so the chart stays next
to the prose that explains it. The notebooks and their checked outputs stay as they are, and
in Jupyter the block is still the plain text under its lead.

A lead without a notebook cell right after it is a build warning (so a failed build, with
-W), since the website would then show a lead with nothing under it. Enabled in
``_config.yml`` with ``sphinx: local_extensions: {default_numbers: _ext}``.

Defined for: every chapter with a default-numbers block (intro, framework, pathway1-6,
synthesis, conclusion, evidence, appendix).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The chapters' lead paragraph (their markdown), which marks a default-numbers block.
LEAD = "The numbers at the model's default assumptions:"
#: The box's summary line and its note, on the website.
SUMMARY = (
    "The model\u2019s numbers at its default assumptions (fixed: they do not follow the sliders)"
)
NOTE = (
    "Every assumption at its default value, not the sliders' current setting: the "
    "contribution of each pathway, the net outcome, the US share and the verdict that the "
    "prose above quotes (a star, where there is one, marks this chapter's own pathways)."
)
#: The box's class (screen.css, print and the site tests).
CSS_CLASS = "pathways-default-numbers"


class default_numbers(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The folded box: a note paragraph and the notebook cell that prints the numbers."""


def _visit_html(self: Any, node: default_numbers) -> None:
    self.body.append(f'<details class="{CSS_CLASS}"><summary>{self.encode(SUMMARY)}</summary>')


def _depart_html(self: Any, node: default_numbers) -> None:
    self.body.append("</details>\n")


def _pass(self: Any, node: nodes.Node) -> None:
    """Other builders print the box's content as it stands."""


def _is_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "cell" in node.get("classes", [])


def _fold(app: Sphinx, doctree: nodes.document) -> None:
    """Replace every lead paragraph and the cell after it with one box."""
    for para in list(doctree.findall(nodes.paragraph)):
        # Sphinx's smart quotes have turned the lead's apostrophe into a typographic one.
        if para.astext().strip().replace("\u2019", "'") != LEAD:
            continue
        parent = para.parent
        index = parent.index(para)
        cell = parent[index + 1] if index + 1 < len(parent) else None
        if cell is None or not _is_cell(cell):
            logger.warning(
                "default_numbers: %r is not followed by a notebook cell that prints the numbers",
                LEAD,
                location=para,
            )
            continue
        box = default_numbers()
        box += nodes.paragraph(text=NOTE, classes=[f"{CSS_CLASS}-note"])
        parent.remove(cell)
        box += cell
        parent.replace(para, box)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        default_numbers,
        html=(_visit_html, _depart_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.connect("doctree-read", _fold)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
