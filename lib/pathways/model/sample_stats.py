"""What the chapters read off a Monte Carlo sample: rankings and shares of its worlds.

Why: the synthesis ranks assumptions by how often they flip the direction of relations,
the conclusion by how often they flip the preferred policy; both rankings, the share of
worlds where the United States is "determinant", and the spread over other seeds are one
rule each, here, rather than pandas sorting in two notebooks.

Defined for: chapter 'Synthesis' and chapter 'Conclusion'.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .compile import Model, default_model
from .montecarlo import Sample, sample
from .names import check_names, lookup

#: A verdict an assumption can flip -> its column in `Sample.sensitivity`.
VERDICTS = {"direction": "flips_direction", "policy": "flips_policy"}
#: The shares of worlds a Sample reports.
STATISTICS = ("p_us_helps", "p_inclusive_preferred", "p_cooperation")


@dataclass(frozen=True)
class Ranked:
    """One assumption's place (1 = flips the verdict most often) and share of flipped worlds."""

    rank: int
    name: str
    label: str
    share: float


def sensitivity_ranking(s: Sample, by: str = "direction") -> list[Ranked]:
    """Assumptions by how often setting them low or high flips the verdict `by`
    ("direction" of relations or preferred "policy"), most often first.

    Ties keep the sample's order (by direction, then policy), so a ranking is reproducible.
    """
    column = lookup("verdict", by, VERDICTS)
    table = s.sensitivity.sort_values(column, ascending=False, kind="stable")
    return [
        Ranked(rank=i, name=str(name), label=str(label), share=float(share))
        for i, (name, label, share) in enumerate(
            zip(table["name"], table["label"], table[column], strict=True), start=1
        )
    ]


def sensitivity_of(s: Sample, name: str, by: str = "direction") -> Ranked:
    """One assumption's place in `sensitivity_ranking(s, by)`."""
    return lookup("assumption", name, {r.name: r for r in sensitivity_ranking(s, by)})


def p_determinant(s: Sample, model: Model | None = None) -> float:
    """Share of worlds where the US-dependent share reaches the spec's determinant threshold."""
    m = model or default_model()
    return float((s.draws["us_share"] >= m.spec.determinant_share).mean())


def seed_range(
    statistic: str, seeds: Iterable[int], n: int = 100_000, model: Model | None = None
) -> tuple[float, float]:
    """(lowest, highest) `statistic` of samples of `n` worlds over `seeds`: how much a
    share moves with the seed alone."""
    check_names("statistic", [statistic], STATISTICS)
    found = [getattr(sample(n, seed=k, model=model), statistic) for k in seeds]
    if not found:
        raise ValueError("seeds: give at least one seed")
    return min(found), max(found)
