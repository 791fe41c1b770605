"""results.md: the tables the README shows, written from results.json's numbers (one function
per section, in the order of the report).

Defined for: benchmarks/run.py (<out>/results.md; the README's "Latest full run").
"""

from __future__ import annotations

from typing import Any

from bench.fmt import fmt_bytes, fmt_ms, fmt_ratio, fmt_s, fmt_time

#: The book's builds, in the order of the table.
BUILDS = [
    ("clean", "clean build, every chapter executed"),
    ("noop", "rebuild, nothing changed"),
    ("touch_lib", "rebuild after touching lib/"),
    ("touch_lib_without_all", "same, without `--all` (not used: stale pages)"),
]


def _header(res: dict[str, Any]) -> list[str]:
    m = res["machine"]
    source = res.get("source", {})
    changed = source.get("uncommitted_files")
    return [
        f"Run: {'quick' if res['quick'] else 'full'}, {res['started']}, `{res['command']}`, "
        f"{fmt_s(res['duration_s'])} in all, on a copy of the working tree at commit "
        f"{source.get('commit', '?')[:7]}"
        + (f" with {changed} files changed" if changed else "")
        + ".",
        "",
        f"Machine: `nproc` {m['nproc']}, {m['cpu_model']}, {m['ram_gib']} GiB RAM, {m['os']}, "
        f"Python {m['python']}, {m['chromium'] or 'Chromium ?'} (headless, via Playwright). "
        f"Load average (1, 5, 15 min) at start {', '.join(map(str, m['loadavg_start']))}, "
        f"at end {', '.join(map(str, m.get('loadavg_end', [])))}.",
        "",
    ]


def _library(lib: dict[str, Any] | None) -> list[str]:
    lines = [
        "**Library** (wall time, median and best of repeated runs; CPU = process time, "
        "median; peak memory traced by tracemalloc)",
        "",
    ]
    if not lib or lib.get("error"):
        return [*lines, f"Failed: {lib and lib.get('error')}", ""]
    ev = lib["evaluate_s"]
    lines += [
        "| what | median | best | CPU | peak memory | per draw | ×time for ×10 draws |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| one scenario evaluation (`evaluate()`) | {fmt_time(ev['median'])} "
        f"| {fmt_time(ev['best'])} | {fmt_time(ev.get('cpu'))} | – | – | – |",
        f"| `import pathways` (fresh process) | {fmt_time(lib['import_s']['median'])} "
        "| – | – | – | – | – |",
    ]
    for r in lib["monte_carlo"]:
        exp = int(round(len(str(r["n"])) - 1))
        growth = f"×{r['growth_vs_previous']:.1f}" if "growth_vs_previous" in r else "–"
        lines.append(
            f"| Monte Carlo, 10^{exp} draws | {fmt_time(r['median_s'])} | "
            f"{fmt_time(r['best_s'])} | {fmt_time(r['cpu_s'])} | {fmt_bytes(r['peak_bytes'])} | "
            f"{r['per_draw_us']:.2f} µs | {growth} |"
        )
    return [*lines, ""]


