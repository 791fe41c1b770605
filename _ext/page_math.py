"""Sphinx extension: MathJax only on the pages that hold mathematics themselves.

Why: Sphinx's mathjax extension loads MathJax (1.1 MB) on a page whose own text has no
equation when a page it lists in a toctree has one (``MathDomain.has_equations`` follows
the toctree), so the book's first page, whose toctree lists the whole book, loaded it for
the appendix's equations; and it counts the LaTeX form of an output (a table's
``text/latex``) that myst-nb later drops for the HTML one. Running after Sphinx's own
handler, this removes MathJax's two scripts (its configuration and ``mathjax_path``) from
every page whose doctree, as written, has no math node. Enabled in ``_config.yml`` with ``sphinx: local_extensions: {page_math: _ext}``.

Defined for: every page of the book (the website build).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def own_math(doctree: Any) -> bool:
    """Whether the page as written holds an equation (not one of a page it lists)."""
    if not isinstance(doctree, nodes.Node):
        return False  # a page Sphinx makes itself (search, index)
    return any(doctree.findall(lambda n: isinstance(n, nodes.math | nodes.math_block)))


def is_mathjax(script: Any, mathjax_path: str) -> bool:
    """Whether a page script is MathJax itself or the configuration Sphinx writes for it."""
    filename = str(getattr(script, "filename", script))
    body = getattr(script, "attributes", {}).get("body", "")
    # the builder files a relative mathjax_path under _static/
    return filename in (mathjax_path, f"_static/{mathjax_path}") or str(body).startswith(
        "window.MathJax"
    )


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if own_math(doctree) or "script_files" not in context:
        return
    path = app.config.mathjax_path
    context["script_files"] = [s for s in context["script_files"] if not is_mathjax(s, path)]


def setup(app: Sphinx) -> dict[str, Any]:
    # after sphinx.ext.mathjax's handler (priority 500), which adds the scripts
    app.connect("html-page-context", _page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
