"""Every chart fits the narrowest phone the essay supports (320 px wide), as issue 13 asks
("from 320 px to a wide desktop"): no horizontal page scroll, and no part of a chart's
drawing, text or controls outside the viewport.

The full checks (touch, typed values, verdicts, numbers) run at 390 and 1366 px in
test_chart_runtime.py; this file adds the geometry at the lower bound of the range.
"""

from __future__ import annotations

import pytest
import sitekit
from test_chart_runtime import LAYOUT, _chart_pages

SMALLEST = {"width": 320, "height": 640}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "chart_page" in metafunc.fixturenames:
        site = sitekit.site_dir()
        pages = _chart_pages(site) if site.is_dir() else []
        metafunc.parametrize("chart_page", pages or ["<no chart page>"])


def test_every_chart_fits_320_px(browser, base_url: str, site, chart_page: str) -> None:
    context = browser.new_context(viewport=SMALLEST, has_touch=True, service_workers="block")
    context.add_init_script(sitekit.INIT_SCRIPT)
    page = context.new_page()
    watch = sitekit.Watch(base_url)
    watch.attach(context, page)
    try:
        page.goto(base_url + chart_page, wait_until="load")
        page.wait_for_function(sitekit.CHARTS_SETTLED, timeout=sitekit.CHART_TIMEOUT_MS)
        layout = page.evaluate(LAYOUT)
        failures = []
        if layout["scroll"] > layout["vw"]:
            failures.append(f"the page scrolls sideways ({layout['scroll']} > {layout['vw']})")
        assert layout["charts"], f"{chart_page}: no chart drawn"
        for c in layout["charts"]:
            if c["outside"]:
                failures.append(f"#{c['id'][-6:]}: outside the viewport: {c['outside'][:4]}")
        failures += [f"console error {e}" for e in watch.console_errors]
        failures += [f"page error {e}" for e in watch.unexpected_page_errors()]
        assert not failures, f"{chart_page} at 320 px:\n" + "\n".join(failures)
    finally:
        context.close()
