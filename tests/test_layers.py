"""The library's layers: model < present < record < cli; nothing lower imports anything higher.

Why: a newcomer should be able to trust the folder names. The model must run with numpy
alone (no chart, widget, download or command line), so the kernel, the CLI and the tests
can use it without Altair or the network; the record may draw with the presentation's
parts; only ``python -m pathways`` reaches the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[1] / "lib" / "pathways"

#: Which of the package's own layers each layer may import (itself always).
ALLOWED = {
    "model": {"model"},
    "present": {"model", "present"},
    "record": {"model", "present", "record"},
    "cli": {"model", "present", "record", "cli"},
}
#: Third-party packages a layer must not import (the model knows no chart, widget or download).
FORBIDDEN_THIRD_PARTY = {
    "model": {"altair", "ipywidgets", "IPython", "pooch", "pyreadr", "argparse", "requests"},
    "present": {"pooch", "pyreadr", "argparse"},
    "record": {"ipywidgets", "argparse"},
}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "pathways" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in ALLOWED else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(LIB.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """Absolute names imported by `source`, a module of `package`."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            out.add(prefix)
            out.update(f"{prefix}.{alias.name}" for alias in node.names)
    return out


MODULES = sorted(p for p in LIB.rglob("*.py") if _layer(_module_name(p)))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LIB)))
def test_no_layer_imports_a_higher_one(path: Path) -> None:
    layer = _layer(_module_name(path))
    assert layer is not None
    bad = sorted(
        name for name in imports_of(path) if _layer(name) and _layer(name) not in ALLOWED[layer]
    )
    assert not bad, f"{path.relative_to(LIB)} (layer {layer}) imports {bad}"
    third = {name.split(".")[0] for name in imports_of(path)}
    banned = sorted(third & FORBIDDEN_THIRD_PARTY.get(layer, set()))
    assert not banned, f"{path.relative_to(LIB)} (layer {layer}) imports {banned}"


def test_nothing_imports_the_cli_but_main() -> None:
    users = sorted(
        str(p.relative_to(LIB))
        for p in LIB.rglob("*.py")
        if p.name != "__main__.py" and p.relative_to(LIB).parts[0] != "cli"
        for name in imports_of(p)
        if name == "pathways.cli" or name.startswith("pathways.cli.")
    )
    assert not users, f"only __main__ may import pathways.cli; imported by {users}"


def test_the_layer_test_sees_a_violation() -> None:
    """The import reader resolves relative imports, so an upward import cannot hide."""
    src = "from ..present import charts\nfrom .expr import parse\nimport altair\n"
    names = imports_in(src, "pathways.model")
    assert "pathways.present.charts" in names
    assert "pathways.model.expr.parse" in names
    assert _layer("pathways.present.charts") not in ALLOWED["model"]
    assert "altair" in FORBIDDEN_THIRD_PARTY["model"] & {n.split(".")[0] for n in names}


def test_every_layer_has_modules() -> None:
    layers = {_layer(_module_name(p)) for p in MODULES}
    assert layers == set(ALLOWED)
