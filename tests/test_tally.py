"""Adding up a scenario's pathways (lib/pathways/model/tally.py)."""

from __future__ import annotations

import pytest
from pathways import by_direction, by_driver, contribution, evaluate, first_where, outweighs

SCENARIOS = [{}, {"threat": 1, "engagement": 1}, {"engagement": 0, "animosity": 0.9}]


@pytest.mark.parametrize("values", SCENARIOS)
def test_cooperation_minus_friction_is_the_net(values):
    r = evaluate(values)
    cooperation, friction = by_direction(r)
    assert cooperation >= 0 and friction >= 0
    assert cooperation - friction == pytest.approx(r.net, abs=1e-12)
    positive = [contribution(r, pid) for pid in r.table["id"] if contribution(r, pid) > 0]
    assert cooperation == pytest.approx(sum(positive), abs=1e-12)


@pytest.mark.parametrize("values", SCENARIOS)
def test_drivers_partition_the_net(values):
    r = evaluate(values)
    sums = by_driver(r)
    assert set(sums) == set(r.table["driver_kind"])
    assert sum(sums.values()) == pytest.approx(r.net, abs=1e-12)
    assert all(isinstance(v, float) for v in sums.values())


def test_no_engagement_no_engagement_driven_chain():
    assert by_driver(evaluate({"engagement": 0}))["engagement"] == 0


def test_outweighs_compares_sizes_not_signs():
    r = evaluate({"animosity": 1.0})
    five, four = abs(contribution(r, "5")), abs(contribution(r, "4"))
    assert outweighs("5", "4")(r) == (five > four + 1e-9)
    assert outweighs("4", "5")(r) == (four > five + 1e-9)
    assert not outweighs("5", "5")(r)  # a pathway never outweighs itself
    assert outweighs("5", "4", tol=-1.0)(r)  # a negative tolerance lets a smaller one win


def test_outweighs_is_a_test_for_first_where():
    x = first_where("security_dilemma", outweighs("5", "4"), values={"animosity": 1.0})
    r = evaluate({"animosity": 1.0, "security_dilemma": x})
    assert abs(contribution(r, "5")) > abs(contribution(r, "4"))


def test_unknown_pathway():
    with pytest.raises(ValueError, match="unknown pathway '9'"):
        outweighs("9", "4")(evaluate())
