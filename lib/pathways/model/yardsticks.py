"""Two yardsticks for "determinant": the essay's share of the forces, and a counterfactual.

Why: the paper calls the US role "significant but not determining" without a measure. The
essay's verdict reads it as a share: the US role is determinant when US-dependent pathways
carry at least the spec's `determinant_share` of the forces (verdict.role). A reader may
prefer another reading: the United States decides the outcome when taking its pathways away
would turn relations the other way (the net without them has the other sign). The coursework
asks whether "important but not determinant" survives that reading, so both rules live here,
computed on the same worlds as `montecarlo.sample(n, seed)`.

Defined for: chapter 'From the paper to the model' (the yardstick exercise).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .compile import Model, default_model
from .evaluate import Result, evaluate
from .expr import to_numpy, total
from .montecarlo import draw


@dataclass(frozen=True)
class Yardsticks:
    """Shares of `n` plausible worlds (seed `seed`) in which each rule calls the US role
    determinant, and in which both or neither do."""

    n: int
    seed: int
    by_share: float  # US-dependent share >= the spec's determinant_share
    by_flip: float  # the net without the US-dependent pathways has the other sign
    both: float
    neither: float


def us_ids(model: Model | None = None) -> list[str]:
    """The ids of the US-dependent pathways (the spec's `us_dependent`), in the spec's order."""
    m = model or default_model()
    return [p.id for p in m.spec.pathways if p.us_dependent]


def net_without_us(result: Result) -> float:
    """The net of one scenario with the US-dependent pathways taken away: what Korea and
    Japan's own history and the common threat give by themselves."""
    t = result.table
    return float(t.loc[~t["us_dependent"].astype(bool), "contribution"].sum())


def us_flips_direction(
    values: Mapping[str, float] | None = None, model: Model | None = None
) -> bool:
    """Does taking the US-dependent pathways away turn the direction of relations around
    (the net and the net without them have different signs) at `values`?"""
    r = evaluate(values or {}, model=model)
    return bool(np.sign(r.net) != np.sign(net_without_us(r)))


def determinant_flags(
    n: int = 100_000, seed: int = 0, model: Model | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per world of `montecarlo.sample(n, seed, model)` (the same draws): (by share, by flip),
    whether each rule calls the US role determinant there."""
    m = model or default_model()
    env = draw(m, n, seed)
    net = np.asarray(to_numpy(m.net, env), dtype=float)
    ids = set(us_ids(m))
    own = total([c for pid, c in m.contributions.items() if pid not in ids])
    rest = np.broadcast_to(np.asarray(to_numpy(own, env), dtype=float), net.shape)
    share = np.asarray(to_numpy(m.us_share, env), dtype=float)
    return share >= m.spec.determinant_share, np.sign(net) != np.sign(rest)


def compare_yardsticks(n: int = 100_000, seed: int = 0, model: Model | None = None) -> Yardsticks:
    """How often each rule, both and neither call the US role determinant, over the worlds
    of `montecarlo.sample(n, seed, model)`."""
    by_share, by_flip = determinant_flags(n, seed, model)
    return Yardsticks(
        n=int(n),
        seed=int(seed),
        by_share=float(by_share.mean()),
        by_flip=float(by_flip.mean()),
        both=float((by_share & by_flip).mean()),
        neither=float((~by_share & ~by_flip).mean()),
    )
