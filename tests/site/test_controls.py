"""Every control of every chart works, and the browser computes the library's numbers.

For each chart of a page (its Vega-Lite spec read from the built HTML, its view from the
page): the computed fields of every row of the view equal `pathways` for the scenario the
view holds (tests/site/expected.py), at load and after every move; every control, set as a
reader would (value + input event), changes the chart's data and setting it back restores
it; and where one of the chart's sliders can carry the verdict across a threshold (the net,
the chapter's pathway group, ...), the slider is moved across it and the verdict sentence,
as data and as drawn, must change to the library's sentence on the other side.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import expected
import sitekit


class ChartDriver:
    """One chart on an open page: read its state, move its controls, compare with the library."""

    def __init__(self, page, cid: str, chart: expected.Chart, where: str):
        self.page, self.cid, self.chart, self.where = page, cid, chart, where
        self.failures: list[str] = []
        self.checked = False

    def state(self) -> tuple[dict[str, Any], dict[str, list[dict]]]:
        self.page.evaluate("id => window.__siteTest.settle(id)", self.cid)
        signals = self.page.evaluate(
            "([id, names]) => window.__siteTest.signals(id, names)",
            [self.cid, list(self.chart.controls)],
        )
        datasets = self.page.evaluate("id => window.__siteTest.datasets(id)", self.cid)
        return signals, datasets

    def set(self, name: str, value: Any) -> str:
        return self.page.evaluate(
            "([id, n, v]) => window.__siteTest.set(id, n, v)", [self.cid, name, value]
        )

    def check(self, when: str) -> tuple[dict[str, Any], dict[str, list[dict]]]:
        signals, datasets = self.state()
        first = not self.checked  # problems of the spec itself: reported once
        self.checked = True
        for e in expected.check(self.chart, signals, datasets, problems=first):
            self.failures.append(f"{self.where} {when}: {e}")
        return signals, datasets

    def drawn_text(self) -> list[str]:
        return self.page.evaluate("id => window.__siteTest.text(id)", self.cid)


def _fmt(v: Any) -> str:
    return repr(round(v, 10)) if isinstance(v, float) else str(v)


def _move_each_control(d: ChartDriver, signals0: dict, data0: dict) -> None:
    for c in d.chart.controls.values():
        start = signals0[c.name]
        if c.kind == "range":
            targets = [t for t in (c.min, c.max) if t is not None and abs(t - start) > 1e-12]
        else:
            targets = [o for o in c.options if o != start]
        changed = False
        for t in targets:
            shown = d.set(c.name, _fmt(t))
            signals, data = d.check(f"with {c.name} = {shown}")
            if c.kind == "range" and abs(float(signals[c.name]) - float(t)) > 1e-12:
                d.failures.append(
                    f"{d.where}: set {c.name} to {t}, the view holds {signals[c.name]}"
                )
            if c.kind == "select" and signals[c.name] != t:
                d.failures.append(
                    f"{d.where}: chose {t!r} for {c.name}, the view holds {signals[c.name]!r}"
                )
            if data != data0:
                changed = True
            elif c.kind == "select":
                d.failures.append(
                    f"{d.where}: choosing {t!r} for {c.name} does not change the chart's data"
                )
        if targets and not changed:
            d.failures.append(
                f"{d.where}: moving {c.name} to {targets} does not change the chart's data"
            )
        d.set(c.name, _fmt(start))
        signals, data = d.state()
        if data != data0 or signals != signals0:
            d.failures.append(
                f"{d.where}: setting {c.name} back to {start!r} does not restore the chart"
            )


def _cross_threshold(d: ChartDriver, signals0: dict) -> None:
    chart = d.chart
    sliders = [c.name for c in chart.controls.values() if c.kind == "range"]
    if not chart.controls:
        sitekit.note(f"{d.where}: no controls (a static chart); its numbers checked at load")
        return
    if not sliders:
        sitekit.note(f"{d.where}: menus only, no slider; data changes checked")
        return
    deciders = chart.deciders(signals0)
    if not deciders:
        sitekit.note(
            f"{d.where}: its sentence turns on no sign threshold of a slider "
            f"(sliders: {', '.join(sliders)}); data changes checked"
        )
        return
    crossing = expected.find_crossing(chart, signals0)
    if crossing is None:
        sitekit.note(
            f"{d.where}: no value of {', '.join(sliders)} crosses a threshold of its verdict "
            f"({', '.join(lbl for lbl, _ in deciders)}) with the other sliders at their defaults; "
            "data changes checked only"
        )
        return
    label, name, below, above = crossing
    decide = dict(deciders)[label]
    sides = []
    for value in (below, above):
        d.set(name, _fmt(value))
        signals, data = d.check(f"with {name} = {_fmt(value)} (threshold: {label})")
        said = expected.verdicts_of(data)
        sides.append((decide(signals), said))
        drawn = "".join(d.drawn_text())
        for v in said:
            # The chart breaks the sentence into lines; compare without the whitespace.
            if re.sub(r"\s+", "", v) not in re.sub(r"\s+", "", drawn):
                d.failures.append(
                    f"{d.where}: the verdict {v!r} is not drawn (drawn text: {drawn[:300]!r})"
                )
    (q0, v0), (q1, v1) = sides
    if not q0 * q1 < 0:
        d.failures.append(
            f"{d.where}: {label} does not change sign between {name} = {below} and {above}"
        )
    if not v0 or v0 == v1:
        d.failures.append(
            f"{d.where}: moving {name} from {below} to {above} crosses {label} "
            f"({q0:+.4f} to {q1:+.4f}) but the verdict does not change: {v0!r}"
        )
    d.set(name, _fmt(signals0[name]))
    sitekit.note(f"{d.where}: {name} {below} → {above} crosses {label}; the verdict changes")


def test_every_control(page_path: str, site: Path, base_url: str, browser) -> None:
    specs = sitekit.chart_specs(site / page_path)
    if not specs:
        return  # a page without charts has no controls (its load is checked by test_pages)
    context, page, watch, _ = sitekit.open_page(browser, base_url, page_path)
    failures: list[str] = []
    try:
        for i, (cid, spec) in enumerate(specs.items(), 1):
            assert spec is not None, f"{page_path}: chart #{cid} has no spec in its script"
            chart = expected.analyse(spec)
            where = f"{page_path} chart {i} ({chart.title!r})"
            d = ChartDriver(page, cid, chart, where)
            dom = page.evaluate("id => window.__siteTest.controls(id)", cid)
            if sorted(c["name"] for c in dom) != sorted(chart.controls):
                failures.append(f"{where}: controls on the page {[c['name'] for c in dom]}, "
                                f"in the spec {list(chart.controls)}")  # fmt: skip
                continue
            signals0, data0 = d.check("at load")
            if not chart.fields and chart.controls:
                failures.append(f"{where}: has controls but no computed field to check")
            if chart.fixed():
                sitekit.note(f"{where}: fixed assumptions {chart.fixed()}")
            _move_each_control(d, signals0, data0)
            _cross_threshold(d, signals0)
            failures += d.failures
        assert not watch.unexpected_page_errors(), watch.page_errors
        assert not watch.console_errors, watch.console_errors
    finally:
        context.close()
    assert not failures, "\n".join(failures)
