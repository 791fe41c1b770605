"""Structural variants (model.yaml `variants`; pathways.model.variants, compile, evaluate).

A structure is a choice of one option per dimension. Pinned, its trees are that structure's
alone (the default structure's are today's trees); free, the changed factors read the
variable `variant_<dimension>`, and evaluating that one tree with a structure's options
gives exactly the pinned structure's numbers. Each option does what its line of why says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pathways import evaluate, group_verdict, with_variants
from pathways.model import compile_model, default_model
from pathways.model.expr import Cond, names_in, to_numpy, to_text
from pathways.model.variants import (
    check_dims,
    check_variants,
    combinations,
    default_reads,
    draw_order,
    label,
    variant_env,
)
from pathways.model.verdict import overall

MODEL = default_model()
SPEC = MODEL.spec
DIMS = list(SPEC.variants)
FREE = with_variants(MODEL, free=DIMS)
COMBOS = combinations(SPEC)
VARS = [v.var for v in SPEC.variants.values()]


def _random_env(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {k: rng.uniform(a.min, a.max, size=n) for k, a in SPEC.assumptions.items()}


# --------------------------------------------------------------------------- choosing


def test_a_choice_is_checked_and_filled_with_the_defaults():
    assert check_variants(SPEC, None) == {
        "commitment": "level", "fears": "symmetry", "redundancy": "full", "legacy": "flow",
    }  # fmt: skip
    assert check_variants(SPEC, {"legacy": "sunk"})["legacy"] == "sunk"
    assert variant_env(SPEC, {"fears": "symmetry_and_strength"}) == {
        "variant_commitment": "level", "variant_fears": "symmetry_and_strength",
        "variant_redundancy": "full", "variant_legacy": "flow",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("variants", "message"),
    [
        ({"commit": "signal"}, "unknown variant 'commit'; allowed: commitment, fears, redundancy, legacy"),
        ({"commitment": "signals"}, "unknown commitment option 'signals'; allowed: level, signal"),
        ({"legacy": 1}, "unknown legacy option 1; allowed: flow, sunk"),
    ],
)  # fmt: skip
def test_a_bad_choice_is_one_line_naming_the_allowed(variants, message):
    with pytest.raises(ValueError) as err:
        check_variants(SPEC, variants)
    assert str(err.value) == message
    with pytest.raises(ValueError, match="^unknown"):
        evaluate(variants=variants)


def test_dimensions_all_none_and_bad():
    assert check_dims(SPEC, "all") == tuple(DIMS)
    assert check_dims(SPEC, None) == ()
    assert check_dims(SPEC, ["legacy", "commitment"]) == ("commitment", "legacy")
    assert check_dims(SPEC, "fears") == ("fears",)
    with pytest.raises(ValueError, match="variants repeat a name"):
        check_dims(SPEC, ["fears", "fears"])
    with pytest.raises(ValueError, match="unknown variant 'al'; allowed: commitment"):
        check_dims(SPEC, "al")


def test_every_combination_once_the_default_first():
    assert len(COMBOS) == 2**4
    assert COMBOS[0] == check_variants(SPEC, {})
    assert len({tuple(c.items()) for c in COMBOS}) == len(COMBOS)
    assert all(list(c) == DIMS for c in COMBOS)
    two = combinations(SPEC, ["legacy", "fears"])
    assert [(c["fears"], c["legacy"]) for c in two] == [
        ("symmetry", "flow"), ("symmetry", "sunk"),
        ("symmetry_and_strength", "flow"), ("symmetry_and_strength", "sunk"),
    ]  # fmt: skip
    assert {c["commitment"] for c in two} == {"level"}
    assert label(SPEC, COMBOS[0]) == "the default structure"
    assert label(SPEC, {"legacy": "sunk", "commitment": "signal"}) == (
        "commitment=signal, legacy=sunk"
    )


def test_the_variants_inputs_are_read_by_no_default_pathway():
    base = default_reads(SPEC)
    assert set(SPEC.assumptions) - base == {"withdrawal_signal", "occupation_engagement"}
    assert set(MODEL.reads()) == base
    assert draw_order(SPEC)[-2:] == ["withdrawal_signal", "occupation_engagement"]
    assert set(FREE.reads()) == set(SPEC.assumptions)


# --------------------------------------------------------------------------- compiling


def test_the_default_structure_is_todays_trees():
    assert MODEL.variants == check_variants(SPEC, {}) and MODEL.free == ()
    pinned = compile_model(SPEC, check_variants(SPEC, {}))
    assert pinned.contributions == MODEL.contributions
    assert pinned.marginal == MODEL.marginal
    assert pinned.policy_margin == MODEL.policy_margin and pinned.us_share == MODEL.us_share
    for tree in [MODEL.net, MODEL.policy_margin, MODEL.marginal_total]:
        assert not set(VARS) & names_in(tree)


def test_structures_are_compiled_once_and_checked():
    assert with_variants(MODEL) is MODEL
    signal = with_variants(MODEL, {"commitment": "signal"})
    assert with_variants(None, {"commitment": "signal"}) is signal
    assert signal.variants["commitment"] == "signal" and signal.free == ()
    # a free dimension of the model stays free unless chosen
    partly = with_variants(FREE, {"legacy": "sunk"})
    assert partly.free == ("commitment", "fears", "redundancy")
    assert partly.variants == {"legacy": "sunk"}
    with pytest.raises(ValueError, match=r"\['commitment'\] cannot be both chosen and free"):
        compile_model(SPEC, {"commitment": "signal"}, ["commitment"])
    with pytest.raises(ValueError, match="unknown variant 'nope'"):
        with_variants(MODEL, free=["nope"])
    with pytest.raises(ValueError, match=r"\['legacy'\] cannot be both chosen and free"):
        with_variants(MODEL, {"legacy": "sunk"}, free=["legacy", "fears"])
    assert with_variants(MODEL, free="all") is FREE


def test_a_free_dimension_is_a_condition_on_its_variable():
    assert FREE.free == tuple(DIMS) and FREE.variants == {}
    four = FREE.contributions["4"]
    assert {"variant_commitment", "variant_fears", "variant_redundancy"} <= names_in(four)
    assert "variant_legacy" not in names_in(four)
    assert "variant_legacy" in names_in(FREE.contributions["6"])
    assert not set(VARS) & names_in(FREE.contributions["1a"])
    assert isinstance(with_variants(MODEL, free=["commitment"]).contributions["5"].factors[1], Cond)


def _trees(m):
    return {
        **{f"c{k}": t for k, t in m.contributions.items()},
        **{f"d{k}": t for k, t in m.marginal.items()},
        "net": m.net, "marginal": m.marginal_total, "us_share": m.us_share,
        "policy": m.policy_margin, **{f"p_{k}": t for k, t in m.policy_net.items()},
    }  # fmt: skip


@pytest.mark.parametrize("i", range(len(COMBOS)))
def test_one_free_tree_gives_every_pinned_structure(i):
    combo = COMBOS[i]
    env = _random_env(300, i)
    pinned = _trees(with_variants(MODEL, combo))
    free = _trees(FREE)
    for name, tree in pinned.items():
        expected = np.broadcast_to(to_numpy(tree, env), (300,))
        got = np.broadcast_to(to_numpy(free[name], {**env, **variant_env(SPEC, combo)}), (300,))
        # equal up to rounding: a pinned scale (engagement * free_riding) is flattened
        # into the product, the free one multiplies as a unit
        assert np.allclose(got, expected, rtol=1e-13, atol=1e-15), (combo, name)
        if i == 0:  # the default structure: the very same operations
            assert np.array_equal(got, expected), name
    # and with the options drawn per row (the Monte Carlo over structures)
    choice = {v: np.full(300, combo[d]) for d, v in zip(DIMS, VARS, strict=True)}
    got = np.asarray(to_numpy(FREE.net, {**env, **choice}))
    assert np.allclose(got, np.asarray(to_numpy(pinned["net"], env)), rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------- what each option does


def test_signal_drives_pathways_4_and_5_by_the_perceived_withdrawal():
    values = {"engagement": 0.2, "withdrawal_signal": 0.5}
    level = evaluate(values).table.set_index("id")
    signal = evaluate(values, variants={"commitment": "signal"}).table.set_index("id")
    # the level reading ignores the signal; the signal reading pushes as the level reading
    # would at a disengagement equal to the signal, whatever the troops
    as_if = evaluate({"engagement": 1 - 0.5}).table.set_index("id")
    for pid in ("4", "5"):
        assert (
            level.loc[pid, "contribution"]
            == evaluate({"engagement": 0.2}).table.set_index("id").loc[pid, "contribution"]
        )
        assert signal.loc[pid, "contribution"] == pytest.approx(as_if.loc[pid, "contribution"])
        assert signal.loc[pid, "contribution"] != pytest.approx(level.loc[pid, "contribution"])
        assert signal.loc[pid, "us_marginal"] == 0.0 != level.loc[pid, "us_marginal"]
    for pid in ("own", "1a", "1b", "2", "3", "6"):
        assert signal.loc[pid, "contribution"] == level.loc[pid, "contribution"], pid


def test_symmetry_and_strength_pulls_with_the_weaker_fear():
    v = {"fears": "symmetry_and_strength"}

    def four(fj, fk, variants=None):
        table = evaluate({"fear_japan": fj, "fear_korea": fk}, variants=variants).table
        return float(table.set_index("id").loc["4", "contribution"])

    assert four(0.0, 0.0) == four(0.9, 0.9) > 0  # symmetry alone: strength does not count
    assert four(0.0, 0.0, v) == 0.0 < four(0.9, 0.9, v)
    assert four(0.9, 0.1, v) == pytest.approx(four(0.1, 0.1, v))
    assert four(0.6, 0.5, v) == pytest.approx(four(0.5, 0.5, v))


def test_while_free_riding_scales_pathway_4_by_how_far_free_riding_persists():
    for values in ({}, {"engagement": 0.4, "free_riding": 0.8}, {"engagement": 0.9}):
        full = evaluate(values).table.set_index("id").loc["4", "contribution"]
        r = evaluate(values, variants={"redundancy": "while_free_riding"})
        env = r.assumptions
        expected = full * env["engagement"] * env["free_riding"]
        assert r.table.set_index("id").loc["4", "contribution"] == pytest.approx(expected)
    # with full disengagement, free-riding is gone and so is the shared fear's pull
    gone = evaluate({"engagement": 0.0}, variants={"redundancy": "while_free_riding"})
    assert gone.table.set_index("id").loc["4", "contribution"] == 0.0


def test_a_sunk_legacy_does_not_move_with_todays_threat_or_engagement():
    sunk = {"legacy": "sunk"}

    def six(values, variants=None):
        return evaluate(values, variants=variants).table.set_index("id").loc["6"]

    a, b = six({"engagement": 0.1, "threat": 0.2}, sunk), six({"engagement": 1.0}, sunk)
    assert a["contribution"] == b["contribution"] and a["us_marginal"] == 0.0
    env = evaluate().assumptions
    expected = -np.prod([env[k] for k in ("occupation_engagement", "us_intervention",
                         "conservative_rule", "perception_gap", "animosity",
                         "no_reconciliation")])  # fmt: skip
    assert a["contribution"] == pytest.approx(expected)
    assert six({"engagement": 0.1})["contribution"] != six({"engagement": 1.0})["contribution"]


def test_evaluate_and_group_verdict_take_the_structure():
    combo = {"commitment": "signal", "legacy": "sunk"}
    r = evaluate({"engagement": 0.35}, variants=combo)
    m = with_variants(MODEL, combo)
    env = r.assumptions
    assert r.net == float(to_numpy(m.net, env))
    at = {**env, **variant_env(SPEC, combo)}
    assert r.verdict == to_text(overall(FREE), at)
    assert group_verdict(4, {"engagement": 0.35}, m) != group_verdict(4, {"engagement": 0.35})
    default = evaluate({"engagement": 0.35}, variants={})
    pd.testing.assert_frame_equal(default.table, evaluate({"engagement": 0.35}).table)
    assert evaluate(variants=check_variants(SPEC, {})).to_dict() == evaluate().to_dict()
