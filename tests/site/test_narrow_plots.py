"""At the narrowest phone (320 px) every chart stays readable, not only inside the viewport
(test_smallest_phone.py): no text under 12 px (a drawing wider than its column would be
scaled down), and no plot squeezed to the runtime's minimum width, which is what a long
line of text that does not shrink with the plot (an axis or panel title centred on it)
does to every panel of a figure.
"""

from __future__ import annotations

import pytest
import sitekit
from test_chart_runtime import _chart_pages, _small_text
from test_smallest_phone import SMALLEST

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


def test_charts_stay_readable_at_320_px(browser, base_url: str, site, chart_page: str) -> None:
    context = browser.new_context(viewport=SMALLEST, has_touch=True, service_workers="block")
    context.add_init_script(sitekit.INIT_SCRIPT)
    page = context.new_page()
    try:
        page.goto(base_url + chart_page, wait_until="load")
        page.wait_for_function(sitekit.CHARTS_SETTLED, timeout=sitekit.CHART_TIMEOUT_MS)
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
    finally:
        context.close()
