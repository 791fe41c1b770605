"""Monte Carlo over the plausible ranges (lib/pathways/model/montecarlo.py).

Seeded determinism, agreement with `evaluate` draw by draw, and the sensitivity ranking
recomputed independently from the full net tree (the library re-evaluates only the
pathways an assumption enters); the draws and the results do not depend on the chunk size
(`sample` evaluates `CHUNK` draws at a time, bit for bit the same as all at once).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from pathways import evaluate
from pathways.model import default_model
from pathways.model.expr import to_numpy
from pathways.model.montecarlo import CHUNK, MAX_DRAWS, QUANTILES, draw, draw_chunks, sample

MODEL = default_model()
ASSUMPTIONS = MODEL.spec.assumptions
#: The inputs only a structural variant reads; the default structure does not.
VARIANT_ONLY = ["withdrawal_signal", "occupation_engagement"]
#: What the default structure reads: every other assumption, in the spec's order.
READ = {n: a for n, a in ASSUMPTIONS.items() if n not in VARIANT_ONLY}


@pytest.fixture(scope="module")
def small():
    return sample(400, seed=11)


def test_same_seed_same_result():
    a, b = sample(3000, seed=5), sample(3000, seed=5)
    assert a.to_dict() == b.to_dict()
    pd.testing.assert_frame_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.sensitivity, b.sensitivity)


def test_different_seeds_differ():
    a, b = sample(3000, seed=5), sample(3000, seed=6)
    assert not np.array_equal(a.draws["net"], b.draws["net"])
    assert a.net_quantiles != b.net_quantiles


def test_draws_lie_in_each_range_and_repeat_with_the_seed():
    env = draw(MODEL, 1000, 3)
    assert list(env) == [*READ, *VARIANT_ONLY]
    for name, a in ASSUMPTIONS.items():
        x = env[name]
        assert x.shape == (1000,)
        assert (x >= a.min).all() and (x <= a.max).all(), name
        assert x.max() - x.min() > 0.9 * (a.max - a.min), name  # covers the range
    again = draw(MODEL, 1000, 3)
    assert all(np.array_equal(env[n], again[n]) for n in env)


def test_the_variants_inputs_are_drawn_last_so_the_default_draws_do_not_move():
    """The draws of every assumption the default structure reads are what one stream gives
    them in the spec's order without the variants' inputs (as before those were added)."""
    n, seed = 200, 7
    rng = np.random.default_rng(seed)
    expected = {name: rng.uniform(a.min, a.max, size=n) for name, a in READ.items()}
    env = draw(MODEL, n, seed)
    for name in READ:
        assert np.array_equal(env[name], expected[name]), name
    for name in VARIANT_ONLY:  # drawn after, within their own ranges
        a = ASSUMPTIONS[name]
        assert np.array_equal(env[name], rng.uniform(a.min, a.max, size=n)), name


def test_summary_probabilities_and_quantiles(small):
    for p in (small.p_us_helps, small.p_inclusive_preferred, small.p_cooperation):
        assert 0.0 <= p <= 1.0
    assert list(small.net_quantiles) == ["q05", "q25", "q50", "q75", "q95"]
    values = list(small.net_quantiles.values())
    assert values == sorted(values)
    assert small.n == 400 and small.seed == 11
    assert list(small.draws.columns) == ["net", "us_marginal", "policy_margin", "us_share"]
    assert len(small.draws) == 400


def test_each_draw_equals_evaluate(small):
    env = draw(MODEL, 400, 11)
    idx = range(0, 400, 10)
    for i in idx:
        r = evaluate({n: float(v[i]) for n, v in env.items()})
        row = small.draws.iloc[i]
        assert row["net"] == pytest.approx(r.net, abs=1e-12)
        assert row["us_marginal"] == pytest.approx(r.us_marginal, abs=1e-12)
        assert row["policy_margin"] == pytest.approx(r.policy.margin, abs=1e-12)
        assert row["us_share"] == pytest.approx(r.us_share, abs=1e-12)


def test_summaries_are_the_shares_of_the_draws(small):
    d = small.draws
    assert small.p_us_helps == np.mean(d["us_marginal"] > 0)
    assert small.p_inclusive_preferred == np.mean(d["policy_margin"] > 0)
    assert small.p_cooperation == np.mean(d["net"] > 0)
    expected = np.quantile(d["net"], QUANTILES)
    assert list(small.net_quantiles.values()) == pytest.approx(list(expected), abs=1e-15)


def test_sensitivity_has_one_row_per_assumption_ranked(small):
    s = small.sensitivity
    assert list(s.columns) == ["name", "label", "flips_direction", "flips_policy"]
    assert MODEL.reads() == list(READ)
    assert sorted(s["name"]) == sorted(READ)
    assert len(s) == len(READ)
    assert dict(zip(s["name"], s["label"], strict=True)) == {n: a.label for n, a in READ.items()}
    keys = list(zip(s["flips_direction"], s["flips_policy"], strict=True))
    assert keys == sorted(keys, reverse=True)
    assert s["flips_direction"].between(0, 1).all() and s["flips_policy"].between(0, 1).all()


def test_sensitivity_equals_a_full_recomputation():
    n, seed = 500, 2
    s = sample(n, seed).sensitivity.set_index("name")
    env = draw(MODEL, n, seed)
    for name, a in READ.items():
        lo, hi = {**env, name: a.min}, {**env, name: a.max}
        net_flip = np.sign(to_numpy(MODEL.net, lo)) != np.sign(to_numpy(MODEL.net, hi))
        m_lo = to_numpy(MODEL.policy_margin, lo)
        m_hi = to_numpy(MODEL.policy_margin, hi)
        assert s.loc[name, "flips_direction"] == pytest.approx(np.mean(net_flip), abs=1e-12)
        assert s.loc[name, "flips_policy"] == pytest.approx(
            np.mean(np.sign(m_lo) != np.sign(m_hi)), abs=1e-12
        )


def test_the_ranking_is_meaningful():
    s = sample(5000, seed=0).sensitivity
    # historical animosity drives three pathways and the net most of all; the sizes of the
    # exclusive policy cannot change the scenario's own net at all
    assert s.iloc[0]["name"] == "animosity"
    top = s.set_index("name")
    assert top.loc["exclusive_engagement", "flips_direction"] == 0.0
    assert top.loc["inclusive_threat", "flips_direction"] == 0.0
    assert top.loc["inclusive_threat", "flips_policy"] > 0.0


def test_larger_samples_converge():
    a, b = sample(40_000, seed=1), sample(40_000, seed=2)
    assert abs(a.p_us_helps - b.p_us_helps) < 0.02
    assert abs(a.p_inclusive_preferred - b.p_inclusive_preferred) < 0.02


def test_to_dict_is_json():
    d = json.loads(json.dumps(sample(200, seed=4).to_dict(), allow_nan=False))
    assert set(d) == {
        "n", "seed", "p_us_helps", "p_inclusive_preferred", "p_cooperation", "net_quantiles",
        "sensitivity",
    }  # fmt: skip
    assert d["n"] == 200 and d["seed"] == 4
    assert len(d["sensitivity"]) == len(READ)
    assert set(d["sensitivity"][0]) == {"name", "label", "flips_direction", "flips_policy"}


def test_numpy_integers_are_accepted():
    assert sample(np.int64(50), seed=np.int32(1)).to_dict() == sample(50, 1).to_dict()


@pytest.mark.parametrize("n", [0, -1, 1.5, True, "10", None, MAX_DRAWS + 1])
def test_bad_n_raises(n):
    with pytest.raises(ValueError, match=rf"^n: expected an integer in \[1, {MAX_DRAWS}\], got "):
        sample(n, seed=0)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "3", None])
def test_bad_seed_raises(seed):
    with pytest.raises(ValueError, match=r"^seed: expected a non-negative integer, got "):
        sample(10, seed=seed)


def test_shares_by_third_split_the_same_draws_as_sample():
    import numpy as np
    from pathways.model import default_model
    from pathways.model.expr import to_numpy
    from pathways.model.montecarlo import draw, shares_by_third

    m = default_model()
    out = shares_by_third("animosity", "marginal", n=5000, seed=3)
    env = draw(m, 5000, 3)
    helps = np.asarray(to_numpy(m.marginal_total, env)) > 0
    top = env["animosity"] > 2 / 3
    assert out["top"] == pytest.approx(helps[top].mean())
    assert set(out) == {"bottom", "middle", "top"}
    with pytest.raises(ValueError, match="unknown assumption"):
        shares_by_third("nope")
    with pytest.raises(ValueError, match="quantity 'mood'"):
        shares_by_third("threat", "mood")


@pytest.mark.parametrize("n", [1, 7, 1000])
@pytest.mark.parametrize("size", [1, 3, 64, 1000, 4096])
def test_chunks_are_the_draws_bit_for_bit(n, size):
    env = draw(MODEL, n, 4)
    chunks = list(draw_chunks(MODEL, n, 4, size))
    assert [w.start for w, _ in chunks] == list(range(0, n, size))
    assert chunks[-1][0].stop == n
    for name in env:
        joined = np.concatenate([c[name] for _, c in chunks])
        assert np.array_equal(joined, env[name]), (name, n, size)


def _same(a, b):
    assert a.to_dict() == b.to_dict()
    pd.testing.assert_frame_equal(a.draws, b.draws, check_exact=True)
    pd.testing.assert_frame_equal(a.sensitivity, b.sensitivity, check_exact=True)


@pytest.mark.parametrize("size", [2, 333, 1000])
def test_chunk_size_does_not_change_the_result(size):
    # 1001 draws in chunks of 1000 leave a last chunk of one draw
    _same(sample(1001, seed=9, chunk=size), sample(1001, seed=9, chunk=1001))


def test_default_chunks_equal_one_pass():
    n = 2 * CHUNK + 17
    _same(sample(n, seed=3), sample(n, seed=3, chunk=n))


@pytest.mark.parametrize("size", [0, -5, 2.5, True, "8", None])
def test_bad_chunk_raises(size):
    with pytest.raises(ValueError, match=r"^chunk: expected a positive integer, got "):
        sample(10, seed=0, chunk=size)


def _shares_by_evaluate(n: int, seed: int, fixed: dict[str, float]) -> dict[str, float]:
    """The same shares, one `evaluate` per draw (independent of the vectorised trees)."""
    env = draw(MODEL, n, seed)
    policy = marginal = 0
    for i in range(n):
        r = evaluate({**{k: float(v[i]) for k, v in env.items()}, **fixed})
        policy += r.policy.margin > 0
        marginal += r.us_marginal > 0
    return {"policy": policy / n, "marginal": marginal / n}


@pytest.mark.parametrize(
    "fixed",
    [{}, {"fears_cooperation": 0.1}, {"fears_cooperation": 0.1, "us_intervention": 0.2}],
)
def test_shares_with_fixed_values_agree_with_evaluate_draw_by_draw(fixed):
    from pathways.model.montecarlo import shares_with

    got = shares_with(fixed, ("policy", "marginal"), n=150, seed=4)
    assert got == _shares_by_evaluate(150, 4, fixed)


def test_shares_with_nothing_fixed_are_the_samples_own_shares():
    from pathways.model.montecarlo import shares_with

    s = sample(3000, seed=8)
    got = shares_with({}, ("policy", "marginal", "net"), n=3000, seed=8)
    assert got == {
        "policy": s.p_inclusive_preferred, "marginal": s.p_us_helps, "net": s.p_cooperation,
    }  # fmt: skip
    # Fixing an assumption changes the answer (the fixed value reaches every draw).
    fixed = shares_with({"fears_cooperation": 0.1}, ("marginal",), n=3000, seed=8)
    assert fixed["marginal"] > s.p_us_helps


@pytest.mark.parametrize(
    ("fixed", "quantities", "pattern"),
    [
        ({"fears_cooperation": 0.05}, ("policy",), r"fears_cooperation: 0\.05 is outside"),
        ({"hope": 0.5}, ("policy",), r"unknown assumption 'hope'; allowed: threat, "),
        ({}, ("mood",), r"unknown quantity 'mood'; allowed: net, policy, marginal, us_share"),
        ({"threat": float("nan")}, ("net",), r"threat: nan is not finite"),
    ],
)
def test_shares_with_refuses_bad_input(fixed, quantities, pattern):
    from pathways.model.montecarlo import shares_with

    with pytest.raises(ValueError, match=pattern):
        shares_with(fixed, quantities, n=10, seed=0)
