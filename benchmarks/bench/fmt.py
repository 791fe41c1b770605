"""How the report and the log write times, sizes and ratios ("–" for a missing value).

Defined for: benchmarks/run.py (results.md and the progress log).
"""

from __future__ import annotations


def fmt_ms(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms"


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f} s" if x < 10 else f"{x:.0f} s"


def fmt_time(seconds: float | None) -> str:
    """Seconds in the unit that reads best (µs, ms or s)."""
    if seconds is None:
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return fmt_s(seconds)


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    if n < 1024:
        return f"{n:.0f} B"
    if n < 1024**2:
        return f"{n / 1024:.0f} KiB"
    return f"{n / 1024**2:.1f} MiB"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 0.1 else f"{x:.2f}"
