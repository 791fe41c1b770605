"""The record next to the model: per-year predictions from two proxies, and what was observed.

Why: Yoon reasons from history, so the essay owes its readers a look at what the record
says. This module runs the model year by year with the only two inputs the data can
stand in for (``threat`` and ``engagement``, from :mod:`pathways.series`); every other
assumption stays at a slider or the spec's default. It counts the years of predicted
friction and cooperation and fits each observed indicator's trend and correlation. Its
sentence is one expression tree (:func:`period_sentence`), printed by :func:`summary` in
Python and by the chapter's chart (:mod:`pathways.record.evidence_charts`) in Vega, so the
website's period picker and sliders need no Python. No chart is drawn here.

Defined for: chapter 'Checking the pathways against the record'.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..model.compile import Model, default_model
from ..model.evaluate import check_assumptions
from ..model.expr import (
    Call,
    Compare,
    Concat,
    Cond,
    Const,
    Format,
    Node,
    Text,
    Var,
    to_numpy,
    to_text,
)
from ..model.names import lookup
from . import series
from .data import DataError

PROXIED = ("threat", "engagement")  # the model inputs the data stand in for
OBSERVED = {"un_agreement": "UN voting agreement", "icews_coop_share": "ICEWS cooperation share"}
START, END = "period_start", "period_end"  # the period's first and last year (chart params)
MIN_TREND_YEARS = 3  # fewer years give no trend or correlation
CENTRE_YEAR = 2000  # years are centred before squaring, for numerical accuracy
DASH = "\u2013"  # en dash between years


# --------------------------------------------------------------------------- Python side


def coverage() -> tuple[int, int]:
    """First and last year in which both proxies exist: the years the model can be run."""
    troops, tests = series.us_troops(), series.nk_missile_tests()
    lo = int(min(troops["year"].min(), tests["year"].min()))
    hi = int(max(troops["year"].max(), tests["year"].max()))
    both = series.proxies(lo, hi).dropna(subset=list(PROXIED))
    if both.empty:
        raise DataError("no year has both proxies (NK missile tests and US troop counts)")
    return int(both["year"].min()), int(both["year"].max())


def check_period(start: Any, end: Any) -> tuple[int, int]:
    """Validate a period: integer years, start <= end, inside :func:`coverage`."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"{name} year must be an integer, got {value!r}")
    start, end = int(start), int(end)
    if start > end:
        raise ValueError(f"start year {start} is after end year {end}")
    lo, hi = coverage()
    if start < lo or end > hi:
        raise ValueError(
            f"period {start}-{end} lies outside {lo}-{hi}, the years with both proxies "
            "(threat: North Korean missile tests; engagement: US troops in Japan and Korea)"
        )
    return start, end


def table(start: int, end: int) -> pd.DataFrame:
    """Proxies and observed indicators per year of a period (validated; see :func:`check_period`).

    Columns: ``year``; ``threat``, ``engagement`` (0-1, :func:`pathways.series.proxies`);
    ``un_agreement``, ``icews_coop_share``, ``mid`` (:func:`pathways.series.observed_relations`,
    NaN where a source does not cover the year).
    """
    start, end = check_period(start, end)
    out = series.proxies(start, end).merge(series.observed_relations(start, end), on="year")
    if out[list(PROXIED)].isna().any().any():
        gaps = out.loc[out[list(PROXIED)].isna().any(axis=1), "year"].tolist()
        raise DataError(f"proxies missing inside the covered period for {gaps}")
    return out


def check_values(model: Model, values: Mapping[str, Any] | None) -> dict[str, float]:
    """The non-proxied assumptions: defaults overridden by `values` (validated).

    Threat and engagement come from each year's data, so they cannot be set by hand.
    """
    clash = sorted(set(values or {}) & set(PROXIED))
    if clash:
        raise ValueError(f"{clash} come from the data in this check; set other assumptions")
    return check_assumptions(model.spec, values or {})


