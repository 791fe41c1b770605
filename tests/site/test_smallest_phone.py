"""Every chart at the narrowest phone the essay supports (320 px wide), as issue 13 asks
("from 320 px to a wide desktop").

* It fits: no horizontal page scroll, no part of a chart's drawing, text or controls
  outside the viewport, no console or page error.
* It stays readable, not only inside the viewport: no text under 12 px (a drawing wider
  than its column would be scaled down), and no plot squeezed to the runtime's minimum
  width, which is what a long line of text that does not shrink with the plot (an axis or
  panel title centred on it) does to every panel of a figure.

The full checks (touch, typed values, verdicts, numbers) run at 390 and 1366 px in
test_chart_runtime.py; this file adds the lower bound of the range.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sitekit
from test_chart_runtime import LAYOUT, _chart_pages, _small_text

SMALLEST = {"width": 320, "height": 640}

#: Each chart's width signals: [chart id, signal, value], read after the fit.
WIDTHS = """() => [...document.querySelectorAll('.pathways-chart')].flatMap((el) => {
  const chart = el.__pathwaysChart, view = el.__vegaView;
  return chart && view ? chart.p.widths.map((w) => [el.id, w.name, view.signal(w.name)]) : [];
})"""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "chart_page" in metafunc.fixturenames:
        site = sitekit.site_dir()
        pages = _chart_pages(site) if site.is_dir() else []
        metafunc.parametrize("chart_page", pages or ["<no chart page>"])


@pytest.fixture
def phone(browser, base_url: str, site, chart_page: str) -> Iterator[tuple]:
    """The chart page at 320 px (touch), its charts settled, and what it logged."""
    context = browser.new_context(viewport=SMALLEST, has_touch=True, service_workers="block")
    context.add_init_script(sitekit.INIT_SCRIPT)
    page = context.new_page()
    watch = sitekit.Watch(base_url)
    watch.attach(context, page)
    try:
        page.goto(base_url + chart_page, wait_until="load")
        page.wait_for_function(sitekit.CHARTS_SETTLED, timeout=sitekit.CHART_TIMEOUT_MS)
        yield page, watch
    finally:
        context.close()


def test_every_chart_fits_320_px(phone: tuple, chart_page: str) -> None:
    page, watch = phone
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


def test_charts_stay_readable_at_320_px(phone: tuple, chart_page: str) -> None:
    page, _ = phone
    least = page.evaluate("() => window.pathwaysCharts.minWidth")
    widths = page.evaluate(WIDTHS)
    assert widths, f"{chart_page}: no chart with a width signal"
    failures = _small_text(page, f"{chart_page} @320")
    failures += [
        f"{chart_page} #{cid[-6:]}: {name} squeezed to the minimum ({value} px)"
        for cid, name, value in widths
        if value <= least
    ]
    assert not failures, "\n".join(failures)
