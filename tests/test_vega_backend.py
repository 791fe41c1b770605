"""One expression tree, two backends: the Vega expressions recompute numpy's numbers exactly.

Every quantity of the model (each pathway's contribution and marginal effect, the net, the
total marginal effect, the US share, each policy's contributions and net, the policy
margin) and every verdict sentence is printed with `to_vega(tree, datum_ref)` into one
`formula` transform of a Vega spec whose data are the scenarios; the spec is run headless
in Node with the pinned vega package (tests/vega_run.mjs). Numbers must agree with numpy
to 1e-9 and sentences must be equal strings (Python formats with expr.format_number).

The structural variants run the same way: the tree with every dimension free, its
`variant_<dimension>` fields holding each row's options, against each structure's own
pinned model, for every combination of options.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from _vega_node import run_formulas
from hypothesis import given, settings
from hypothesis import strategies as st
from pathways import evaluate, group_verdict, with_variants
from pathways import verdict as verdicts
from pathways.model import default_model, numbers
from pathways.model.expr import Var, to_numpy, to_text, to_vega
from pathways.model.variants import combinations, variant_env
from pathways.present.vega import by_id, datum_ref, expression, param_ref

MODEL = default_model()
SPEC = MODEL.spec
ASSUMPTIONS = SPEC.assumptions
GROUPS = sorted({p.group for p in SPEC.pathways})
N_RANDOM = 240
N_GRID = 120


def _scenarios() -> list[dict[str, float]]:
    rng = np.random.default_rng(20240601)
    rows = [
        {n: float(rng.uniform(a.min, a.max)) for n, a in ASSUMPTIONS.items()}
        for _ in range(N_RANDOM)
    ]
    # slider positions: the 0.01 grid readers actually set, where exact ties are likelier
    for _ in range(N_GRID):
        row = {}
        for n, a in ASSUMPTIONS.items():
            steps = round((a.max - a.min) / 0.01)
            row[n] = round(a.min + 0.01 * int(rng.integers(0, steps + 1)), 2)
        rows.append(row)
    defaults = SPEC.defaults()
    corners = [
        defaults,
        {n: a.min for n, a in ASSUMPTIONS.items()},
        {n: a.max for n, a in ASSUMPTIONS.items()},
        {**defaults, "engagement": 0.0},
        {**defaults, "engagement": 1.0},
        {**defaults, "fear_japan": 0.4, "fear_korea": 0.4},
        # every pathway silent: net 0, 'neither side', us_share guarded 0/0, policy tie
        {**defaults, "threat": 0.0, "engagement": 1.0, "animosity": 0.0,
         "exclusive_counterbalancing": 0.0},
        # net exactly -0.125: d3-format rounds the tie away from zero (−0.13)
        {**defaults, "threat": 0.0, "engagement": 1.0, "animosity": 0.5, "own_animosity": 0.25},
        # US-dependent pathways dominate: 'determinant'
        {**defaults, "animosity": 0.0, "threat": 1.0, "balancing": 0.3, "seikei_bunri": 0.2},
        # no threat, full engagement: share 0%, 'minor'; pathway 4 silent: 'neither side'
        {**defaults, "threat": 0.0, "engagement": 1.0},
        # the policy margin inside the tie band (engagement's policy flip point)
        {**defaults, "engagement": 0.78},
    ]  # fmt: skip
    return rows + corners


SCENARIOS = _scenarios()


def _numeric_trees() -> dict[str, object]:
    trees: dict[str, object] = {}
    for pid in MODEL.ids:
        trees[f"contribution_{pid}"] = MODEL.contributions[pid]
        trees[f"marginal_{pid}"] = MODEL.marginal[pid]
        for pol in ("exclusive", "inclusive"):
            trees[f"{pol}_{pid}"] = MODEL.policy_contributions[pol][pid]
    trees["net"] = MODEL.net
    trees["marginal_total"] = MODEL.marginal_total
    trees["us_share"] = MODEL.us_share
    for pol in ("exclusive", "inclusive"):
        trees[f"policy_net_{pol}"] = MODEL.policy_net[pol]
    trees["policy_margin"] = MODEL.policy_margin
    return trees


def _text_trees() -> dict[str, object]:
    trees = {"verdict_overall": verdicts.overall(MODEL)}
    for g in GROUPS:
        trees[f"verdict_group_{g}"] = verdicts.for_group(MODEL, g)
    trees["verdict_policy"] = verdicts.policy_comparison(MODEL)
    return trees


NUMERIC = _numeric_trees()
TEXT = _text_trees()


@pytest.fixture(scope="module")
def vega_table(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("vega_backend")
    formulas = {name: to_vega(tree, datum_ref) for name, tree in {**NUMERIC, **TEXT}.items()}
    assert not set(formulas) & set(ASSUMPTIONS)
    return run_formulas(SCENARIOS, formulas, workdir)


def test_enough_scenarios():
    assert len(SCENARIOS) >= 200
    for row in SCENARIOS:
        assert row.keys() == ASSUMPTIONS.keys()
        for n, a in ASSUMPTIONS.items():
            assert a.min <= row[n] <= a.max


def test_the_spec_written_for_node_carries_every_quantity(vega_table, tmp_path_factory):
    spec_files = list(tmp_path_factory.getbasetemp().glob("vega_backend*/vega_spec.json"))
    assert spec_files, "the Vega spec was not written"
    spec = json.loads(spec_files[0].read_text(encoding="utf-8"))
    (data,) = spec["data"]
    assert data["name"] == "table" and len(data["values"]) == len(SCENARIOS)
    assert [t["as"] for t in data["transform"]] == [*NUMERIC, *TEXT]
    assert all(t["type"] == "formula" for t in data["transform"])


@pytest.mark.parametrize("name", list(NUMERIC))
def test_numbers_agree_with_numpy(vega_table, name):
    env = {n: np.array([row[n] for row in SCENARIOS]) for n in ASSUMPTIONS}
    expected = np.broadcast_to(
        np.asarray(to_numpy(NUMERIC[name], env), dtype=float), (len(SCENARIOS),)
    )
    got = [row[name] for row in vega_table]
    assert all(isinstance(v, int | float) for v in got), f"{name}: Vega gave a non-number"
    diff = np.abs(np.array(got, dtype=float) - expected)
    worst = int(np.argmax(diff))
    assert diff[worst] <= 1e-9, (
        f"{name}: Vega {got[worst]!r} vs numpy {expected[worst]!r} at scenario {worst}"
    )


@pytest.mark.parametrize("name", list(TEXT))
def test_sentences_are_identical(vega_table, name):
    mismatches = []
    for i, (row, out) in enumerate(zip(SCENARIOS, vega_table, strict=True)):
        python = to_text(TEXT[name], row)
        if out[name] != python:
            mismatches.append((i, out[name], python))
    assert not mismatches, f"{len(mismatches)} differ; first: {mismatches[0]}"


def test_the_library_api_gives_the_browser_numbers(vega_table):
    for row, out in zip(SCENARIOS, vega_table, strict=True):
        r = evaluate(row)
        assert abs(out["net"] - r.net) <= 1e-9
        assert abs(out["us_share"] - r.us_share) <= 1e-9
        assert abs(out["policy_margin"] - r.policy.margin) <= 1e-9
        assert out["verdict_overall"] == r.verdict
    row, out = SCENARIOS[0], vega_table[0]
    for g in GROUPS:
        assert out[f"verdict_group_{g}"] == group_verdict(g, row)


def test_the_scenarios_reach_every_branch_of_the_sentences(vega_table):
    overall = [out["verdict_overall"] for out in vega_table]
    for phrase in (
        "lean toward cooperation", "lean toward friction", "lean toward neither side",
        "would help them", "would hurt them", "the US role is determinant;",
        "the US role is important but not determinant;", "the US role is minor;",
        "inclusive ties come out ahead", "an exclusive bloc comes out ahead",
        "inclusive ties and an exclusive bloc tie at two decimals.", "(net \u22120.13)",
    ):  # fmt: skip
        assert any(phrase in s for s in overall), f"no scenario says {phrase!r}"
    groups = [out[f"verdict_group_{g}"] for out in vega_table for g in GROUPS]
    for phrase in (
        "pushes toward cooperation by", "pushes toward friction by",
        "pushes toward neither side at two decimals;", "inclusive ties gain",
        "an exclusive bloc gains", "neither option gains on the other at two decimals;",
        "; across all pathways, relations lean toward",
    ):  # fmt: skip
        assert any(phrase in s for s in groups), f"no pathway sentence says {phrase!r}"
    for text in overall + groups + [out["verdict_policy"] for out in vega_table]:
        assert "by 0.00" not in text and "by +0.00" not in text and "by \u22120.00" not in text
        assert not re.search("[+\u2212]0\\.0+(?![0-9])", text), text  # a signed zero
        assert "neither side by" not in text, text


def test_the_policy_comparison_never_prints_equal_nets_with_a_winner(vega_table):
    """The two options' nets are printed finer than the margin, so a sentence that names a
    winner never shows the same net for both options ("−0.10 and −0.10, ahead by 0.01")."""
    for row, out in zip(SCENARIOS, vega_table, strict=True):
        text = out["verdict_policy"]
        assert text == to_text(TEXT["verdict_policy"], row)
        nets = [part.split(";")[0] for part in text.split(": ")[1:3]]
        if "comes out ahead" in text or "come out ahead" in text:
            assert nets[0] != nets[1], text


def test_direction_help_and_signed_numbers_tie_at_the_printed_precision(tmp_path):
    """Around the tie bound (0.004, 0.0049999, 0.005 and the doubles either side): the
    direction word, the help/hurt word and every signed number name a side exactly when
    the number does not print as zero, the same in numpy and in Node's Vega; a number that
    prints as zero has no sign."""
    bound = numbers.tie_bound("margin")
    xs = [0.0, 0.004, 0.0049999, 0.005, 0.0051, 0.125, *_around(0.005), *_around(bound)]
    xs += [-x for x in xs]
    rows = [{"m": x} for x in xs]
    m = Var("m")
    trees = {
        "direction": verdicts.direction(m),
        "margin": numbers.node("margin", m),
        "effect": numbers.node("effect", m),
        "option": numbers.node("option net", m),
    }
    out = run_formulas(rows, {k: to_vega(t, datum_ref) for k, t in trees.items()}, tmp_path)
    for row, got in zip(rows, out, strict=True):
        for key, tree in trees.items():
            assert got[key] == to_text(tree, row), (key, row, got)
        tie = abs(row["m"]) < bound
        assert (got["direction"] == "neither side at two decimals") == tie, (row, got)
        assert (got["margin"] == "0.00") == tie and (got["effect"] == "0.00") == tie, (row, got)
        if not tie:
            side = "cooperation" if row["m"] > 0 else "friction"
            assert got["direction"] == side and got["margin"][0] in "+\u2212", (row, got)
        assert got["margin"] == numbers.quote("margin", row["m"]), (row, got)


# --------------------------------------------------------------------------- vega.py refs


def test_param_ref_reads_sliders_as_signals_and_the_rest_as_defaults(tmp_path):
    controls = {"threat": 0.35, "free_riding": 0.85}
    fixed = {"animosity": 0.15}
    ref = param_ref(MODEL, controls, fixed)
    assert ref("threat") == "threat"
    assert ref("animosity") == "0.15"
    assert ref("balancing") == repr(ASSUMPTIONS["balancing"].default)
    rows = [{"id": pid} for pid in MODEL.ids] + [{"id": "unknown"}]
    formulas = {
        "contribution": by_id(MODEL.contributions, ref),
        "net": expression(MODEL.net, ref),
        "verdict": expression(verdicts.overall(MODEL), ref),
    }
    out = run_formulas(rows, formulas, tmp_path, signals=controls)
    r = evaluate({**controls, **fixed})
    expected = dict(zip(r.table["id"], r.table["contribution"], strict=True))
    for row in out[:-1]:
        assert abs(row["contribution"] - expected[row["id"]]) <= 1e-9
        assert abs(row["net"] - r.net) <= 1e-9
        assert row["verdict"] == r.verdict
    # an id the trees do not know gets NaN (null in JSON), never a plausible number
    assert out[-1]["contribution"] is None or math.isnan(out[-1]["contribution"])


def test_param_ref_refuses_unknown_controls():
    with pytest.raises(ValueError, match=r"unknown control 'hostility'; allowed: threat, "):
        param_ref(MODEL, ["threat", "hostility"])
    with pytest.raises(ValueError, match=r"\['threat'\] cannot be both a control and fixed"):
        param_ref(MODEL, ["threat"], {"threat": 0.5})
    with pytest.raises(ValueError, match=r"animosity: 2\.0 is outside its allowed range"):
        param_ref(MODEL, [], {"animosity": 2})
    ref = param_ref(MODEL, [])
    with pytest.raises(ValueError, match="no value for 'disengagement'"):
        ref("disengagement")


def test_datum_ref():
    assert datum_ref("threat") == "datum.threat"
    assert to_vega(MODEL.net, datum_ref).count("datum.") > 10


# --------------------------------------------------------------------------- the words, both sides


def _role_word(share: float) -> str:
    """The essay's rule (appendix, "Verdicts"), written here without verdict.py."""
    if share >= SPEC.determinant_share:
        return "determinant"
    return "important but not determinant" if share >= SPEC.minor_share else "minor"


