"""Readings of a Monte Carlo sample (lib/pathways/model/sample_stats.py)."""

from __future__ import annotations

import pytest
from pathways import p_determinant, sample, seed_range, sensitivity_of, sensitivity_ranking
from pathways.model import default_model


@pytest.fixture(scope="module")
def s():
    return sample(2000, seed=3)


def test_ranking_by_direction_is_the_samples_order(s):
    ranked = sensitivity_ranking(s, "direction")
    assert [r.name for r in ranked] == s.sensitivity["name"].tolist()
    assert [r.rank for r in ranked] == list(range(1, len(ranked) + 1))
    assert [r.share for r in ranked] == s.sensitivity["flips_direction"].tolist()


def test_ranking_by_policy_is_most_flips_first_ties_in_the_samples_order(s):
    ranked = sensitivity_ranking(s, "policy")
    shares = [r.share for r in ranked]
    assert shares == sorted(shares, reverse=True)
    order = s.sensitivity["name"].tolist()
    for a, b in zip(ranked, ranked[1:], strict=False):
        if a.share == b.share:
            assert order.index(a.name) < order.index(b.name)
    by_name = s.sensitivity.set_index("name")
    assert all(r.share == by_name.loc[r.name, "flips_policy"] for r in ranked)
    assert all(r.label == by_name.loc[r.name, "label"] for r in ranked)
    assert ranked[0].share > ranked[-1].share


def test_sensitivity_of_one_assumption(s):
    for by in ("direction", "policy"):
        r = sensitivity_of(s, "engagement", by)
        assert sensitivity_ranking(s, by)[r.rank - 1] == r


def test_bad_names(s):
    with pytest.raises(ValueError, match="unknown verdict 'size'; allowed: direction, policy"):
        sensitivity_ranking(s, "size")
    with pytest.raises(ValueError, match="unknown assumption 'nope'"):
        sensitivity_of(s, "nope")
    with pytest.raises(ValueError, match="unknown statistic 'p_x'; allowed: p_us_helps"):
        seed_range("p_x", [1])
    with pytest.raises(ValueError, match="at least one seed"):
        seed_range("p_us_helps", [])


def test_p_determinant_counts_worlds_at_or_over_the_threshold(s):
    threshold = default_model().spec.determinant_share
    share = s.draws["us_share"]
    assert p_determinant(s) == sum(x >= threshold for x in share) / len(share)


def test_seed_range_spans_the_seeds():
    lo, hi = seed_range("p_cooperation", seeds=range(1, 4), n=500)
    found = [sample(500, seed=k).p_cooperation for k in range(1, 4)]
    assert (lo, hi) == (min(found), max(found)) and lo < hi
