"""Scenarios a reader can share, cite and reproduce (lib/pathways/present/js/scenario.js), in
the built book: the address keeps each chart's scenario (replaceState while sliding,
pushState for presets and resets, back/forward restores), a bad address value is ignored
with a one-line text note, reset, the copied command and the exported CSV give the
library's numbers, the SVG and PNG are made offline, and the toolbar passes axe and works
from the keyboard, on a phone's width too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import sitekit
from pathways import default_model, evaluate, scenario_values
from pathways.model.scenario_string import format_scenario

SPEC = default_model().spec
INTRO = "chapters/intro.html"  # one explorer: engagement and threat, the overall verdict
SYNTHESIS = "chapters/synthesis.html"  # an explorer and a marginal chart share `threat`
READY = "() => Array.from(document.querySelectorAll('.pathways-chart')).every((c) => " \
    "c.getAttribute('data-pathways-scenario') === 'ready' && !c.hasAttribute('data-pathways-pending'))"  # fmt: skip
PHONE = {"width": 390, "height": 844}


class Reader:
    """A fresh browser context on one page, with everything that went wrong recorded."""

    def __init__(self, browser, base: str, rel: str, viewport=None):
        self.base = base
        self.context = browser.new_context(viewport=viewport or sitekit.VIEWPORT,
                                           service_workers="block", accept_downloads=True)  # fmt: skip
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base[:-1])
        self.page = self.context.new_page()
        self.watch = sitekit.Watch(base)
        self.watch.attach(self.context, self.page)
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.go(base + rel)

    def go(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.settle()

    def settle(self) -> None:
        self.page.wait_for_timeout(50)
        self.page.wait_for_function(READY, timeout=sitekit.CHART_TIMEOUT_MS)

    def chart(self, i: int = 0):
        return self.page.locator(".pathways-chart").nth(i)

    def slide(self, name: str, value: float, i: int = 0) -> None:
        """Move a slider as a reader does: the range input's value, then its input event."""
        self.chart(i).locator(f'input[type="range"][name="{name}"]').fill(str(value))
        self.page.wait_for_function(
            "i => document.querySelectorAll('.pathways-chart')[i].hasAttribute('data-pathways-pending')",
            arg=i, timeout=5000,
        )  # fmt: skip
        self.settle()

    def sliders(self, i: int = 0) -> dict[str, float]:
        inputs = self.chart(i).locator('input[type="range"]')
        return {inputs.nth(k).get_attribute("name"): float(inputs.nth(k).input_value())
                for k in range(inputs.count())}  # fmt: skip

    def call(self, what: str, i: int = 0):
        return self.page.evaluate(
            f"i => document.querySelectorAll('.pathways-chart')[i].__pathwaysScenario.{what}()", i
        )

    def verdict(self, i: int = 0) -> str:
        return self.chart(i).locator(".pathways-verdict").inner_text()

    def notes(self, i: int = 0) -> list[str]:
        return self.chart(i).locator(".pathways-note").all_inner_texts()

    def button(self, label: str, i: int = 0):
        return self.chart(i).get_by_role("button", name=label, exact=True)

    def problems(self) -> list[str]:
        w = self.watch
        return [*w.foreign, *w.failed, *w.unexpected_page_errors(), *w.console_errors,
                *(f"dialog: {d}" for d in self.dialogs)]  # fmt: skip

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def reader(browser, base_url):
    opened: list[Reader] = []

    def open_(rel: str = INTRO, viewport=None) -> Reader:
        r = Reader(browser, base_url, rel, viewport)
        opened.append(r)
        return r

    yield open_
    for r in opened:
        r.close()


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def numbers_of(csv_text: str) -> dict[str, float]:
    """The CSV's numbers by label (section `number`), in full precision."""
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    return {r["label"]: float(r["value"]) for r in rows if r["section"] == "number"}


def library_numbers(values: dict[str, float]) -> dict[str, float]:
    """What the explorer's table shows, computed by the library."""
    r = evaluate(values)
    out = {p.label: float(c) for p, c in zip(SPEC.pathways, r.table["contribution"], strict=True)}
    out[SPEC.quantities["net"].label] = r.net
    out[f"{SPEC.policies['exclusive'].short}: total"] = r.policy.exclusive
    out[f"{SPEC.policies['inclusive'].short}: total"] = r.policy.inclusive
    out[SPEC.quantities["policy"].label] = r.policy.margin
    return out


