"""What a pathway is made of (lib/pathways/model/structure.py) and derived inputs (derived.py)."""

from __future__ import annotations

import pytest
from pathways import contribution, derived_value, evaluate, factor_count, pathway_inputs
from pathways.model import default_model
from pathways.model.expr import Const, Mul

MODEL = default_model()
SPEC = MODEL.spec


@pytest.mark.parametrize("pid", [p.id for p in SPEC.pathways])
def test_inputs_are_exactly_the_assumptions_that_move_the_pathway(pid):
    inputs = pathway_inputs(pid)
    assert inputs == [n for n in SPEC.assumptions if n in inputs]  # spec order
    base = contribution(
        evaluate({n: 0.5 * (a.min + a.max) for n, a in SPEC.assumptions.items()}), pid
    )
    for name, a in SPEC.assumptions.items():
        mid = {n: 0.5 * (b.min + b.max) for n, b in SPEC.assumptions.items()}
        moved = contribution(evaluate({**mid, name: a.max}), pid)
        assert (moved != base) == (name in inputs), (pid, name)


def test_pathway_6_reads_its_chain():
    assert pathway_inputs("6") == [
        "threat", "engagement", "animosity", "threat_engagement", "us_intervention",
        "conservative_rule", "perception_gap", "no_reconciliation",
    ]  # fmt: skip


@pytest.mark.parametrize("pid", [p.id for p in SPEC.pathways])
def test_factor_count_is_the_number_of_factors_in_the_tree(pid):
    tree = MODEL.contributions[pid]
    assert isinstance(tree, Mul)
    factors = [f for f in tree.factors if not isinstance(f, Const)]  # the sign
    # A derived driver or gate is one factor (a sum), never flattened into the product.
    assert factor_count(pid) == len(factors)


def test_pathway_6_multiplies_eight_factors():
    assert factor_count("6") == 8  # threat, five link strengths, the engagement and animosity gates


def test_unknown_pathway():
    with pytest.raises(ValueError, match="unknown pathway '9'; allowed: own, 1a"):
        pathway_inputs("9")
    with pytest.raises(ValueError, match="unknown pathway '9'"):
        factor_count("9")


@pytest.mark.parametrize(("fj", "fk"), [(0.5, 0.6), (0.0, 1.0), (0.3, 0.3)])
def test_fear_symmetry_is_one_minus_the_gap_between_the_fears(fj, fk):
    got = derived_value("fear_symmetry", {"fear_japan": fj, "fear_korea": fk})
    assert got == pytest.approx(1 - abs(fj - fk))


def test_derived_value_bad_input():
    with pytest.raises(ValueError, match="unknown derived input 'nope'; allowed: disengagement"):
        derived_value("nope")
    with pytest.raises(ValueError, match="unknown assumption 'fear'"):
        derived_value("fear_symmetry", {"fear": 0.3})
