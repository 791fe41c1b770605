"""Every page of the built book loads cleanly, offline, with every chart drawn.

One cold load per page (fresh browser context): no failed request, no request to any host
but the local server, no uncaught JavaScript error or console error, one Vega view per
`.pathways-chart` and no embed error, the page's own weight under 1 MB, a screenshot.
And only what the page uses (README, "Benchmarks"): every chart ships as compiled Vega and
Vega is loaded once, only on pages with charts; never Vega-Lite, Vega-Embed, the theme's
fontawesome.js or its webfonts (every icon is drawn by _ext/svg_icons.py's stylesheet);
never MathJax: every equation is an SVG typeset at build time (_ext/static_math.py); never
Sphinx's search index but on the search page, where searching still finds the essay's pages.
"""

from __future__ import annotations

import re
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


#: Never requested by any page: the Vega-Lite compiler and Vega-Embed (charts are compiled
#: at build time), the theme's fontawesome.js and its webfonts (icons are a stylesheet),
#: MathJax (equations are typeset at build time).
#: Sphinx's search files: only search.html loads them (_templates/layout.html).
NEVER = (
    "vega-lite",
    "vega-embed",
    "/scripts/fontawesome.js",
    "/fontawesome/webfonts/",
    "/mathjax/",
    "/searchindex.js",
    "/searchtools.js",
)
VEGA = "/_static/vendor/vega.min.js"
#: Sphinx's math element before typesetting, and after (_ext/static_math.py).
RAW_MATH = 'class="math notranslate nohighlight"'
MATH = re.compile(r'<(span|div) class="math"[^>]*>(.*?)</\1>', flags=re.DOTALL)


def test_charts_ship_compiled_vega(loaded: sitekit.PageLoad, site: Path) -> None:
    formats = sitekit.chart_formats(site / loaded.rel)
    assert len(formats) == len(loaded.charts), (loaded.rel, formats)
    assert set(formats.values()) <= {"vega"}, f"{loaded.rel}: charts not compiled: {formats}"
    for cid, spec in sitekit.chart_specs(site / loaded.rel).items():
        schema = (spec or {}).get("$schema", "")
        assert schema.startswith("https://vega.github.io/schema/vega/v6"), (cid, schema)


def test_loads_only_what_the_page_uses(loaded: sitekit.PageLoad, site: Path) -> None:
    requests = loaded.watch.requests
    unwanted = [u for u in requests if any(part in u for part in NEVER)]
    assert not unwanted, f"{loaded.rel} requested {unwanted}"
    vega = [u for u in requests if VEGA in u]
    assert len(vega) == (1 if loaded.charts else 0), (loaded.rel, len(loaded.charts), vega)
    html = (site / loaded.rel).read_text(encoding="utf-8")
    if loaded.charts:  # in the head, with `defer`: fetched with the theme's files
        head = html.split("</head>", 1)[0]
        assert "data-pathways-vega" in head and "vega.min.js" in head, loaded.rel


def test_equations_are_typeset_at_build_time(loaded: sitekit.PageLoad, site: Path) -> None:
    html = (site / loaded.rel).read_text(encoding="utf-8")
    assert RAW_MATH not in html, f"{loaded.rel}: an equation left for MathJax"
    for _, inner in MATH.findall(html):
        assert "<mjx-container" in inner and "<svg" in inner and "<mjx-assistive-mml" in inner, (
            f"{loaded.rel}: a math element without its SVG and MathML: {inner[:160]!r}"
        )
        assert "\\(" not in inner and "\\[" not in inner, (loaded.rel, inner[:160])


def test_every_icon_is_drawn(loaded: sitekit.PageLoad) -> None:
    undrawn = [i for i in loaded.icons if i["mask"] in ("", "none") or i["width"] <= 0]
    assert not undrawn, (
        f"{loaded.rel}: icons without an outline (_ext/svg_icons.py ICONS): {undrawn}"
    )
    assert loaded.icons or loaded.error, (
        f"{loaded.rel}: no theme icon found (a selector out of date?)"
    )


def test_search_page_finds_pages(site: Path, base_url: str, browser) -> None:
    """The search index, left out of every other page, still serves the search page."""
    context, page, watch, _ = sitekit.open_page(browser, base_url, "search.html?q=engagement")
    try:
        page.wait_for_function(
            "() => document.querySelectorAll('#search-results ul.search li').length > 0",
            timeout=sitekit.CHART_TIMEOUT_MS,
        )
        hits = page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results ul.search li a'))"
            ".map((a) => a.getAttribute('href'))"
        )
        assert any("chapters/" in h for h in hits), hits
        assert not watch.failed and not watch.foreign and not watch.console_errors, (
            watch.failed, watch.foreign, watch.console_errors,
        )  # fmt: skip
    finally:
        context.close()
