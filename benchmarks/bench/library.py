"""1. The library: one scenario evaluation, `import pathways` in a fresh process, and Monte
Carlo at 10^3 ... 10^6 draws (time, CPU time, peak memory traced with tracemalloc, and how
cost grows with the number of draws).

Defined for: benchmarks/run.py (the report's "Library" table; lib/pathways).
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
import timeit
import tracemalloc
from typing import Any

from bench.context import Run, data_env, log
from bench.fmt import fmt_bytes, fmt_time
from bench.stats import median

#: What a kernel (Voila, Binder, the build) imports at start, timed in a fresh process.
IMPORT_CODE = (
    "import time; t = time.perf_counter(); "
    "import pathways.present.charts, pathways.present.widgets, pathways.model.evaluate; "
    "print(time.perf_counter() - t)"
)


def import_time(run: Run) -> dict[str, Any]:
    """Seconds to import the library in a fresh process (median of 1 or 3)."""
    imports = []
    for _ in range(1 if run.quick else 3):
        r = subprocess.run(
            [sys.executable, "-c", IMPORT_CODE],
            capture_output=True, text=True, cwd=run.src, env=data_env(run.src),
        )  # fmt: skip
        if r.returncode == 0:
            imports.append(float(r.stdout.strip().splitlines()[-1]))
    return {"median": median(imports), "runs": imports}


def evaluate_time(model: Any, quick: bool) -> dict[str, Any]:
    """Seconds per `evaluate()` of the default scenario: wall (median, best) and CPU."""
    from pathways import evaluate

    evaluate(model=model)  # warm up (compiles nothing, but fills caches)
    number = 50 if quick else 200
    runs = timeit.repeat(lambda: evaluate(model=model), number=number, repeat=5 if quick else 9)
    per = [r / number for r in runs]
    cpu_runs = timeit.repeat(
        lambda: evaluate(model=model), number=number, repeat=3, timer=time.process_time
    )
    return {
        "median": median(per),
        "best": min(per),
        "cpu": median([r / number for r in cpu_runs]),
        "calls_per_run": number,
    }


def monte_carlo_row(model: Any, n: int, repeat: int) -> dict[str, Any]:
    """Time, CPU time and peak traced memory of `sample(n)` over `repeat` runs."""
    from pathways.model.montecarlo import sample

    sample(min(n, 1000), seed=1, model=model)  # warm up
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        sample(n, seed=0, model=model)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    tracemalloc.start()
    sample(n, seed=0, model=model)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "n": n,
        "median_s": median(times),
        "best_s": min(times),
        "cpu_s": median(cpu),
        "runs": times,
        "peak_bytes": peak,
        "per_draw_us": median(times) / n * 1e6,
    }


def monte_carlo(model: Any, quick: bool) -> list[dict[str, Any]]:
    """One row per size, each with its growth over the previous size."""
    sizes = [10**3, 10**4, 10**5] if quick else [10**3, 10**4, 10**5, 10**6]
    mc: list[dict[str, Any]] = []
    for n in sizes:
        repeat = (3 if quick else 7) if n <= 10**5 else 3
        row = monte_carlo_row(model, n, repeat)
        if mc:
            row["growth_vs_previous"] = row["median_s"] / mc[-1]["median_s"]
        mc.append(row)
        log(
            f"Monte Carlo {n:>9,}: {fmt_time(row['median_s'])}, peak {fmt_bytes(row['peak_bytes'])}"
        )
    return mc


def bench_library(run: Run) -> dict[str, Any]:
    from pathways import default_model

    out: dict[str, Any] = {"import_s": import_time(run)}
    model = default_model()
    out["evaluate_s"] = evaluate_time(model, run.quick)
    mc = monte_carlo(model, run.quick)
    # Fitted exponent: time ~ n^k between the two largest sizes (1 = linear).
    if len(mc) >= 2:
        a, b = mc[-2], mc[-1]
        out["mc_exponent_top"] = float(
            math.log(b["median_s"] / a["median_s"]) / math.log(b["n"] / a["n"])
        )
    out["monte_carlo"] = mc
    return out