def _said_role(sentence: str) -> str:
    return sentence.split("so the US role is ")[1].split(";")[0]


_any_scenario = st.fixed_dictionaries(
    {n: st.floats(a.min, a.max, allow_nan=False) for n, a in ASSUMPTIONS.items()}
)
#: No common threat and full engagement: only Korea and Japan's own history is left (share 0%).
_no_us_force = _any_scenario.map(lambda env: {**env, "threat": 0.0, "engagement": 1.0})


@settings(max_examples=4, deadline=None)
@given(batch=st.lists(st.one_of(_any_scenario, _no_us_force), min_size=1, max_size=40))
def test_the_browser_names_the_us_role_the_share_gives(batch, tmp_path_factory):
    """Property over random scenarios (up to 40 per run of Node): the role word the browser prints
    agrees with the share the browser computes, and with Python's sentence and share."""
    rows = [*batch, {**SPEC.defaults(), "threat": 0.0, "engagement": 1.0}]
    formulas = {
        "verdict": to_vega(verdicts.overall(MODEL), datum_ref),
        "us_share": to_vega(MODEL.us_share, datum_ref),
    }
    out = run_formulas(rows, formulas, tmp_path_factory.mktemp("role"))
    for row, got in zip(rows, out, strict=True):
        python = evaluate(row)
        assert got["verdict"] == python.verdict
        assert abs(got["us_share"] - python.us_share) <= 1e-9
        assert _said_role(got["verdict"]) == _role_word(python.us_share)
        if row["threat"] == 0.0 and row["engagement"] == 1.0:
            assert python.us_share == 0.0 and _said_role(got["verdict"]) == "minor"


