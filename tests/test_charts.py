"""Altair charts (lib/pathways/present/charts/): valid specs, sliders from the spec, bad
controls, the charts' own Vega-Lite specs compiled and run in Node giving evaluate()'s
numbers, and the charts' own sentences (trees) giving the same words in Python and Vega."""

from __future__ import annotations

import json

import numpy as np
import pytest
from _vega_node import run_vega
from pathways import charts, evaluate, group_verdict, scenario_values, with_variants
from pathways import verdict as verdicts
from pathways.model import default_model, numbers
from pathways.model.expr import Var, format_number, to_numpy, to_text
from pathways.model.montecarlo import sample
from pathways.model.thresholds import flip_point
from pathways.model.variants import combinations
from pathways.present.charts.diagram import highlight_sentence
from pathways.present.charts.maps import share_sentence

MODEL = default_model()
SPEC = MODEL.spec
ASSUMPTIONS = SPEC.assumptions
AXES = ["threat", "engagement", "animosity", "free_riding"]
DIMS = list(SPEC.variants)


@pytest.fixture(scope="module")
def mc():
    return sample(2000, seed=3)


def _builders(mc):
    return {
        "explorer": lambda: charts.explorer(["threat", "engagement"]),
        "explorer_group": lambda: charts.explorer(
            ["engagement"], group=5, fixed={"animosity": 0.9}
        ),
        "marginal": lambda: charts.marginal_chart(["engagement", "mediation"]),
        "policy": lambda: charts.policy_chart(["threat", "inclusive_threat"]),
        "tipping_net": lambda: charts.tipping_map(AXES, "threat", "engagement"),
        "tipping_policy": lambda: charts.tipping_map(
            AXES, "engagement", "animosity", quantity="policy", controls=["mediation"]
        ),
        "tipping_marginal": lambda: charts.tipping_map(
            AXES, "threat", "animosity", quantity="marginal", resolution=5
        ),
        "framework": lambda: charts.framework_diagram(),
        "monte_carlo": lambda: charts.monte_carlo_chart(mc),
        "sensitivity": lambda: charts.sensitivity_chart(mc),
        "caveats": lambda: charts.caveats_chart(),
        "caveats_one": lambda: charts.caveats_chart(["sunk_legacy"]),
        "explorer_variants": lambda: charts.explorer(["engagement"], group=4, variants=DIMS),
        "marginal_variants": lambda: charts.marginal_chart(["threat"], variants=["legacy"]),
        "policy_variants": lambda: charts.policy_chart([], variants=["commitment", "fears"]),
        "tipping_variants": lambda: charts.tipping_map(
            AXES, "threat", "engagement", quantity="marginal", variants=["redundancy"]
        ),
    }


BUILDER_NAMES = [
    "explorer", "explorer_group", "marginal", "policy", "tipping_net", "tipping_policy",
    "tipping_marginal", "framework", "monte_carlo", "sensitivity", "caveats", "caveats_one",
    "explorer_variants", "marginal_variants", "policy_variants", "tipping_variants",
]  # fmt: skip


@pytest.mark.parametrize("name", BUILDER_NAMES)
def test_every_builder_returns_a_valid_chart_with_a_text_alternative(mc, name):
    chart = _builders(mc)[name]()
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["$schema"].endswith("vega-lite/v6.4.1.json") or "vega-lite/v6" in spec["$schema"]
    # a title is lines short enough for a phone's column (Vega never wraps a title)
    title = spec.get("title")
    assert isinstance(title, list) and title and all(isinstance(t, str) and t for t in title)
    assert all(len(line) <= charts.TITLE_WRAP for line in title), title
    assert isinstance(spec.get("description"), str) and len(spec["description"]) > 40


def test_sliders_are_the_spec_assumptions():
    controls = list(ASSUMPTIONS)
    spec = charts.explorer(controls).to_dict()
    params = {p["name"]: p for p in spec["params"] if "bind" in p}  # not the numbers' signals
    assert list(params) == controls
    for name, a in ASSUMPTIONS.items():
        p = params[name]
        assert p["value"] == a.default
        assert p["bind"] == {
            "input": "range", "min": a.min, "max": a.max, "step": a.step, "name": f"{a.label} ",
        }  # fmt: skip


def test_variant_menus_are_the_specs_options():
    spec = charts.explorer(["engagement", "withdrawal_signal"], variants=DIMS).to_dict()
    params = {p["name"]: p for p in spec["params"] if "bind" in p}
    assert list(params) == ["engagement", "withdrawal_signal", *(f"variant_{d}" for d in DIMS)]
    for d, v in SPEC.variants.items():
        menu = params[f"variant_{d}"]
        assert menu["value"] == v.default
        assert menu["bind"] == {
            "input": "select", "options": list(v.options),
            "labels": [o.label for o in v.options.values()], "name": f"{v.label} ",
        }  # fmt: skip
    labels = ", ".join(v.label for v in SPEC.variants.values())
    assert f"Menus switch the model's form: {labels}." in spec["description"]
    # a model pinned to another option starts its menu there
    pinned = with_variants(MODEL, {"legacy": "sunk"})
    menu = charts.explorer([], model=pinned, variants=["legacy"]).to_dict()["params"][0]
    assert menu["name"] == "variant_legacy" and menu["value"] == "sunk"


