"""Sphinx extension: every chapter links to its part of "From the paper to the model".

A chapter is a page whose source is a notebook. Chapters that reproduce one part of the
paper (``pathways.concordance.CHAPTER_PARTS``) link to that part's entry; the others link
to the page. The line is added to each chapter's doctree when Sphinx reads it, so the
notebooks stay as they are and the mapping has one home, in the library.
Enabled in ``_config.yml`` with ``sphinx: local_extensions: {concordance_link: _ext}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from pathways import concordance
from sphinx import addnodes
from sphinx.application import Sphinx

#: The class of the line's container (for print CSS and the tests).
CSS_CLASS = "concordance-link"


def _xref(docname: str, part: str | None) -> addnodes.pending_xref:
    """A reference to the part's target on the page, or to the page itself."""
    if part is None:
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget="/" + concordance.PAGE,
            refexplicit=True, refwarn=True, refdoc=docname,
        )  # fmt: skip
        xref += nodes.inline(text="From the paper to the model")
        return xref
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=concordance.label(part),
        refexplicit=True, refwarn=True, refdoc=docname,
    )  # fmt: skip
    xref += nodes.inline(text=f"From the paper to the model, {part}")
    return xref


def line(docname: str) -> nodes.container:
    """The paragraph that sends a chapter's reader to its entry in the concordance."""
    part = concordance.CHAPTER_PARTS.get(Path(docname).name)
    para = nodes.paragraph()
    if part is None:
        para += nodes.Text("What the model takes from each part of the paper, and what it adds: ")
    else:
        para += nodes.Text(f"This chapter's part of the paper ({part}), and what the model ")
        para += nodes.Text("takes from it and adds to it: ")
    para += _xref(docname, part)
    para += nodes.Text(".")
    return nodes.container("", para, classes=[CSS_CLASS])


def _add_line(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if docname == concordance.PAGE or Path(app.env.doc2path(docname)).suffix != ".ipynb":
        return
    doctree += line(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    # Before cite_chapter's line, which ends the page.
    app.connect("doctree-read", _add_line, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