def assert_close(got: dict[str, float], want: dict[str, float]) -> None:
    assert set(got) == set(want)
    for k, v in want.items():
        assert abs(got[k] - v) <= 1e-9, (k, got[k], v)


# --------------------------------------------------------------------------- the address


def test_the_address_keeps_the_scenario_and_a_fresh_reader_gets_it_back(reader):
    r = reader()
    length = r.page.evaluate("history.length")
    r.slide("engagement", 0.3)
    r.slide("threat", 0.8)
    assert query(r.page.url) == {"explorer.engagement": "0.30", "explorer.threat": "0.80"}
    assert r.page.evaluate("history.length") == length, "a slider move adds no history entry"
    values = {"engagement": 0.3, "threat": 0.8}
    assert r.call("scenario") == format_scenario(values, SPEC)
    verdict = r.verdict()
    assert verdict == evaluate(values).verdict
    other = reader()
    other.go(r.page.url)
    assert other.sliders() == values
    assert other.verdict() == verdict
    assert_close(numbers_of(other.call("csv")), library_numbers(values))
    assert other.notes() == [] and other.problems() == [] and r.problems() == []


def test_back_and_forward_restore_presets_and_resets(reader):
    r = reader()
    r.slide("engagement", 0.25)
    r.chart().get_by_label("Period preset (the essay’s reading)").select_option("present_day")
    r.button("Load the preset").click()
    r.settle()
    preset = {k: SPEC.presets["present_day"].values[k] for k in ("engagement", "threat")}
    assert r.sliders() == preset
    assert "Present day" in r.chart().locator(".pathways-preset-note").inner_text()
    r.button("Reset to the defaults").click()
    r.settle()
    defaults = {"engagement": 0.7, "threat": 0.7}
    assert r.sliders() == defaults and query(r.page.url) == {}
    r.page.go_back()
    r.settle()
    assert r.sliders() == preset
    assert query(r.page.url) == {"explorer.engagement": "0.75", "explorer.threat": "0.85"}
    r.page.go_back()
    r.settle()
    assert r.sliders() == {"engagement": 0.25, "threat": 0.7}
    r.page.go_forward()
    r.page.go_forward()
    r.settle()
    assert r.sliders() == defaults
    assert r.problems() == []


def test_the_address_can_name_a_preset(reader, base_url):
    r = reader(INTRO + "?explorer.preset=cold_war_1970s&explorer.engagement=0.40")
    cold = SPEC.presets["cold_war_1970s"].values
    assert r.sliders() == {"engagement": 0.4, "threat": cold["threat"]}
    assert r.verdict() == evaluate({"engagement": 0.4, "threat": cold["threat"]}).verdict
    assert r.notes() == [] and r.problems() == []


def test_several_charts_on_a_page_keep_their_own_values(reader):
    r = reader(SYNTHESIS)
    r.slide("threat", 0.2, 0)
    r.slide("threat", 0.9, 1)
    q = query(r.page.url)
    assert q["explorer.threat"] == "0.20" and q["marginal.threat"] == "0.90"
    again = reader(SYNTHESIS)
    again.go(r.page.url)
    assert again.sliders(0)["threat"] == 0.2 and again.sliders(1)["threat"] == 0.9
    assert "marginal." not in again.call("link", 0) and "explorer." not in again.call("link", 1)
    assert r.problems() == [] and again.problems() == []


BAD = [
    ("explorer.engagement=abc", "engagement=abc", "not a number"),
    ("explorer.engagement=1.5", "engagement=1.5", "out of range"),
    ("explorer.engagement=0x1", "engagement=0x1", "not a number"),
    ("explorer.hope=0.5", "hope=0.5", "this chart has no such control"),
    ("explorer.preset=golden_age", "preset=golden_age", "no such period preset"),
    ("explorer.engagement=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
     "engagement=<img src=x onerror=alert(1)>", "not a number"),
    ("explorer.engagement=javascript:alert(1)", "engagement=javascript:alert(1)", "not a number"),
]  # fmt: skip


