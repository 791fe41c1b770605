"""`pip install .` gives a working library without the checkout.

Why: the chapters, the CLI and Binder import `pathways` as an installed package; the spec,
the pinned chart-library versions and the record's tables are package data read with
importlib.resources, so a wheel that forgot one of them (or a module) would work from the
checkout and fail everywhere else. And every third-party package the library imports must
be declared in pyproject.toml, or a fresh install fails at the first import.

The wheel is built offline with the venv's own setuptools (no build isolation), installed
into a new venv that sees the main venv's dependencies through a .pth file, and run from a
directory outside the checkout with no PYTHONPATH.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LIB = REPO / "lib"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: Package data the library reads at run time (importlib.resources), and the typing marker.
DATA_FILES = (
    "pathways/model/model.yaml",
    "pathways/present/versions.json",
    "pathways/present/js/runtime.js",
    "pathways/present/js/scenario.js",
    "pathways/record/registry.csv",
    "pathways/record/timeline.csv",
    "pathways/py.typed",
)
#: What the build needs from the checkout (pyproject.toml names README.md as the readme).
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _clean_env() -> dict[str, str]:
    """The environment without anything that would point Python at the checkout."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _check_setuptools() -> None:
    """Fail with the fix, not with a build log, when the venv's setuptools is too old."""
    requires = " ".join(PYPROJECT["build-system"]["requires"])
    minimum = int(_first(r"setuptools>=(\d+)", requires))
    have = metadata.version("setuptools")
    if int(have.split(".")[0]) < minimum:
        pytest.fail(
            f"setuptools {have} cannot build pyproject.toml (needs >= {minimum}, pinned in "
            "requirements.txt): run bash scripts/setup.sh"
        )


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not found in {text!r}"
    return found.group(1)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build writes build/ and egg-info)."""
    _check_setuptools()
    src = tmp_path_factory.mktemp("src")
    for name in BUILD_INPUTS:
        shutil.copy2(REPO / name, src / name)
    shutil.copytree(LIB, src / "lib", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), "."], src
    )
    (found,) = out.glob("pathways-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv with the wheel installed; dependencies come from this venv's site-packages."""
    root = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)], root)
    python = root / "bin" / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], root
    )
    # Only the directories: .pth files there (the checkout's editable install) are not run.
    here = "\n".join(site.getsitepackages())
    (Path(purelib.strip()) / "main-venv.pth").write_text(here + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", str(python)]
    _run([*pip, "install", "--no-deps", "--no-index", str(wheel)], root, _clean_env())
    return root


def test_the_wheel_carries_every_module_and_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in DATA_FILES:
        assert path in names, f"{path} is missing from {wheel.name}"
    modules = {p.relative_to(LIB).as_posix() for p in (LIB / "pathways").rglob("*.py")}
    assert modules and not modules - names, f"modules missing: {sorted(modules - names)}"


def test_the_installed_package_runs_outside_the_checkout(
    venv: Path, tmp_path: Path, wheel: Path
) -> None:
    env = _clean_env()
    python = str(venv / "bin" / "python")
    out = _run([python, "-m", "pathways", "evaluate", "--json"], tmp_path, env)
    assert isinstance(json.loads(out)["net"], float)
    script = (
        "import pathways, pathways.present.render as r\n"
        "from importlib import resources\n"
        "print(pathways.__file__)\n"
        f"for f in {[p.split('/', 1)[1] for p in DATA_FILES]!r}:\n"
        "    print(resources.files('pathways').joinpath(f))\n"
    )
    files = _run([python, "-c", script], tmp_path, env).split()
    assert len(files) == 1 + len(DATA_FILES)
    for f in files:
        assert Path(f).resolve().is_relative_to(venv.resolve()), f"{f} is not in the new venv"
        assert Path(f).is_file(), f
    # The console script of [project.scripts] is installed and runs too.
    out = _run([str(venv / "bin" / "pathways"), "params", "--json"], tmp_path, env)
    assert {p["name"] for p in json.loads(out)} >= {"threat", "engagement"}


# --------------------------------------------------------------------------- dependencies


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def third_party_imports(root: Path) -> set[str]:
    """Top-level names of every absolute import under `root` that is not stdlib or our own."""
    found: set[str] = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"__future__", "pathways"}


def test_the_import_scan_sees_stdlib_relative_and_third_party_imports(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import os, numpy.linalg\nfrom . import x\nfrom yaml import safe_load\n"
        "def f():\n    import requests\n",
        encoding="utf-8",
    )
    assert third_party_imports(tmp_path) == {"numpy", "yaml", "requests"}


def test_pyproject_declares_every_third_party_import_and_nothing_else() -> None:
    deps = PYPROJECT["project"]["dependencies"]
    declared = {_normalise(_first(r"^([A-Za-z0-9._-]+)", d)) for d in deps}
    by_module = metadata.packages_distributions()
    imported: dict[str, str] = {}
    for module in sorted(third_party_imports(LIB / "pathways")):
        dists = by_module.get(module)
        assert dists, f"'import {module}': no installed distribution provides it"
        imported[module] = _normalise(dists[0])
    missing = {m: d for m, d in imported.items() if d not in declared}
    assert not missing, f"imported but not in [project].dependencies: {missing}"
    unused = declared - set(imported.values())
    assert not unused, f"in [project].dependencies but never imported by lib/pathways: {unused}"
