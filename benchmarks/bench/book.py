"""2. The book: a clean build with every chapter executed (the command of scripts/build.sh, into
its own folder), a rebuild with nothing changed, and a rebuild after touching lib/, with proof
from Sphinx's environment that every notebook ran again after the touch; in a full run also the
same rebuild without --all, which shows why build.sh passes --all.

Defined for: benchmarks/run.py (the report's "Book" table; scripts/build.sh).
"""

from __future__ import annotations

import os
import pickle
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.context import Run, data_env, log
from bench.fmt import fmt_s

#: scripts/build.sh's flags.
FLAGS = ["--all", "-W", "-n", "--keep-going"]


def jupyter_book() -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise RuntimeError("jupyter-book is not installed next to this Python or on PATH")


def run_build(run: Run, args: list[str], logfile: Path) -> dict[str, Any]:
    """One `jupyter-book build` of the copy: wall and CPU time (the build and its kernels),
    exit code and Sphinx's warning count."""
    tail = [*args, "--path-output", str(run.build_dir), "."]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with logfile.open("w", encoding="utf-8") as f:
        r = subprocess.run(
            [*jupyter_book(), "build", *tail],
            cwd=run.src, env=data_env(run.src), stdout=f, stderr=subprocess.STDOUT,
        )  # fmt: skip
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = logfile.read_text(encoding="utf-8", errors="replace")
    warnings = re.search(r"build (?:succeeded|finished with problems), (\d+) warnings?", text)
    return {
        "command": " ".join(["jupyter-book", "build", *tail]),
        "wall_s": wall,
        "cpu_s": cpu,
        "exit_code": r.returncode,
        "warnings": int(warnings.group(1)) if warnings else (0 if r.returncode == 0 else None),
        "log": str(logfile),
    }


def executions(build_dir: Path, src: Path) -> dict[str, dict[str, Any]]:
    """Per notebook, when and how long myst-nb last executed it (Sphinx's saved environment).

    The environment holds doctree nodes of the book's own extensions (``_ext/``, e.g.
    default_numbers), so unpickling it needs the copy's ``_ext`` importable, as Sphinx has it.
    """
    pickled = build_dir / "_build" / ".doctrees" / "environment.pickle"
    ext = str(src / "_ext")
    sys.path.insert(0, ext)
    try:
        with pickled.open("rb") as f:
            env = pickle.load(f)
    finally:
        sys.path.remove(ext)
    out = {}
    for doc, meta in getattr(env, "nb_metadata", {}).items():
        data = (meta or {}).get("exec_data")
        if data:
            out[doc] = {
                "mtime": data.get("mtime"),
                "runtime_s": data.get("runtime"),
                "succeeded": data.get("succeeded"),
                "method": data.get("method"),
            }
    return out


def count_after(ex: dict[str, dict[str, Any]], since: float) -> int:
    return sum(1 for e in ex.values() if (e["mtime"] or 0) > since)


def touch_lib(src: Path) -> float:
    """Set the modification time of every library file to now (contents unchanged)."""
    now = time.time()
    for path in (src / "lib" / "pathways").rglob("*"):
        if path.suffix in (".py", ".yaml"):
            os.utime(path, (now, now))
    return now


def scope(run: Run, chapter: str | None) -> dict[str, Any]:
    """The flags and what is built: the whole book, or in quick mode a one-chapter book (same
    settings, only the comparison chapter in its table of contents; its links to other
    chapters cannot resolve, so -W is dropped)."""
    if not run.quick:
        return {"flags": FLAGS, "scope": "the whole book (_toc.yml)"}
    toc = run.out_dir / "_toc_quick.yml"
    toc.write_text(f"format: jb-book\nroot: {chapter}\n", encoding="utf-8")
    return {
        "flags": ["--all", "-n", "--keep-going", "--toc", str(toc)],
        "scope": f"one chapter ({chapter}), quick mode",
    }


def clean_build(run: Run, flags: list[str]) -> dict[str, Any]:
    """A build into an empty folder, with every notebook's run time."""
    if run.build_dir.exists():
        shutil.rmtree(run.build_dir)
    log(f"book: clean build into {run.build_dir}")
    clean = run_build(run, flags, run.out_dir / "build-clean.log")
    ex = executions(run.build_dir, run.src)
    clean["notebooks"] = len(ex)
    clean["executed"] = len(ex)
    clean["slowest"] = sorted(
        ({"doc": d, "runtime_s": e["runtime_s"]} for d, e in ex.items()),
        key=lambda r: -(r["runtime_s"] or 0),
    )
    log(f"book: clean build {fmt_s(clean['wall_s'])} (exit {clean['exit_code']})")
    return clean


def rebuild(run: Run, flags: list[str], logname: str, touch: bool) -> tuple[dict[str, Any], float]:
    """A rebuild (after touching lib/ if `touch`) and how many notebooks ran again; with the
    time it started from (the touch)."""
    mark = touch_lib(run.src) if touch else time.time()
    b = run_build(run, flags, run.out_dir / logname)
    ex = executions(run.build_dir, run.src)
    b.update(notebooks=len(ex), executed=count_after(ex, mark))
    return b, mark


def bench_book(run: Run, chapter: str | None) -> dict[str, Any]:
    result: dict[str, Any] = {"build_dir": str(run.build_dir), "flags": FLAGS}
    result.update(scope(run, chapter))
    flags = result["flags"]
    clean = clean_build(run, flags)
    log("book: rebuild with nothing changed")
    noop, _ = rebuild(run, flags, "build-noop.log", touch=False)
    log("book: rebuild after touching lib/")
    lib, touched = rebuild(run, flags, "build-touch-lib.log", touch=True)
    lib.update(
        touched_at=touched,
        proof=(
            "myst-nb's execution record in _build/.doctrees/environment.pickle: "
            f"{lib['executed']} of {lib['notebooks']} notebooks executed after lib/ was touched"
        ),
    )
    result.update(clean=clean, noop=noop, touch_lib=lib)
    if not run.quick:
        log("book: rebuild after touching lib/, without --all (for comparison)")
        no_all = [f for f in flags if f != "--all"]
        result["touch_lib_without_all"], _ = rebuild(
            run, no_all, "build-touch-lib-no-all.log", touch=True
        )
    result["site"] = str(run.build_dir / "_build" / "html")
    return result