def _around(x: float) -> list[float]:
    """x and its neighbouring doubles, on both sides of zero."""
    near = [math.nextafter(x, -math.inf), x, math.nextafter(x, math.inf)]
    return near + [-v for v in near]


def test_ties_and_roles_at_their_thresholds_in_numpy_and_in_node(tmp_path):
    """At the exact thresholds, and one double either side: the policy clause ties exactly
    when |margin| prints as 0.00 (d3's own `format` in Node decides, not the library), and
    the role word changes exactly at minor_share and determinant_share, in both backends."""
    bound = numbers.tie_bound("size")
    margins = [0.0, 5e-324, 0.00499, 0.0051, 0.125, *_around(0.005), *_around(bound)]
    minor, det = SPEC.minor_share, SPEC.determinant_share
    shares = [0.0, 1.0, *(v for t in (minor, det) for v in _around(t) if v >= 0)]
    rows = [{"m": m, "share": s} for m in margins for s in shares[:1]]
    rows += [{"m": margins[0], "share": s} for s in shares]
    clause, role = verdicts.margin_clause(Var("m"), SPEC), verdicts.role(Var("share"), SPEC)
    formulas = {
        "clause": to_vega(clause, datum_ref),
        "role": to_vega(role, datum_ref),
        "printed": "format(abs(datum.m), '.2f')",
    }
    out = run_formulas(rows, formulas, tmp_path)
    for row, got in zip(rows, out, strict=True):
        env = {"m": row["m"], "share": row["share"]}
        assert got["clause"] == to_text(clause, env) and got["role"] == to_text(role, env)
        tie = got["printed"] == "0.00"
        assert tie == got["clause"].endswith("tie at two decimals"), (row, got)
        assert tie == (abs(row["m"]) < bound)
        assert got["role"] == _role_word(row["share"]), row
    said = {got["role"] for got in out}
    assert said == {"minor", "important but not determinant", "determinant"}


