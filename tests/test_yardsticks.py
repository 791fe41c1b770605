"""pathways.model.yardsticks: the essay's share rule for "determinant" and the counterfactual
rule (the US decides the direction when the net without its pathways has the other sign)."""

from __future__ import annotations

import pytest
from pathways import (
    compare_yardsticks,
    default_model,
    evaluate,
    net_without_us,
    p_determinant,
    sample,
    us_flips_direction,
)
from pathways.model.montecarlo import draw
from pathways.model.yardsticks import determinant_flags, us_ids

SPEC = default_model().spec


def test_us_ids_are_the_specs_us_dependent_pathways():
    ids = us_ids()
    assert ids == [p.id for p in SPEC.pathways if p.us_dependent]
    assert ids and len(ids) < len(SPEC.pathways)


def test_net_without_us_sums_the_other_pathways():
    r = evaluate({"engagement": 0.3, "threat": 0.7})
    t = r.table.set_index("id")["contribution"]
    others = [i for i in t.index if i not in us_ids()]
    assert net_without_us(r) == pytest.approx(float(t[others].sum()))
    assert net_without_us(r) != pytest.approx(r.net)  # the US pathways are not all silent


@pytest.mark.parametrize(
    "values",
    [{}, {"engagement": 0.0}, {"engagement": 1.0, "threat": 1.0}, {"animosity": 1.0}],
)
def test_a_flip_is_a_us_part_that_opposes_and_outweighs_the_rest(values):
    """The rule in other words: the US pathways' sum has the other sign than the rest, and
    is larger (so adding it carries the net across zero)."""
    r = evaluate(values)
    rest = net_without_us(r)
    us_part = r.net - rest
    expected = us_part * rest < 0 and abs(us_part) > abs(rest)
    assert us_flips_direction(values) == expected


def test_flip_at_a_hand_checked_scenario():
    """At the defaults the other pathways give cooperation (+0.04: -0.24 + 0.42 - 0.14) and
    the whole model friction, so the US pathways turn the direction around."""
    r = evaluate()
    assert net_without_us(r) == pytest.approx(-0.24 + 0.42 - 0.14)
    assert r.net < 0 < net_without_us(r)
    assert us_flips_direction()


def test_compare_yardsticks_matches_the_sample_and_one_world_at_a_time():
    n, seed = 4_000, 3
    y = compare_yardsticks(n, seed)
    assert (y.n, y.seed) == (n, seed)
    assert y.by_share == pytest.approx(p_determinant(sample(n, seed=seed)))
    by_share, by_flip = determinant_flags(n, seed)
    assert (y.by_share, y.by_flip) == (by_share.mean(), by_flip.mean())
    assert 0 < y.by_flip < 1 and 0 < y.by_share < 1
    m = default_model()
    env = draw(m, n, seed)
    for k in range(0, n, 97):  # every 97th world, evaluated on its own
        world = {name: float(env[name][k]) for name in m.reads()}
        r = evaluate(world)
        assert by_flip[k] == us_flips_direction(world), k
        assert by_share[k] == (r.us_share >= SPEC.determinant_share), k


def test_shares_add_up():
    y = compare_yardsticks(3_000, 1)
    only_share = y.by_share - y.both
    only_flip = y.by_flip - y.both
    assert y.both + only_share + only_flip + y.neither == pytest.approx(1.0)
    assert min(only_share, only_flip, y.both, y.neither) >= 0


def test_bad_run_is_named():
    with pytest.raises(ValueError, match="n: expected an integer"):
        compare_yardsticks(0)
