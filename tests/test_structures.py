"""Which model? (pathways.model.structures): the headline results under every structure,
what survives and what hangs on one, and the Monte Carlo over structures.

Every number is recomputed here independently: with each structure's own pinned model
(`with_variants`), on the draws of `montecarlo.draw`, and by `evaluate` at the defaults.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from pathways import evaluate, sample, sample_structures, which_model, with_variants
from pathways.model import default_model
from pathways.model.expr import to_numpy
from pathways.model.montecarlo import draw
from pathways.model.structures import Claim
from pathways.model.variants import combinations, label

MODEL = default_model()
SPEC = MODEL.spec
N, SEED = 4000, 3


@pytest.fixture(scope="module")
def which():
    return which_model(N, SEED)


def _pinned_shares(combo, env, mask=None):
    m = with_variants(MODEL, combo)
    keep = slice(None) if mask is None else mask
    helps = np.asarray(to_numpy(m.marginal_total, env))[keep] > 0
    inclusive = np.asarray(to_numpy(m.policy_margin, env))[keep] > 0
    share = np.asarray(to_numpy(m.us_share, env))[keep]
    return float(helps.mean()), float(inclusive.mean()), float(share.mean())


def test_one_row_per_structure_the_default_first(which):
    t = which.table
    assert len(t) == 16 and which.dims == tuple(SPEC.variants)
    assert t[list(SPEC.variants)].to_dict(orient="records") == combinations(SPEC)
    assert list(t["label"]) == [label(SPEC, c) for c in combinations(SPEC)]
    assert t["label"].iloc[0] == "the default structure"


def test_the_default_row_is_the_monte_carlo_of_the_default_model(which):
    s = sample(N, SEED)
    row = which.table.iloc[0]
    assert row["p_us_helps"] == s.p_us_helps
    assert row["p_inclusive_preferred"] == s.p_inclusive_preferred
    assert row["mean_us_share"] == pytest.approx(s.draws["us_share"].mean(), abs=1e-15)


def test_every_row_is_its_structures_own_model_on_the_same_draws(which):
    env = draw(with_variants(MODEL, free=list(SPEC.variants)), N, SEED)
    for row in which.table.to_dict(orient="records"):
        combo = {d: row[d] for d in SPEC.variants}
        helps, inclusive, share = _pinned_shares(combo, env)
        assert row["p_us_helps"] == pytest.approx(helps, abs=1 / N), combo
        assert row["p_inclusive_preferred"] == pytest.approx(inclusive, abs=1 / N), combo
        assert row["mean_us_share"] == pytest.approx(share, abs=1e-12), combo
        r = evaluate(variants=combo)
        assert row["verdict"] == r.verdict
        assert row["net"] == pytest.approx(r.net, abs=1e-12)
        assert row["policy"] == pytest.approx(r.policy.margin, abs=1e-12)
        assert row["marginal"] == pytest.approx(r.us_marginal, abs=1e-12)


def test_the_structures_differ():
    """Each option changes some headline result: no variant is decoration."""
    t = which_model(2000, 1).table
    for d, v in SPEC.variants.items():
        for option in v.options:
            if option == v.default:
                continue
            alone = t[t["label"] == f"{d}={option}"].iloc[0]
            base = t.iloc[0]
            keys = ["p_us_helps", "p_inclusive_preferred", "mean_us_share", "marginal"]
            assert any(alone[k] != base[k] for k in keys), (d, option)


def test_the_claims_are_computed_from_the_table(which):
    t = which.table
    assert len(which.claims) == 6
    columns = ["p_inclusive_preferred", "p_us_helps", "mean_us_share", "net", "marginal",
               "policy"]  # fmt: skip
    at = [0.5, 0.5, SPEC.determinant_share, 0.0, 0.0, 0.0]
    for claim, column, threshold in zip(which.claims, columns, at, strict=True):
        side = t[column] > threshold
        holds = side == side.iloc[0]
        assert claim.holds_in == int(holds.sum()) and claim.of == 16
        assert claim.survives == bool(holds.all())
        flipped_alone = {
            r["label"] for r in t[~holds].to_dict(orient="records") if "," not in r["label"]
        } - {"the default structure"}
        assert set(claim.flipped_by) == flipped_alone
        for option in claim.needs:
            d, o = option.split("=")
            assert (t[~holds][d] == o).all()
    assert which.claims[0].text.startswith(
        "inclusive ties" if t["p_inclusive_preferred"].iloc[0] > 0.5 else "an exclusive bloc"
    )


def test_the_statement_says_what_survives_and_what_hangs_on_a_structure(which):
    text = which.statement()
    lines = text.splitlines()
    kept = [c.text for c in which.claims if c.survives]
    assert lines[0] == f"Survive every structure: {'; '.join(kept) or 'none'}."
    assert lines[1:] == [c.sentence() for c in which.claims if not c.survives]


def test_a_claims_sentence():
    kept = Claim("x holds", 16, 16, (), ())
    assert kept.survives and kept.sentence() == "x holds: holds in every structure (16 of 16)."
    hangs = Claim(
        "y holds", 11, 16, ("redundancy=while_free_riding",), ("redundancy=while_free_riding",)
    )
    assert hangs.sentence() == (
        "y holds: holds in 11 of 16 structures; flipped alone by redundancy=while_free_riding; "
        "every structure where it flips has redundancy=while_free_riding."
    )
    only_together = Claim("z holds", 14, 16, (), ("legacy=sunk", "redundancy=while_free_riding"))
    assert only_together.sentence() == (
        "z holds: holds in 14 of 16 structures; flipped alone by no single option; every "
        "structure where it flips has legacy=sunk and redundancy=while_free_riding."
    )


# --------------------------------------------------------------------------- sampling structures


@pytest.fixture(scope="module")
def mixed():
    return sample_structures(16_000, 5)


def test_each_draw_picks_a_structure_uniformly(mixed):
    t = mixed.table
    assert mixed.dims == tuple(SPEC.variants) and len(t) == 16
    assert int(t["draws"].sum()) == 16_000
    # 1000 expected per structure; a binomial sd of about 30
    assert t["draws"].between(850, 1150).all(), list(t["draws"])


def test_the_shares_are_per_structure_and_overall(mixed):
    t = mixed.table
    w = t["draws"] / t["draws"].sum()
    for k in ("p_us_helps", "p_inclusive_preferred", "mean_us_share"):
        assert mixed.overall[k] == pytest.approx(float((t[k] * w).sum()), abs=1e-12)


def test_the_per_structure_shares_are_each_structures_own_model():
    n, seed = 3000, 2
    s = sample_structures(n, seed, ["commitment", "legacy"])
    assert s.dims == ("commitment", "legacy") and len(s.table) == 4
    free = with_variants(MODEL, free=["commitment", "legacy"])
    env = draw(free, n, seed)
    rng = np.random.default_rng([seed, 1])
    picks = {d: rng.choice(list(SPEC.variants[d].options), size=n) for d in s.dims}
    for row in s.table.to_dict(orient="records"):
        mask = (picks["commitment"] == row["commitment"]) & (picks["legacy"] == row["legacy"])
        assert row["draws"] == int(mask.sum())
        combo = {"commitment": row["commitment"], "legacy": row["legacy"]}
        helps, inclusive, share = _pinned_shares(combo, env, mask)
        assert row["p_us_helps"] == pytest.approx(helps, abs=1e-12)
        assert row["p_inclusive_preferred"] == pytest.approx(inclusive, abs=1e-12)
        assert row["mean_us_share"] == pytest.approx(share, abs=1e-12)


def test_seeded_and_json(mixed):
    again = sample_structures(16_000, 5)
    assert again.to_dict() == mixed.to_dict()
    assert sample_structures(16_000, 6).overall != mixed.overall
    tiny = sample_structures(3, 0)  # most structures get no draw: null shares, valid JSON
    d = json.loads(json.dumps(tiny.to_dict(), allow_nan=False))
    assert set(d) == {"n", "seed", "variants", "overall", "by_structure"}
    empty = [r for r in d["by_structure"] if r["draws"] == 0]
    assert empty and all(r["p_us_helps"] is None for r in empty)


def test_bad_dimensions_are_refused():
    with pytest.raises(ValueError, match="unknown variant 'commitments'; allowed: commitment"):
        sample_structures(100, 0, ["commitments"])
    with pytest.raises(ValueError, match="n: expected an integer"):
        sample_structures(0, 0)
