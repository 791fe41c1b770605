"""Adding up one scenario's pathways: by direction, by kind of driver, one against another.

Why: chapters say "the cooperative pathways add up to X and the frictional ones to Y", "the
chains driven by engagement sum to Z", "pathway 5 outweighs pathway 4"; each is one rule
over a result's table, kept here so every chapter reads the table the same way.

Defined for: chapter 'The framework' and chapter 'Pathway 5'.
"""

from __future__ import annotations

from collections.abc import Callable

from .evaluate import Result
from .thresholds import contribution

TIE = 1e-9  # a difference this small is rounding, not one pathway outweighing another


def by_direction(result: Result) -> tuple[float, float]:
    """(cooperation, friction): the sum of the cooperative pathways' contributions, and the
    size of the sum of the frictional ones (both zero or positive)."""
    t = result.table
    cooperation = float(t.loc[t["sign"] > 0, "contribution"].sum())
    friction = float(-t.loc[t["sign"] < 0, "contribution"].sum())
    return cooperation, friction


def by_driver(result: Result) -> dict[str, float]:
    """The sum of contributions per kind of driver (the spec's `driver_kind`)."""
    sums = result.table.groupby("driver_kind")["contribution"].sum()
    return {str(k): float(v) for k, v in sums.items()}


def outweighs(a: str, b: str, tol: float = TIE) -> Callable[[Result], bool]:
    """A test for `first_where`: does pathway `a`'s contribution exceed pathway `b`'s in
    size, by more than `tol` (so two pathways equal up to rounding do not count as one
    winning)? Use as ``first_where("animosity", outweighs("5", "4"))``."""

    def test(result: Result) -> bool:
        return abs(contribution(result, a)) > abs(contribution(result, b)) + tol

    return test
