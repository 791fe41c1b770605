"""Every chapter as a Binder reader gets it: JupyterLab from an environment built only from
binder/ (requirements.txt, then postBuild, as repo2docker runs them), each chapter opened in
Debian's Chromium and run with Run > Run All Cells.

Per chapter: no cell shows an error; every chart is drawn (``data-pathways-state=ready``);
the live panel moves (a slider set by typing into its readout changes the verdict text); no
rendered markdown cell shows role or directive syntax; every solution is folded; and a
chart's own slider moves with the arrow keys (JupyterLab's notebook shortcuts must not take
them). The chart libraries' CDN requests are served from node_modules through a route, so the
test runs offline. Three chapters are photographed into screenshots/jupyterlab/ for a person
to look at. One JupyterLab server per session, chapters opened one at a time.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_readers_binder import chapter_notebooks

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "screenshots" / "jupyterlab"
PHOTOGRAPHED = ("chapters/intro", "chapters/pathway2", "chapters/synthesis")
#: What a reader must never see in a rendered markdown cell.
RAW = ("{glue", "{eval", "{cite}", "{term}", "{doc}", ":::{", "```{", ":class:")
CDN = re.compile(r"^https://cdn\.jsdelivr\.net/npm/(?P<name>[^@/]+)@[^/]+/(?P<file>.+)$")
#: Chart sliders: the runtime's own markup or Vega's bindings, whichever the chart uses.
CHART_SLIDER = ".pathways-chart input[type=range], .vega-bind input[type=range]"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no {CHROMIUM}")


@pytest.fixture(scope="session")
def lab_root(binder_env, tmp_path_factory) -> Path:
    """The repository as Binder's image holds it: binder/postBuild run in a copy."""
    _venv, env = binder_env
    root = tmp_path_factory.mktemp("binder-repo")
    for name in ("chapters", "tools", "binder"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, root / name)
    result = subprocess.run(
        ["bash", "binder/postBuild"], cwd=root, env=env, capture_output=True, text=True,
        timeout=3600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def lab(binder_env, lab_root) -> Iterator[str]:
    """One JupyterLab server on 127.0.0.1 for the session; yields its base URL with token."""
    venv, env = binder_env
    port, token = _free_port(), secrets.token_hex(16)
    args = [str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1"]
    args += [f"--port={port}", f"--IdentityProvider.token={token}"]
    args += [f"--ServerApp.root_dir={lab_root}", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    # No "get notified about Jupyter news?" toast over the notebook.
    labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}'
    )
    log = (lab_root / "jupyterlab.log").open("w")
    server = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/status?token={token}", server, lab_root / "jupyterlab.log")
        yield f"{base}|{token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _wait_for(url: str, server: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"JupyterLab exited:\n{log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise AssertionError(
        f"JupyterLab did not answer within {timeout} s:\n{log.read_text()[-3000:]}"
    )


def _serve_cdn(route: Any) -> None:
    """A chart library's CDN file from node_modules (same pinned version), else refuse."""
    m = CDN.match(route.request.url)
    path = ROOT / "node_modules" / m["name"] / m["file"] if m else None
    if path is None or not path.is_file():
        route.abort()
        return
    route.fulfill(path=str(path), content_type="application/javascript")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


#: Each chapter is opened once; its tests read the report.
_REPORTS: dict[str, dict[str, Any]] = {}


@pytest.fixture
def report(request, lab, browser) -> dict[str, Any]:
    docname = request.node.callspec.params["docname"]
    if docname not in _REPORTS:
        _REPORTS[docname] = visit(lab, browser, docname)
    return _REPORTS[docname]


def visit(lab: str, browser: Any, docname: str) -> dict[str, Any]:
    """Open the chapter, run all cells, and record what a reader would see."""
    base, token = lab.split("|")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), _serve_cdn)
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{base}/lab/tree/{docname}.ipynb?token={token}&reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=180_000)
        _run_all(page)
        out = {"errors": _errors(page), "charts": _charts(page), "raw": _raw_markup(page)}
        out["solutions"] = _solutions(page)
        if docname in PHOTOGRAPHED:
            _photograph(page, docname)
        out["panels"] = _move_panels(page)
        out["arrow"] = _arrow_key(page)
        return out
    finally:
        context.close()


#: The status bar's kernel item once the chapter's kernel has started and is ready.
KERNEL_READY = """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
    .some(e => /\\(ipykernel\\) \\| Idle$/.test(e.textContent.trim()))"""
STARTED = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""


def _run_all(page: Any) -> None:
    """Run > Run All Cells once the kernel is ready (clicked again if nothing started)."""
    page.wait_for_function(KERNEL_READY, timeout=300_000, polling=500)
    for _attempt in range(3):
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
        try:
            page.wait_for_function(STARTED, timeout=60_000, polling=500)
            break
        except playwright.TimeoutError:
            page.keyboard.press("Escape")
    try:
        page.wait_for_function(
            """() => {
              const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
              return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
            }""",
            timeout=900_000,
            polling=1000,
        )
    except playwright.TimeoutError:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "run-all-timeout.png"))
        prompts = page.eval_on_selector_all(
            ".jp-CodeCell .jp-InputPrompt", "ps => ps.map(p => p.textContent)"
        )
        raise AssertionError(f"Run All did not finish; prompts {prompts}") from None


