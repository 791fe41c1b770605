"""Sphinx extension: a "Cite this chapter" line at the end of every chapter.

A chapter is a page whose source is a notebook (``cite_chapter_suffixes``, default
``.ipynb``). The line names the essay's authors, year, the chapter's own title and the book's
title and version as ``CITATION.cff`` gives them, and the chapter's address: ``html_baseurl``
(set once, as ``html: baseurl:`` in ``_config.yml``) followed by the page's name and
``.html``. It links to the "How to cite" page (``cite_chapter_page``) for other formats.

The container also holds the same fields as JSON (``<script type="application/json"
id="pathways-cite">``, with the chapter's ``title``, ``url`` and ``docname``), which the
charts' "Cite and reproduce this scenario" (``lib/pathways/present/js/scenario.js``) reads.

The chapter notebooks stay untouched: the line is added to each chapter's doctree when Sphinx
reads it. Enabled in ``_config.yml`` with ``sphinx: local_extensions: {cite_chapter: _ext}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The class of the line's container (for print CSS and the site tests).
CSS_CLASS = "cite-chapter"
#: The class of the citation's text inside the line (what its copy button copies).
TEXT_CLASS = "cite-chapter-text"


def chapter_url(baseurl: str, docname: str) -> str:
    """The address of page ``docname`` on the published site."""
    return f"{baseurl.rstrip('/')}/{docname}.html"


def _authors(cff: dict[str, Any]) -> str:
    names = []
    for author in cff.get("authors", []):
        if "name" in author:
            names.append(author["name"])
        else:
            names.append(
                " ".join(p for p in (author.get("given-names"), author.get("family-names")) if p)
            )
    if len(names) > 2:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return " and ".join(names)


def citation_fields(cff: dict[str, Any], year: str) -> dict[str, str]:
    """Authors, year, book title and version for the line, from CITATION.cff."""
    return {
        "authors": _authors(cff),
        "year": year,
        "book": cff["title"],
        "version": str(cff.get("version", "")),
    }


def _read_cff(app: Sphinx, _config: Any) -> None:
    path = Path(app.srcdir) / app.config.cite_chapter_cff
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        logger.warning("cite_chapter: cannot read %s: %s", path, err)
        cff = {"title": app.config.project, "authors": []}
    year = str(cff.get("date-released", "") or app.config.copyright)[:4]
    app._cite_chapter_fields = citation_fields(cff, year)  # type: ignore[attr-defined]
    if not app.config.html_baseurl:
        logger.warning("cite_chapter: html_baseurl is not set; chapters cannot give their address")


def _title(doctree: nodes.document) -> str:
    section = doctree.next_node(nodes.section)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        return section[0].astext()
    return ""


def _line(app: Sphinx, docname: str, title: str) -> nodes.container:
    fields = app._cite_chapter_fields  # type: ignore[attr-defined]
    url = chapter_url(app.config.html_baseurl, docname)
    # The citation itself is one span, which the page's copy button copies (screen.css,
    # copybutton_selector in _config.yml), without the label and the link to "How to cite".
    text = nodes.inline(classes=[TEXT_CLASS])
    text += nodes.Text(f"{fields['authors']} ({fields['year']}). “{title}.” In ")
    text += nodes.emphasis(text=fields["book"])
    if fields["version"]:
        text += nodes.Text(f" (version {fields['version']})")
    text += nodes.Text(". ")
    text += nodes.reference(url, url, refuri=url)
    text += nodes.Text(".")
    para = nodes.paragraph()
    para += nodes.strong(text="Cite this chapter: ")
    para += text
    para += nodes.Text(" BibTeX, APA and the original paper: ")
    xref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget="/" + app.config.cite_chapter_page,
        refexplicit=True,
        refwarn=True,
        refdoc=docname,
    )
    xref += nodes.inline(text="How to cite")
    para += xref
    para += nodes.Text(".")
    data = json.dumps({**fields, "title": title, "url": url, "docname": docname})
    data = data.replace("<", "\\u003c")  # safe inside <script>
    script = f'<script type="application/json" id="pathways-cite">{data}</script>'
    return nodes.container("", para, nodes.raw("", script, format="html"), classes=[CSS_CLASS])


def _add_line(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    suffix = Path(app.env.doc2path(docname)).suffix
    if suffix not in app.config.cite_chapter_suffixes:
        return
    doctree += _line(app, docname, _title(doctree))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("cite_chapter_suffixes", [".ipynb"], "env")
    app.add_config_value("cite_chapter_page", "chapters/cite", "env")
    app.add_config_value("cite_chapter_cff", "CITATION.cff", "env")
    app.connect("config-inited", _read_cff)
    app.connect("doctree-read", _add_line)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
