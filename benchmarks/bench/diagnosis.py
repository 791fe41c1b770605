"""5. Where a chart page's first second goes (full run): DOMContentLoaded, when Vega had run,
all charts drawn and the main thread's long tasks, over cold loads of the page as built.
The conditions that earlier runs compared (without the theme's fontawesome.js, without
MathJax) no longer apply: neither is loaded (_ext/svg_icons.py, _ext/static_math.py); a
condition whose files a page does not request is skipped. Every condition goes through the
same request route, so only what is left out differs.

Defined for: benchmarks/run.py (the report's "Where a page's first second goes" table).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builtsite import launch, served

from bench.browser import cold_load, js
from bench.context import log
from bench.fmt import fmt_ms
from bench.stats import median

#: Label -> parts of the paths whose requests are aborted.
DIAGNOSIS: dict[str, tuple[str, ...]] = {
    "as built": (),
}


def condition(
    browser: Any, url: str, label: str, block: tuple[str, ...], loads: int
) -> tuple[dict[str, Any], list[str]]:
    """Medians over `loads` cold loads with `block` aborted; and the URLs the first requested."""
    runs = []
    for _ in range(loads):
        context, _page, info = cold_load(browser, url, js("static_ready"), "127.0.0.1", block)
        runs.append(info)
        context.close()
    row = {
        "label": label,
        "blocked": list(block),
        "ready_ms": median([r["ready_ms"] for r in runs]),
        "dcl_ms": median([r["nav"]["dcl"] for r in runs if r["nav"]["dcl"]]),
        "vega_loaded_ms": median(
            [r["nav"]["vega_loaded"] for r in runs if r["nav"]["vega_loaded"]]
        ),
        "longtask_ms": median([r["nav"]["longtask_ms"] for r in runs]),
        "bytes": runs[0]["bytes"],
    }
    return row, runs[-1]["_urls"]


def bench_diagnosis(site: Path, page_name: str, loads: int, playwright: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"page": page_name, "loads": loads, "conditions": []}
    with served(site) as base:
        browser = launch(playwright)
        try:
            url = f"{base}{page_name}.html"
            requested: list[str] = []
            for label, block in DIAGNOSIS.items():
                if block and not all(any(b in u for u in requested) for b in block):
                    continue  # the page does not load it
                row, urls = condition(browser, url, label, block, loads)
                if not block:
                    requested = urls
                out["conditions"].append(row)
                log(f"diagnosis {page_name} {label}: ready {fmt_ms(row['ready_ms'])}")
        finally:
            browser.close()
    return out