def _errors(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']",
        "els => els.map(e => e.innerText.slice(0, 500))",
    )


def _charts(page: Any) -> dict[str, int]:
    page.wait_for_function(
        """() => [...document.querySelectorAll('.pathways-chart')]
                 .every(c => c.dataset.pathwaysState)""",
        timeout=120_000,
    )
    states = page.eval_on_selector_all(
        ".pathways-chart", "els => els.map(e => e.dataset.pathwaysState)"
    )
    return {"total": len(states), "ready": states.count("ready")}


def _raw_markup(page: Any) -> dict[str, Any]:
    texts = page.eval_on_selector_all(
        ".jp-MarkdownCell", "cells => cells.map(c => { const r = c.querySelector('.myst, "
        ".jp-RenderedMarkdown'); return r ? r.innerText : null; })",
    )  # fmt: skip
    raw = sorted({m for t in texts if t for m in RAW if m in t})
    return {"cells": len(texts), "unrendered": texts.count(None), "markers": raw}


def _solutions(page: Any) -> dict[str, int]:
    return page.evaluate(
        """() => {
          const sol = [...document.querySelectorAll('.jp-MarkdownCell details')]
            .filter(d => /^\\s*Solution/.test(d.querySelector('summary')?.innerText || ''));
          return {total: sol.length, open: sol.filter(d => d.open).length};
        }"""
    )


def _move_panels(page: Any) -> list[dict[str, Any]]:
    """Per live panel: its verdict before and after typing a new value into a slider."""
    panels = page.locator(".jp-OutputArea-output .widget-vbox:has(.widget-slider)").filter(
        has_text="Verdict."
    )
    moved = []
    for i in range(panels.count()):
        panel = panels.nth(i)
        panel.scroll_into_view_if_needed()
        verdict = panel.locator(".widget-html", has_text="Verdict.").first
        before = verdict.inner_text()
        readout = panel.locator(".widget-slider .widget-readout").first
        for value in ("0", "1"):
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type(value)
            page.keyboard.press("Enter")
            try:
                page.wait_for_function(
                    "([el, text]) => el.innerText !== text",
                    arg=[verdict.element_handle(), before],
                    timeout=20_000,
                )
                break
            except playwright.TimeoutError:
                continue
        moved.append({"before": before, "after": verdict.inner_text()})
    return moved


def _arrow_key(page: Any) -> dict[str, Any] | None:
    """A chart's own slider, focused, after ArrowRight (None: the chapter has none)."""
    slider = page.locator(CHART_SLIDER).first
    if page.locator(CHART_SLIDER).count() == 0:
        return None
    slider.scroll_into_view_if_needed()
    slider.click()
    attrs = slider.evaluate("e => ({value: e.value, max: e.max})")
    if attrs["value"] == attrs["max"]:
        page.keyboard.press("ArrowLeft")
    else:
        page.keyboard.press("ArrowRight")
    time.sleep(0.5)
    after = slider.evaluate("e => e.value")
    return {"before": attrs["value"], "after": after}


def _photograph(page: Any, docname: str) -> None:
    """The chapter's opening, its first chart or panel, and its exercises, as a reader sees
    them (JupyterLab draws only the cells in view, so each shot waits for the scroll)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = Path(docname).name
    page.evaluate(
        "document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer').scrollTo(0, 0)"
    )
    time.sleep(2)
    page.screenshot(path=str(SHOTS / f"{name}-1-top.png"))
    shown = page.locator(".pathways-chart, .widget-slider").first
    if shown.count():
        shown.scroll_into_view_if_needed()
        time.sleep(2)
        page.screenshot(path=str(SHOTS / f"{name}-2-chart.png"))
    page.locator(".jp-MarkdownCell", has_text="Exercise").last.scroll_into_view_if_needed()
    time.sleep(2)
    page.screenshot(path=str(SHOTS / f"{name}-3-exercises.png"))


CHAPTERS = chapter_notebooks()


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_runs_and_reads_in_jupyterlab(report, docname):
    assert not report["errors"], f"{docname}: cells raised in JupyterLab: {report['errors']}"
    charts = report["charts"]
    assert charts["ready"] == charts["total"], f"{docname}: charts not drawn: {charts}"
    raw = report["raw"]
    assert raw["unrendered"] == 0, f"{docname}: {raw['unrendered']} markdown cells unrendered"
    assert not raw["markers"], f"{docname}: a reader sees raw markup {raw['markers']}"
    sol = report["solutions"]
    assert sol["open"] == 0, f"{docname}: {sol['open']} of {sol['total']} solutions open"
    for moved in report["panels"]:
        assert moved["after"] != moved["before"], f"{docname}: the live panel did not move"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_has_exercises_with_folded_solutions(report, docname):
    """Every chapter ends with exercises; Binder's copy keeps their solutions, folded."""
    assert report["solutions"]["total"] >= 2, f"{docname}: solutions {report['solutions']}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chart_sliders_take_the_arrow_keys(report, docname):
    if report["arrow"] is None:
        pytest.skip(f"{docname} has no chart slider")
    arrow = report["arrow"]
    assert arrow["after"] != arrow["before"], (
        f"{docname}: ArrowRight on a chart slider left it at {arrow['before']} (JupyterLab's "
        "notebook shortcut took the key; the slider needs data-lm-suppress-shortcuts)"
    )
