"""Fixtures for the browser tests: the built site, a local server, Chromium, one cold load per page.

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site    # default: <repo>/_build/html

The tests never skip: a missing site, browser or axe-core is a failure that says what to do.
"""

from __future__ import annotations

import time
from pathlib import Path

import builtsite
import pytest
import sitekit
from sitekit import PageLoad

MISSING = "<no built site>"

_loads: dict[str, PageLoad] = {}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_path" in metafunc.fixturenames:
        pages, _ = builtsite.discover(sitekit.site_dir())
        # A missing or empty site still yields one test, which fails and says why.
        metafunc.parametrize("page_path", pages or [MISSING])


@pytest.fixture(scope="session")
def site() -> Path:
    path = sitekit.site_dir()
    if not path.is_dir():
        pytest.fail(sitekit.missing_site_message(path), pytrace=False)
    pages, _ = builtsite.discover(path)
    if not pages:
        pytest.fail(f"no pages in the built site {path}", pytrace=False)
    return path


@pytest.fixture(scope="session")
def base_url(site: Path):
    with builtsite.served(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    problem = builtsite.missing_chromium()
    if problem:
        pytest.fail(problem, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = builtsite.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    import json

    if not sitekit.AXE.is_file():
        pytest.fail(f"axe-core is not at {sitekit.AXE}: run npm ci", pytrace=False)
    pinned = json.loads((sitekit.REPO / "package.json").read_text())["dependencies"]["axe-core"]
    installed = json.loads((sitekit.AXE.parent / "package.json").read_text())["version"]
    if installed != pinned:
        pytest.fail(f"axe-core {installed} installed, package.json pins {pinned}: run npm ci")
    return sitekit.AXE.read_text(encoding="utf-8")


@pytest.fixture
def loaded(page_path: str, site: Path, base_url: str, browser, axe_source: str) -> PageLoad:
    """One cold load of the page (shared by the page and accessibility tests)."""
    if page_path not in _loads:
        _loads[page_path] = _load(page_path, site, base_url, browser, axe_source)
    ld = _loads[page_path]
    if ld.error:
        pytest.fail(f"{page_path}: {ld.error}", pytrace=False)
    return ld


#: When the page loaded and when its last chart became ready (ms from navigation start).
_TIMING = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const ready = (window.__siteTestTimes || {ready: []}).ready;
  return {load: nav ? nav.loadEventEnd : null,
          charts: ready.length ? Math.max(...ready) : null};
}"""

#: axe-core's serious-or-not violations of the page (axe injected beforehand).
_AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return {version: axe.version, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))
  }))};
}"""


def _weights(site: Path, base: str, requests: list[str]):
    """Per served file (category, raw, gzip) and the raw and gzip totals per category."""
    resources: dict[str, tuple[str, int, int]] = {}
    by_cat: dict[str, int] = {}
    gz_cat: dict[str, int] = {}
    for url in dict.fromkeys(requests):
        f = builtsite.resource_file(site, base, url)
        if f is None:
            continue
        path = "/" + f.relative_to(site).as_posix()
        cat = sitekit.category(path)
        raw, gz = builtsite.file_weight(f)
        resources[path] = (cat, raw, gz)
        by_cat[cat] = by_cat.get(cat, 0) + raw
        gz_cat[cat] = gz_cat.get(cat, 0) + gz
    return resources, by_cat, gz_cat


def _failed_load(rel: str, site: Path, base: str, start: float, error: Exception) -> PageLoad:
    """A page that never settles: keep what is known, fail its tests."""
    return PageLoad(rel, (site / rel).stat().st_size, sitekit.Watch(base), [], 0, {}, {}, {},
                    (time.perf_counter() - start) * 1000, None, None,
                    error=f"did not load or its charts never settled: {error}")  # fmt: skip


def _load(rel: str, site: Path, base: str, browser, axe_source: str) -> PageLoad:
    start = time.perf_counter()
    try:
        context, page, watch, _ = sitekit.open_page(browser, base, rel)
    except Exception as e:
        return _failed_load(rel, site, base, start, e)
    try:
        charts = page.evaluate(sitekit.CHART_STATES)
        views = page.evaluate("(window.__pathwaysViews || []).length")
        timing = page.evaluate(_TIMING)
        resources, by_cat, gz_cat = _weights(site, base, watch.requests)
        sitekit.SCREENSHOTS.mkdir(exist_ok=True)
        shot = sitekit.SCREENSHOTS / sitekit.screenshot_name(rel)
        page.screenshot(path=str(shot), full_page=True)
        page.add_script_tag(content=axe_source)
        return PageLoad(
            rel=rel,
            html_bytes=(site / rel).stat().st_size,
            watch=watch,
            charts=charts,
            views=views,
            bytes_by_category=by_cat,
            gzip_by_category=gz_cat,
            resources=resources,
            load_ms=timing["load"] or 0.0,
            charts_ms=timing["charts"] if charts else None,
            screenshot=shot,
            axe=page.evaluate(_AXE_RUN),
            icons=page.evaluate(sitekit.ICON_STATES),
        )
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not _loads and not sitekit.NOTES:
        return
    text = sitekit.report_markdown(_loads, sitekit.NOTES, sitekit.site_dir())
    sitekit.REPORT.parent.mkdir(parents=True, exist_ok=True)
    sitekit.REPORT.write_text(text, encoding="utf-8")
    terminalreporter.section("site report (weights, speed, notes)")
    terminalreporter.write(text)
    terminalreporter.write_line(
        f"(written to {sitekit.REPORT}; screenshots in {sitekit.SCREENSHOTS})"
    )
