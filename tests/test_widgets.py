"""The live ipywidgets panel (lib/pathways/present/widgets.py): sliders from the spec, and a result
and verdict that are exactly evaluate()'s and group_verdict()'s after any slider move; a chapter's
live cell (`live`) shows the panel in a kernel and the website's note during the site build."""

from __future__ import annotations

import ipywidgets as w
import numpy as np
import pandas as pd
import pytest
from pathways import evaluate, group_verdict, with_variants
from pathways.model import default_model
from pathways.present.live_note import BINDER_URL_ENV, LiveNote
from pathways.present.widgets import HEADER, Panel, contributions_html, live, panel

SPEC = default_model().spec
ASSUMPTIONS = SPEC.assumptions


def test_sliders_come_from_the_spec():
    p = panel(list(ASSUMPTIONS))
    assert list(p.sliders) == list(ASSUMPTIONS)
    for name, a in ASSUMPTIONS.items():
        s = p.sliders[name]
        assert isinstance(s, w.FloatSlider)
        assert (s.min, s.max, s.value, s.step) == (a.min, a.max, a.default, a.step), name
        assert s.description == a.label
    assert p.values() == SPEC.defaults()
    header, row, table = p.widget.children
    assert (header, table) == (p.header, p.table)
    assert list(row.children) == [p.controls, p.verdict], "the verdict sits beside the sliders"
    assert list(p.controls.children) == list(p.sliders.values())


def test_initial_state_is_the_defaults():
    p = panel(["threat", "engagement"])
    r = evaluate()
    pd.testing.assert_frame_equal(p.result.table, r.table)
    assert p.result.verdict == r.verdict
    assert p.verdict.value == f"<p><strong>Verdict.</strong> {r.verdict}</p>"


def _set(p: Panel, values: dict[str, float]) -> None:
    for name, value in values.items():
        p.sliders[name].value = value


@pytest.mark.parametrize("seed", range(5))
def test_moving_sliders_updates_result_and_verdict_exactly(seed):
    rng = np.random.default_rng(seed)
    names = list(rng.choice(list(ASSUMPTIONS), size=6, replace=False))
    p = panel(names)
    values = {
        n: round(float(rng.uniform(ASSUMPTIONS[n].min, ASSUMPTIONS[n].max)), 2) for n in names
    }
    _set(p, values)
    assert p.values() == {**{n: ASSUMPTIONS[n].default for n in names}, **values}
    r = evaluate(values)
    pd.testing.assert_frame_equal(p.result.table, r.table)
    assert p.result.net == r.net
    assert p.result.us_marginal == r.us_marginal
    assert p.result.us_share == r.us_share
    assert p.result.policy.margin == r.policy.margin
    assert p.result.verdict == r.verdict
    assert p.verdict.value == f"<p><strong>Verdict.</strong> {r.verdict}</p>"
    for row in r.table.itertuples():
        assert row.id in p.table.value
        assert f"{row.contribution:+.3f}" in p.table.value


@pytest.mark.parametrize("group", range(7))
def test_a_chapter_panel_shows_its_group_verdict(group):
    p = panel(["engagement", "animosity"], group=group)
    values = {"engagement": 0.2, "animosity": 0.85}
    _set(p, values)
    assert p.verdict.value == f"<p><strong>Verdict.</strong> {group_verdict(group, values)}</p>"
    assert p.result.net == evaluate(values).net


def test_every_move_recomputes():
    p = panel(["engagement"])
    seen = set()
    for e in (0.0, 0.3, 0.6, 1.0):
        p.sliders["engagement"].value = e
        assert p.result.assumptions["engagement"] == e
        assert p.result.net == evaluate({"engagement": e}).net
        seen.add(p.verdict.value)
    assert len(seen) == 4


def test_bad_controls_and_groups_raise():
    with pytest.raises(ValueError, match=r"unknown control 'hostility'; allowed: threat, "):
        panel(["threat", "hostility"])
    with pytest.raises(ValueError, match=r"controls repeat a name: \['threat', 'threat'\]"):
        panel(["threat", "threat"])
    with pytest.raises(ValueError, match=r"unknown pathway group 8"):
        Panel(["threat"], group=8)


def test_contributions_html_formats_signed_numbers():
    table = pd.DataFrame({"id": ["a", "b"], "contribution": [0.25, -0.125]})
    html = contributions_html(table)
    assert "+0.250" in html and "-0.125" in html
    assert html.startswith("<table")


def test_the_panel_says_what_to_do_and_nothing_about_the_website():
    p = panel(["threat"])
    assert p.header.value == f"<p><strong>{HEADER}</strong></p>"
    assert HEADER == "Move any assumption; the verdict is recomputed in Python."
    for word in ("launch", "button", "website", "Binder"):
        assert word not in p.header.value


URL = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/chapters/pathway2.ipynb"


def test_live_is_the_panel_in_a_kernel(monkeypatch):
    monkeypatch.delenv(BINDER_URL_ENV, raising=False)
    p = live(["threat", "engagement"], group=2)
    assert isinstance(p, Panel)
    assert list(p.sliders) == ["threat", "engagement"]
    assert p.verdict.value == f"<p><strong>Verdict.</strong> {group_verdict(2, {})}</p>"
    monkeypatch.setenv(BINDER_URL_ENV, "")
    assert isinstance(live(["threat"]), Panel)