# --------------------------------------------------------------------------- structural variants

FREE = with_variants(MODEL, free=list(SPEC.variants))
COMBOS = combinations(SPEC)
#: A few scenarios per structure (every 12th of the scenarios above, corners included).
VARIANT_ROWS = [
    {**row, **variant_env(SPEC, combo), "combo": i}
    for i, combo in enumerate(COMBOS)
    for row in SCENARIOS[i % 12 :: 12]
]


def _trees_of(m) -> dict[str, object]:
    trees: dict[str, object] = {}
    for pid in m.ids:
        trees[f"contribution_{pid}"] = m.contributions[pid]
        trees[f"marginal_{pid}"] = m.marginal[pid]
        for pol in ("exclusive", "inclusive"):
            trees[f"{pol}_{pid}"] = m.policy_contributions[pol][pid]
    trees |= {"net": m.net, "marginal_total": m.marginal_total, "us_share": m.us_share,
              "policy_margin": m.policy_margin}  # fmt: skip
    trees["verdict_overall"] = verdicts.overall(m)
    trees |= {f"verdict_group_{g}": verdicts.for_group(m, g) for g in GROUPS}
    trees["verdict_policy"] = verdicts.policy_comparison(m)
    return trees


@pytest.fixture(scope="module")
def variant_table(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("vega_variants")
    formulas = {name: to_vega(tree, datum_ref) for name, tree in _trees_of(FREE).items()}
    assert all("datum.variant_" in f for k, f in formulas.items() if k in ("net", "policy_margin"))
    return run_formulas(VARIANT_ROWS, formulas, workdir)


def test_every_structure_is_in_the_browsers_rows():
    assert len(COMBOS) == 16
    assert len(VARIANT_ROWS) >= 16 * 25
    assert {r["combo"] for r in VARIANT_ROWS} == set(range(16))


def test_the_browser_computes_every_structure_from_one_tree(variant_table):
    """Vega runs the free tree with each row's options; numpy runs that structure's own
    pinned model: numbers agree to 1e-9 and sentences are the same strings."""
    worst = 0.0
    for row, out in zip(VARIANT_ROWS, variant_table, strict=True):
        combo = COMBOS[row["combo"]]
        pinned = _trees_of(with_variants(MODEL, combo))
        env = {n: row[n] for n in ASSUMPTIONS}
        for name, tree in pinned.items():
            if name.startswith("verdict"):
                assert out[name] == to_text(tree, env), (combo, name)
            else:
                expected = float(np.asarray(to_numpy(tree, env)))
                worst = max(worst, abs(out[name] - expected))
                assert abs(out[name] - expected) <= 1e-9, (combo, name, out[name], expected)
        r = evaluate(env, variants=combo)
        assert out["verdict_overall"] == r.verdict and abs(out["net"] - r.net) <= 1e-9
    assert worst <= 1e-9


def test_the_structures_reach_both_preferences_and_both_marginal_signs(variant_table):
    prefs = {out["verdict_policy"].split("; so ")[1].split(" ")[0] for out in variant_table}
    assert prefs >= {"inclusive", "an"}
    signs = {out["marginal_total"] > 0 for out in variant_table}
    assert signs == {True, False}
