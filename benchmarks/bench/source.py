"""The copy of the working tree a run builds and measures (<out>/source).

Kernels import the library from it through PYTHONPATH, so edits made in the checkout during a
run do not mix into it, and touching its lib/ leaves the checkout alone.

Defined for: benchmarks/run.py (every section reads the copy).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.context import REPO

#: Top-level folders of the checkout left out of the copy (builds, caches, environments).
SKIPPED_AT_TOP = {".git", "_build", "node_modules", ".venv", ".pytest_cache", ".ruff_cache",
                  ".hypothesis", "screenshots"}  # fmt: skip


def _ignore(skip: list[Path]) -> Callable[[str, list[str]], set[str]]:
    """shutil.copytree's `ignore`: caches anywhere, SKIPPED_AT_TOP, benchmarks/results, `skip`."""
    skip_set = {p.resolve() for p in skip}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve()
        out = {n for n in names if n in ("__pycache__", ".ipynb_checkpoints")}
        out |= {n for n in names if n.endswith(".egg-info")}
        if here == REPO.resolve():
            out |= SKIPPED_AT_TOP & set(names)
        if here == (REPO / "benchmarks").resolve():
            out |= {"results"} & set(names)
        out |= {n for n in names if (here / n).resolve() in skip_set}
        return out

    return ignore


def _git_state() -> dict[str, Any]:
    """The checkout's commit and how many tracked files differ from it (empty without git)."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO, capture_output=True, text=True,
        ).stdout.splitlines()  # fmt: skip
        return {"commit": head, "uncommitted_files": len(dirty)}
    return {}


def snapshot(dest: Path, skip: list[Path]) -> dict[str, Any]:
    """Copy the working tree (without .git, builds, node_modules, results) to `dest`.

    node_modules is linked, not copied: the build reads the pinned MathJax there to typeset
    equations (_ext/static_math.py), and the copy must use the checkout's exact packages."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO, dest, ignore=_ignore(skip), symlinks=True)
    if (REPO / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return {"path": str(dest), **_git_state()}
