"""Monte Carlo over the plausible ranges of every assumption (seeded, vectorised numpy).

Why: the paper's claims ("not determinant", "ambivalent", "prefer inclusive ties") should
hold across plausible worlds, not only at one set of defaults. Each assumption is drawn
uniformly from its range in the spec; the same trees as `evaluate` run on arrays.

Sensitivity: for each assumption and each draw, the assumption is set to the bottom and
the top of its range with the others held; it "flips" the verdict in that draw if the
net's direction (or the preferred policy) differs between the two ends. Assumptions are
ranked by how often they flip the net's direction; only those the model's structure reads
are ranked (an input of another structural variant cannot flip anything).

Defined for: chapter 'Synthesis' and chapter 'Conclusion'.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .compile import Model, default_model
from .evaluate import check_assumptions
from .expr import Number, names_in, to_numpy
from .names import check_names
from .spec import QUANTITY_NAMES
from .variants import draw_order

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MAX_DRAWS = 10_000_000


@dataclass(frozen=True)
class Sample:
    """Summary of a Monte Carlo run; `draws` holds per-draw outcomes for plotting."""

    n: int
    seed: int
    p_us_helps: float
    p_inclusive_preferred: float
    p_cooperation: float
    net_quantiles: dict[str, float]
    sensitivity: pd.DataFrame  # name, label, flips_direction, flips_policy (shares of draws)
    draws: pd.DataFrame  # net, us_marginal, policy_margin, us_share

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "seed": self.seed,
            "p_us_helps": self.p_us_helps,
            "p_inclusive_preferred": self.p_inclusive_preferred,
            "p_cooperation": self.p_cooperation,
            "net_quantiles": self.net_quantiles,
            "sensitivity": self.sensitivity.to_dict(orient="records"),
        }


def draw(model: Model, n: int, seed: int) -> dict[str, np.ndarray]:
    """n uniform draws of every assumption over its range, in the spec's order with the
    inputs only a structural variant reads last (`variants.draw_order`)."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_DRAWS:
        raise ValueError(f"n: expected an integer in [1, {MAX_DRAWS}], got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(int(seed))
    spec = model.spec
    return {
        name: rng.uniform(spec.assumptions[name].min, spec.assumptions[name].max, size=int(n))
        for name in draw_order(spec)
    }


def sample(n: int = 100_000, seed: int = 0, model: Model | None = None) -> Sample:
    """Run the Monte Carlo and summarise it."""
    model = model or default_model()
    env = draw(model, n, seed)
    # Per-pathway arrays under the scenario and under each policy; sensitivity then only
    # re-evaluates the pathways an assumption enters (same numbers, far fewer operations).
    trees = {"base": model.contributions, **model.policy_contributions}
    parts = {
        k: {pid: np.asarray(to_numpy(t, env)) for pid, t in ts.items()} for k, ts in trees.items()
    }
    sums: dict[str, np.ndarray] = {k: np.sum(list(v.values()), axis=0) for k, v in parts.items()}
    net = sums["base"]
    margin = sums["inclusive"] - sums["exclusive"]
    marginal = np.asarray(to_numpy(model.marginal_total, env))
    share = np.asarray(to_numpy(model.us_share, env))
    uses = {k: {pid: names_in(t) for pid, t in ts.items()} for k, ts in trees.items()}

    def moved(kind: str, name: str, value: float) -> np.ndarray:
        moved_env: dict[str, Number] = {**env, name: value}
        out = sums[kind].copy()
        for pid, tree in trees[kind].items():
            if name in uses[kind][pid]:
                out += np.asarray(to_numpy(tree, moved_env)) - parts[kind][pid]
        return out

    rows = []
    for name in model.reads():  # an assumption this structure does not read flips nothing
        a = model.spec.assumptions[name]
        net_flip = np.sign(moved("base", name, a.min)) != np.sign(moved("base", name, a.max))
        m_lo = moved("inclusive", name, a.min) - moved("exclusive", name, a.min)
        m_hi = moved("inclusive", name, a.max) - moved("exclusive", name, a.max)
        pol_flip = np.sign(m_lo) != np.sign(m_hi)
        rows.append(
            {
                "name": name,
                "label": a.label,
                "flips_direction": float(np.mean(net_flip)),
                "flips_policy": float(np.mean(pol_flip)),
            }
        )
    sens = (
        pd.DataFrame(rows)
        .sort_values(["flips_direction", "flips_policy"], ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    qs = np.quantile(net, QUANTILES)
    return Sample(
        n=int(n),
        seed=int(seed),
        p_us_helps=float(np.mean(marginal > 0)),
        p_inclusive_preferred=float(np.mean(margin > 0)),
        p_cooperation=float(np.mean(net > 0)),
        net_quantiles={
            f"q{round(q * 100):02d}": float(v) for q, v in zip(QUANTILES, qs, strict=True)
        },
        sensitivity=sens,
        draws=pd.DataFrame(
            {"net": net, "us_marginal": marginal, "policy_margin": margin, "us_share": share}
        ),
    )


def shares_by_third(
    name: str, quantity: str = "net", n: int = 100_000, seed: int = 0, model: Model | None = None
) -> dict[str, float]:
    """Share of plausible worlds where `quantity` is positive, split by where `name` fell:
    the bottom, middle and top third of its range. The same draws as `sample(n, seed)`.

    Why: "more engagement helps in X% of worlds" hides how that depends on one assumption;
    the chapters compare the bottom and top thirds.
    """
    m = model or default_model()
    check_names("assumption", [name], m.spec.assumptions)
    env = draw(m, n, seed)
    positive = np.asarray(to_numpy(m.quantity(quantity), env)) > 0
    a = m.spec.assumptions[name]
    u = (env[name] - a.min) / (a.max - a.min)
    parts = {"bottom": u < 1 / 3, "middle": (u >= 1 / 3) & (u <= 2 / 3), "top": u > 2 / 3}
    return {k: float(positive[mask].mean()) for k, mask in parts.items()}


def shares_with(
    fixed: Mapping[str, Any],
    quantities: Sequence[str] = ("policy", "marginal"),
    n: int = 100_000,
    seed: int = 0,
    model: Model | None = None,
) -> dict[str, float]:
    """Share of plausible worlds in which each quantity is positive, with the assumptions in
    `fixed` set to those values in every draw and the others as `sample(n, seed)` draws them.

    Why: a caveat sets a few assumptions; fixing them in the very same draws (a paired
    comparison) shows what the caveat alone does to "inclusive ties win in X% of worlds".
    With `fixed` empty these are the shares of `sample(n, seed)` itself.
    """
    m = model or default_model()
    check_names("quantity", quantities, QUANTITY_NAMES)
    checked = check_assumptions(m.spec, fixed)
    env = draw(m, n, seed)
    env.update({name: np.full(len(env[name]), checked[name]) for name in fixed})
    return {q: float(np.mean(np.asarray(to_numpy(m.quantity(q), env)) > 0)) for q in quantities}
