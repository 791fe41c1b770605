"""Policy transforms (lib/pathways/model/policy_effects.py) agree with the policy comparison."""

from __future__ import annotations

import pytest
from pathways import evaluate, transform_effects
from pathways.model import default_model

SPEC = default_model().spec


def test_every_transform_of_every_policy_in_spec_order():
    got = [(fx.policy, fx.target, fx.size) for fx in transform_effects()]
    want = [(p.name, t.target, t.size) for p in SPEC.policies.values() for t in p.transforms]
    assert got == want


@pytest.mark.parametrize("values", [{}, {"threat": 0.9, "exclusive_engagement": 0.3}])
def test_the_ops_follow_model_yaml(values):
    env = evaluate(values).assumptions
    for fx in transform_effects(values):
        x, s = env[fx.target], env[fx.size]
        assert fx.before == x
        expected = x + s * (1 - x) if fx.op == "toward_max" else x * (1 - s)
        assert fx.after == pytest.approx(expected)
        assert 0 <= fx.after <= 1


@pytest.mark.parametrize("policy", ["exclusive", "inclusive"])
def test_a_scenario_moved_to_the_after_values_is_the_policy(policy):
    moved = {fx.target: fx.after for fx in transform_effects() if fx.policy == policy}
    r = evaluate()
    assert evaluate(moved).net == pytest.approx(getattr(r.policy, policy), abs=1e-12)


def test_bad_values_raise():
    with pytest.raises(ValueError, match="unknown assumption 'nope'"):
        transform_effects({"nope": 1})
