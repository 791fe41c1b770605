"""Accessibility: axe-core (the version pinned in package.json) on every page, text
alternatives on charts, visible labels on controls, sliders that move with the keyboard."""

from __future__ import annotations

from pathlib import Path

import expected
import sitekit


def test_axe_no_serious_or_critical_violations(loaded: sitekit.PageLoad) -> None:
    assert loaded.axe is not None
    bad = [v for v in loaded.axe["violations"] if v["impact"] in ("serious", "critical")]
    others = [v for v in loaded.axe["violations"] if v not in bad]
    if others:
        sitekit.note(
            f"{loaded.rel}: axe {loaded.axe['version']} minor/moderate: "
            + ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in others)
        )
    assert not bad, (
        f"{loaded.rel}: axe {loaded.axe['version']} serious/critical violations:\n"
        + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}; "
            + "; ".join(f"{n['target']}: {n['html']}" for n in v["nodes"][:5])
            for v in bad
        )
    )


def test_charts_have_text_alternatives(loaded: sitekit.PageLoad) -> None:
    bad = [
        c["id"] for c in loaded.charts if c["role"] != "figure" or not (c["label"] or "").strip()
    ]
    assert not bad, f"{loaded.rel}: charts without role=figure and a non-empty aria-label: {bad}"


def test_controls_have_visible_labels(loaded: sitekit.PageLoad) -> None:
    bad = [
        (c["id"], ctl)
        for c in loaded.charts
        for ctl in c["controls"]
        if not (
            ctl["inLabel"] and ctl["labelText"] and ctl["labelVisible"] and ctl["controlVisible"]
        )
    ]
    assert not bad, f"{loaded.rel}: controls without a visible label: {bad}"


def _press_until_data_changes(page, cid: str, c: expected.Control, key: str, sign: int, where: str):
    """Press `key` until the chart's data changes (at most 10 times): one step may not show (a
    sentence rounds to 2 decimals). Each press must move the value by one step and the chart's
    signal with it. (presses, the data after them, failures)."""
    box = page.locator(f'#{cid} input[data-pathways-control="{c.name}"]')
    data0 = page.evaluate("id => window.__siteTest.datasets(id)", cid)
    presses, data1, failures = 0, data0, []
    while presses < 10 and data1 == data0:
        before = float(box.input_value())
        page.keyboard.press(key)
        presses += 1
        page.evaluate("id => window.__siteTest.settle(id)", cid)
        v1 = float(box.input_value())
        signal = page.evaluate("([id, n]) => window.__siteTest.signals(id, [n])", [cid, c.name])
        data1 = page.evaluate("id => window.__siteTest.datasets(id)", cid)
        if abs((v1 - before) - sign * (c.step or 1)) > 1e-9:
            failures.append(f"{where}: {key} moved the value from {before} to {v1}")
            break
        if abs(float(signal[c.name]) - v1) > 1e-12:
            failures.append(f"{where}: the input shows {v1}, the chart holds {signal[c.name]}")
            break
    if data1 == data0:
        failures.append(f"{where}: {presses} × {key} do not change the chart's data")
    elif presses > 1:
        sitekit.note(f"{where}: its first {key} changes no data; {presses} presses do")
    return presses, data1, failures


def _slider_failures(
    page, cid: str, chart: expected.Chart, c: expected.Control, where: str
) -> list[str]:
    """One slider moved with the arrow keys: the chart follows, shows the library's numbers,
    and the opposite key brings it back."""
    box = page.locator(f'#{cid} input[data-pathways-control="{c.name}"]')
    v0 = float(box.input_value())
    key, back, sign = (
        ("ArrowRight", "ArrowLeft", 1) if v0 < c.max else ("ArrowLeft", "ArrowRight", -1)
    )
    box.focus()
    presses, data1, failures = _press_until_data_changes(page, cid, c, key, sign, where)
    signals = page.evaluate(
        "([id, names]) => window.__siteTest.signals(id, names)", [cid, list(chart.controls)]
    )
    failures += [f"{where} after {key}: {e}" for e in expected.check(chart, signals, data1)]
    for _ in range(presses):
        page.keyboard.press(back)
    page.evaluate("id => window.__siteTest.settle(id)", cid)
    if float(box.input_value()) != v0:
        failures.append(f"{where}: {presses} × {back} do not bring it back to {v0}")
    return failures


def test_sliders_move_with_arrow_keys(page_path: str, site: Path, base_url: str, browser) -> None:
    specs = sitekit.chart_specs(site / page_path)
    if not any(expected.controls_of(s or {}) for s in specs.values()):
        return  # no controls on this page
    context, page, _, _ = sitekit.open_page(browser, base_url, page_path)
    failures = []
    try:
        for i, (cid, spec) in enumerate(specs.items(), 1):
            chart = expected.analyse(spec)
            for c in chart.controls.values():
                if c.kind == "range":
                    where = f"{page_path} chart {i} ({chart.title!r}) slider {c.name}"
                    failures += _slider_failures(page, cid, chart, c, where)
    finally:
        context.close()
    assert not failures, "\n".join(failures)