def _book(book: dict[str, Any] | None) -> list[str]:
    if not (book and not book.get("error") and book.get("clean")):
        return [f"**Book**: {(book or {}).get('error') or (book or {}).get('skipped')}", ""]
    lines = [
        f"**Book** ({book['scope']}; `jupyter-book build {' '.join(book['flags'])}`; "
        "CPU = user + system time of the build and its kernels)",
        "",
        "| build | wall | CPU | notebooks executed | exit (warnings) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for key, label in BUILDS:
        b = book.get(key)
        if b is None:
            continue
        suffix = " after the touch" if key.startswith("touch") else ""
        lines.append(
            f"| {label} | {fmt_s(b['wall_s'])} | {fmt_s(b['cpu_s'])} | "
            f"{b['executed']} of {b['notebooks']}{suffix} | {b['exit_code']} "
            f"({b['warnings'] if b['warnings'] is not None else '?'}) |"
        )
    slow = book["clean"]["slowest"][:4]
    if slow:
        lines += [
            "",
            "Slowest notebooks in the clean build: "
            + ", ".join(f"{s['doc'].split('/')[-1]} {fmt_s(s['runtime_s'])}" for s in slow)
            + ".",
        ]
    return [*lines, ""]


def _website_row(p: dict[str, Any]) -> str:
    u = p["worst_update"]
    moves = sum(c["moves"] for c in p["slider_charts"])
    changed = sum(c["changed"] for c in p["slider_charts"])
    painted = sum(c["frame"].get("painted_within", 0) for c in p["slider_charts"])
    return (
        f"| {p['page'].split('/')[-1]} | {p['charts']} | {fmt_ms(p['vega_loaded_ms'])} | "
        f"{fmt_ms(p['ready_ms'])} | "
        + (f"{fmt_ms(u['median_ms'])} / {fmt_ms(u['p95_ms'])}" if u else "–")
        + " | "
        + (f"{painted}/{moves}" if moves else "–")
        + " | "
        + (f"{changed}/{moves}" if moves else "–")
        + f" | {fmt_bytes(p['bytes'])} / {fmt_bytes(p['gzip_bytes'])} |"
    )


def _website(site: dict[str, Any] | None) -> list[str]:
    if not site or site.get("error"):
        return [f"**Website**: {site.get('error') if site else 'skipped'}", ""]
    return [
        f"**Website** (static, 127.0.0.1; median of {site['cold_loads_per_page']} cold "
        "loads; slider moves: median / 95th percentile over every chart with sliders, "
        "the slowest chart shown)",
        "",
        "| chapter | charts | Vega loaded | all charts rendered "
        "| slider → view and verdict updated | painted ≤ 25 ms | verdict changed "
        "| cold load (served / gzip) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(_website_row(p) for p in site["pages"]),
        "",
        "Vega loaded: when Vega (the only chart library the pages load) had run. Cold load: "
        "every file the page requested, as served and gzipped. Slider: median / 95th percentile "
        "of the slowest chart on the page; painted ≤ 25 ms: moves whose first animation "
        "frame after the update came within 25 ms of the input (all charts); verdict "
        "changed: moves that changed the sentence (the others still redrew the bars).",
        "",
    ]


def _ratio(a: float | None, b: float | None) -> str:
    return fmt_ratio(a / b if a is not None and b else None)


def _live_moves(chart: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """The rows comparing the same moves on the static chart and the live panel."""
    lines = []
    for key, label in (("median_ms", "median"), ("p95_ms", "95th percentile")):
        s, lv = chart["update"][key], live["update"][key]
        lines.append(
            f"| slider → verdict updated, {label} | {fmt_ms(s)} | {fmt_ms(lv)} | {_ratio(s, lv)} |"
        )
    s, lv = chart["frame"]["median_ms"], live["frame"]["median_ms"]
    return [
        *lines,
        f"| slider → next animation frame, median | {fmt_ms(s)} | {fmt_ms(lv)} | {_ratio(s, lv)} |",
        f"| moves painted ≤ 25 ms after the input | "
        f"{chart['frame']['painted_within']} of {chart['moves']} | "
        f"{live['frame']['painted_within']} of {live['moves']} | |",
        f"| verdict equals the library's sentence | {chart.get('verdict_matches_library')}"
        f" of {chart['moves']} | {live['verdict_matches_library']} of {live['moves']} | |",
    ]


def _live_costs(page: dict[str, Any] | None, live: dict[str, Any]) -> list[str]:
    """Bytes, server memory and start: what each reader costs either way."""
    return [
        f"| bytes on a cold load | {fmt_bytes((page or {}).get('bytes'))} | "
        f"{fmt_bytes(live['bytes'])} + {fmt_bytes(live['websocket_bytes'])} websocket | |",
        f"| server memory per reader | 0 (static files) | "
        f"{fmt_bytes(live['kernel_rss'])} (one kernel each; {live['kernels_alive_max']} "
        f"alive after {live['cold_loads']} visits) | |",
        f"| server start (once) | – | {fmt_s(live['server_start_s'])} | |",
    ]


def _live(res: dict[str, Any]) -> list[str]:
    live, site = res.get("live"), res.get("website")
    if not (live and not live.get("error") and site and not site.get("error")):
        return [f"**Live (Voila)**: {live.get('error') or 'skipped'}", ""] if live else [""]
    page = next((p for p in site["pages"] if p["page"] == live["chapter"]), None)
    chart = next((c for c in (page or {}).get("slider_charts", []) if c["compared"]), None)
    s_ready, l_ready = (page or {}).get("ready_ms"), live["ready_ms"]
    return [
        f"**Static site vs live panel (Voila {res['machine']['versions'].get('voila', '?')})**, "
        f"chapter {live['chapter'].split('/')[-1]}: the same {live['moves']} slider moves on "
        f"{', '.join(sorted({r['name'] for r in live['raw']}))}"
        + (f" ({res['comparison_note']})" if res.get("comparison_note") else ""),
        "",
        "| measure | static site | live (Voila, 127.0.0.1) | static / live |",
        "| --- | ---: | ---: | ---: |",
        f"| time until interactive (cold load) | {fmt_ms(s_ready)} | {fmt_ms(l_ready)} | "
        f"{_ratio(s_ready, l_ready)} |",
        *(_live_moves(chart, live) if chart else []),
        *_live_costs(page, live),
        "",
    ]


def _diagnosis(diag: Any) -> list[str]:
    if not (isinstance(diag, list) and diag):
        return []
    lines = [
        f"**Where a page's first second goes** (median of {diag[0]['loads']} cold loads, "
        "every request through an interception route)",
        "",
        "| page | DOMContentLoaded | Vega loaded | all charts rendered "
        "| main thread in long tasks | bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for d in diag:
        for c in d["conditions"]:
            lines.append(
                f"| {d['page'].split('/')[-1]}, {c['label']} | {fmt_ms(c['dcl_ms'])} | "
                f"{fmt_ms(c['vega_loaded_ms'])} | {fmt_ms(c['ready_ms'])} | "
                f"{fmt_ms(c['longtask_ms'])} | {fmt_bytes(c['bytes'])} |"
            )
    return [*lines, ""]


def _targets(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["**Targets**", "", "| target | result | met |", "| --- | --- | --- |"]
    for t in rows:
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['shown']} | {met} |")
    return lines


def markdown(res: dict[str, Any]) -> str:
    """The whole report: run and machine, then each section that ran, then the targets."""
    lines = [
        *_header(res),
        *_library(res.get("library")),
        *_book(res.get("book")),
        *_website(res.get("website")),
        *_live(res),
        *_diagnosis(res.get("diagnosis")),
        *_targets(res.get("targets", [])),
    ]
    return "\n".join(lines) + "\n"
