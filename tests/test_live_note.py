"""The website's note in place of a chapter's live panel (lib/pathways/present/live_note.py) and
the Sphinx extension that gives each chapter's kernel its Binder URL (_ext/binder_url.py): the
note lists the panel's assumptions by their spec labels and links to the chapter's launch URL
(the theme's, from _config.yml); a website build shows the note, any other run the panel."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
import yaml
from jupyter_book.config import get_final_config
from pathways.model import default_model
from pathways.present.live_note import (
    BINDER_URL_ENV,
    CSS_CLASS,
    LiveNote,
    live_note,
    site_binder_url,
)
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
import binder_url  # noqa: E402

ASSUMPTIONS = default_model().spec.assumptions
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
#: The theme options Jupyter Book gives Sphinx for this book (what the launch button uses).
THEME = get_final_config(
    user_yaml=ROOT / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=ROOT
)[0]["html_theme_options"]
URL = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/chapters/pathway4.ipynb"


def chapter_notebooks() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [c["file"] for p in toc["parts"] for c in p["chapters"]]
    return [n for n in names if (ROOT / f"{n}.ipynb").exists()]


class _Links(HTMLParser):
    """The note's parts: its classes, its links (href, text) and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.classes: list[str] = []
        self.links: list[list[str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.classes += (a.get("class") or "").split()
        if tag == "a":
            self.links.append([a.get("href") or "", ""])

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.links and not self.links[-1][1]:
            self.links[-1][1] = data


def parse(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def test_note_lists_the_panels_assumptions_by_their_spec_labels():
    controls = ["engagement", "fear_japan", "fears_cooperation", "free_riding"]
    note = live_note(controls, URL)
    assert note.labels == tuple(ASSUMPTIONS[c].label for c in controls)
    assert note.labels[0] == "US engagement"
    assert note.url == URL
    text = note.text()
    assert "; ".join(note.labels) in text
    assert "Jupyter or Binder" in text


def test_note_as_html_is_one_admonition_with_the_chapters_link():
    note = live_note(["threat", "seikei_bunri"], URL)
    html = note._repr_html_()
    parts = parse(html)
    assert {"admonition", "note", CSS_CLASS} <= set(parts.classes)
    assert parts.links == [[URL, "Open this chapter in Binder"]]
    text = " ".join("".join(parts.text).split())
    assert text.startswith("Live panel")
    assert "Threat × strategy gap → friction (seikei bunri)" in text
    assert "<h" not in html, "a heading would put the note in the page's contents"
    assert "launch button" not in text and "top of this page" not in text
    assert note._repr_markdown_().endswith(f"[Open this chapter in Binder]({URL}).")
    assert URL in repr(note)


def test_note_escapes_what_it_prints():
    note = LiveNote(("a < b & c",), 'https://x.org/?a=1&b="2"')
    html = note._repr_html_()
    assert "a &lt; b &amp; c" in html
    assert 'href="https://x.org/?a=1&amp;b=&quot;2&quot;"' in html


def test_note_refuses_bad_controls():
    with pytest.raises(ValueError, match=r"unknown control 'hostility'; allowed: threat, "):
        live_note(["hostility"], URL)


def test_site_binder_url_reads_the_one_variable(monkeypatch):
    monkeypatch.delenv(BINDER_URL_ENV, raising=False)
    assert site_binder_url() is None
    monkeypatch.setenv(BINDER_URL_ENV, "")
    assert site_binder_url() is None
    monkeypatch.setenv(BINDER_URL_ENV, URL)
    assert site_binder_url() == URL
    for bad in ("1", "yes", "http://mybinder.org/v2/gh/o/r/main", "https://"):
        monkeypatch.setenv(BINDER_URL_ENV, bad)
        with pytest.raises(ValueError, match=rf"{BINDER_URL_ENV}='{bad}' is not a launch URL"):
            site_binder_url()


@pytest.mark.parametrize("docname", chapter_notebooks())
def test_each_chapters_url_is_its_launch_url_from_the_config(docname):
    repo = CONFIG["repository"]
    owner_name = urlparse(repo["url"]).path.strip("/")
    expected = (
        f"https://mybinder.org/v2/gh/{owner_name}/{repo['branch']}?urlpath=lab/tree/{docname}.ipynb"
    )
    assert binder_url.binder_url(THEME, f"{docname}.ipynb") == expected


def test_the_url_honours_path_to_book_and_the_interface():
    theme = {**THEME, "path_to_docs": "book/", "launch_buttons": {
        "binderhub_url": "https://hub.example/", "notebook_interface": "classic"}}  # fmt: skip
    url = binder_url.binder_url(theme, "chapters/a.ipynb")
    owner_name = urlparse(THEME["repository_url"]).path.strip("/")
    branch = THEME["repository_branch"]
    assert (
        url == f"https://hub.example/v2/gh/{owner_name}/{branch}?urlpath=tree/book/chapters/a.ipynb"
    )


def test_the_url_refuses_what_it_cannot_link_to():
    with pytest.raises(ValueError, match="binderhub_url is not set"):
        binder_url.binder_url({**THEME, "launch_buttons": {}}, "a.ipynb")
    with pytest.raises(ValueError, match="is not https://github.com/OWNER/REPO"):
        binder_url.binder_url({**THEME, "repository_url": "https://gitlab.com/o/r"}, "a.ipynb")
    lab = {**THEME["launch_buttons"], "notebook_interface": "voila"}
    with pytest.raises(ValueError, match="unknown notebook_interface 'voila'; allowed: classic"):
        binder_url.binder_url({**THEME, "launch_buttons": lab}, "a.ipynb")


def test_extension_is_enabled_from_the_config():
    sphinx = CONFIG["sphinx"]
    assert sphinx["local_extensions"]["binder_url"] == "_ext"
    assert "binder_url" in sphinx["config"]["extensions"]


def _project(src: Path) -> None:
    """A book of two notebooks with a live cell each, built with myst-nb and the extension."""
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_nb', 'binder_url']\n"
        "nb_execution_mode = 'force'\n"
        f"html_theme_options = {THEME!r}\n"
        "suppress_warnings = ['config.theme_option']\n",
        encoding="utf-8",
    )
    (src / "chapters").mkdir()
    toc = ["# Book", "", "```{toctree}", "chapters/one", "chapters/two", "```"]
    (src / "index.md").write_text("\n".join(toc) + "\n", encoding="utf-8")
    for name, controls in (("one", ["threat"]), ("two", ["engagement", "mediation"])):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# {name}"),
            nbformat.v4.new_code_cell(
                f"from pathways import widgets\nwidgets.live({json.dumps(controls)})",
                metadata={"tags": ["remove-input"]},
            ),
        ]
        nbformat.write(nb, src / "chapters" / f"{name}.ipynb")


def test_a_build_shows_each_chapter_the_note_with_its_own_link(tmp_path, monkeypatch):
    monkeypatch.delenv(BINDER_URL_ENV, raising=False)
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    _project(src)
    with docutils_namespace():  # leaves docutils' registries as they were for other tests
        app = Sphinx(src, src, out, out / ".doctrees", "html", status=None, warningiserror=False)
        app.build()
    for name, controls in (("one", ["threat"]), ("two", ["engagement", "mediation"])):
        page = (out / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        expected = live_note(controls, binder_url.binder_url(THEME, f"chapters/{name}.ipynb"))
        assert expected._repr_html_() in page, f"chapters/{name}: no note with its own link"
        assert "widget-view" not in page
