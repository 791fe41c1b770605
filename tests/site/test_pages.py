"""Every page of the built book loads cleanly, offline, with every chart drawn.

One cold load per page (fresh browser context): no failed request, no request to any host
but the local server, no uncaught JavaScript error or console error, one Vega view per
`.pathways-chart` and no embed error, the page's own weight under 1 MB, a screenshot.
"""

from __future__ import annotations

from pathlib import Path

import builtsite
import sitekit


def test_toc_pages_are_built(site: Path) -> None:
    pages, _ = builtsite.discover(site)
    missing = [f"{p}.html" for p in builtsite.toc_pages(sitekit.REPO) if f"{p}.html" not in pages]
    assert not missing, f"pages listed in _toc.yml but not in the built site: {missing}"


def test_redirects_land_on_pages(site: Path, base_url: str, browser) -> None:
    _, redirects = builtsite.discover(site)
    for rel, target in redirects.items():
        resolved = (Path(rel).parent / target).as_posix()
        assert (site / resolved).is_file(), f"{rel} redirects to {target}, which is not built"
        context, page, watch, _ = sitekit.open_page(browser, base_url, rel)
        try:
            page.wait_for_url(base_url + resolved, timeout=10_000)
            assert not watch.failed and not watch.foreign, (rel, watch.failed, watch.foreign)
        finally:
            context.close()


def test_requests_are_local_and_succeed(loaded: sitekit.PageLoad) -> None:
    w = loaded.watch
    assert not w.foreign, f"{loaded.rel} requested other hosts than 127.0.0.1: {w.foreign}"
    assert not w.failed, f"{loaded.rel} has failed requests: {w.failed}"


def test_no_script_errors(loaded: sitekit.PageLoad) -> None:
    w = loaded.watch
    errors = w.unexpected_page_errors()
    assert not errors, f"{loaded.rel}: uncaught JavaScript errors: {errors}"
    assert not w.console_errors, f"{loaded.rel}: console errors: {w.console_errors}"


def test_every_chart_has_a_view(loaded: sitekit.PageLoad) -> None:
    charts = loaded.charts
    broken = [c for c in charts if c["state"] != "ready" or c["error"] or not c["hasView"]]
    assert not broken, f"{loaded.rel}: charts not drawn: {broken}"
    assert loaded.views == len(charts), (
        f"{loaded.rel}: {len(charts)} .pathways-chart elements but {loaded.views} Vega views"
    )


def test_page_weight(loaded: sitekit.PageLoad) -> None:
    assert loaded.html_bytes < sitekit.PAGE_LIMIT, (
        f"{loaded.rel}: the page's HTML (with its embedded chart data) weighs "
        f"{loaded.html_bytes:,} bytes, over the {sitekit.PAGE_LIMIT:,}-byte budget"
    )


def test_screenshot_written(loaded: sitekit.PageLoad) -> None:
    shot = loaded.screenshot
    assert shot is not None and shot.is_file() and shot.stat().st_size > 0, (
        f"no screenshot for {loaded.rel}"
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
