"""The scenario string (lib/pathways/model/scenario_string.py) and the period presets
(model.yaml `presets`): the string the website shows, its address form, and their errors,
which must be the CLI's `--set` errors."""

from __future__ import annotations

import pytest
from pathways import evaluate, scenario_shares
from pathways.model import check_assumptions, default_model
from pathways.model.scenario_string import (
    decimals,
    format_query,
    format_scenario,
    read_scenario,
    scenario_values_of,
)
from pathways.model.scenarios import scenario_values

SPEC = default_model().spec
PRESETS = ("cold_war_1970s", "post_cold_war_1990s", "present_day")


def test_a_plain_string_reads_its_values():
    r = read_scenario("engagement=0.3, threat=0.8", SPEC)
    assert r.values == {"engagement": 0.3, "threat": 0.8}
    assert r.preset is None and r.variants == {}


def test_the_canonical_string_is_in_the_specs_order_at_step_precision():
    text = format_scenario({"threat": 0.8, "engagement": 0.3}, SPEC)
    assert text == "threat=0.80,engagement=0.30"  # threat comes first in model.yaml
    assert read_scenario(text, SPEC).values == {"threat": 0.8, "engagement": 0.3}
    assert decimals(0.01) == 2 and decimals(0.5) == 1 and decimals(1.0) == 0


def test_an_address_reads_one_charts_values_and_menus():
    query = format_query("explorer-2", {"engagement": 0.3, "threat": 0.8}, SPEC)
    assert query == "explorer-2.threat=0.80&explorer-2.engagement=0.30"
    url = f"https://example.org/chapters/intro.html?highlight=us&{query}&explorer-2.variant_legacy=sunk#top"
    r = read_scenario(url, SPEC)
    assert r.values == {"engagement": 0.3, "threat": 0.8}
    assert r.variants == {"legacy": "sunk"}


def test_an_address_with_several_charts_names_one_in_its_fragment():
    url = "/c/synthesis.html?explorer.threat=0.20&marginal.threat=0.90"
    assert read_scenario(url + "#marginal", SPEC).values == {"threat": 0.9}
    assert read_scenario(url + "#explorer", SPEC).values == {"threat": 0.2}
    with pytest.raises(
        ValueError, match=r"several charts \(explorer, marginal\); end it with #CHART"
    ):
        read_scenario(url + "#explorer-2", SPEC)


def test_a_preset_by_name_alone_as_an_item_and_in_an_address():
    base = SPEC.presets["cold_war_1970s"].values
    assert read_scenario("cold_war_1970s", SPEC).values == base
    on_top = read_scenario("preset=cold_war_1970s,engagement=0.2", SPEC)
    assert on_top.preset == "cold_war_1970s" and on_top.values == {**base, "engagement": 0.2}
    url = read_scenario("/c/intro.html?explorer.preset=cold_war_1970s", SPEC)
    assert url.values == base
    # the caveat scenarios load the same way
    assert read_scenario("sunk_legacy", SPEC).values == scenario_values("sunk_legacy")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("engagement=abc", r"^engagement: expected a number in \[0\.0, 1\.0\], got 'abc'$"),
        ("engagement=1.5", r"^engagement: 1\.5 is outside its allowed range \[0\.0, 1\.0\]$"),
        ("engagement=nan", r"^engagement: 'nan' is not finite"),
        ("hope=0.5", r"^unknown assumption 'hope'; allowed: threat, engagement, "),
        ("engagement=0.1,engagement=0.2", r"gives 'engagement' twice"),
        ("engagement=0.1,threat", r"expects NAME=VALUE items, got 'threat'"),
        ("golden_age", r"^unknown scenario 'golden_age'; allowed: redundant_fear, "),
        ("", r"expects NAME=VALUE items or a preset's name"),
        ("?explorer.engagement=<img src=x onerror=alert(1)>",
         r"^engagement: expected a number .* got '<img src=x onerror=alert\(1\)>'$"),
        ("?a.engagement=0.1&b.threat=0.2", r"several charts \(a, b\)"),
        ("https://example.org/intro.html", r"the address holds no scenario"),
        ("?explorer.variant_legacy=javascript:alert(1)",
         r"^unknown legacy option 'javascript:alert\(1\)'; allowed: flow, sunk$"),
        ("?explorer.variant_mood=calm", r"^unknown variant 'mood'; allowed: commitment, "),
    ],
)  # fmt: skip
def test_bad_strings_get_the_same_one_line_errors_as_set(text, pattern):
    with pytest.raises(ValueError, match=pattern):
        read_scenario(text, SPEC)


def test_the_set_errors_are_the_very_same_text():
    for name, value in [("engagement", "abc"), ("engagement", "2"), ("hope", "1")]:
        with pytest.raises(ValueError) as via_set:
            check_assumptions(SPEC, {name: value})
        with pytest.raises(ValueError) as via_string:
            read_scenario(f"{name}={value}", SPEC)
        assert str(via_set.value) == str(via_string.value)


def test_scenario_values_of_fills_the_defaults():
    values = scenario_values_of("engagement=0.3", SPEC)
    assert values == {**SPEC.defaults(), "engagement": 0.3}
    assert evaluate(values).net == evaluate({"engagement": 0.3}).net


@pytest.mark.parametrize("name", PRESETS)
def test_each_period_preset_is_an_essay_reading_of_the_variables(name):
    p = SPEC.presets[name]
    assert p.provenance.kind == "essay" and p.provenance.why
    assert p.label and p.period and p.rationale
    assert set(p.values) <= set(SPEC.variables), "a period sets the scenario variables only"
    assert len(p.rationale) < 200, "one line of rationale"
    evaluate(scenario_values(name))  # loads and evaluates


def test_the_period_presets_differ_from_each_other_and_the_defaults():
    nets = {evaluate(scenario_values(n)).net for n in PRESETS}
    assert len(nets) == len(PRESETS) and evaluate().net not in nets


def test_the_presets_stay_out_of_the_caveats_comparison():
    assert [r.name for r in scenario_shares(n=200)][1:] == list(SPEC.scenarios)
    assert not set(SPEC.presets) & set(SPEC.scenarios)