@pytest.mark.parametrize(("item", "shown", "why"), BAD)
def test_a_bad_address_value_is_ignored_with_a_text_note(reader, item, shown, why):
    r = reader(f"{INTRO}?{item}&explorer.threat=0.80")
    notes = r.notes()
    assert len(notes) == 1 and f"explorer.{shown}" in notes[0] and why in notes[0]
    assert (
        r.chart().locator(".pathways-notes img, .pathways-notes a, .pathways-notes script").count()
        == 0
    )
    assert r.sliders() == {"engagement": 0.7, "threat": 0.8}, "the valid item applies"
    assert r.verdict() == evaluate({"threat": 0.8}).verdict
    assert query(r.page.url) == dict(parse_qsl(f"{item}&explorer.threat=0.80")), "left as given"
    r.slide("engagement", 0.5)  # the chart still works
    assert r.verdict() == evaluate({"threat": 0.8, "engagement": 0.5}).verdict
    assert r.problems() == []


def test_reset_restores_the_defaults_and_clears_the_address(reader, base_url):
    r = reader(INTRO + "?explorer.engagement=0.10&explorer.threat=0.20&ref=mail")
    assert r.sliders() == {"engagement": 0.1, "threat": 0.2}
    r.button("Reset to the defaults").click()
    r.settle()
    assert r.sliders() == {"engagement": 0.7, "threat": 0.7}
    assert query(r.page.url) == {"ref": "mail"}, "only the chart's own items go"
    assert r.verdict() == evaluate().verdict


# --------------------------------------------------------------------------- reproduce, export


def test_the_copied_command_gives_the_pages_numbers(reader, tmp_path):
    r = reader(INTRO + "?explorer.engagement=0.30&explorer.threat=0.80")
    r.chart().get_by_text("Cite and reproduce this scenario").click()
    command = r.chart().locator('[data-pathways-cite="command"]').inner_text()
    r.button("Copy the command").click()
    assert r.page.evaluate("navigator.clipboard.readText()") == command
    assert command == 'python -m pathways evaluate --scenario "threat=0.80,engagement=0.30" --json'
    scenario = command.split('"')[1]
    proc = subprocess.run([sys.executable, "-m", "pathways", "evaluate", "--scenario", scenario,
                           "--json"], capture_output=True, text=True, cwd=tmp_path, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    page = numbers_of(r.call("csv"))
    assert abs(page[SPEC.quantities["net"].label] - d["net"]) <= 1e-9
    assert abs(page[SPEC.quantities["policy"].label] - d["policy"]["margin"]) <= 1e-9
    for p in d["pathways"]:
        assert abs(page[p["label"]] - p["contribution"]) <= 1e-9
    assert d["verdict"] == r.verdict()


def test_citation_bibtex_and_code_name_the_scenario_and_the_version(reader):
    r = reader(INTRO + "?explorer.engagement=0.30&explorer.threat=0.80")
    texts = r.call("texts")
    version = "0.1.0"
    assert "threat=0.80, engagement=0.30" in texts["citation"] and version in texts["citation"]
    assert (
        "https://pathways-essay.github.io/ambivalent-us-roles/chapters/intro.html?"
        in texts["citation"]
    )
    assert f"version   = {{{version}}}" in texts["bibtex"]
    assert 'scenario="threat=0.80,engagement=0.30"' in texts["code"]
    r.button("Copy link to this scenario").click()
    link = r.page.evaluate("navigator.clipboard.readText()")
    assert query(link) == {"explorer.engagement": "0.30", "explorer.threat": "0.80"}
    status = r.chart().locator(".pathways-scenario-status")
    status.filter(has_text="Copied the link.").wait_for(timeout=5000)


def test_the_csv_download_equals_the_library(reader, tmp_path):
    r = reader(INTRO + "?explorer.preset=post_cold_war_1990s")
    with r.page.expect_download() as d:
        r.button("Save data as CSV").click()
    path = tmp_path / "data.csv"
    d.value.save_as(path)
    assert d.value.suggested_filename == "intro-explorer.csv"
    text = path.read_text(encoding="utf-8")
    values = {k: v for k, v in scenario_values("post_cold_war_1990s").items()
              if k in ("engagement", "threat")}  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r_["name"]: float(r_["value"]) for r_ in rows if r_["section"] == "scenario"} == values
    assert_close(numbers_of(text), library_numbers(values))
    assert r.problems() == []