def predictions(
    start: int,
    end: int,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> pd.DataFrame:
    """The model's net outcome per year, with threat and engagement read from the data.

    Columns: those of :func:`table`, plus ``net`` (float, the model's net outcome with that
    year's proxies and the other assumptions at `values` or the spec's defaults; the field
    the browser computes under the same name) and ``direction`` ("cooperation" if net > 0,
    "friction" if net < 0, else "neither side").
    """
    m = model or default_model()
    env: dict[str, Any] = dict(check_values(m, values))
    out = table(start, end)
    for name in PROXIED:
        env[name] = out[name].to_numpy(dtype=float)
    net = np.broadcast_to(np.asarray(to_numpy(m.net, env), dtype=float), len(out))
    out["net"] = net
    out["direction"] = np.where(
        net > 0, "cooperation", np.where(net < 0, "friction", "neither side")
    )
    return out


def _mean(values: Iterable[float]) -> float:
    """Vega's running mean (aggregate op 'mean'), so browser and Python round alike."""
    mean, n = 0.0, 0
    for v in values:
        n += 1
        mean += (v - mean) / n
    return mean if n else math.nan


@dataclass(frozen=True)
class Trend:
    """One observed indicator over a period: its linear trend and co-movement with `net`."""

    label: str
    years: int  # years with a figure
    per_decade: float  # least-squares slope x 10 (share units); NaN with < MIN_TREND_YEARS
    r: float  # Pearson correlation with the model's net; NaN if undefined


@dataclass(frozen=True)
class Summary:
    """What the model says about a period and how the observed indicators moved."""

    start: int
    end: int
    years: int
    friction: int
    cooperation: int
    net_min: float
    net_max: float
    trends: dict[str, Trend]
    sentence: str  # identical to the chart's `verdict`


def _fit(years: np.ndarray, y: np.ndarray, net: np.ndarray) -> tuple[int, float, float]:
    """Years with a figure, the least-squares slope a year, and Pearson r with `net`.

    Slope and r are NaN with fewer than MIN_TREND_YEARS years; r is NaN for a constant net.
    """
    ok = np.isfinite(y)
    x, y, n = (years[ok] - CENTRE_YEAR).astype(float), y[ok], net[ok]
    if len(x) < MIN_TREND_YEARS:
        return len(x), math.nan, math.nan
    mx, my, mn = _mean(x), _mean(y), _mean(n)
    mxy, mxx = _mean(x * y), _mean(x * x)
    mny, mnn, myy = _mean(n * y), _mean(n * n), _mean(y * y)
    slope = (mxy - mx * my) / (mxx - mx * mx)
    denominator = (mnn - mn * mn) * (myy - my * my)
    r = (mny - mn * my) / math.sqrt(denominator) if denominator > 0 else math.nan
    return len(x), float(slope), float(r)  # plain floats, not numpy


def _trend_clause(col: str, label: str) -> Node:
    """A trend clause: "; LABEL rose (trend +0.12 a decade over N years), correlation ..."."""
    k, slope, r = Var(f"k_{col}"), Var(f"slope_{col}"), Var(f"r_{col}")
    few = Concat((Text(f"; {label}: too few years with data ("), Format(k, "d"), Text(")")))
    word = Cond(
        Compare(">", slope, Const(0.0)), Text("rose"),
        Cond(Compare("<", slope, Const(0.0)), Text("fell"), Text("did not change")),
    )  # fmt: skip
    corr = Cond(
        Call("isFinite", (r,)),
        Concat((Text("correlation with the net r = "), Format(r, "+.2f"))),
        Text("no correlation with a constant net"),
    )
    trend = Concat((Text(f"; {label} "), word, Text(" (trend "), Format(slope * 10, "+.2f"),
                    Text(" a decade over "), Format(k, "d"), Text(" years), "), corr))  # fmt: skip
    return Cond(Compare("<", k, Const(float(MIN_TREND_YEARS))), few, trend)


def period_sentence() -> Node:
    """The check's sentence for a period, as a tree: Python's :func:`summary`, the chart's verdict.

    Reads START and END (years), ``n``, ``nf``, ``nc`` (years in the period, of friction,
    of cooperation), ``nmin``, ``nmax`` (extremes of the net) and, per observed column,
    ``k_<col>`` (years with a figure), ``slope_<col>`` (a year) and ``r_<col>``. An empty
    period (``n`` = 0, the chart's sliders crossed) asks for another.
    """
    n = Var("n")
    head = Concat((
        Format(Var(START), "d"), Text(DASH), Format(Var(END), "d"),
        Text(": the model predicts friction in "), Format(Var("nf"), "d"), Text(" of "),
        Format(n, "d"), Text(" years and cooperation in "), Format(Var("nc"), "d"),
        Text(" (net "), Format(Var("nmin"), "+.2f"), Text(" to "), Format(Var("nmax"), "+.2f"),
        Text(")"),
    ))  # fmt: skip
    body = Concat((head, *(_trend_clause(c, lab) for c, lab in OBSERVED.items()), Text(".")))
    empty = Text("Pick a start year no later than the end year.")
    return Cond(Compare("==", n, Const(0.0)), empty, body)


def summary(
    start: int,
    end: int,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> Summary:
    """Count the years the model predicts friction or cooperation; trend and fit of each indicator.

    The sentence is :func:`period_sentence`, the one the chapter's chart shows for the same
    period and assumptions.
    """
    p = predictions(start, end, values, model)
    net, years = p["net"].to_numpy(), p["year"].to_numpy()
    first, last = int(years[0]), int(years[-1])
    friction, cooperation = int((net < 0).sum()), int((net > 0).sum())
    lo, hi = float(net.min()), float(net.max())
    env: dict[str, Any] = {START: first, END: last, "n": len(p), "nf": friction,
                           "nc": cooperation, "nmin": lo, "nmax": hi}  # fmt: skip
    trends = {}
    for col, label in OBSERVED.items():
        k, slope, r = _fit(years, p[col].to_numpy(dtype=float), net)
        env |= {f"k_{col}": k, f"slope_{col}": slope, f"r_{col}": r}
        trends[col] = Trend(label, k, slope * 10, r)
    sentence = to_text(period_sentence(), env)
    return Summary(first, last, len(p), friction, cooperation, lo, hi, trends, sentence)


def key_numbers(periods: Sequence[tuple[int, int]] | None = None, width: int = 76) -> str:
    """The chapter's checked numbers as plain text: each period's sentence, one clause a line.

    Why: nbval compares this output with the committed notebook, so a change in the data
    files or the model that changes the chapter's claims fails the tests until the prose is
    re-read. Defaults to the UN-vote years (1991-2019) and the whole :func:`coverage`.
    """
    blocks = []
    for start, end in periods or [(1991, 2019), coverage()]:
        clauses = summary(start, end).sentence.split("; ")
        lines = [textwrap.fill(c, width, subsequent_indent="    ") for c in clauses]
        blocks.append(";\n  ".join(lines))
    return "\n".join(blocks)


def scan(
    start: int,
    end: int,
    name: str,
    points: int = 101,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> pd.DataFrame:
    """Years of cooperation and friction as one assumption runs over its range (for exercises).

    Columns: ``value`` (the assumption, min to max of its range in the spec),
    ``cooperation``, ``friction`` (years of the period on each side).
    """
    m = model or default_model()
    a = lookup("assumption", name, m.spec.assumptions)
    if name in PROXIED:
        raise ValueError(f"cannot scan {name!r}: threat and engagement come from the data")
    rows = []
    for v in np.linspace(a.min, a.max, points):
        net = predictions(start, end, {**(values or {}), name: float(v)}, m)["net"]
        rows.append((float(v), int((net > 0).sum()), int((net < 0).sum())))
    return pd.DataFrame(rows, columns=["value", "cooperation", "friction"])


__all__ = [
    "CENTRE_YEAR",
    "DASH",
    "END",
    "MIN_TREND_YEARS",
    "OBSERVED",
    "PROXIED",
    "START",
    "Summary",
    "Trend",
    "check_period",
    "check_values",
    "coverage",
    "key_numbers",
    "period_sentence",
    "predictions",
    "scan",
    "summary",
    "table",
]
