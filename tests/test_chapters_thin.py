"""Chapters are thin: their code cells hold calls of the public API, not logic.

Why: a hidden notebook cell runs only when the book is built, and nothing tests it. Grid
searches, closed forms, re-sorted tables and checks belong in the library (tested under
tests/) or in tests/test_chapter_claims.py; a chapter imports only ``from pathways import
...`` (the names of lib/pathways/__init__.py), so the library can be reorganised without
touching the prose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pathways
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
#: Longest code cell, in lines of code (see `length`): a dozen glue calls and their setup fit.
MAX_LINES = 15
#: (chapter, the cell's first line) -> why that cell may be longer than MAX_LINES.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("conclusion", "charts.tipping_map("): "one call; the map's thirteen axes, one a line (ruff)",
}
#: What a chapter may import from the package: its public API (modules load lazily).
PUBLIC = set(dir(pathways))


def code_cells(path: Path) -> list[tuple[int, str]]:
    """(index, source) of each code cell, IPython syntax (`!cmd`, `%magic`) made Python."""
    nb = nbformat.read(path, as_version=4)
    tm = TransformerManager()
    return [
        (i, tm.transform_cell(c.source)) for i, c in enumerate(nb.cells) if c.cell_type == "code"
    ]


def private_imports(source: str) -> list[str]:
    """Imports that reach past the public API: `pathways.<sub>` or a non-public name."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.startswith("pathways.")]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("pathways."):
                bad.append(node.module)
            elif node.module == "pathways":
                bad += [f"pathways.{a.name}" for a in node.names if a.name not in PUBLIC]
    return bad


def logic(source: str) -> list[str]:
    """Statements that are checks or definitions, not calls: assert, def, class."""
    kinds = {ast.Assert: "assert", ast.FunctionDef: "def", ast.ClassDef: "class"}
    return [
        f"{kinds[type(n)]} (line {n.lineno})"
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.stmt) and type(n) in kinds
    ]


def length(source: str) -> int:
    """Lines of code: not blank, not a comment, not part of an import statement (an import
    block formatted one name a line says nothing about how much a cell computes)."""
    imports = {
        line
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Import | ast.ImportFrom)
        for line in range(n.lineno, (n.end_lineno or n.lineno) + 1)
    }
    return sum(
        1
        for i, line in enumerate(source.splitlines(), start=1)
        if line.strip() and not line.strip().startswith("#") and i not in imports
    )


def test_the_checks_catch_what_they_are_for():
    assert private_imports("from pathways.model.expr import to_numpy") == ["pathways.model.expr"]
    assert private_imports("import pathways.cli") == ["pathways.cli"]
    assert private_imports("from pathways import model, charts") == ["pathways.model"]
    assert private_imports("import pathways\nfrom pathways import evaluate, series") == []
    assert logic("def f():\n    assert True\n") == ["def (line 1)", "assert (line 2)"]
    assert logic("glue('x', f(1), display=False)") == []
    assert length("a\n\n  \nb\n") == 2
    assert (
        length("from pathways import (\n    charts,\n    evaluate,\n)\n# why\nr = evaluate()\n")
        == 1
    )
    cells = code_cells(ROOT / "chapters" / "appendix.ipynb")
    assert cells and all(isinstance(src, str) for _, src in cells)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_imports_only_the_public_api(path: Path):
    bad = {i: private_imports(src) for i, src in code_cells(path)}
    assert not {i: b for i, b in bad.items() if b}, (
        f"{path.name}: cells import past the public API (use `from pathways import ...`): {bad}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_no_checks_or_definitions(path: Path):
    found = {i: logic(src) for i, src in code_cells(path)}
    assert not {i: f for i, f in found.items() if f}, (
        f"{path.name}: move these into the library or tests/test_chapter_claims.py: {found}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_cells_are_short(path: Path):
    long = []
    for i, src in code_cells(path):
        first = src.strip().splitlines()[0] if src.strip() else ""
        if length(src) > MAX_LINES and (path.stem, first) not in EXCEPTIONS:
            long.append(f"cell {i} ({length(src)} lines, starts {first!r})")
    assert not long, f"{path.name}: cells over {MAX_LINES} lines: {long}"


def test_every_exception_is_still_needed():
    seen = set()
    for path in CHAPTERS:
        for _, src in code_cells(path):
            first = src.strip().splitlines()[0] if src.strip() else ""
            if length(src) > MAX_LINES:
                seen.add((path.stem, first))
    assert set(EXCEPTIONS) <= seen, f"exceptions no longer needed: {set(EXCEPTIONS) - seen}"


def test_there_are_chapters_to_check():
    names = {p.stem for p in CHAPTERS}
    assert {"intro", "framework", "synthesis", "conclusion", "evidence", "appendix"} <= names
    assert {f"pathway{i}" for i in range(1, 7)} <= names
