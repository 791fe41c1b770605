"""Perceived US withdrawal, year by year: the dated signals of ``signals.csv`` turned into a
0-1 series by one stated rule, the essay's.

Why: Cha's quasi-alliance model, on which the paper draws for pathway 4, runs on what the
allies expect Washington to do, not on the troops it has on the ground; the model's
``signal`` reading of commitment needs that expectation as a number per year. The paper names no dated
signal and no rule, so both the table (direction and size of each signal) and the rule here
are the essay's reading, with every number stated in :data:`SIGNAL_WEIGHTS` and
:data:`SIGNAL_DECAY`; nothing is fitted to the record.

The rule uses the two operations of the model's policy transforms (``model.yaml``,
``policies``), so the series stays inside 0-1 by construction, never by clipping:

* each new year the expectation fades: ``x -> x * decay``;
* a withdrawal signal of weight ``w`` closes that share of the distance to 1 (``toward_max``):
  ``x -> x + w * (1 - x)``;
* a recommitment of weight ``w`` removes that share of the expectation (``shrink``):
  ``x -> x * (1 - w)``; with nothing expected, a recommitment changes nothing.

A year's value is the state after that year's signals, applied in date order. The series
starts from 0 (nothing expected) at the first year of :data:`periods.SIGNAL_SPAN` (1945), so
every signal in the table reaches the years after it; a year without a row in the table is a
year without a signal (the table is read as complete), not a missing value.

Defined for: chapter 'Checking the pathways against the record'.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..model.names import check_names, unknown
from .periods import SIGNAL_DIRECTIONS, SIGNAL_SIZES, SIGNAL_SPAN, signals
from .series import check_span

#: The weight of a signal by its size (``signals.csv`` ``size``): a large signal (a decision,
#: doctrine or formal document, or a completed cut of 5,000 troops or more) closes half the
#: distance to full expected withdrawal; a small one (a statement, demand or reassurance)
#: a fifth. The essay's numbers, chosen before any check against the record.
SIGNAL_WEIGHTS: dict[str, float] = {"small": 0.2, "large": 0.5}
#: The share of last year's expectation still held this year: 0.7, so an unanswered
#: signal loses half its weight in about two years (0.7 ** 2 = 0.49). The essay's number.
SIGNAL_DECAY = 0.7
SIGNAL_COLUMNS = ("year", "date", "direction", "size")  # what the rule reads of a signal


def _check_rule(weights: Mapping[str, float], decay: float) -> None:
    """Every size has a weight in 0-1 and the decay is in 0-1: no value is clamped."""
    check_names("signal size", weights, SIGNAL_SIZES)
    missing = [s for s in SIGNAL_SIZES if s not in weights]
    if missing:
        raise ValueError(f"signal weights lack size(s) {missing}; give one for each of "
                         f"{', '.join(SIGNAL_SIZES)}")  # fmt: skip
    for name, value in [*((f"weight of a {s} signal", w) for s, w in weights.items()),
                        ("decay", decay)]:  # fmt: skip
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"{name} is {value!r}; allowed: a number in [0, 1]")


def _checked_signals(table: pd.DataFrame) -> pd.DataFrame:
    """`table` sorted by year and date, with known directions and sizes."""
    absent = [c for c in SIGNAL_COLUMNS if c not in table.columns]
    if absent:
        raise ValueError(f"signal table lacks column(s) {absent}; needs {list(SIGNAL_COLUMNS)}")
    for col, allowed in (("direction", SIGNAL_DIRECTIONS), ("size", SIGNAL_SIZES)):
        bad = table.loc[~table[col].isin(allowed), col]
        if len(bad):
            raise unknown(f"signal {col}", bad.iloc[0], allowed)
    return table.sort_values(["year", "date"], kind="stable")


def step(x: float, direction: str, weight: float) -> float:
    """One signal applied to the expectation `x`: toward 1 for a withdrawal, toward 0 for a
    recommitment (the model's ``toward_max`` and ``shrink``).

    Defined for: chapter 'Checking the pathways against the record'.
    """
    if direction == "withdrawal":
        return x + weight * (1.0 - x)
    if direction == "recommitment":
        return x * (1.0 - weight)
    raise unknown("signal direction", direction, SIGNAL_DIRECTIONS)


def withdrawal_signal_series(
    start: int = 1965,
    end: int = 2024,
    table: pd.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    decay: float = SIGNAL_DECAY,
) -> pd.DataFrame:
    """Perceived US withdrawal per year, 0 (none expected) to 1, by the rule of this module.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, ``start``..``end``, inside :data:`periods.SIGNAL_SPAN`);
    ``withdrawal_signal`` (float in 0-1, the expectation after that year's signals);
    ``signals`` (int, how many signals the year has). `table` defaults to
    :func:`periods.signals` (a planted table needs ``year``, ``date``, ``direction``,
    ``size``); `weights` to :data:`SIGNAL_WEIGHTS`; `decay` to :data:`SIGNAL_DECAY`.
    """
    start, end = check_span(start, end, SIGNAL_SPAN, "withdrawal signal")
    w = dict(SIGNAL_WEIGHTS if weights is None else weights)
    _check_rule(w, decay)
    sig = _checked_signals(signals() if table is None else table)
    outside = sorted({int(y) for y in sig["year"] if not SIGNAL_SPAN[0] <= y <= SIGNAL_SPAN[1]})
    if outside:
        raise ValueError(f"signals dated {outside} lie outside {SIGNAL_SPAN[0]}-{SIGNAL_SPAN[1]}")
    by_year: dict[int, list[tuple[str, str]]] = {}
    for r in sig.itertuples():
        by_year.setdefault(int(r.year), []).append((str(r.direction), str(r.size)))
    x, rows = 0.0, []
    for year in range(SIGNAL_SPAN[0], end + 1):
        x *= decay
        for direction, size in by_year.get(year, []):
            x = step(x, direction, w[size])
        if year >= start:
            rows.append((year, x, len(by_year.get(year, []))))
    out = pd.DataFrame(rows, columns=["year", "withdrawal_signal", "signals"])
    out.attrs["sources"] = ["signals.csv"]
    out.attrs["rule"] = {"weights": w, "decay": float(decay)}
    return out


__all__ = [
    "SIGNAL_DECAY",
    "SIGNAL_WEIGHTS",
    "step",
    "withdrawal_signal_series",
]
