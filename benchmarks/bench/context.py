"""What every section needs to know about a run: its options, the copy of the working tree it
measures, where its results go; and the two things they all do (log, start kernels).

Defined for: benchmarks/run.py (every section).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

#: The checkout the benchmark was started from (never built or touched: see source.py).
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    """One benchmark run. `src` is the copy of the working tree that is built and measured,
    so that edits made in the checkout during a run, and the run's own touching of lib/,
    stay apart."""

    quick: bool
    src: Path
    out_dir: Path
    build_dir: Path
    n_moves: int


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def data_env(src: Path) -> dict[str, str]:
    """The environment for builds and kernels: like .ci/run, find the data mirror if unset.
    Kernels import the library from `src` (PYTHONPATH comes before the editable install's
    path entry)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(src / "lib"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    if not env.get("PATHWAYS_DATA_MIRROR"):
        for candidate in (
            REPO.parent / "shared" / "data" / "mirror",
            Path("/work/shared/data/mirror"),
        ):
            if candidate.is_dir():
                env["PATHWAYS_DATA_MIRROR"] = str(candidate.resolve())
                break
    return env
