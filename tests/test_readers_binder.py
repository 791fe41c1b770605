"""Binder: a fresh virtual environment made from binder/requirements.txt alone (what
mybinder.org installs) runs every chapter notebook without error, has JupyterLab with the
ipywidgets extension, and imports the pathways library.

Slow on purpose: the environment is created and installed once per test session (a few
minutes; the `binder_env` fixture of tests/conftest.py, shared with tests/test_jupyterlab.py),
then each chapter runs in that environment's own kernel.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def chapter_notebooks() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [c["file"] for c in part.get("chapters", [])]
    return [n for n in names if (ROOT / f"{n}.ipynb").exists()]


def test_binder_files():
    lines = [
        line.split("#", 1)[0].strip()
        for line in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    lines = [line for line in lines if line]
    assert "-e ." in lines, "Binder must install the pathways library from the repository"
    assert not [line for line in lines if line.startswith(("-r", "--requirement", "-c"))], (
        "binder/requirements.txt must stand alone (no -r/-c to other files)"
    )
    assert "jupyterlab" in {line.split("==")[0].lower() for line in lines}
    assert (BINDER / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def _run(env: dict[str, str], *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, **kw)


def test_library_imports_and_kernel_is_the_fresh_environment(binder_env, tmp_path):
    venv, env = binder_env
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "import sys, pathways, ipywidgets\nprint(sys.prefix)\n"
                "print(pathways.__file__)",
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "probe.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    result = _run(
        env,
        str(venv / "bin" / "jupyter"),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--output",
        "probe-out.ipynb",
        str(path),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads((tmp_path / "probe-out.ipynb").read_text(encoding="utf-8"))
    text = "".join(out["cells"][0]["outputs"][0]["text"]).splitlines()
    assert Path(text[0]).resolve() == venv.resolve(), "the kernel is not the Binder environment's"
    assert Path(text[1]).resolve().is_relative_to(ROOT / "lib"), (
        "pathways is not the editable install"
    )


def test_jupyterlab_has_the_widgets_extension(binder_env):
    venv, env = binder_env
    result = _run(env, str(venv / "bin" / "jupyter"), "labextension", "list", timeout=120)
    listing = result.stdout + result.stderr
    assert result.returncode == 0, listing
    assert "@jupyter-widgets/jupyterlab-manager" in listing
    assert "enabled" in listing.split("@jupyter-widgets/jupyterlab-manager", 1)[1].splitlines()[0]


@pytest.fixture(scope="session")
def executed(binder_env, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """Every chapter run once in the Binder environment's kernel, in one nbconvert process.

    --allow-errors keeps going past a failing cell so that each chapter's test below reports
    its own errors; the executed notebooks land in the returned folder."""
    venv, env = binder_env
    out = tmp_path_factory.mktemp("binder-executed")
    result = _run(
        env,
        str(venv / "bin" / "jupyter"),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        "--ExecutePreprocessor.timeout=600",
        "--ExecutePreprocessor.kernel_name=python3",
        "--output-dir",
        str(out),
        *(str(ROOT / f"{name}.ipynb") for name in chapter_notebooks()),
        timeout=3600,
    )
    return out, result


@pytest.mark.parametrize("docname", chapter_notebooks())
def test_chapter_runs_in_the_binder_environment(executed, docname):
    out, result = executed
    path = out / Path(docname).with_suffix(".ipynb").name
    assert path.is_file(), (
        f"{docname} was not run in the Binder environment:\n" + (result.stderr[-4000:])
    )
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    errors = [
        f"{o['ename']}: {o['evalue']}"
        for c in cells
        for o in c.get("outputs", [])
        if o["output_type"] == "error"
    ]
    assert not errors, f"{docname} raised in the Binder environment: {errors}"
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code), f"{docname}: not every cell ran"
