"""Fixtures shared by test modules: the Binder environment.

`binder_env` creates a fresh virtual environment from binder/requirements.txt alone (what
mybinder.org installs), once per test session (a few minutes), for tests/test_readers_binder.py
(every chapter runs in its kernel) and tests/test_jupyterlab.py (JupyterLab started from it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _env(venv: Path, jupyter_home: Path) -> dict[str, str]:
    """The fresh environment first on PATH, and no Jupyter paths of the host's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    # Kernel specs: only the fresh environment's own (the user's data dir is empty here).
    env["JUPYTER_DATA_DIR"] = str(jupyter_home / "data")
    env["JUPYTER_CONFIG_DIR"] = str(jupyter_home / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(jupyter_home / "runtime")
    env["IPYTHONDIR"] = str(jupyter_home / "ipython")
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="session")
def binder_env(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("binder")
    venv = base / "venv"
    python = shutil.which(os.environ.get("PYTHON", "python3.11")) or sys.executable
    subprocess.run([python, "-m", "venv", str(venv)], check=True, timeout=300)
    env = _env(venv, base / "jupyter")
    # repo2docker installs binder/requirements.txt from the repository root (so `-e .` is
    # this repository), and nothing else.
    install = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    return venv, env
