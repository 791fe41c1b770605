"""Closed-form break-even points (lib/pathways/model/break_even.py) checked with `evaluate`."""

from __future__ import annotations

import pytest
from pathways import break_even_gap, break_even_mediation, contribution, evaluate
from pathways.model import default_model

A = default_model().spec.assumptions


@pytest.mark.parametrize(
    "values",
    [
        {"seikei_bunri": A["seikei_bunri"].max},
        {"balancing": A["balancing"].min},
        {"balancing": A["balancing"].min, "threat": 0.2},
    ],
)
def test_pathway_1_is_zero_at_the_break_even_gap(values):
    gap = break_even_gap(values)
    r = evaluate({**values, "strategy_gap": gap})
    assert abs(contribution(r, "1a") + contribution(r, "1b")) < 1e-9
    step = evaluate({**values, "strategy_gap": gap - 0.01})
    assert contribution(step, "1a") + contribution(step, "1b") > 0  # a smaller gap: balancing wins


@pytest.mark.parametrize("engagement", [0.2, 0.5, 0.9])
def test_pathway_3_cancels_pathway_2_at_the_break_even_mediation(engagement):
    b = break_even_mediation()
    total = [
        contribution(x, "3") + contribution(x, "2")
        for x in (
            evaluate({"engagement": engagement, "mediation": b + s}) for s in (0.01, 0.0, -0.01)
        )
    ]
    assert total[0] > 0 and abs(total[1]) < 1e-9 and total[2] < 0


def test_break_even_may_lie_beyond_the_slider():
    assert break_even_gap() > A["strategy_gap"].max  # at the defaults balancing always wins
    weak = {
        "us_pressure": A["us_pressure"].min,
        "pressure_cooperation": A["pressure_cooperation"].min,
    }
    assert break_even_mediation(weak) > A["mediation"].max  # returned, not clamped


def test_the_solved_assumption_cannot_be_fixed():
    with pytest.raises(ValueError, match="'strategy_gap' is what is solved for"):
        break_even_gap({"strategy_gap": 0.5})
    with pytest.raises(ValueError, match="'mediation' is what is solved for"):
        break_even_mediation({"mediation": 0.5})
    with pytest.raises(ValueError, match="outside its allowed range"):
        break_even_gap({"balancing": 5})
