"""6. Targets (issue 15 and the README's): slider to updated view <= 16 ms, median and 95th
percentile, on every chart; every chapter interactive within 1 s and within 1.3 times the
book's page without charts; a cold load of every chapter <= 1.5 MiB as served (its gzipped
weight shown); the static site interactive >= 5 times sooner than the live panel and its
slider round trip >= 10 times faster; Monte Carlo of 10^5 draws under 0.5 s, of 10^6 under
2 s and 200 MiB; a clean build under 90 s; and whether a run met them.

Defined for: benchmarks/run.py (the report's "Targets" table; the README's targets).
"""

from __future__ import annotations

from typing import Any

from bench.fmt import fmt_bytes, fmt_ms, fmt_s, fmt_time

TARGETS = {
    "slider_ms": 16.0,
    "interactive_s": 1.0,
    "vs_no_charts": 1.3,
    "cold_load_bytes": 1.5 * 1024**2,
    "start_vs_live": 5.0,
    "slider_vs_live": 10.0,
    "mc_1e5_s": 0.5,
    "mc_1e6_s": 2.0,
    "mc_1e6_bytes": 200 * 1024**2,
    "clean_build_s": 90.0,
}
#: The page without charts every chapter is compared with (else the first such page).
REFERENCE_PAGE = "glossary"


def _row(target: str, value: float, shown: str, met: bool | None) -> dict[str, Any]:
    return {"target": target, "value": value, "shown": shown, "met": met}


def _slider(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for key, label in (("median_ms", "median"), ("p95_ms", "95th percentile")):
        values = [
            (p["page"], c["update"][key])
            for p in pages
            for c in p["slider_charts"]
            if c["update"][key] is not None
        ]
        if values:
            page, worst = max(values, key=lambda x: x[1])
            rows.append(
                _row(
                    f"slider to updated view ≤ {TARGETS['slider_ms']:.0f} ms {label}, every chart",
                    worst,
                    f"worst chart {fmt_ms(worst)} ({page})",
                    worst <= TARGETS["slider_ms"],
                )
            )
    return rows


def _interactive(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    readies = [(p["page"], p["ready_ms"]) for p in pages if p["ready_ms"] is not None]
    if not readies:
        return []
    page, worst = max(readies, key=lambda x: x[1])
    rows = [
        _row(
            f"every chapter interactive within {TARGETS['interactive_s']:.0f} s",
            worst / 1000,
            f"slowest {fmt_ms(worst)} ({page})",
            worst / 1000 <= TARGETS["interactive_s"],
        )
    ]
    plain = [p for p in pages if not p["charts"] and p["ready_ms"]]
    ref = next(
        (p for p in plain if p["page"].endswith(REFERENCE_PAGE)), plain[0] if plain else None
    )
    charted = [(p["page"], p["ready_ms"]) for p in pages if p["charts"] and p["ready_ms"]]
    if ref and charted:
        page, worst = max(charted, key=lambda x: x[1])
        ratio = worst / ref["ready_ms"]
        rows.append(
            _row(
                f"every chapter ≤ {TARGETS['vs_no_charts']} × the page without charts",
                ratio,
                f"slowest ×{ratio:.2f} ({page} {fmt_ms(worst)}, "
                f"{ref['page'].split('/')[-1]} {fmt_ms(ref['ready_ms'])})",
                ratio <= TARGETS["vs_no_charts"],
            )
        )
    return rows


def _weight(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    weights = [p for p in pages if p.get("bytes") is not None]
    if not weights:
        return []
    worst = max(weights, key=lambda p: p["bytes"])
    return [
        _row(
            f"cold load of every chapter ≤ {fmt_bytes(TARGETS['cold_load_bytes'])} as served",
            worst["bytes"],
            f"heaviest {fmt_bytes(worst['bytes'])} ({worst['page']}; "
            f"{fmt_bytes(worst.get('gzip_bytes'))} gzipped)",
            worst["bytes"] <= TARGETS["cold_load_bytes"],
        )
    ]


def _versus_live(res: dict[str, Any]) -> list[dict[str, Any]]:
    live, site = res.get("live") or {}, res.get("website") or {}
    page = next((p for p in site.get("pages", []) if p["page"] == live.get("chapter")), None)
    if live.get("error") or not page or not live.get("ready_ms") or not page["ready_ms"]:
        return []
    start = live["ready_ms"] / page["ready_ms"]
    rows = [
        _row(
            f"static site interactive ≥ {TARGETS['start_vs_live']:.0f} × sooner than Voila",
            start,
            f"×{start:.2f} ({fmt_ms(page['ready_ms'])} vs {fmt_ms(live['ready_ms'])})",
            start >= TARGETS["start_vs_live"],
        )
    ]
    chart = next((c for c in page["slider_charts"] if c["compared"]), None)
    s, lv = (chart or {}).get("update", {}).get("median_ms"), live["update"]["median_ms"]
    if s and lv:
        rows.append(
            _row(
                f"slider round trip ≥ {TARGETS['slider_vs_live']:.0f} × faster than Voila",
                lv / s,
                f"×{lv / s:.2f} ({fmt_ms(s)} vs {fmt_ms(lv)}, median)",
                lv / s >= TARGETS["slider_vs_live"],
            )
        )
    return rows


def _monte_carlo(lib: dict[str, Any]) -> list[dict[str, Any]]:
    mc = {r["n"]: r for r in lib.get("monte_carlo", [])}
    rows = []
    for n, key, exp in ((10**5, "mc_1e5_s", 5), (10**6, "mc_1e6_s", 6)):
        if n in mc:
            v = mc[n]["median_s"]
            rows.append(
                _row(
                    f"Monte Carlo of 10^{exp} draws (with sensitivity) < {TARGETS[key]} s",
                    v,
                    fmt_time(v),
                    v < TARGETS[key],
                )
            )
    if 10**6 in mc:
        peak = mc[10**6]["peak_bytes"]
        limit = TARGETS["mc_1e6_bytes"]
        rows.append(
            _row(
                f"Monte Carlo of 10^6 draws peak memory < {fmt_bytes(limit)}",
                peak,
                fmt_bytes(peak),
                peak < limit,
            )
        )
    return rows


def _clean_build(book: dict[str, Any], nproc: int, quick: bool) -> list[dict[str, Any]]:
    """A quick run builds one chapter: shown, but not held against the target."""
    if not book.get("clean"):
        return []
    v = book["clean"]["wall_s"]
    return [
        _row(
            f"clean build < {TARGETS['clean_build_s']:.0f} s on 2 cores",
            v,
            f"{fmt_s(v)} on {nproc} cores"
            + (" (one-chapter book: not comparable)" if quick else ""),
            None if quick else v < TARGETS["clean_build_s"],
        )
    ]


def targets(res: dict[str, Any], quick: bool) -> list[dict[str, Any]]:
    """One row per target that the run measured."""
    pages = (res.get("website") or {}).get("pages", [])
    return [
        *_slider(pages),
        *_interactive(pages),
        *_weight(pages),
        *_versus_live(res),
        *_monte_carlo(res.get("library") or {}),
        *_clean_build(res.get("book") or {}, res["machine"]["nproc"], quick),
    ]
