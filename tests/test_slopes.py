"""Exact slopes (lib/pathways/model/slopes.py) against finite differences and the marginal effect."""

from __future__ import annotations

import pytest
from pathways import evaluate, slope


def test_the_slope_of_the_net_along_engagement_is_the_us_marginal_effect():
    for values in ({}, {"threat": 0.9, "animosity": 0.2}):
        assert slope("net", "engagement", values) == pytest.approx(
            evaluate(values).us_marginal, abs=1e-12
        )


@pytest.mark.parametrize("name", ["threat", "animosity", "mediation", "balancing"])
def test_slope_matches_a_central_difference(name):
    base = evaluate().assumptions[name]
    h = 1e-6
    up, down = evaluate({name: base + h}).net, evaluate({name: base - h}).net
    assert slope("net", name) == pytest.approx((up - down) / (2 * h), abs=1e-6)


def test_policy_slope_reads_the_policy_margin():
    h, base = 1e-6, evaluate().assumptions["threat"]
    up = evaluate({"threat": base + h}).policy.margin
    down = evaluate({"threat": base - h}).policy.margin
    assert slope("policy", "threat") == pytest.approx((up - down) / (2 * h), abs=1e-6)


def test_bad_names_raise():
    with pytest.raises(ValueError, match="unknown assumption 'nope'"):
        slope("net", "nope")
    with pytest.raises(ValueError, match="unknown quantity 'size'"):
        slope("size", "threat")
    with pytest.raises(ValueError, match="outside its allowed range"):
        slope("net", "threat", {"threat": 3})
