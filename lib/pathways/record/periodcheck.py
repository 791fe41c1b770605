"""The model against the literature's period coding, 1965-2024: the inputs the record gives
for each year, and how often the model's mean net per period points the way the works code it.

Why: the year-by-year check of :mod:`pathways.record.evidence` starts in 1984, when the
missile-test proxy begins, so the Cold War decades that the literature codes period by
period (``periods.csv``) were untested. This module puts three proxies on the model's 0-1
scale for every year from 1965 and scores a prediction against each coded period. It takes
the model as a callable (``predict(values) -> net``), so any formalisation, today's or a
structural variant, is checked by the same code; :func:`net_predictor` wraps an ``evaluate``
function. Nothing here is fitted: every number is the model's or stated in the record's
modules, and :func:`split_check` reports the Cold War and the years after it separately so a
reader sees whether a hit rate holds outside the years it may have been read from.

Defined for: chapter 'Checking the pathways against the record'.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model.names import check_names
from ..model.numbers import quote
from . import periods as coded
from . import series
from .data import DataError
from .withdrawal import withdrawal_signal_series

#: The model inputs the record stands in for, in the model's names.
INPUTS = ("threat", "engagement", "withdrawal_signal")
#: What today's default structure takes of them (it has no ``withdrawal_signal``).
LEVEL_INPUTS = ("threat", "engagement")
SPAN = series.THREAT_SPAN  # 1965-2024: the years every input covers
ENGAGEMENT_SOURCE = "troops"  # registry key of the troop counts
SIGNAL_SOURCE = "signals.csv"  # the essay's signal table, through withdrawal.py's rule
DIRECTIONS = ("cooperation", "friction")  # what a coded period can be scored against
TIE = "neither side"  # a mean net of exactly 0
Predict = Callable[[Mapping[str, float]], float]


def yearly_inputs(start: int = SPAN[0], end: int = SPAN[1]) -> pd.DataFrame:
    """The model's inputs per year from the record, each with the source it comes from.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, ``start``..``end`` inside 1965-2024); ``threat`` (float 0-1,
    :func:`series.threat_since_1965`: the rivals' capabilities rescaled to 1983, North Korean
    missile tests from 1984); ``engagement`` (float 0-1, :func:`series.proxies`: US troops in
    Japan and Korea over their 1965-2024 peak, 151,333 in 1969, so the reference covers every
    year here); ``withdrawal_signal`` (float 0-1,
    :func:`withdrawal.withdrawal_signal_series`); and ``threat_source`` (``cow_nmc`` or
    ``nk_missiles``), ``engagement_source`` (``troops``), ``withdrawal_signal_source``
    (``signals.csv``). Every year of 1965-2024 has all three with the pinned files; a year
    without a value raises :class:`DataError` naming the input and the years, and nothing is
    filled in (a year without a signal is not missing: the rule gives its value).

    Why deployed troops cannot stand for perceived commitment: troops move slowly and after
    the decisions that move them, while the allies read the decisions. The Nixon doctrine of
    July 1969 was announced in the very year US troops in Japan and Korea peaked; the cut it
    led to came in 1970-71. Carter's 1977 plan to withdraw the ground forces raised fears of
    abandonment in Seoul and Tokyo (Cha's reading, ``cha1999``) while US troops in Korea
    hardly moved (40,075 in 1977, 41,565 in 1978, 39,018 in 1979 in the pinned file) until
    it was shelved. Troops measure the level of engagement; ``withdrawal_signal`` measures
    the expected change, on which Cha's quasi-alliance model (drawn on by the paper for
    pathway 4) turns. The essay's reading: the two can be compared, not substituted.
    """
    start, end = series.check_span(start, end, SPAN, "yearly inputs")
    threat = series.threat_since_1965()
    threat = threat.rename(columns={"value": "threat", "segment": "threat_source"})
    out = pd.DataFrame({"year": range(start, end + 1)})
    out = out.merge(threat, on="year", how="left")
    out = out.merge(series.proxies(start, end)[["year", "engagement"]], on="year", how="left")
    signal = withdrawal_signal_series(start, end)[["year", "withdrawal_signal"]]
    out = out.merge(signal, on="year", how="left")
    out["engagement_source"] = ENGAGEMENT_SOURCE
    out["withdrawal_signal_source"] = SIGNAL_SOURCE
    gaps = {n: out.loc[out[n].isna(), "year"].tolist() for n in INPUTS if out[n].isna().any()}
    if gaps:
        raise DataError(f"the record gives no value for {gaps} (input: years)")
    columns = ["year", *INPUTS, *(f"{n}_source" for n in INPUTS)]
    out = out[columns]
    out.attrs["sources"] = ["cow_nmc", "nk_missiles", ENGAGEMENT_SOURCE, SIGNAL_SOURCE]
    out.attrs["join"] = threat.attrs.get("join")
    return out


def net_predictor(
    evaluate: Callable[..., Any],
    inputs: Iterable[str] = LEVEL_INPUTS,
    values: Mapping[str, float] | None = None,
    **options: Any,
) -> Predict:
    """A `predict` for :func:`period_check`: ``evaluate({**values, <the year's inputs>},
    **options).net``.

    Defined for: chapter 'Checking the pathways against the record'.

    `evaluate` is :func:`pathways.evaluate` or any function taking assumptions and returning
    an object with ``net``; `inputs` names what the model reads from the record (of
    :data:`INPUTS`; today's structure takes :data:`LEVEL_INPUTS`); `values` sets other
    assumptions, which may not be inputs; `options` (for example ``model=``) go to `evaluate`.
    """
    names = tuple(inputs)
    check_names("record input", names, INPUTS)
    fixed = dict(values or {})
    clash = sorted(set(fixed) & set(names))
    if clash:
        raise ValueError(f"{clash} come from the record in this check; set other assumptions")

    def predict(year: Mapping[str, float]) -> float:
        return float(evaluate({**fixed, **{n: year[n] for n in names}}, **options).net)

    return predict


def _direction(net: float) -> str:
    return "cooperation" if net > 0 else "friction" if net < 0 else TIE


def _yearly_net(predict: Predict, inputs: pd.DataFrame, years: list[int]) -> pd.Series:
    """`predict` of each year in `years`; a year without inputs or a non-finite net is named."""
    absent = [c for c in ("year", *INPUTS) if c not in inputs.columns]
    if absent:
        raise ValueError(f"inputs lack column(s) {absent}; need year, {', '.join(INPUTS)}")
    rows = inputs.set_index("year")
    missing = sorted(set(years) - set(rows.index))
    if missing:
        raise DataError(f"no inputs for the coded years {missing}")
    nets = {}
    for year in years:
        net = float(predict({n: float(rows.at[year, n]) for n in INPUTS}))
        if not math.isfinite(net):
            raise ValueError(f"predict gave {net} for {year}; a net must be a finite number")
        nets[year] = net
    return pd.Series(nets, dtype=float)


@dataclass(frozen=True)
class PeriodCheck:
    """How a prediction scores against the coded periods.

    ``table``: one row per period, with the columns of :func:`periods.periods` and ``years``
    (int), ``net`` (float, the mean predicted net over the period's years), ``predicted``
    (``cooperation``, ``friction`` or ``neither side``) and ``hit`` (pandas boolean: whether
    ``predicted`` equals ``coding``; NA for a ``mixed`` period, which is reported but not
    counted, since the works code it neither way). ``hit_rate`` is ``hits / counted``, NaN
    when no period is coded; ``base_rate`` is the hit rate of always predicting the commoner
    coding, the score a model must beat to say more than the record's majority.
    """

    table: pd.DataFrame
    hits: int
    counted: int
    mixed: int
    hit_rate: float
    base_rate: float


def _score(table: pd.DataFrame) -> PeriodCheck:
    counted = table[table["coding"].isin(DIRECTIONS)]
    hits = int(counted["hit"].sum())
    n = len(counted)
    top = int(counted["coding"].value_counts().max()) if n else 0
    rate, base = (hits / n, top / n) if n else (math.nan, math.nan)
    return PeriodCheck(table, hits, n, int((table["coding"] == "mixed").sum()), rate, base)


def period_check(
    predict: Predict,
    inputs: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> PeriodCheck:
    """The mean predicted net per coded period, its direction, and whether it hits the coding.

    Defined for: chapter 'Checking the pathways against the record'.

    `predict` maps one year's inputs (a dict of :data:`INPUTS`) to the model's net outcome,
    other assumptions fixed (see :func:`net_predictor`). `inputs` defaults to
    :func:`yearly_inputs`, `periods` to :func:`periods.periods`. A period's prediction is the
    sign of its mean net, so a period counts once whatever its length; a mean of exactly 0
    predicts neither side and is a miss. ``mixed`` periods are in the table but not counted.
    """
    per = coded.periods() if periods is None else periods.copy()
    rows = yearly_inputs() if inputs is None else inputs
    check_names("coding", per["coding"], coded.CODINGS)
    spans = [
        range(int(a), int(b) + 1)
        for a, b in zip(per["period_start"], per["period_end"], strict=True)
    ]
    nets = _yearly_net(predict, rows, sorted({y for s in spans for y in s}))
    per["years"] = [len(s) for s in spans]
    per["net"] = [float(nets.loc[list(s)].mean()) for s in spans]
    per["predicted"] = [_direction(x) for x in per["net"]]
    hit = (per["predicted"] == per["coding"]).astype("boolean")
    per["hit"] = hit.where(per["coding"].isin(DIRECTIONS), pd.NA)
    return _score(per.reset_index(drop=True))


def _cut(periods: pd.DataFrame, span: tuple[int, int]) -> pd.DataFrame:
    """The periods' years inside `span`; a period across its edge keeps only those years."""
    inside = periods[(periods["period_end"] >= span[0]) & (periods["period_start"] <= span[1])]
    out = inside.copy()
    out["period_start"] = out["period_start"].clip(lower=span[0])
    out["period_end"] = out["period_end"].clip(upper=span[1])
    return out.reset_index(drop=True)


def split_check(
    predict: Predict,
    fit_span: tuple[int, int] = (1965, 1990),
    test_span: tuple[int, int] = (1991, 2024),
    inputs: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`period_check` on two spans of years separately: the Cold War, and after it.

    Defined for: chapter 'Checking the pathways against the record'.

    Nothing is tuned here, so "fit" only names the span a reader may suspect the essay's
    numbers were read from and "test" the span they must also hold in; the spans may not
    overlap and must lie inside the periods' years. A period across a span's edge (1989-1992
    with the defaults, coded mixed) is cut there and judged on its years inside each span.
    Columns: ``span`` (``fit``, ``test``), ``start``, ``end``, ``counted``, ``hits``,
    ``mixed``, ``hit_rate``, ``base_rate`` (as in :class:`PeriodCheck`).
    """
    per = coded.periods() if periods is None else periods
    cover = (int(per["period_start"].min()), int(per["period_end"].max()))
    fit = series.check_span(*fit_span, cover, "fit_span")
    test = series.check_span(*test_span, cover, "test_span")
    if fit[0] <= test[1] and test[0] <= fit[1]:
        raise ValueError(f"fit_span {fit[0]}-{fit[1]} overlaps test_span {test[0]}-{test[1]}; "
                         "a test span must hold only years the fit span does not")  # fmt: skip
    rows = []
    for name, span in (("fit", fit), ("test", test)):
        c = period_check(predict, inputs, _cut(per, span))
        rows.append((name, *span, c.counted, c.hits, c.mixed, c.hit_rate, c.base_rate))
    columns = ["span", "start", "end", "counted", "hits", "mixed", "hit_rate", "base_rate"]
    return pd.DataFrame(rows, columns=columns)


def _hit_word(hit: Any) -> str:
    return "not counted (mixed)" if pd.isna(hit) else "yes" if hit else "no"


def period_table(
    predict: Predict,
    inputs: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each period's coding beside the model's prediction, as strings for the chapter.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``Period`` (label), ``Years`` ("1969–1971"), ``Literature`` (the coding),
    ``Sources`` (bib keys, "; "-separated), ``Model`` (the predicted side and the mean net,
    printed as the essay prints a net: "friction (−0.15)"), ``Hit`` (``yes``, ``no`` or
    ``not counted (mixed)``).
    """
    t = period_check(predict, inputs, periods).table
    return pd.DataFrame(
        {
            "Period": t["label"],
            "Years": [
                f"{a}\u2013{b}" for a, b in zip(t["period_start"], t["period_end"], strict=True)
            ],
            "Literature": t["coding"],
            "Sources": [s.replace(";", "; ") for s in t["sources"]],
            "Model": [
                f"{p} ({quote('margin', n)})" for p, n in zip(t["predicted"], t["net"], strict=True)
            ],
            "Hit": [_hit_word(h) for h in t["hit"]],
        }
    )


def hit_sentence(check: PeriodCheck) -> str:
    """The hit rate in words, for the chapter's glue and its checked output.

    Defined for: chapter 'Checking the pathways against the record'.
    """
    if not check.counted:
        return f"no period is coded cooperation or friction; {check.mixed} mixed, not counted"
    return (
        f"{check.hits} of {check.counted} coded periods ({quote('share', check.hit_rate)}); "
        f"{check.mixed} mixed periods not counted; always predicting the commoner coding "
        f"would hit {quote('share', check.base_rate)}"
    )


__all__ = [
    "DIRECTIONS",
    "INPUTS",
    "LEVEL_INPUTS",
    "SPAN",
    "TIE",
    "PeriodCheck",
    "Predict",
    "hit_sentence",
    "net_predictor",
    "period_check",
    "period_table",
    "split_check",
    "yearly_inputs",
]
