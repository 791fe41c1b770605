"""No function over 60 lines in the library, the benchmarks or the scripts.

Why: a function that fits on a screen can be read and tested as one idea (the project's
style rule). Exceptions are listed here with the reason; today there are none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 60
FOLDERS = ("lib", "benchmarks", "scripts", "tools")
#: "path::function" -> why it may be longer. Keep empty unless there is a real reason.
EXCEPTIONS: dict[str, str] = {}


def long_functions(source: str, max_lines: int = MAX_LINES) -> list[tuple[str, int]]:
    """(name, lines) of every function or method in `source` longer than `max_lines`."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - start + 1
            if lines > max_lines:
                out.append((node.name, lines))
    return out


#: The benchmark's output (git-ignored) holds a copy of the working tree: not source.
IGNORED = (REPO / "benchmarks" / "results",)
FILES = sorted(
    p
    for folder in FOLDERS
    for p in (REPO / folder).rglob("*.py")
    if not any(p.is_relative_to(ignored) for ignored in IGNORED)
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_function_is_longer_than_a_screen(path: Path) -> None:
    rel = path.relative_to(REPO).as_posix()
    found = long_functions(path.read_text(encoding="utf-8"))
    bad = [f"{name} ({n} lines)" for name, n in found if f"{rel}::{name}" not in EXCEPTIONS]
    assert not bad, f"{rel}: longer than {MAX_LINES} lines: {', '.join(bad)}"


def test_the_rule_sees_a_long_function() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    assert long_functions(f"def f():\n{body}\n") == [("f", MAX_LINES + 1)]
    assert long_functions("def g():\n    return 1\n") == []


def test_exceptions_name_existing_functions() -> None:
    for key in EXCEPTIONS:
        rel, name = key.split("::")
        assert any(n == name for n, _ in long_functions((REPO / rel).read_text(), 0)), key
