"""3. The website: the built site served on 127.0.0.1 to headless Chromium. Per chapter, over
cold loads (fresh browser context): time until every chart has rendered (length of
window.__pathwaysViews equals the number of .pathways-chart elements), and bytes transferred
(as served, and gzipped as a static host sends them). Then slider moves on every chart with
sliders: performance.now() before the 'input' event, then await view.runAsync() (dataflow run
and SVG redrawn) and check that the verdict text (the chart's last text mark) changed; "next
frame" adds the wait for the following requestAnimationFrame.

Defined for: benchmarks/run.py (the report's "Website" table; every chapter's charts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builtsite import file_weight, launch, resource_file, served

from bench.browser import cold_load, js
from bench.chapters import SEED, generic_moves
from bench.context import Run, log
from bench.fmt import fmt_bytes, fmt_ms
from bench.stats import median, summarise_moves
from bench.text import squash


def gzip_bytes(site: Path, base: str, urls: list[str]) -> int:
    """What the same files weigh gzipped (as a static host such as GitHub Pages sends them)."""
    files = [resource_file(site, base, url) for url in urls]
    return sum(file_weight(f)[1] for f in files if f is not None)


def cold_loads(
    browser: Any, site: Path, url: str, base: str, loads: int
) -> tuple[Any, Any, list[dict[str, Any]]]:
    """`loads` cold loads of a page; the last one's context and page stay open."""
    runs = []
    context = page = None
    for _ in range(loads):
        if context:
            context.close()
        context, page, info = cold_load(browser, url, js("static_ready"), "127.0.0.1")
        info["gzip_bytes"] = gzip_bytes(site, base, info.pop("_urls"))
        runs.append(info)
    return context, page, runs


def page_row(page_name: str, charts: list[dict[str, Any]], runs: list[dict[str, Any]]) -> dict:
    """One chapter's loads: readiness over all loads, bytes and requests of the first."""
    first = runs[0]
    return {
        "page": page_name,
        "charts": len(charts),
        "charts_failed": sum(1 for c in charts if c["state"] != "ready"),
        "ready_ms": median([r["ready_ms"] for r in runs]),
        "ready_runs_ms": [r["ready_ms"] for r in runs],
        "bytes": first["bytes"],
        "gzip_bytes": first["gzip_bytes"],
        "requests": first["requests"],
        "external_requests": first["external_requests"],
        "largest": first["largest"],
        "errors": first["errors"],
        "nav": [r["nav"] for r in runs],
        "vega_loaded_ms": median(
            [r["nav"]["vega_loaded"] for r in runs if r["nav"]["vega_loaded"]]
        ),
        "slider_charts": [],
    }


def chart_moves(
    page: Any, chart: dict[str, Any], compared: list[dict[str, Any]] | None, n_moves: int
) -> dict[str, Any]:
    """Slider moves on one chart: the comparison moves (checked against the library's
    sentence) when `compared` is given, else moves over every slider of the chart."""
    if compared:
        moves = [{"name": m["name"], "value": m["value"]} for m in compared]
    else:
        moves = generic_moves(chart["inputs"], n_moves, SEED + chart["index"])
    res = page.evaluate(js("static_moves"), {"index": chart["index"], "moves": moves})
    entry = {
        "index": chart["index"],
        "sliders": [i["name"] for i in chart["inputs"]],
        "moves": len(res),
        "changed": sum(1 for m in res if m["changed"]),
        "update": summarise_moves(res, "update_ms"),
        "frame": summarise_moves(res, "frame_ms"),
        "compared": bool(compared),
    }
    if compared:
        # The chart breaks the sentence over lines (SVG text loses the breaks).
        want = [squash(m["expected"]) for m in compared]
        got = [squash(m["text"]) for m in res]
        entry["verdict_matches_library"] = sum(1 for a, b in zip(want, got, strict=True) if a == b)
        entry["raw"] = res
    return entry


def measure_page(
    browser: Any, site: Path, base: str, page_name: str, loads: int,
    compared: list[dict[str, Any]] | None, n_moves: int,
) -> dict[str, Any]:  # fmt: skip
    """Cold loads of one chapter, then slider moves on each of its charts with sliders (the
    first chart gets the comparison moves when `compared` is given)."""
    context, page, runs = cold_loads(browser, site, f"{base}{page_name}.html", base, loads)
    try:
        charts = page.evaluate(js("chart_inputs"))
        row = page_row(page_name, charts, runs)
        for chart in charts:
            if chart["inputs"] and chart["state"] == "ready":
                given = compared if chart["index"] == 0 else None
                row["slider_charts"].append(chart_moves(page, chart, given, n_moves))
    finally:
        context.close()
    worst = max(row["slider_charts"], key=lambda c: c["update"]["median_ms"] or 0, default=None)
    row["worst_update"] = worst["update"] if worst else None
    row["worst_frame"] = worst["frame"] if worst else None
    log(
        f"website: {page_name}: ready {fmt_ms(row['ready_ms'])}, {fmt_bytes(row['bytes'])}, "
        f"slider median {fmt_ms(worst['update']['median_ms']) if worst else '–'}"
    )
    return row


def bench_site(
    run: Run, site: Path, pages: list[str], comparison: str | None,
    moves_cmp: list[dict[str, Any]], playwright: Any,
) -> dict[str, Any]:  # fmt: skip
    loads = 1 if run.quick else 5
    with served(site) as base:
        browser = launch(playwright)
        out: dict[str, Any] = {"base": base, "cold_loads_per_page": loads, "pages": []}
        try:
            out["browser"] = browser.version
            for page_name in pages:
                if not (site / f"{page_name}.html").is_file():
                    log(f"website: {page_name}.html is not in the site; skipped")
                    continue
                compared = moves_cmp if page_name == comparison else None
                row = measure_page(browser, site, base, page_name, loads, compared, run.n_moves)
                out["pages"].append(row)
        finally:
            browser.close()
    return out
