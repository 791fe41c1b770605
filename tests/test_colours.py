"""One colour language and one type size, checked on every chart family's spec.

The colour-vision simulation (charts.colour_vision) is checked against known values; the
pairs a reader must tell apart (cooperation / friction, the two policy options, and each
option against each direction) must stay at least MIN_DELTA_E apart for normal vision and
full protanopia, deuteranopia and tritanopia; every colour in every chart spec must come
from charts.common.PALETTE (no named scheme, no stray hex); every text on every chart is at
least FONT_SIZE px and no axis or legend label is truncated.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import numpy as np
import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from pathways import charts
from pathways.model.montecarlo import sample
from pathways.present.charts import colour_vision as cv
from pathways.present.charts import common
from pathways.record import evidence_charts

#: The smallest CIE76 ΔE between two colours a reader must tell apart, under every vision.
MIN_DELTA_E = 20.0
#: Data series drawn together in one panel need less (they also differ by line and place).
MIN_SERIES_DELTA_E = 15.0
AXES = ["threat", "engagement", "animosity", "balancing"]
FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
COLOUR_KEYS = ("color", "fill", "stroke")
RESOLVE = ("independent", "shared")  # `resolve: {color: ...}` names no colour


# --------------------------------------------------------------------------- the simulation


def test_identical_colours_and_black_on_white():
    assert cv.delta_e("#0072B2", "#0072B2") == 0.0
    assert cv.delta_e("#000000", "#FFFFFF") == pytest.approx(100.0, abs=1e-6)


@pytest.mark.parametrize("vision", list(cv.MACHADO))
def test_greys_stay_grey_for_every_vision(vision):
    """Each Machado matrix maps white to white (its rows sum to one), so greys keep their
    lightness and a dichromat tells black from white as well as anyone."""
    for grey in ("#000000", "#777777", "#FFFFFF"):
        assert np.allclose(cv.simulate(grey, vision), cv.linear_rgb(grey), atol=2e-3)


def test_the_simulation_merges_red_and_green_for_dichromats_only():
    """Red and green (at equal lightness) are far apart for normal vision and close for
    protanopes and deuteranopes, not for tritanopes: the matrices act as they should."""
    red, green = "#D55E00", "#6A8F00"  # vermillion and an olive green of similar lightness
    assert cv.delta_e(red, green) > 50
    assert cv.delta_e(red, green, "protanopia") < 15
    assert cv.delta_e(red, green, "deuteranopia") < 15
    assert cv.delta_e(red, green, "tritanopia") > 50


def test_bad_colours_and_visions_are_refused():
    with pytest.raises(ValueError, match="expected '#rrggbb'"):
        cv.linear_rgb("blue")
    with pytest.raises(ValueError, match="unknown vision 'mono'; allowed: normal, protanopia"):
        cv.simulate("#000000", "mono")


# --------------------------------------------------------------------------- the palette


@pytest.mark.parametrize(("a", "b"), common.MUST_DIFFER)
def test_meaningful_pairs_stay_apart_for_every_vision(a, b):
    worst, vision = cv.worst_delta_e(a, b)
    assert worst >= MIN_DELTA_E, f"{a} and {b} are only ΔE {worst:.1f} apart under {vision}"


def test_the_policy_pair_reuses_neither_direction_colour():
    assert {common.EXCLUSIVE, common.INCLUSIVE}.isdisjoint({common.COOPERATION, common.FRICTION})


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(common.SERIES, 2)))
def test_data_series_stay_apart_for_every_vision(a, b):
    worst, vision = cv.worst_delta_e(a, b)
    assert worst >= MIN_SERIES_DELTA_E, f"{a} and {b}: ΔE {worst:.1f} under {vision}"


def test_the_series_colours_are_neither_a_direction_nor_an_option():
    meaningful = {common.COOPERATION, common.FRICTION, common.EXCLUSIVE, common.INCLUSIVE}
    assert meaningful.isdisjoint(common.SERIES)


# --------------------------------------------------------------------------- every chart spec


@pytest.fixture(scope="module")
def specs(data_env) -> dict[str, dict]:  # noqa: F811
    mc = sample(2000, seed=3)
    built = {
        "explorer": charts.explorer(["threat", "engagement"]),
        "explorer_group": charts.explorer(["engagement"], group=5),
        "explorer_variants": charts.explorer(["engagement"], group=4, variants="all"),
        "marginal": charts.marginal_chart(["engagement", "mediation"]),
        "policy": charts.policy_chart(["threat", "inclusive_threat"], variants="all"),
        "map_net": charts.tipping_map(AXES, "balancing", "engagement", resolution=5),
        "map_policy": charts.tipping_map(AXES, "balancing", "threat", "policy", resolution=5),
        "map_marginal": charts.tipping_map(AXES, "threat", "animosity", "marginal", resolution=5),
        "framework": charts.framework_diagram(),
        "monte_carlo": charts.monte_carlo_chart(mc),
        "sensitivity": charts.sensitivity_chart(mc),
        "caveats": charts.caveats_chart(),
        "record": evidence_charts.record_chart(),
        "check": evidence_charts.check_chart(["animosity"]),
        "periods": evidence_charts.periods_chart(),
    }
    return {name: chart.to_dict() for name, chart in built.items()}


def _walk(node: Any, key: str = "") -> Any:
    """Every (key, value) pair of a spec, depth first."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from _walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


