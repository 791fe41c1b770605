"""Which model? The headline results under every structure of the spec's variants, and a
Monte Carlo that samples structures as well as numbers.

Why: readers can move every number of the model but its form is a reading too (model.yaml
`variants`: what drives pathways 4 and 5, what makes the shared fear pull, how far pathway
4 counts, what pathway 6 is). Setting the results of every combination of options side by
side, on the very same draws of the numbers, shows which conclusions survive every
structure and which hang on one; the statement saying so is computed, not written.

Both functions run the one tree with every dimension free (`compile.with_variants`), its
variables holding an option's name: one name for all draws (which_model), or one drawn
per draw (sample_structures).

Defined for: chapter 'Synthesis' ("Which model?") and `python -m pathways sample --variants`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import verdict as verdicts
from .compile import Model, default_model, with_variants
from .expr import Number, to_numpy, to_text
from .montecarlo import draw
from .variants import ALL, check_dims, combinations, label, variant_env

#: The shares reported per structure, with what each counts.
SHARES = {
    "p_us_helps": "share of worlds where more US engagement helps",
    "p_inclusive_preferred": "share of worlds where inclusive ties come out ahead",
    "mean_us_share": "mean share of the forces carried by US-dependent pathways",
}


def _shares(m: Model, env: Mapping[str, Number | str]) -> dict[str, np.ndarray]:
    """Per draw: does more engagement help, do inclusive ties win, the US share."""
    return {
        "p_us_helps": np.asarray(to_numpy(m.marginal_total, env)) > 0,
        "p_inclusive_preferred": np.asarray(to_numpy(m.policy_margin, env)) > 0,
        "mean_us_share": np.asarray(to_numpy(m.us_share, env), dtype=float),
    }


@dataclass(frozen=True)
class Claim:
    """A headline as it reads under the default structure, and where it flips.

    `flipped_by`: the options that flip it when switched alone from the default structure;
    `needs`: the options every structure where it flips has in common.
    """

    text: str
    holds_in: int
    of: int
    flipped_by: tuple[str, ...]
    needs: tuple[str, ...]

    @property
    def survives(self) -> bool:
        return self.holds_in == self.of

    def sentence(self) -> str:
        if self.survives:
            return f"{self.text}: holds in every structure ({self.of} of {self.of})."
        alone = ", ".join(self.flipped_by) or "no single option"
        needs = (
            f"; every structure where it flips has {' and '.join(self.needs)}" if self.needs else ""
        )
        return (
            f"{self.text}: holds in {self.holds_in} of {self.of} structures; "
            f"flipped alone by {alone}{needs}."
        )


def _headlines(determinant: float) -> list[tuple[str, float, str, str]]:
    """The headlines: a column of `WhichModel.table`, its threshold, and the words for a
    value above it and for one at or below it."""
    return [
        ("p_inclusive_preferred", 0.5, "inclusive ties come out ahead in most plausible worlds",
         "an exclusive bloc comes out ahead in most plausible worlds"),
        ("p_us_helps", 0.5, "more US engagement helps in most plausible worlds",
         "more US engagement hurts in most plausible worlds"),
        ("mean_us_share", determinant, "the US role is determinant on average",
         "the US role is important but not determinant on average"),
        ("net", 0.0, "at the defaults relations lean toward cooperation",
         "at the defaults relations lean toward friction"),
        ("marginal", 0.0, "at the defaults more US engagement would help",
         "at the defaults more US engagement would hurt"),
        ("policy", 0.0, "at the defaults inclusive ties come out ahead",
         "at the defaults an exclusive bloc comes out ahead"),
    ]  # fmt: skip


@dataclass(frozen=True)
class WhichModel:
    """Every structure's headline results (`table`, one row per combination of options,
    the default structure first) and what they say about the conclusions (`claims`)."""

    n: int
    seed: int
    dims: tuple[str, ...]
    table: pd.DataFrame
    claims: tuple[Claim, ...]

    def statement(self) -> str:
        """Which conclusions survive every structure, and which hang on one."""
        kept = [c.text for c in self.claims if c.survives]
        lines = [f"Survive every structure: {'; '.join(kept) if kept else 'none'}."]
        lines += [c.sentence() for c in self.claims if not c.survives]
        return "\n".join(lines)


def which_model(n: int = 20_000, seed: int = 0, model: Model | None = None) -> WhichModel:
    """For every combination of variant options, on the same `n` draws of the numbers
    (those of ``sample(n, seed)`` for the shared assumptions): P(more engagement helps),
    P(inclusive ties preferred), the mean US share, and at the defaults the net, the
    marginal effect, the policy margin and the verdict sentence."""
    m = model or default_model()
    dims = tuple(m.spec.variants)
    free = with_variants(m, free=dims)
    env = draw(free, n, seed)
    defaults: dict[str, Number | str] = dict(m.spec.defaults())
    sentence = verdicts.overall(free)
    rows = []
    for combo in combinations(m.spec, dims):
        structure = variant_env(m.spec, combo)
        shares = _shares(free, {**env, **structure})
        at = {**defaults, **structure}
        rows.append({
            **combo, "label": label(m.spec, combo),
            **{k: float(np.mean(v)) for k, v in shares.items()},
            **{q: float(np.asarray(to_numpy(free.quantity(q), at))) for q in ("net", "policy")},
            "marginal": float(np.asarray(to_numpy(free.marginal_total, at))),
            "verdict": to_text(sentence, at),
        })  # fmt: skip
    table = pd.DataFrame(rows)
    claims = tuple(_claim(table, m, dims, *h) for h in _headlines(m.spec.determinant_share))
    return WhichModel(int(n), int(seed), dims, table, claims)


def _claim(
    table: pd.DataFrame, m: Model, dims: Sequence[str], column: str, at: float, above: str,
    below: str,
) -> Claim:  # fmt: skip
    """One headline: how it reads in the default structure (row 0), and where it flips."""
    side = table[column].to_numpy() > at
    holds = side == side[0]
    defaults = {d: m.spec.variants[d].default for d in dims}
    changed = [
        [f"{d}={row[d]}" for d in dims if row[d] != defaults[d]]
        for row in table[list(dims)].to_dict(orient="records")
    ]
    alone = sorted(
        (c[0] for c, ok in zip(changed, holds, strict=True) if len(c) == 1 and not ok),
        key=lambda option: list(dims).index(option.split("=")[0]),
    )
    flipping = [set(c) for c, ok in zip(changed, holds, strict=True) if not ok]
    needs = sorted(set.intersection(*flipping)) if flipping else []
    return Claim(
        above if side[0] else below, int(holds.sum()), len(table), tuple(alone), tuple(needs)
    )


@dataclass(frozen=True)
class StructureSample:
    """A Monte Carlo over numbers and structures: each draw picks one option per sampled
    dimension, uniformly; `overall` holds the shares over all draws, `table` per structure."""

    n: int
    seed: int
    dims: tuple[str, ...]
    overall: dict[str, float]
    table: pd.DataFrame  # one row per combination: options, draws, the SHARES

    def to_dict(self) -> dict[str, Any]:
        rows = self.table.astype(object).where(self.table.notna(), None)
        return {
            "n": self.n,
            "seed": self.seed,
            "variants": list(self.dims),
            "overall": self.overall,
            "by_structure": rows.to_dict(orient="records"),
        }


def sample_structures(
    n: int = 100_000,
    seed: int = 0,
    dims: Sequence[str] | str = ALL,
    model: Model | None = None,
) -> StructureSample:
    """Draw the numbers as ``sample(n, seed)`` does (plus the variants' own inputs), and for
    each draw one option per dimension in `dims` ("all": every one; the others at the
    model's own), uniformly and independently of the numbers (a second stream seeded by
    ``[seed, 1]``); report the shares over all draws and per structure (NaN with no draw)."""
    m = model or default_model()
    chosen = check_dims(m.spec, dims)
    free = with_variants(m, free=chosen)
    env: dict[str, Number | str] = dict(draw(free, n, seed))
    rng = np.random.default_rng([int(seed), 1])
    picks = {d: rng.choice(list(m.spec.variants[d].options), size=int(n)) for d in chosen}
    env.update({m.spec.variants[d].var: picks[d] for d in chosen})
    shares = _shares(free, env)
    rows = []
    for combo in combinations(m.spec, chosen):
        mask = np.logical_and.reduce([picks[d] == combo[d] for d in chosen] + [np.full(n, True)])
        rows.append({
            **{d: combo[d] for d in chosen}, "draws": int(mask.sum()),
            **{k: float(np.mean(v[mask])) if mask.any() else float("nan")
               for k, v in shares.items()},
        })  # fmt: skip
    overall = {k: float(np.mean(v)) for k, v in shares.items()}
    return StructureSample(int(n), int(seed), chosen, overall, pd.DataFrame(rows))
