"""Sphinx extension: the bibliography's entries are an accessible list in HTML.

Docutils 0.21's HTML writer wraps each run of citations (the References page's
``{bibliography}`` entries from sphinxcontrib-bibtex) in ``<div role="list">`` but gives every
entry ``role="doc-biblioentry"``, a role DPUB-ARIA 1.1 deprecates and that may not be a child
of a list: axe-core reports the list as a critical ``aria-required-children`` violation.

Here each entry is ``<div class="citation" role="listitem">`` instead, inside the same
``<div role="list" class="citation-list">``: a valid list whose items are the entries. Classes,
ids, labels and backlinks are unchanged, so the theme's ``div.citation`` styles still apply.

The visitors replace the HTML translator's own for ``citation`` nodes whichever translator
class the theme installs (``app.add_node`` with ``override=True``). Enabled in
``_config.yml`` with ``sphinx: local_extensions: {bibliography_list: _ext}``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

#: The class of the element around each run of entries (as docutils names it).
LIST_CLASS = "citation-list"


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append(f'<div role="list" class="{LIST_CLASS}">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    # "html" covers every builder of that format (html, dirhtml, singlehtml).
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