def test_live_is_the_note_in_the_website_build(monkeypatch):
    monkeypatch.setenv(BINDER_URL_ENV, URL)
    note = live(["threat", "free_riding"], group=2)
    assert note == LiveNote((ASSUMPTIONS["threat"].label, ASSUMPTIONS["free_riding"].label), URL)


@pytest.mark.parametrize("url", [None, URL])
def test_live_refuses_bad_controls_and_groups_in_both_places(monkeypatch, url):
    if url is None:
        monkeypatch.delenv(BINDER_URL_ENV, raising=False)
    else:
        monkeypatch.setenv(BINDER_URL_ENV, url)
    with pytest.raises(ValueError, match=r"unknown control 'hostility'; allowed: threat, "):
        live(["threat", "hostility"])
    with pytest.raises(ValueError, match=r"controls repeat a name"):
        live(["threat", "threat"])
    with pytest.raises(ValueError, match=r"unknown pathway group 8; allowed: "):
        live(["threat"], group=8)
    with pytest.raises(ValueError, match=r"unknown variant 'legacies'; allowed: commitment"):
        live(["threat"], variants=["legacies"])


# --------------------------------------------------------------------------- structural variants


def test_a_dropdown_per_variant_from_the_spec():
    p = panel(["engagement"], variants=["legacy", "commitment"])
    assert list(p.menus) == ["commitment", "legacy"]  # the spec's order
    for name, menu in p.menus.items():
        v = SPEC.variants[name]
        assert isinstance(menu, w.Dropdown)
        assert list(menu.options) == [(o.label, o.name) for o in v.options.values()]
        assert menu.value == v.default and menu.description == v.label
    assert list(p.controls.children) == [*p.sliders.values(), *p.menus.values()]
    assert p.structure() == {"commitment": "level", "legacy": "flow"}
    assert p.result.verdict == evaluate().verdict
    assert panel(["engagement"]).menus == {}


@pytest.mark.parametrize("group", [None, 4, 6])
def test_switching_a_dropdown_recomputes_that_structure(group):
    p = panel(["engagement", "withdrawal_signal"], group=group, variants="all")
    values = {"engagement": 0.25, "withdrawal_signal": 0.7}
    _set(p, values)
    p.menus["commitment"].value = "signal"
    p.menus["legacy"].value = "sunk"
    combo = {"commitment": "signal", "legacy": "sunk"}
    r = evaluate(values, variants=combo)
    pd.testing.assert_frame_equal(p.result.table, r.table)
    assert p.result.net == r.net and p.result.policy.margin == r.policy.margin
    text = r.verdict if group is None else group_verdict(group, values, with_variants(None, combo))
    assert p.verdict.value == f"<p><strong>Verdict.</strong> {text}</p>"
    assert p.result.net != evaluate(values).net
    p.menus["commitment"].value = "level"
    assert p.result.net == evaluate(values, variants={"legacy": "sunk"}).net


def test_bad_variants_raise():
    with pytest.raises(ValueError, match=r"unknown variant 'fear'; allowed: commitment, fears"):
        panel(["threat"], variants=["fear"])
    with pytest.raises(ValueError, match=r"variants repeat a name"):
        Panel(["threat"], variants=["fears", "fears"])


def test_a_panel_starts_at_a_scenario_string():
    p = panel(["engagement", "threat"], scenario="engagement=0.30,threat=0.80")
    assert p.values() == {"engagement": 0.3, "threat": 0.8}
    assert p.result.net == evaluate({"engagement": 0.3, "threat": 0.8}).net
    assert "Also set by the scenario" not in p.header.value


def test_a_panel_keeps_what_the_scenario_sets_without_a_slider():
    text = "engagement=0.30,animosity=0.95,variant_legacy=sunk"
    p = panel(["engagement"], group=6, variants=("legacy",), scenario=text)
    assert p.values() == {"engagement": 0.3} and p.fixed == {"animosity": 0.95}
    assert p.structure() == {"legacy": "sunk"}
    expected = evaluate({"engagement": 0.3, "animosity": 0.95}, variants={"legacy": "sunk"})
    assert p.result.net == expected.net
    assert "animosity=0.95" in p.header.value
    p.sliders["engagement"].value = 0.5  # moving a slider keeps the fixed value
    assert p.result.net == evaluate({"engagement": 0.5, "animosity": 0.95},
                                    variants={"legacy": "sunk"}).net  # fmt: skip


def test_a_panel_starts_at_a_preset_or_a_page_address():
    p = panel(["threat", "engagement"], scenario="cold_war_1970s")
    assert p.values() == {"threat": 0.75, "engagement": 0.5}
    url = "https://example.org/chapters/intro.html?explorer.engagement=0.25#top"
    assert panel(["engagement"], scenario=url).values() == {"engagement": 0.25}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("engagement=abc", "engagement: expected a number in [0.0, 1.0], got 'abc'"),
        ("engagement=2", "engagement: 2.0 is outside its allowed range [0.0, 1.0]"),
        ("hope=1", "unknown assumption 'hope'; allowed: threat, engagement"),
    ],
)
def test_a_bad_scenario_is_refused_with_the_clis_error(text, message, monkeypatch):
    with pytest.raises(ValueError) as err:
        panel(["engagement"], scenario=text)
    assert str(err.value).startswith(message)
    monkeypatch.setenv(BINDER_URL_ENV, "https://mybinder.org/v2/gh/o/r/main")
    with pytest.raises(ValueError) as site:  # the website build fails the same way
        live(["engagement"], scenario=text)
    assert str(site.value) == str(err.value)
