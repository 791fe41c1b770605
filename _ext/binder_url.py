"""Sphinx extension: tells a chapter's kernel that it runs for the website, and where the
chapter launches in Binder.

A chapter's last cell, ``widgets.live([...])``, shows the ipywidgets panel in Jupyter and
Binder but, on the static website, a short note with a link that opens the chapter in
Binder (``lib/pathways/present/live_note.py``). The kernel learns which from one
environment variable, ``PATHWAYS_SITE_BINDER_URL``: just before Sphinx reads a page (and
myst-nb starts the page's kernel, which inherits this process's environment), this
extension sets it to the page's Binder launch URL. So every build of the book, by
``scripts/build.sh``, the benchmarks or a plain ``jupyter-book build``, shows the note, and
no other run does.

The URL is the one the theme's launch button links to: the ``repository:`` and
``launch_buttons:`` sections of ``_config.yml`` (which Jupyter Book passes on as
``html_theme_options``), then ``?urlpath=lab/tree/`` and the notebook's path in the
repository. Enabled in ``_config.yml`` with ``sphinx: local_extensions: {binder_url: _ext}``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pathways.present.live_note import BINDER_URL_ENV
from sphinx.application import Sphinx

#: How the theme's launch buttons open a notebook, by `notebook_interface`.
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def binder_url(theme_options: Mapping[str, Any], notebook: str) -> str:
    """The Binder launch URL of `notebook` (its path in the book, e.g. chapters/intro.ipynb).

    Raises ValueError, naming what is wrong, when the options cannot give one: no BinderHub,
    a repository that is not on GitHub, an unknown notebook interface.
    """
    launch = theme_options.get("launch_buttons") or {}
    hub = str(launch.get("binderhub_url") or "").rstrip("/")
    if not hub:
        raise ValueError("launch_buttons: binderhub_url is not set in _config.yml")
    repo = urlparse(str(theme_options.get("repository_url") or ""))
    owner_name = repo.path.strip("/")
    if repo.netloc != "github.com" or owner_name.count("/") != 1:
        raise ValueError(
            f"repository: url {theme_options.get('repository_url')!r} is not "
            "https://github.com/OWNER/REPO, the only form this extension links to"
        )
    interface = launch.get("notebook_interface", "classic")
    if interface not in INTERFACES:
        raise ValueError(
            f"unknown notebook_interface {interface!r}; allowed: {', '.join(INTERFACES)}"
        )
    branch = theme_options.get("repository_branch") or "master"  # the theme's default
    book = str(theme_options.get("path_to_docs") or "").strip("/")
    path = f"{book}/{notebook}" if book else notebook
    return f"{hub}/v2/gh/{owner_name}/{branch}?urlpath={INTERFACES[interface]}/{path}"


def _set_url(app: Sphinx, docname: str, _source: list[str]) -> None:
    """Before a page is parsed (and its notebook run): its launch URL in the environment.

    As the theme does, a page with a notebook of the same name launches that notebook.
    """
    path = Path(app.env.doc2path(docname))
    if path.with_suffix(".ipynb").exists():
        path = path.with_suffix(".ipynb")
    notebook = path.relative_to(Path(app.srcdir)).as_posix()
    os.environ[BINDER_URL_ENV] = binder_url(app.config.html_theme_options, notebook)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _set_url)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