def test_charts_without_variants_read_no_variant():
    """Without `variants` a chart is today's: no menu, and no tree reads a variant (the
    chapters' charts keep their exact specs)."""
    for name, build in _builders(sample(200, seed=1)).items():
        text = json.dumps(build().to_dict())
        assert ("variant_" in text) == name.endswith("_variants"), name


def test_slider_labels_are_described():
    spec = charts.explorer(["threat", "free_riding"]).to_dict()
    assert "sliders: External common threat, US engagement → free-riding." in spec["description"]


@pytest.mark.parametrize(
    ("build", "pattern"),
    [
        (
            lambda: charts.explorer(["hostility"]),
            r"unknown control 'hostility'; allowed: threat, ",
        ),
        (lambda: charts.explorer(["threat", "threat"]), r"controls repeat a name"),
        (
            lambda: charts.explorer(["threat"], fixed={"threat": 0.5}),
            r"\['threat'\] cannot be both a control and fixed",
        ),
        (
            lambda: charts.explorer(["threat"], fixed={"animosity": 1.5}),
            r"animosity: 1\.5 is outside its allowed range \[0\.0, 1\.0\]",
        ),
        (
            lambda: charts.explorer(["threat"], fixed={"free_riding": float("nan")}),
            r"free_riding: nan is not finite",
        ),
        (
            lambda: charts.explorer(["threat"], fixed={"hatred": 0.1}),
            r"unknown assumption 'hatred'",
        ),
        (lambda: charts.explorer(["threat"], group=9), r"unknown pathway group 9"),
        (lambda: charts.marginal_chart(["nope"]), r"unknown control 'nope'"),
        (lambda: charts.policy_chart(["nope"]), r"unknown control 'nope'"),
        (lambda: charts.framework_diagram(["nope"]), r"unknown control 'nope'"),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", quantity="gdp"),
            r"unknown quantity 'gdp'; allowed: net, policy, marginal",
        ),
        (lambda: charts.tipping_map(AXES, "threat", "engagement", resolution=1), r"resolution 1"),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", resolution=102),
            r"resolution 102",
        ),
        (lambda: charts.tipping_map(AXES, "threat", "threat"), r"must be two different names"),
        (lambda: charts.tipping_map(AXES, "threat", "mediation"), r"must be two different names"),
        (lambda: charts.tipping_map(["threat", "nope"], "threat", "nope"), r"unknown axis 'nope'"),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", controls=["animosity"]),
            r"\['animosity'\] cannot be both a map axis and a slider",
        ),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", controls=["nope"]),
            r"unknown control 'nope'",
        ),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", fixed={"mediation": 7}),
            r"mediation: 7\.0 is outside its allowed range",
        ),
        (lambda: charts.sliders(MODEL, ["nope"]), r"unknown control 'nope'; allowed: threat, "),
        (
            lambda: charts.caveats_chart(["nope"]),
            r"unknown scenario 'nope'; allowed: redundant_fear, sunk_legacy, paper_caveats",
        ),
        (lambda: charts.caveats_chart(["none"]), r"unknown scenario 'none'"),
        (lambda: charts.caveats_chart([]), r"need one or more different names, got \[\]"),
        (
            lambda: charts.caveats_chart(["sunk_legacy", "sunk_legacy"]),
            r"need one or more different names",
        ),
        (
            lambda: charts.explorer(["threat"], variants=["commitments"]),
            r"unknown variant 'commitments'; allowed: commitment, fears, redundancy, legacy",
        ),
        (
            lambda: charts.tipping_map(AXES, "threat", "engagement", variants=["legacy", "legacy"]),
            r"variants repeat a name",
        ),
        (lambda: charts.policy_chart([], variants="nope"), r"unknown variant 'nope'"),
    ],
)
def test_bad_controls_raise(build, pattern):
    with pytest.raises(ValueError, match=pattern):
        build()


def test_sensitivity_and_histogram_data_come_from_the_sample(mc):
    rows = charts.sensitivity_chart(mc, top=5).to_dict()["data"]["values"]
    assert [r["name"] for r in rows] == list(mc.sensitivity["name"][:5])
    hist = charts.monte_carlo_chart(mc, bins=20).to_dict()["data"]["values"]
    assert len(hist) == 20
    assert sum(r["share"] for r in hist) == pytest.approx(1.0)
    assert hist[0]["start"] == pytest.approx(mc.draws["net"].min())
    assert hist[-1]["end"] == pytest.approx(mc.draws["net"].max())
    for r in hist:
        mid = (r["start"] + r["end"]) / 2
        assert r["direction"] == ("cooperation" if mid >= 0 else "friction")


