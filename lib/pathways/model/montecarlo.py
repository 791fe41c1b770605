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

import functools
from collections.abc import Iterator, Mapping, Sequence
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
#: Draws evaluated at a time by `sample`: each of the ~30 arrays of a chunk (256 KiB at
#: 2^15 draws) stays in the CPU caches while the trees run over it.
CHUNK = 2**15


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


def _check_run(n: int, seed: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= MAX_DRAWS:
        raise ValueError(f"n: expected an integer in [1, {MAX_DRAWS}], got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed: expected a non-negative integer, got {seed!r}")


def draw(model: Model, n: int, seed: int) -> dict[str, np.ndarray]:
    """n uniform draws of every assumption over its range, in the spec's order with the
    inputs only a structural variant reads last (`variants.draw_order`)."""
    _check_run(n, seed)
    rng = np.random.default_rng(int(seed))
    spec = model.spec
    return {
        name: rng.uniform(spec.assumptions[name].min, spec.assumptions[name].max, size=int(n))
        for name in draw_order(spec)
    }


def draw_chunks(
    model: Model, n: int, seed: int, size: int = CHUNK
) -> Iterator[tuple[slice, dict[str, np.ndarray]]]:
    """`draw(model, n, seed)` in consecutive slices of at most `size` draws, bit for bit.

        Why: 10^6 draws of every assumption at once take 29 arrays of 8 MB that fall out of
        the CPU caches. `draw` takes the k-th assumption's draws (in `variants.draw_order`)
    from positions k*n .. k*n+n-1 of one
        PCG64 stream (one 64-bit step per uniform double); here each assumption gets its own
        copy of that stream advanced to its start, so a slice costs only its own draws.

        Defined for: chapter 'Synthesis' and chapter 'Conclusion' (`sample`).
    """
    _check_run(n, seed)
    if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 1:
        raise ValueError(f"chunk: expected a positive integer, got {size!r}")
    names = list(draw_order(model.spec))  # the order in which `draw` takes the stream
    streams = []
    for k, name in enumerate(names):
        bits = np.random.PCG64(int(seed))
        bits.advance(k * int(n))
        streams.append((np.random.Generator(bits), model.spec.assumptions[name]))
    for start in range(0, int(n), int(size)):
        stop = min(start + int(size), int(n))
        env = {
            name: rng.uniform(a.min, a.max, size=stop - start)
            for name, (rng, a) in zip(names, streams, strict=True)
        }
        yield slice(start, stop), env


class _Chunked:
    """The per-draw outcomes and the sensitivity counts of `sample`, filled chunk by chunk."""

    def __init__(self, model: Model, n: int) -> None:
        self.model = model
        # Per-pathway arrays under the scenario and under each policy; sensitivity then only
        # re-evaluates the pathways an assumption enters (same numbers, far fewer operations).
        self.trees = {"base": model.contributions, **model.policy_contributions}
        self.uses = {k: {p: names_in(t) for p, t in ts.items()} for k, ts in self.trees.items()}
        self.out = {k: np.empty(n) for k in ("net", "us_marginal", "policy_margin", "us_share")}
        # direction, policy; an assumption this structure does not read flips nothing
        self.flips = {name: [0, 0] for name in model.reads()}

    def add(self, where: slice, env: dict[str, np.ndarray]) -> None:
        """Evaluate one chunk of draws: its outcomes and its sensitivity flips."""
        model, trees = self.model, self.trees
        parts = {
            k: {pid: np.asarray(to_numpy(t, env)) for pid, t in ts.items()}
            for k, ts in trees.items()
        }
        # Added one pathway after the other, as np.sum(axis=0) does for a (pathways, draws)
        # array of two or more draws: a pairwise sum (its order for one draw) would make the
        # result depend on the chunk size.
        sums = {k: functools.reduce(np.add, v.values()) for k, v in parts.items()}
        self.out["net"][where] = sums["base"]
        self.out["policy_margin"][where] = sums["inclusive"] - sums["exclusive"]
        self.out["us_marginal"][where] = np.asarray(to_numpy(model.marginal_total, env))
        self.out["us_share"][where] = np.asarray(to_numpy(model.us_share, env))

        def moved(kind: str, name: str, value: float) -> np.ndarray:
            moved_env: dict[str, Number] = {**env, name: value}
            out = sums[kind].copy()
            for pid, tree in trees[kind].items():
                if name in self.uses[kind][pid]:
                    out += np.asarray(to_numpy(tree, moved_env)) - parts[kind][pid]
            return out

        for name in self.flips:
            a = model.spec.assumptions[name]
            net_flip = np.sign(moved("base", name, a.min)) != np.sign(moved("base", name, a.max))
            m_lo = moved("inclusive", name, a.min) - moved("exclusive", name, a.min)
            m_hi = moved("inclusive", name, a.max) - moved("exclusive", name, a.max)
            self.flips[name][0] += int(np.count_nonzero(net_flip))
            self.flips[name][1] += int(np.count_nonzero(np.sign(m_lo) != np.sign(m_hi)))


def sample(
    n: int = 100_000, seed: int = 0, model: Model | None = None, chunk: int = CHUNK
) -> Sample:
    """Run the Monte Carlo and summarise it, `chunk` draws at a time (the result does not
    depend on `chunk`: the same draws, the same numbers, bit for bit)."""
    model = model or default_model()
    _check_run(n, seed)
    acc = _Chunked(model, int(n))
    for where, env in draw_chunks(model, n, seed, chunk):
        acc.add(where, env)
    net, out = acc.out["net"], acc.out
    rows = [
        {
            "name": name,
            "label": a.label,
            "flips_direction": acc.flips[name][0] / int(n),
            "flips_policy": acc.flips[name][1] / int(n),
        }
        for name, a in ((k, model.spec.assumptions[k]) for k in acc.flips)
    ]
    sens = (
        pd.DataFrame(rows)
        .sort_values(["flips_direction", "flips_policy"], ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    qs = np.quantile(net, QUANTILES)
    return Sample(
        n=int(n),
        seed=int(seed),
        p_us_helps=float(np.mean(out["us_marginal"] > 0)),
        p_inclusive_preferred=float(np.mean(out["policy_margin"] > 0)),
        p_cooperation=float(np.mean(net > 0)),
        net_quantiles={
            f"q{round(q * 100):02d}": float(v) for q, v in zip(QUANTILES, qs, strict=True)
        },
        sensitivity=sens,
        draws=pd.DataFrame(
            {k: out[k] for k in ("net", "us_marginal", "policy_margin", "us_share")}
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
