"""Sphinx extension: the chapters' notebook downloads, written for Jupyter, after each build.

A chapter page's download button (the theme's ``.ipynb``) links to
``_sources/chapters/NAME.ipynb``. Sphinx copies the book's source there, whose prose pastes
numbers with ``{glue:text}`` and links with ``{cite}``, ``{term}`` and ``{doc}``: roles that
JupyterLab cannot show. When the HTML build has finished, this extension writes over each
chapter's copy the reader notebook of ``tools/reader_notebooks.py`` without solutions (the
students' download), and the copies with solutions (folded) into ``notebooks/with-solutions/``
and one zip, ``notebooks/chapters-with-solutions.zip``, which the For instructors page links.
The numbers are the ones this build computed (myst-nb's ``jupyter_execute/*.glue.json``).

Enabled in ``_config.yml`` with ``sphinx: local_extensions: {reader_downloads: _ext}``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import reader_notebooks as rn  # noqa: E402  (tools/ is not a package)

logger = logging.getLogger(__name__)

#: Where the instructors' copies go in the built site (chapters/instructors.md links the zip).
WITH_SOLUTIONS = "notebooks/with-solutions"
ZIP = "notebooks/chapters-with-solutions.zip"


def _chapters(app: Sphinx) -> list[Path]:
    """The book's notebook pages, in the order Sphinx knows them."""
    paths = (Path(app.env.doc2path(d)) for d in sorted(app.env.found_docs))
    return [p for p in paths if p.suffix == ".ipynb"]


def _write(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    src, out = Path(app.srcdir), Path(app.outdir)
    executed = out.parent / "jupyter_execute"
    site, bib = rn.book_settings(src)
    links = rn.Links(src, site, bib)
    chapters = _chapters(app)

    def values_of(path: Path) -> dict[str, str]:
        rel = path.relative_to(src).with_suffix(".glue.json")
        return rn.glue_file_values(executed / rel)

    by_folder: dict[Path, list[Path]] = {}
    for path in chapters:
        by_folder.setdefault(path.parent.relative_to(src), []).append(path)
    for folder, paths in by_folder.items():
        rn.write_chapters(paths, values_of, links, out / "_sources" / folder, solutions=False)
    full = rn.write_chapters(chapters, values_of, links, out / WITH_SOLUTIONS, solutions=True)
    rn.zip_notebooks(full, out / ZIP, "chapters-with-solutions")
    logger.info("reader_downloads: %d chapter notebooks, with and without solutions", len(full))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _write)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