# --------------------------------------------------------------------------- run in Node


def _random_values(names, seed):
    rng = np.random.default_rng(seed)
    return {n: round(float(rng.uniform(ASSUMPTIONS[n].min, ASSUMPTIONS[n].max)), 2) for n in names}


ALL = list(ASSUMPTIONS)
RANDOM_ALL = _random_values(ALL, 1)
RANDOM_MAP = _random_values(["mediation", "us_pressure"], 2)


CAVEAT_OPTIONS = ["none", *SPEC.scenarios]
COMBOS = combinations(SPEC)
VARIANT_CONTROLS = ["engagement", "withdrawal_signal", "fear_japan", "fear_korea", "free_riding",
                    "occupation_engagement", "threat"]  # fmt: skip
VARIANT_VALUES = _random_values(VARIANT_CONTROLS, 4)
VARIANT_EXPLORER = charts.explorer(VARIANT_CONTROLS, group=4, variants=DIMS)


def _menu_signals(combo: dict[str, str]) -> dict[str, str]:
    return {f"variant_{d}": option for d, option in combo.items()}


def _jobs():
    """(key, Altair chart, slider values set in the view)."""
    return [
        ("explorer_defaults", charts.explorer(["threat", "engagement"]), {}),
        ("explorer_all", charts.explorer(ALL), RANDOM_ALL),
        ("explorer_group", charts.explorer(["engagement", "threat"], group=4,
                                           fixed={"animosity": 0.9}),
         {"engagement": 0.15, "threat": 0.55}),
        ("marginal", charts.marginal_chart(ALL), RANDOM_ALL),
        ("policy", charts.policy_chart(ALL), RANDOM_ALL),
        ("tipping_net", charts.tipping_map(AXES, "threat", "engagement", resolution=11), {}),
        ("tipping_policy", charts.tipping_map(AXES, "engagement", "animosity", quantity="policy",
                                              controls=["mediation", "us_pressure"],
                                              resolution=9),
         {**RANDOM_MAP, "xaxis": "free_riding", "yaxis": "threat"}),
        ("tipping_marginal", charts.tipping_map(AXES, "threat", "animosity", quantity="marginal",
                                                resolution=7), {}),
        ("map_conclusion", charts.tipping_map(["balancing", "inclusive_threat", "threat"],
                                              "balancing", "inclusive_threat", "policy"), {}),
        ("map_synthesis", charts.tipping_map(AXES, "engagement", "animosity"), {}),
        ("tipping_same", charts.tipping_map(AXES, "threat", "engagement", resolution=5),
         {"xaxis": "animosity", "yaxis": "animosity"}),
        ("framework", charts.framework_diagram(), {"engagement": 0.25}),
        ("framework_friction", charts.framework_diagram(["engagement"]),
         {"engagement": 0.25, "highlight": "toward friction"}),
        *((f"caveats_{option}", charts.caveats_chart(), {"scenario": option})
          for option in CAVEAT_OPTIONS),
        *((f"variants_{i}", VARIANT_EXPLORER, {**VARIANT_VALUES, **_menu_signals(combo)})
          for i, combo in enumerate(COMBOS)),
        ("variants_marginal", charts.marginal_chart(ALL, variants=DIMS),
         {**RANDOM_ALL, **_menu_signals(COMBOS[-1])}),
        ("variants_policy", charts.policy_chart(ALL, variants=DIMS),
         {**RANDOM_ALL, **_menu_signals(COMBOS[5])}),
        ("variants_map", charts.tipping_map(AXES, "threat", "engagement", quantity="marginal",
                                            controls=["withdrawal_signal"], resolution=7,
                                            variants=["commitment", "redundancy"]),
         {"withdrawal_signal": 0.6, "variant_commitment": "signal",
          "variant_redundancy": "while_free_riding"}),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def node_data(tmp_path_factory):
    jobs = _jobs()
    out = run_vega(
        [{"spec": chart.to_dict(), "signals": signals} for _, chart, signals in jobs],
        tmp_path_factory.mktemp("charts"),
    )
    return {key: data for (key, _, _), data in zip(jobs, out, strict=True)}


def _rows(data: dict, *fields: str) -> list[dict]:
    """The rows of the (last) data set whose rows carry all `fields`."""
    found = [rows for rows in data.values() if rows and all(f in rows[0] for f in fields)]
    assert found, f"no data set with fields {fields}; sets: {list(data)}"
    return found[-1]


def _contributions(rows: list[dict], field: str = "contribution") -> dict[str, float]:
    return {r["id"]: r[field] for r in rows}


def _assert_close(got: dict, expected: dict) -> None:
    assert got.keys() == expected.keys()
    for k in got:
        assert abs(got[k] - expected[k]) <= 1e-9, (k, got[k], expected[k])


def test_explorer_at_its_default_slider_values(node_data):
    data = node_data["explorer_defaults"]
    r = evaluate()
    rows = _rows(data, "id", "contribution")
    _assert_close(
        _contributions(rows), dict(zip(r.table["id"], r.table["contribution"], strict=True))
    )
    assert {row["direction"] for row in rows} == {"cooperation", "friction"}
    (sentence,) = _rows(data, "verdict")
    assert sentence["verdict"] == r.verdict
    # The displayed lines rejoin to the library's exact sentence, and none runs past the chart.
    assert "".join(sentence["display"]) == r.verdict
    assert len(sentence["display"]) > 1
    assert all(len(line) <= 70 for line in sentence["display"]), sentence["display"]


def test_explorer_with_every_slider_moved(node_data):
    r = evaluate(RANDOM_ALL)
    data = node_data["explorer_all"]
    _assert_close(
        _contributions(_rows(data, "id", "contribution")),
        dict(zip(r.table["id"], r.table["contribution"], strict=True)),
    )
    assert _rows(data, "verdict")[0]["verdict"] == r.verdict


def test_chapter_explorer_with_fixed_values_and_its_group_verdict(node_data):
    values = {"engagement": 0.15, "threat": 0.55, "animosity": 0.9}
    r = evaluate(values)
    data = node_data["explorer_group"]
    rows = _rows(data, "id", "contribution", "focus")
    _assert_close(
        _contributions(rows), dict(zip(r.table["id"], r.table["contribution"], strict=True))
    )
    assert [row["id"] for row in rows if row["focus"]] == ["4"]
    assert _rows(data, "verdict")[0]["verdict"] == group_verdict(4, values)


def test_marginal_chart(node_data):
    r = evaluate(RANDOM_ALL)
    data = node_data["marginal"]
    _assert_close(
        _contributions(_rows(data, "id", "marginal"), "marginal"),
        dict(zip(r.table["id"], r.table["us_marginal"], strict=True)),
    )
    assert _rows(data, "verdict")[0]["verdict"] == r.verdict


def test_policy_chart(node_data):
    r = evaluate(RANDOM_ALL)
    by = r.policy.by_pathway.set_index("id")
    rows = _rows(node_data["policy"], "id", "policy", "contribution")
    assert len(rows) == 2 * len(SPEC.pathways)
    for row in rows:
        assert abs(row["contribution"] - by.loc[row["id"], row["policy"]]) <= 1e-9
    sentence = _rows(node_data["policy"], "verdict")[0]["verdict"]
    assert sentence == to_text(verdicts.policy_comparison(MODEL), r.assumptions)
    assert format_number(r.policy.exclusive, "+.3f") in sentence
    # the two totals, in the options' order, each drawn as three lines: its name, its value
    # and where it stands (the verdict's tie rule)
    (totals,) = [rows for rows in node_data["policy"].values()
                 if len(rows) == 2 and all(f in rows[0] for f in ("policy", "net", "lines"))][:1]  # fmt: skip
    assert [t["policy"] for t in totals] == ["exclusive", "inclusive"]
    for t in totals:
        assert abs(t["net"] - getattr(r.policy, t["policy"])) <= 1e-9
        stand = to_text(verdicts.standing(MODEL, t["policy"]), r.assumptions)
        name = SPEC.policies[t["policy"]].short
        assert t["lines"] == [name, format_number(t["net"], "+.3f"), stand]
    words = {t["policy"]: t["lines"][2] for t in totals}
    if "tie at two decimals" not in sentence:
        assert words[r.policy.preferred] == "ahead" and "behind" in words.values()
    else:
        assert set(words.values()) == {"tied at two decimals"}


def test_standing_ties_at_the_printed_precision():
    """Where each option stands: ahead / behind beyond the tie bound, else tied (both)."""
    bound = numbers.tie_bound("size")
    tie = "tied at two decimals"
    cases = [(bound, "behind", "ahead"), (-bound, "ahead", "behind"), (0.004, tie, tie),
             (-0.0049999, tie, tie), (0.0, tie, tie)]  # fmt: skip
    for margin, exc, inc in cases:
        said = {k: to_text(verdicts.standing(MODEL, k, Var("m")), {"m": margin})
                for k in ("exclusive", "inclusive")}  # fmt: skip
        assert said == {"exclusive": exc, "inclusive": inc}, margin
    with pytest.raises(ValueError, match="unknown policy option 'both'"):
        verdicts.standing(MODEL, "both")


POSITIVE = {
    "net": "relations lean toward cooperation",
    "policy": "inclusive ties come out ahead",
    "marginal": "more US engagement helps",
}


def _map_values(rows, x, y, fixed, tree):
    u = np.array([row["u"] for row in rows])
    v = np.array([row["v"] for row in rows])
    env = {n: np.full(len(rows), a.default) for n, a in ASSUMPTIONS.items()}
    env.update({n: np.full(len(rows), val) for n, val in fixed.items()})
    ax, ay = ASSUMPTIONS[x], ASSUMPTIONS[y]
    env[x] = ax.min + u * (ax.max - ax.min)
    env[y] = ay.min + v * (ay.max - ay.min)
    return np.asarray(to_numpy(tree, env), dtype=float)


def _assert_real_units(rows, x, y, cells):
    """Each cell sits on the axes at the assumptions' own values: its centre is the value it
    computes, its edges half a grid step either side."""
    step = 1.0 / (round(cells**0.5) - 1)
    for at, grid, name in (("x", "u", x), ("y", "v", y)):
        a = ASSUMPTIONS[name]
        span = a.max - a.min
        for row in rows:
            centre = a.min + row[grid] * span
            assert abs(row[at] - centre) <= 1e-12, (at, row)
            assert abs(row[f"{at}1"] - (centre - step / 2 * span)) <= 1e-12, (at, row)
            assert abs(row[f"{at}2"] - (centre + step / 2 * span)) <= 1e-12, (at, row)


@pytest.mark.parametrize(
    ("key", "x", "y", "quantity"),
    [("map_conclusion", "balancing", "inclusive_threat", "policy"),
     ("map_synthesis", "engagement", "animosity", "net")],
)  # fmt: skip
def test_a_flip_point_is_where_the_reader_finds_it_on_the_map(node_data, key, x, y, quantity):
    """Along the row of cells at the vertical assumption's default, the verdict turns
    between the two cells whose axis values bracket the flip point the prose quotes."""
    rows = _rows(node_data[key], "x", "y", "value")
    ys = sorted({r["y"] for r in rows})
    y_row = min(ys, key=lambda v: abs(v - ASSUMPTIONS[y].default))
    line = sorted((r for r in rows if r["y"] == y_row), key=lambda r: r["x"])
    word = verdicts.reading(MODEL, quantity)
    said = [float(to_numpy(word, {**SPEC.defaults(), x: r["x"], y: y_row})) for r in line]
    first = next(i for i, w in enumerate(said) if w != said[0])
    flip = flip_point(x, quantity, {y: y_row})
    step = ASSUMPTIONS[x].step
    # the verdict turns in (flip - step, flip] on the slider and in (prev, first] on the map
    lo, hi = max(flip - step, line[first - 1]["x"]), min(flip, line[first]["x"])
    assert lo < hi, (flip, line[first - 1]["x"], line[first]["x"])
    assert line[first - 1]["x1"] <= flip <= line[first]["x2"]
    # the cell's value is the model's at the axis values it is drawn at
    value = float(to_numpy(MODEL.quantity(quantity), {**SPEC.defaults(), x: line[first]["x"],
                                                      y: y_row}))  # fmt: skip
    assert abs(line[first]["value"] - value) <= 1e-9


@pytest.mark.parametrize(
    ("key", "x", "y", "fixed", "quantity", "cells"),
    [
        ("tipping_net", "threat", "engagement", {}, "net", 11 * 11),
        ("tipping_policy", "free_riding", "threat", RANDOM_MAP, "policy", 9 * 9),
        ("tipping_marginal", "threat", "animosity", {}, "marginal", 7 * 7),
    ],
)
def test_tipping_maps(node_data, key, x, y, fixed, quantity, cells):
    tree = {"net": MODEL.net, "policy": MODEL.policy_margin, "marginal": MODEL.marginal_total}[
        quantity
    ]
    rows = _rows(node_data[key], "u", "v", "value")
    assert len(rows) == cells
    expected = _map_values(rows, x, y, fixed, tree)
    got = np.array([row["value"] for row in rows])
    assert np.max(np.abs(got - expected)) <= 1e-9
    _assert_real_units(rows, x, y, cells)
    (titles,) = _rows(node_data[key], "xtitle", "ytitle")
    assert (titles["xtitle"], titles["ytitle"]) == (ASSUMPTIONS[x].label, ASSUMPTIONS[y].label)
    (summary,) = _rows(node_data[key], "share", "verdict")
    # a cell counts as positive where the verdict names the positive side (beyond a tie)
    share = float(np.mean(expected >= numbers.tie_bound(verdicts.PRINTED_AS[quantity])))
    assert summary["share"] == pytest.approx(share, abs=1e-12)
    positive = POSITIVE[quantity]
    if share == 1:
        tail = f"Everywhere on this map {positive}."
    elif share == 0:
        tail = f"Nowhere on this map {positive}."
    else:
        tail = (
            f"In {format_number(share, '.0%')} of this map {positive}; "
            "in the rest the verdict flips."
        )
    assert summary["verdict"] == (
        f"Horizontal: {ASSUMPTIONS[x].label}; vertical: {ASSUMPTIONS[y].label}. {tail}"
    )
    # Python prints the same tree the browser ran: the same words for the same share.
    env = {"xaxis": x, "yaxis": y, "share": summary["share"]}
    assert to_text(share_sentence(MODEL, AXES, quantity), env) == summary["verdict"]


def test_tipping_map_with_one_assumption_on_both_axes_draws_nothing(node_data):
    data = node_data["tipping_same"]
    assert not any(rows and "value" in rows[0] and "u2" in rows[0] for rows in data.values())
    (summary,) = _rows(data, "share", "verdict")
    assert summary["verdict"] == "Pick two different assumptions for the two axes."
    env = {"xaxis": "animosity", "yaxis": "animosity", "share": 0.5}
    assert to_text(share_sentence(MODEL, AXES, "net"), env) == summary["verdict"]


@pytest.mark.parametrize(
    ("share", "tail"),
    [
        (1.0, "Everywhere on this map relations lean toward cooperation."),
        (0.0, "Nowhere on this map relations lean toward cooperation."),
        (0.995, "In 100% of this map relations lean toward cooperation; in the rest the verdict "
                "flips."),
        (0.125, "In 13% of this map relations lean toward cooperation; in the rest the verdict "
                "flips."),
    ],
)  # fmt: skip
def test_share_sentence_in_python(share, tail):
    env = {"xaxis": "engagement", "yaxis": "threat", "share": share}
    assert to_text(share_sentence(MODEL, AXES, "net"), env) == (
        f"Horizontal: {ASSUMPTIONS['engagement'].label}; "
        f"vertical: {ASSUMPTIONS['threat'].label}. {tail}"
    )
    # A menu value outside the map's axes names nothing (the browser's fallback).
    other = to_text(share_sentence(MODEL, AXES, "net"), {**env, "xaxis": "mediation"})
    assert other.startswith("Horizontal: ; vertical: ")


def test_framework_diagram_numbers_and_sentence(node_data):
    r = evaluate({"engagement": 0.25})
    contributions = dict(zip(r.table["id"], r.table["contribution"], strict=True))
    rows = _rows(node_data["framework"], "id", "contribution", "text")
    _assert_close(_contributions(rows), contributions)
    for row in rows:
        assert row["text"] == numbers.quote("margin", contributions[row["id"]])
    (all_lit,) = _rows(node_data["framework"], "total", "count", "verdict")
    assert all_lit["count"] == len(SPEC.pathways)
    assert abs(all_lit["total"] - r.net) <= 1e-9
    assert all_lit["verdict"] == (
        f"The {len(SPEC.pathways)} highlighted pathways add up to "
        f"{format_number(r.net, '+.2f')}, toward {'cooperation' if r.net > 0 else 'friction'}."
    )
    env = {"count": all_lit["count"], "total": all_lit["total"]}
    assert to_text(highlight_sentence(), env) == all_lit["verdict"]
    (friction,) = _rows(node_data["framework_friction"], "total", "count", "verdict")
    negative = [p.id for p in SPEC.pathways if p.sign < 0]
    assert friction["count"] == len(negative)
    assert abs(friction["total"] - sum(contributions[i] for i in negative)) <= 1e-9
    assert friction["verdict"].endswith(", toward friction.")


def test_framework_diagram_draws_every_link_of_the_spec():
    spec = charts.framework_diagram().to_dict()
    layers = spec["vconcat"][0]["layer"]
    edges = layers[0]["data"]["values"]  # each link drawn as three pieces (two layouts)
    links = [(e["id"], e["pos"], e["pos2"]) for e in edges]
    assert sorted(set(links)) == sorted(
        (p.id, i, i + 1) for p in SPEC.pathways for i in range(len(p.links))
    )
    assert all(links.count(k) == 3 for k in links)
    # Node labels are drawn in one text layer per number of lines (to centre them).
    nodes = [
        v
        for layer in layers
        if layer["mark"]["type"] == "text" and layer["encoding"]["text"]["field"] == "text"
        for v in layer["data"]["values"]
        if "pos" in v  # the contribution column's rows have no chain position
    ]
    assert len(nodes) == sum(len(p.links) + 1 for p in SPEC.pathways)
    chains = {
        p.id: [p.links[0].source_node] + [lk.target_node for lk in p.links] for p in SPEC.pathways
    }
    for n in nodes:
        assert " ".join(n["text"]) == chains[n["id"]][n["pos"]]


@pytest.mark.parametrize(
    ("count", "total", "sentence"),
    [
        (1, -0.24, "The 1 highlighted pathway add up to \u22120.24, toward friction."),
        (2, 0.0, "The 2 highlighted pathways add up to 0.00, toward neither side at two decimals."),
        (0, 0.0, "The 0 highlighted pathways add up to 0.00, toward neither side at two decimals."),
        (
            2,
            0.004,
            "The 2 highlighted pathways add up to 0.00, toward neither side at two decimals.",
        ),
        (2, -0.005, "The 2 highlighted pathways add up to \u22120.01, toward friction."),
        (3, 0.125, "The 3 highlighted pathways add up to +0.13, toward cooperation."),
    ],
)
def test_highlight_sentence_in_python(count, total, sentence):
    assert to_text(highlight_sentence(), {"count": count, "total": total}) == sentence


def _text_panels(spec: dict) -> list[dict]:
    """The panels of a figure that draw a sentence (`verdict`), not other text (a list)."""
    return [
        p
        for p in spec["vconcat"]
        if p.get("mark", {}).get("type") == "text"
        and any(t.get("as") == "verdict" for t in p.get("transform", []))
    ]


def test_every_verdict_panel_is_drawn_alike(mc):
    """One builder draws the sentence under every live chart: same mark, same place."""
    panels = []
    for name in BUILDER_NAMES:
        spec = _builders(mc)[name]().to_dict()
        panels += [(name, p) for p in _text_panels(spec)] if "vconcat" in spec else []
    assert {name for name, _ in panels} == set(BUILDER_NAMES) - {"monte_carlo", "sensitivity"}
    for name, p in panels:
        wrapped = p["encoding"]["text"]["field"] == "display"
        mark = {"type": "text", "align": "left", "baseline": "top", "fontSize": 13}
        assert p["mark"] == ({**mark, "lineHeight": charts.LINE_HEIGHT} if wrapped else mark), name
        assert (p["encoding"]["x"], p["encoding"]["y"]) == ({"value": 0}, {"value": 4}), name
        assert p["view"] == {"stroke": None}, name
        calcs = [t["as"] for t in p["transform"] if "calculate" in t]
        tail = ["verdict", "display"] if wrapped else ["verdict"]
        assert calcs[-len(tail) :] == tail, name


def test_framework_diagram_draws_the_essays_links_dashed():
    """Solid links are the paper's; a link whose strength or gate is the essay's is dashed."""
    spec = charts.framework_diagram().to_dict()
    layer = next(
        lay
        for panel in spec["vconcat"]
        for lay in panel.get("layer", [])
        if "strokeDash" in lay.get("encoding", {})
    )
    edges = layer["data"]["values"]
    dashed = {(e["id"], e["pos"]) for e in edges if e["origin"] == "the essay's addition"}
    model = default_model()
    expected = {
        (p.id, i)
        for p in model.spec.pathways
        for i, lk in enumerate(p.links)
        if "essay" in (lk.provenance.kind, getattr(lk.gate_provenance, "kind", None))
    }
    assert dashed == expected and dashed
    assert ("3", 1) in dashed  # the mediation gate on US pressure
    assert ("1a", 0) not in dashed  # balancing is the paper's


# --------------------------------------------------------------------------- caveats chart


def test_caveats_chart_has_one_menu_and_no_slider():
    spec = charts.caveats_chart().to_dict()
    (menu,) = [p for p in spec["params"] if "bind" in p]
    assert menu["name"] == "scenario" and menu["value"] == "none"
    assert menu["bind"] == {
        "input": "select",
        "options": CAVEAT_OPTIONS,
        "labels": ["the essay's defaults", *(s.label for s in SPEC.scenarios.values())],
        "name": "Assumptions: ",
    }
    assert "the §2(4) redundancy remark" in spec["description"]
    one = charts.caveats_chart(["sunk_legacy"]).to_dict()["params"][0]["bind"]
    assert one["options"] == ["none", "sunk_legacy"]


def _panel_values(data: dict) -> dict[str, dict]:
    """The sign panels' rows (one each), by quantity; `shown` (the lines drawn) as one line."""
    rows = [r for rs in data.values() for r in rs if {"quantity", "value", "shown"} <= r.keys()]
    return {r["quantity"]: {**r, "shown": " ".join(r["shown"])} for r in rows}


@pytest.mark.parametrize("option", CAVEAT_OPTIONS)
def test_caveats_chart_computes_the_library_scenario(node_data, option):
    """For each menu option, the browser's numbers and sentence are `evaluate`'s for that
    scenario (the defaults for 'none'), and the top panel lists the values it set."""
    values = {} if option == "none" else scenario_values(option)
    r = evaluate(values)
    data = node_data[f"caveats_{option}"]
    panels = _panel_values(data)
    expected = {"net": r.net, "marginal": r.us_marginal, "policy": r.policy.margin}
    _assert_close({k: row["value"] for k, row in panels.items()}, expected)
    helps = "helps" if r.us_marginal > 0 else "hurts"
    assert panels["marginal"]["shown"].endswith(f", more engagement {helps}")
    ahead = "inclusive ties" if r.policy.margin > 0 else "exclusive bloc"
    assert panels["policy"]["shown"].endswith(f", {ahead} ahead")
    assert panels["net"]["shown"].startswith("Net outcome (+ cooperation, − friction): ")
    _assert_close(
        _contributions(_rows(data, "id", "marginal"), "marginal"),
        dict(zip(r.table["id"], r.table["us_marginal"], strict=True)),
    )
    assert _rows(data, "verdict")[0]["verdict"] == r.verdict
    settings = {row["name"]: row["setting"] for row in _rows(data, "name", "setting")}
    assert settings == {n: r.assumptions[n] for n in ("fears_cooperation", "us_intervention")}


def test_caveats_chart_options_differ_as_the_caveats_say(node_data):
    """The menu is live: each option gives other numbers, and both caveats together turn
    the verdict's two headline signs."""
    signs = {}
    for option in CAVEAT_OPTIONS:
        p = _panel_values(node_data[f"caveats_{option}"])
        signs[option] = (p["marginal"]["value"] > 0, p["policy"]["value"] > 0)
    assert signs["none"] == (False, True)
    assert signs["paper_caveats"] == (True, False)
    values = {o: _panel_values(node_data[f"caveats_{o}"])["net"]["value"] for o in CAVEAT_OPTIONS}
    assert len(set(values.values())) == len(CAVEAT_OPTIONS)


# --------------------------------------------------------------------------- structural variants


@pytest.mark.parametrize("i", range(16))
def test_explorer_computes_each_structure_chosen_in_its_menus(node_data, i):
    combo = COMBOS[i]
    r = evaluate(VARIANT_VALUES, variants=combo)
    data = node_data[f"variants_{i}"]
    _assert_close(
        _contributions(_rows(data, "id", "contribution", "focus")),
        dict(zip(r.table["id"], r.table["contribution"], strict=True)),
    )
    sentence = _rows(data, "verdict")[0]["verdict"]
    assert sentence == group_verdict(4, VARIANT_VALUES, with_variants(MODEL, combo))


def test_the_menus_change_what_the_browser_computes(node_data):
    fours = {i: _contributions(_rows(node_data[f"variants_{i}"], "id", "contribution"))["4"]
             for i in range(16)}  # fmt: skip
    # pathway 4 reads three of the four menus (not the legacy), pathway 6 only the legacy
    assert len({round(v, 12) for v in fours.values()}) == 8
    sixes = {COMBOS[i]["legacy"]: _contributions(_rows(node_data[f"variants_{i}"], "id",
             "contribution"))["6"] for i in range(16)}  # fmt: skip
    assert sixes["flow"] != sixes["sunk"]


def test_marginal_and_policy_charts_with_menus(node_data):
    r = evaluate(RANDOM_ALL, variants=COMBOS[-1])
    _assert_close(
        _contributions(_rows(node_data["variants_marginal"], "id", "marginal"), "marginal"),
        dict(zip(r.table["id"], r.table["us_marginal"], strict=True)),
    )
    assert _rows(node_data["variants_marginal"], "verdict")[0]["verdict"] == r.verdict
    r = evaluate(RANDOM_ALL, variants=COMBOS[5])
    by = r.policy.by_pathway.set_index("id")
    for row in _rows(node_data["variants_policy"], "id", "policy", "contribution"):
        assert abs(row["contribution"] - by.loc[row["id"], row["policy"]]) <= 1e-9
    sentence = _rows(node_data["variants_policy"], "verdict")[0]["verdict"]
    pinned = with_variants(MODEL, COMBOS[5])
    assert sentence == to_text(verdicts.policy_comparison(pinned), r.assumptions)


def test_tipping_map_with_menus_is_the_chosen_structures_map(node_data):
    combo = COMBOS[10]
    assert (combo["commitment"], combo["redundancy"]) == ("signal", "while_free_riding")
    pinned = with_variants(MODEL, combo)
    rows = _rows(node_data["variants_map"], "u", "v", "value")
    expected = _map_values(rows, "threat", "engagement", {"withdrawal_signal": 0.6},
                           pinned.marginal_total)  # fmt: skip
    got = np.array([row["value"] for row in rows])
    assert np.max(np.abs(got - expected)) <= 1e-9
    default = _map_values(rows, "threat", "engagement", {"withdrawal_signal": 0.6},
                          MODEL.marginal_total)  # fmt: skip
    assert np.max(np.abs(default - expected)) > 0.01  # the menus matter
    (summary,) = _rows(node_data["variants_map"], "share", "verdict")
    assert summary["share"] == pytest.approx(float(np.mean(expected > 0)), abs=1e-12)
