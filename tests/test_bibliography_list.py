"""_ext/bibliography_list.py: citations are written as list items of a role="list" element
(no deprecated doc-biblioentry role), and _config.yml enables the extension."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent

SOURCE = """\
Page
====

See [Cha99]_, [Dow99]_ and [GS15]_.

.. [Cha99] Victor D. Cha. *Alignment Despite Antagonism*. 1999.
.. [Dow99] John W. Dower. *Embracing Defeat*. 1999.

A paragraph between two runs of citations.

.. [GS15] Brad Glosserman and Scott A. Snyder. *The Japan-South Korea Identity Clash*. 2015.
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    src = tmp_path_factory.mktemp("src")
    out = tmp_path_factory.mktemp("out")
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['bibliography_list']\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(SOURCE, encoding="utf-8")
    app = Sphinx(src, src, out, out / ".doctrees", "html", status=None, warningiserror=True)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8")


def test_each_run_of_citations_is_a_list_of_listitems(page: str) -> None:
    lists = re.findall(
        r'<div role="list" class="citation-list">\n(.*?)</div>\n</div>\n', page, re.S
    )
    assert len(lists) == 2, page
    items = [
        re.findall(r'<div class="citation" id="[^"]+" role="listitem">', body) for body in lists
    ]
    assert [len(i) for i in items] == [2, 1]
    for body in lists:
        # Every direct child of the list is an entry (the label and text stay inside it).
        assert re.fullmatch(
            r'(<div class="citation" id="[^"]+" role="listitem">\n'
            r'<span class="label">.*?</span>\n<p>.*?</p>\n</div>\n)*'
            r'<div class="citation" id="[^"]+" role="listitem">\n'
            r'<span class="label">.*?</span>\n<p>.*?</p>\n',
            body,
            re.S,
        ), body


def test_no_deprecated_biblioentry_role(page: str) -> None:
    assert "doc-biblioentry" not in page


def test_extension_is_enabled_from_the_config() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]
    assert sphinx["local_extensions"]["bibliography_list"] == "_ext"
    assert "bibliography_list" in sphinx["config"]["extensions"]
