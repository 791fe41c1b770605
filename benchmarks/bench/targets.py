"""6. Targets: slider to updated view <= 16 ms median; every chapter interactive within 1 s;
Monte Carlo of 10^5 draws under 0.5 s; a clean build under 90 s; and whether a run met them.

Defined for: benchmarks/run.py (the report's "Targets" table; the README's targets).
"""

from __future__ import annotations

from typing import Any

from bench.fmt import fmt_ms, fmt_s, fmt_time

TARGETS = {
    "slider_ms": 16.0,
    "interactive_s": 1.0,
    "mc_1e5_s": 0.5,
    "clean_build_s": 90.0,
}


def _slider(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    medians = [
        (p["page"], c["update"]["median_ms"])
        for p in pages
        for c in p["slider_charts"]
        if c["update"]["median_ms"] is not None
    ]
    if not medians:
        return []
    page, worst = max(medians, key=lambda x: x[1])
    return [
        {
            "target": f"slider to updated view ≤ {TARGETS['slider_ms']:.0f} ms median",
            "value": worst,
            "shown": f"worst chart median {fmt_ms(worst)} ({page})",
            "met": worst <= TARGETS["slider_ms"],
        }
    ]


def _interactive(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    readies = [(p["page"], p["ready_ms"]) for p in pages if p["ready_ms"] is not None]
    if not readies:
        return []
    page, worst = max(readies, key=lambda x: x[1])
    return [
        {
            "target": f"every chapter interactive within {TARGETS['interactive_s']:.0f} s",
            "value": worst / 1000,
            "shown": f"slowest {fmt_ms(worst)} ({page})",
            "met": worst / 1000 <= TARGETS["interactive_s"],
        }
    ]


def _monte_carlo(lib: dict[str, Any]) -> list[dict[str, Any]]:
    mc = {r["n"]: r for r in lib.get("monte_carlo", [])}
    if 10**5 not in mc:
        return []
    v = mc[10**5]["median_s"]
    return [
        {
            "target": f"Monte Carlo of 10^5 draws < {TARGETS['mc_1e5_s']} s",
            "value": v,
            "shown": fmt_time(v),
            "met": v < TARGETS["mc_1e5_s"],
        }
    ]


def _clean_build(book: dict[str, Any], nproc: int, quick: bool) -> list[dict[str, Any]]:
    """A quick run builds one chapter: shown, but not held against the target."""
    if not book.get("clean"):
        return []
    v = book["clean"]["wall_s"]
    return [
        {
            "target": f"clean build < {TARGETS['clean_build_s']:.0f} s on 2 cores",
            "value": v,
            "shown": f"{fmt_s(v)} on {nproc} cores"
            + (" (one-chapter book: not comparable)" if quick else ""),
            "met": None if quick else v < TARGETS["clean_build_s"],
        }
    ]


def targets(res: dict[str, Any], quick: bool) -> list[dict[str, Any]]:
    """One row per target that the run measured."""
    pages = (res.get("website") or {}).get("pages", [])
    return [
        *_slider(pages),
        *_interactive(pages),
        *_monte_carlo(res.get("library") or {}),
        *_clean_build(res.get("book") or {}, res["machine"]["nproc"], quick),
    ]
