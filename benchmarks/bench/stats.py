"""Medians and percentiles of timings, without numpy (the benchmark's own numbers).

Defined for: benchmarks/run.py (every section's summaries).
"""

from __future__ import annotations

import statistics
from typing import Any

#: "Painted within one frame": the first animation frame after the update came at most this
#: long after the input. A static move starts just after a frame, so when its update fits in
#: the frame budget it is painted ~16.7 ms later (60 Hz), else a frame or more later.
PAINT_MS = 25.0


def median(xs: list[float]) -> float | None:
    """The median, or None for no values (a section that measured nothing says so)."""
    return float(statistics.median(xs)) if xs else None


def percentile(xs: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), without numpy."""
    if not xs:
        return None
    s = sorted(xs)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return float(s[lo] + (s[hi] - s[lo]) * (pos - lo))


def summarise_moves(moves: list[dict[str, Any]], key: str = "update_ms") -> dict[str, Any]:
    """Median, 95th percentile and worst of one timing over slider moves (and, for the time
    to the next frame, how many moves were painted within PAINT_MS)."""
    xs = [m[key] for m in moves if m.get(key) is not None]
    out = {
        "n": len(xs),
        "median_ms": median(xs),
        "p95_ms": percentile(xs, 95),
        "max_ms": max(xs) if xs else None,
    }
    if key == "frame_ms":
        out["painted_within"] = sum(1 for x in xs if x <= PAINT_MS)
    return out