def _used_colours(spec: dict) -> set[str]:
    text = json.dumps(spec)
    found = {c.upper() for c in HEX.findall(text)}
    for k, v in _walk(spec):
        if k in COLOUR_KEYS and isinstance(v, str) and v not in RESOLVE:
            found.add(v.upper())
    return found


def test_every_chart_uses_only_the_palette(specs):
    palette = {c.upper() for c in common.PALETTE}
    for name, spec in specs.items():
        stray = _used_colours(spec) - palette
        assert not stray, f"{name} uses colours outside charts.common.PALETTE: {sorted(stray)}"
        schemes = [v for k, v in _walk(spec) if k == "scheme"]
        assert not schemes, f"{name} uses a named colour scheme {schemes}, not the palette"


def test_direction_and_options_keep_their_colours_everywhere(specs):
    """Wherever a scale maps cooperation / friction or the two options, it maps them to the
    palette's colours (so blue never means an option, and no option reads as friction)."""
    expected = {
        "cooperation": common.COOPERATION,
        "friction": common.FRICTION,
        "Exclusive bloc": common.EXCLUSIVE,
        "Inclusive ties": common.INCLUSIVE,
    }
    seen = set()
    for name, spec in specs.items():
        for k, v in _walk(spec):
            if k == "scale" and isinstance(v, dict) and "domain" in v and "range" in v:
                if not isinstance(v["domain"], list) or not isinstance(v["range"], list):
                    continue
                for d, r in zip(v["domain"], v["range"], strict=False):
                    if d in expected:
                        assert r == expected[d], f"{name}: {d!r} drawn in {r}"
                        seen.add(d)
    assert seen == set(expected)


def test_every_chart_with_a_colour_encoding_has_a_legend(specs):
    for name, spec in specs.items():
        for k, v in _walk(spec):
            if k in ("color", "stroke") and isinstance(v, dict) and "field" in v:
                assert v.get("legend", {}) is not None or _legend_elsewhere(spec, v), (name, v)


def _legend_elsewhere(spec: dict, enc: dict) -> bool:
    """A channel drawn without its own legend shares its field with one that has a legend."""
    return any(
        k in ("color", "stroke") and isinstance(v, dict) and v.get("field") == enc["field"]
        and v.get("legend", {}) is not None
        for k, v in _walk(spec)
    )  # fmt: skip


def test_every_text_is_at_least_the_books_smallest_size(specs):
    for name, spec in specs.items():
        config = spec.get("config", {})
        for part in ("axis", "legend"):
            assert config.get(part, {}).get("labelFontSize", 0) >= common.FONT_SIZE, (name, part)
            assert config.get(part, {}).get("titleFontSize", 0) >= common.FONT_SIZE, (name, part)
        assert config.get("text", {}).get("fontSize", 0) >= common.FONT_SIZE, name
        assert config.get("title", {}).get("fontSize", 0) >= common.FONT_SIZE, name
        for k, v in _walk(spec):
            if k in FONT_KEYS and isinstance(v, int | float):
                assert v >= common.FONT_SIZE, f"{name}: {k} = {v}"


def test_no_axis_or_legend_label_is_truncated(specs):
    """Vega truncates labels beyond labelLimit (180 px by default); 0 means no limit."""
    for name, spec in specs.items():
        config = spec.get("config", {})
        for part in ("axis", "legend"):
            assert config.get(part, {}).get("labelLimit") == 0, (name, part)
            assert config.get(part, {}).get("titleLimit") == 0, (name, part)
        limits = [v for k, v in _walk(spec) if k in ("labelLimit", "titleLimit", "limit")]
        assert all(v == 0 for v in limits), (name, limits)


def test_the_sensitivity_chart_wraps_long_labels_instead_of_cutting_them(specs):
    axis = specs["sensitivity"]["encoding"]["y"]["axis"]
    labels = [r["label"] for r in specs["sensitivity"]["data"]["values"]]
    assert max(len(label) for label in labels) > 24  # the chart has long labels to wrap
    for label in labels:
        assert json.dumps(label, ensure_ascii=False) in axis["labelExpr"]