def test_svg_and_png_are_made_offline_with_the_verdict_and_scenario(reader, tmp_path):
    r = reader(INTRO + "?explorer.engagement=0.30&explorer.threat=0.80")
    requests = len(r.watch.requests)
    with r.page.expect_download() as d:
        r.button("Save as SVG").click()
    svg = Path(d.value.path()).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Scenario: threat=0.80, engagement=0.30" in svg
    first_clause = evaluate({"engagement": 0.3, "threat": 0.8}).verdict.split(";")[0]
    assert first_clause in svg.replace("−", "−")
    with r.page.expect_download() as d:
        r.button("Save as PNG").click()
    assert Path(d.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    new = [u for u in r.watch.requests[requests:] if not u.startswith(("blob:", "data:"))]
    assert new == [] and r.problems() == []


# --------------------------------------------------------------------------- access


def test_toolbar_and_note_pass_axe_and_fit_a_phone(reader, axe_source):
    r = reader(INTRO + "?explorer.engagement=2", viewport=PHONE)
    r.chart().get_by_text("Cite and reproduce this scenario").click()
    r.page.add_script_tag(content=axe_source)
    result = r.page.evaluate(
        """async () => {
          const els = Array.from(document.querySelectorAll('.pathways-toolbar, .pathways-notes'));
          return await axe.run({include: els.map((e) => [e])});
        }"""
    )
    bad = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    assert r.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    buttons = r.chart().locator(".pathways-scenario button")
    for k in range(buttons.count()):
        box = buttons.nth(k).bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, buttons.nth(k).inner_text()
        assert box["x"] + box["width"] <= PHONE["width"], buttons.nth(k).inner_text()


def test_the_toolbar_works_from_the_keyboard(reader):
    r = reader(INTRO + "?explorer.engagement=0.10")
    r.button("Reset to the defaults").focus()
    r.page.keyboard.press("Enter")
    r.settle()
    assert r.sliders()["engagement"] == 0.7
    r.page.keyboard.press("Tab")  # to "Copy link to this scenario"
    assert r.page.evaluate("document.activeElement.textContent") == "Copy link to this scenario"
    r.page.keyboard.press("Space")
    r.page.wait_for_function(
        "() => !!document.querySelector('.pathways-scenario-status').textContent"
    )
    menu = r.chart().get_by_label("Period preset (the essay’s reading)")
    menu.focus()
    r.page.keyboard.press("ArrowDown")  # the next preset
    r.page.keyboard.press("Tab")
    r.page.keyboard.press("Enter")
    r.settle()
    assert r.sliders()["threat"] == SPEC.presets["post_cold_war_1990s"].values["threat"]
    for label, suffix in (("Save data as CSV", ".csv"), ("Save as SVG", ".svg"),
                          ("Save as PNG", ".png")):  # fmt: skip
        r.button(label).focus()
        with r.page.expect_download() as d:
            r.page.keyboard.press("Enter")
        assert d.value.suggested_filename == "intro-explorer" + suffix
    assert r.problems() == []


# --------------------------------------------------------------------------- every page

FIRST_RANGES = """() => Array.from(document.querySelectorAll('.pathways-chart')).map((c) => {
  const r = c.querySelector('input[type="range"]');
  return r ? {name: r.name, min: r.min, max: r.max, value: r.value} : null;
})"""


def test_every_live_chart_keeps_and_restores_its_scenario(page_path, reader):
    """On every page, each chart's first slider moved to an end of its range: the address
    carries every chart's value, and a fresh reader of that address sees each one."""
    if page_path == "<no built site>":
        pytest.fail("no built site: build the book first")
    r = reader(page_path)
    moved = {}
    for i, first in enumerate(r.page.evaluate(FIRST_RANGES)):
        if first is None:
            continue
        end = first["min"] if float(first["value"]) != float(first["min"]) else first["max"]
        r.slide(first["name"], float(end), i)
        moved[i] = (first["name"], float(end))
    if not moved:  # a page without sliders has no scenario to keep, but must load cleanly
        assert r.problems() == []
        return
    again = reader(page_path)
    again.go(r.page.url)
    for i, (name, value) in moved.items():
        assert again.sliders(i)[name] == value, (page_path, i, name)
    assert r.problems() == [] and again.problems() == []


# --------------------------------------------------------------------------- Jupyter


def _cdn_route(route) -> None:
    """Serve jsDelivr's npm URLs from node_modules (the versions package.json pins)."""
    name_version, _, path = route.request.url.split("/npm/", 1)[1].partition("/")
    route.fulfill(path=str(sitekit.REPO / "node_modules" / name_version.rsplit("@", 1)[0] / path),
                  content_type="application/javascript")  # fmt: skip


def test_in_jupyter_the_toolbar_leaves_the_address_alone(tmp_path, browser):
    """The renderer's own output (no content root): presets, reset, the scenario string,
    command and code work; there is no link to copy and the address never changes."""
    import builtsite
    from pathways import charts
    from pathways.present import render

    body = render.render(charts.explorer(["engagement", "threat"], group=2).to_dict())["text/html"]
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    with builtsite.served(tmp_path) as url:
        context = browser.new_context(viewport=PHONE)
        context.route("https://cdn.jsdelivr.net/npm/**", _cdn_route)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(url + "index.html?explorer.engagement=0.10")
            page.wait_for_function(READY, timeout=sitekit.CHART_TIMEOUT_MS)
            chart = page.locator(".pathways-chart")
            assert chart.get_by_role("button", name="Copy link to this scenario").count() == 0
            assert chart.locator('input[name="engagement"][type="range"]').input_value() == "0.7"
            chart.get_by_label("Period preset (the essay’s reading)").select_option(
                "cold_war_1970s"
            )
            chart.get_by_role("button", name="Load the preset").click()
            page.wait_for_function(READY)
            texts = page.evaluate(
                "document.querySelector('.pathways-chart').__pathwaysScenario.texts()"
            )
            assert page.url == url + "index.html?explorer.engagement=0.10"
        finally:
            context.close()
    cold = SPEC.presets["cold_war_1970s"].values
    want = format_scenario({"engagement": cold["engagement"], "threat": cold["threat"]}, SPEC)
    assert texts["scenario"] == want and "link" not in texts and "citation" not in texts
    assert f'widgets.panel(["engagement", "threat"], group=2, scenario="{want}")' in texts["code"]
    assert not errors, errors


# --------------------------------------------------------------------------- every chart reproduces

CONTROLS = """i => {
  const c = document.querySelectorAll('.pathways-chart')[i];
  const els = Array.from(c.querySelectorAll('input[type="range"][name], select[data-pathways-control]'));
  return els.filter((e) => !e.closest('.pathways-scenario')).map((e) => ({
    name: e.name, kind: e.tagName === 'SELECT' ? 'select' : 'range', value: e.value,
    min: e.min, max: e.max, options: e.tagName === 'SELECT' ? Array.from(e.options).map((o) => o.value) : []}));
}"""
TABLE = """i => {
  const c = document.querySelectorAll('.pathways-chart')[i];
  return Array.from(c.querySelectorAll('.pathways-numbers tr')).map((tr) => {
    const td = tr.querySelector('td[data-value]');
    return td ? [tr.querySelector('th').textContent, Number(td.getAttribute('data-value'))] : null;
  }).filter((r) => r);
}"""


def _choose(r: Reader, name: str, value: str, i: int) -> None:
    """Pick a menu's option as a reader does (its change event), then wait for it to settle."""
    r.chart(i).locator(f'select[data-pathways-control="{name}"]').select_option(value)
    r.page.wait_for_function(
        "i => document.querySelectorAll('.pathways-chart')[i].hasAttribute('data-pathways-pending')",
        arg=i, timeout=5000,
    )  # fmt: skip
    r.settle()


def _move(r: Reader, i: int) -> None:
    """One slider to an end of its range and one menu to another option (not another
    menu's value: a map's two axes stay apart)."""
    controls = r.page.evaluate(CONTROLS, i)
    ranges = [c for c in controls if c["kind"] == "range"]
    if ranges:
        c = ranges[0]
        end = c["min"] if float(c["value"]) != float(c["min"]) else c["max"]
        r.slide(c["name"], float(end), i)
    menus = [c for c in controls if c["kind"] == "select"]
    if menus:
        taken = {c["value"] for c in menus}
        _choose(r, menus[0]["name"], next(o for o in menus[0]["options"] if o not in taken), i)


def _expected(family: str, d: dict) -> dict[str, float]:
    """The CLI's numbers by the label the page's table gives them."""
    q = SPEC.quantities
    if family == "map":
        cells = d["resolution"] ** 2
        return {"Share of the map on the positive side": d["share"], "Cells in the map": cells}
    if family == "diagram":
        out = {p["label"]: p["contribution"] for p in d["pathways"]}
        return {**out, "Highlighted pathways": d["count"], "Their total": d["total"]}
    if family == "check":
        out = {"Years in the period": d["years"], "Years the model leans toward friction":
               d["friction"], "Years it leans toward cooperation": d["cooperation"],
               "Lowest net": d["net_min"], "Highest net": d["net_max"]}  # fmt: skip
        return {**out, **{f"Correlation of the net with {t['label']}": t["r"]
                          for t in d["trends"].values()}}  # fmt: skip
    by_id = {p.id: p.label for p in SPEC.pathways}
    marginal = d["us_marginal_effect"]
    policy = {
        f"{SPEC.policies[k].short}: total": d["policy"][k] for k in ("exclusive", "inclusive")
    }
    policy[q["policy"].label] = d["policy"]["margin"]
    if family == "marginal":
        out = {by_id[k]: v for k, v in marginal["by_pathway"].items()}
        return {**out, q["marginal"].label: marginal["total"]}
    if family == "policy":
        return policy
    if family == "caveats":
        out = {f"{by_id[k]} (per unit of engagement)": v for k, v in marginal["by_pathway"].items()}
        return {**out, q["net"].label: d["net"], q["marginal"].label: marginal["total"],
                q["policy"].label: d["policy"]["margin"]}  # fmt: skip
    out = {p["label"]: p["contribution"] for p in d["pathways"]}
    return {**out, q["net"].label: d["net"], **policy}


def _sentence(family: str, d: dict, code: str) -> str | None:
    """The sentence the CLI gives for the page's verdict (None: a marginal or policy chart,
    or an explorer of one group, whose verdict is the chapter's, not the command's: their
    numbers are compared)."""
    if family in ("map", "diagram", "check"):
        return d["sentence"]
    if family == "caveats" or (family == "explorer" and "group=" not in code):
        return d["verdict"]
    return None


def _started_at(code: str, page: dict[str, str]) -> None:
    """Run the shown code with the chapters' imports; its chart (or panel) starts at the page."""
    from pathways import charts, evidence_charts

    scope: dict = {"charts": charts, "evidence_charts": evidence_charts}
    if code.startswith("from pathways import widgets"):
        exec(code.replace("widgets.panel(", "made = widgets.panel(", 1), scope)  # noqa: S102
        got = {k: float(v) for k, v in scope["made"].values().items()}
        assert got == {k: float(v) for k, v in page.items() if k in got}, (code, page)
        return
    made = eval(code, scope)  # noqa: S307
    params = {p["name"]: p.get("value") for p in made.to_dict().get("params", [])}
    for name, value in page.items():
        want = value if isinstance(params[name], str) else float(value)
        assert params[name] == want, (code, name, params[name], value)


def test_every_live_chart_gives_a_command_and_code_that_reproduce_it(page_path, reader):
    """On every page, each live chart with a slider and a menu moved: its shown command,
    run through the CLI, gives the table's numbers (1e-9) and the verdict's sentence; its
    shown code makes the same chart (or the chapter's panel) at the page's values."""
    import shlex

    from pathways.cli import run

    if page_path == "<no built site>":
        pytest.fail("no built site: build the book first")
    r = reader(page_path)
    count = r.page.locator(".pathways-chart").count()
    for i in range(count):
        if not r.page.evaluate(CONTROLS, i):
            continue  # a static chart: nothing to reproduce beyond its link
        _move(r, i)
        r.chart(i).get_by_text("Cite and reproduce this scenario").click()
        command = r.chart(i).locator('[data-pathways-cite="command"]').inner_text()
        code = r.chart(i).locator('[data-pathways-cite="code"]').inner_text()
        label = r.chart(i).locator('[id$="-cite-code-label"]').inner_text()
        key = next(iter(query(r.call("link", i)))).split(".")[0]  # the chart's key
        family = re.sub(r"-\d+$", "", key)  # "explorer-2" -> "explorer"
        words = shlex.split(command)
        assert words[:3] == ["python", "-m", "pathways"], command
        d = json.loads(run(words[3:]))
        table = dict(r.page.evaluate(TABLE, i))
        want = _expected(family, d)
        assert table and set(table) <= set(want), (page_path, family, set(table) - set(want))
        for k, v in table.items():
            assert abs(v - want[k]) <= 1e-9, (page_path, family, k, v, want[k])
        sentence = _sentence(family, d, code)
        if sentence is not None:
            assert r.verdict(i) == sentence, (page_path, family)
        page = {c["name"]: c["value"] for c in r.page.evaluate(CONTROLS, i)}
        _started_at(code, page)
        panel = family in ("explorer", "marginal", "policy")
        assert label == ("Python (the chapter’s live panel)" if panel
                         else "Python (this chart at this scenario)")  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(r.call("csv", i))))
        assert [x["value"] for x in rows if x["section"] == "reproduce"] == [command, code]
    assert r.problems() == []
