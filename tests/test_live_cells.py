"""Each chapter's live panel is one code cell, `widgets.live([...])`, whose output the website
shows (the note of lib/pathways/present/live_note.py) and Jupyter shows as the panel; no chapter
keeps a "Run it live" section or its own paragraph about the panel (issue 11 point 8).

Why: the same paragraph on eleven pages, a "Run it live" entry in every page's contents with
nothing live under it, and a note about a launch button JupyterLab does not have.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from pathways.present.live_note import live_note

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
#: Chapters without a live panel, and why.
WITHOUT_PANEL = {
    "evidence": "its live figure is the record check; its year-by-year table is a Jupyter cell",
    "concordance": "a reference page generated from the spec: it has no assumptions to move",
}
#: The old repeated note's phrases, and the heading.
OLD = (
    re.compile(r"^#+\s*Run it live", re.M | re.I),
    re.compile(r"launch button at the top of this page", re.I),
    re.compile(r"left out of the website,? where it could not run", re.I),
)


def live_calls(source: str) -> list[ast.Call]:
    """Calls `widgets.<name>(...)` of a code cell, for name live or panel."""
    return [
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "widgets"
        and n.func.attr in ("live", "panel")
    ]


def test_the_checks_catch_what_they_are_for():
    assert OLD[0].search("Text.\n\n## Run it live\n\n:::{note}")
    assert OLD[1].search("In Binder (launch button at the top of this page), the next cell")
    assert OLD[2].search("It is left out of the website, where it could not run.")
    assert not any(p.search("## Running the model\n\nA live panel.") for p in OLD)
    calls = live_calls("widgets.live(['threat'], group=1)\nwidgets.panel(X)\ncharts.live(1)")
    assert [c.func.attr for c in calls] == ["live", "panel"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_run_it_live_section_or_old_note(path: Path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = [p.pattern for p in OLD if p.search(cell.source)]
            assert not found, f"{path.name} cell {i} keeps the old live section: {found}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_one_live_cell_shown_on_the_website(path: Path):
    nb = nbformat.read(path, as_version=4)
    cells = [(c, live_calls(c.source)) for c in nb.cells if c.cell_type == "code"]
    found = [(c, call) for c, calls in cells for call in calls]
    if path.stem in WITHOUT_PANEL:
        assert not found, f"{path.name}: a live panel; drop it from WITHOUT_PANEL"
        return
    assert len(found) == 1, f"{path.name}: {len(found)} live cells"
    ((cell, call),) = found
    assert call.func.attr == "live", f"{path.name}: widgets.panel; the chapter cell is live()"
    tags = cell.metadata.get("tags", [])
    assert "remove-input" in tags and "remove-cell" not in tags, f"{path.name}: tags {tags}"
    assert not cell.outputs, f"{path.name}: the live cell is saved with outputs"
    controls = call.args[0]
    if isinstance(controls, ast.List):  # literal controls: the note can be built from them
        names = [ast.literal_eval(e) for e in controls.elts]
        assert live_note(names, "https://mybinder.org/x").labels
