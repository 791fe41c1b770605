"""The record next to the model: series over time, and per-year predictions from two proxies.

Why: Yoon reasons from history, so the essay owes its readers a look at what the record
says. This module puts the public series (:mod:`pathways.series`) on one time axis with the
dated events of ``data/timeline.csv``, and runs the model year by year with the only two
inputs the data can stand in for (``threat`` and ``engagement``); every other assumption
stays at a slider or the spec's default. The browser computes the same numbers from the
same expression trees, so the website's period picker and sliders need no Python.

Defined for: chapter 'Checking the pathways against the record'.

Conventions (browser tests read them):

* :func:`record_chart`'s event rows carry ``label``, ``citation``, ``direction``,
  ``pathway``; the hover selection is the param ``event_hover``.
* :func:`check_chart`'s rows carry ``year``, ``threat``, ``engagement`` (the proxies) and
  the observed ``un_agreement``, ``icews_coop_share``, ``mid`` (null where a source has no
  figure); the browser computes ``net`` (the model's net outcome) and ``direction`` per year,
  and one row with ``verdict``, the sentence :func:`summary` returns in Python. The period
  is the pair of params ``period_start`` and ``period_end``; model sliders use spec names.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from ..model.compile import Model, default_model
from ..model.evaluate import check_assumptions
from ..model.expr import format_number, js_string, to_numpy, to_vega
from ..present.charts import COOPERATION, DIRECTION_SCALE, FRICTION, NEUTRAL, sliders
from ..present.vega import Ref, param_ref
from . import series
from .data import DataError

PROXIED = ("threat", "engagement")  # the model inputs the data stand in for
OBSERVED = {"un_agreement": "UN voting agreement", "icews_coop_share": "ICEWS cooperation share"}
START, END = "period_start", "period_end"
MIN_TREND_YEARS = 3  # fewer years give no trend or correlation
CENTRE_YEAR = 2000  # years are centred before squaring, for numerical accuracy
DASH = "\u2013"  # en dash between years
# Okabe-Ito colours not used for direction (blue = cooperation, vermillion = friction).
GREEN, PURPLE, ORANGE, BLACK, SKY = "#009E73", "#CC79A7", "#E69F00", "#000000", "#56B4E9"
PANEL_HEIGHT = 90
# Narrower than charts.WIDTH, legends on top: axis labels + plot fit the book's ~690 px column.
WIDTH = 520
LEGEND = {"orient": "top", "direction": "horizontal", "titleOrient": "left"}
YEAR_AXIS = alt.Axis(format="d", title="Year")


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


def _period(start: Any, end: Any) -> tuple[int, int]:
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
    """Proxies and observed indicators per year of a period (validated; see :func:`_period`).

    Columns: ``year``; ``threat``, ``engagement`` (0-1, :func:`pathways.series.proxies`);
    ``un_agreement``, ``icews_coop_share``, ``mid`` (:func:`pathways.series.observed_relations`,
    NaN where a source does not cover the year).
    """
    start, end = _period(start, end)
    out = series.proxies(start, end).merge(series.observed_relations(start, end), on="year")
    if out[list(PROXIED)].isna().any().any():
        gaps = out.loc[out[list(PROXIED)].isna().any(axis=1), "year"].tolist()
        raise DataError(f"proxies missing inside the covered period for {gaps}")
    return out


def _env(model: Model, values: Mapping[str, Any] | None) -> dict[str, float]:
    """The non-proxied assumptions: defaults overridden by `values` (validated)."""
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
    env: dict[str, Any] = dict(_env(m, values))
    out = table(start, end)
    for name in PROXIED:
        env[name] = out[name].to_numpy(dtype=float)
    net = np.broadcast_to(np.asarray(to_numpy(m.net, env), dtype=float), len(out))
    out["net"] = net
    out["direction"] = np.where(
        net > 0, "cooperation", np.where(net < 0, "friction", "neither side")
    )
    return out


def _mean(values: Sequence[float] | np.ndarray) -> float:
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


def _trend(label: str, years: np.ndarray, y: np.ndarray, net: np.ndarray) -> Trend:
    ok = np.isfinite(y)
    x, y, n = (years[ok] - CENTRE_YEAR).astype(float), y[ok], net[ok]
    if len(x) < MIN_TREND_YEARS:
        return Trend(label, len(x), math.nan, math.nan)
    mx, my, mn = _mean(x), _mean(y), _mean(n)
    mxy, mxx = _mean(x * y), _mean(x * x)
    mny, mnn, myy = _mean(n * y), _mean(n * n), _mean(y * y)
    slope = (mxy - mx * my) / (mxx - mx * mx)
    denominator = (mnn - mn * mn) * (myy - my * my)
    r = (mny - mn * my) / math.sqrt(denominator) if denominator > 0 else math.nan
    return Trend(label, len(x), float(slope * 10), float(r))  # plain floats, not numpy


def _trend_clause(t: Trend) -> str:
    if t.years < MIN_TREND_YEARS:
        return f"; {t.label}: too few years with data ({t.years})"
    word = "rose" if t.per_decade > 0 else "fell" if t.per_decade < 0 else "did not change"
    corr = (
        f"correlation with the net r = {format_number(t.r, '+.2f')}"
        if math.isfinite(t.r)
        else "no correlation with a constant net"
    )
    return (
        f"; {t.label} {word} (trend {format_number(t.per_decade, '+.2f')} a decade "
        f"over {t.years} years), {corr}"
    )


def summary(
    start: int,
    end: int,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> Summary:
    """Count the years the model predicts friction or cooperation; trend and fit of each indicator.

    The sentence is the one :func:`check_chart` shows for the same period and assumptions.
    """
    p = predictions(start, end, values, model)
    net, years = p["net"].to_numpy(), p["year"].to_numpy()
    trends = {
        col: _trend(label, years, p[col].to_numpy(dtype=float), net)
        for col, label in OBSERVED.items()
    }
    friction, cooperation = int((net < 0).sum()), int((net > 0).sum())
    lo, hi = float(net.min()), float(net.max())
    sentence = (
        f"{p['year'].iloc[0]}{DASH}{p['year'].iloc[-1]}: the model predicts friction in "
        f"{friction} of {len(p)} years and cooperation in {cooperation} "
        f"(net {format_number(lo, '+.2f')} to {format_number(hi, '+.2f')})"
        + "".join(_trend_clause(t) for t in trends.values())
        + "."
    )
    return Summary(
        int(p["year"].iloc[0]),
        int(p["year"].iloc[-1]),
        len(p),
        friction,
        cooperation,
        lo,
        hi,
        trends,
        sentence,
    )


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
    allowed = m.spec.assumptions
    if name not in allowed or name in PROXIED:
        raise ValueError(f"cannot scan {name!r}: threat and engagement come from the data")
    a = allowed[name]
    rows = []
    for v in np.linspace(a.min, a.max, points):
        net = predictions(start, end, {**(values or {}), name: float(v)}, m)["net"]
        rows.append((float(v), int((net > 0).sum()), int((net < 0).sum())))
    return pd.DataFrame(rows, columns=["value", "cooperation", "friction"])


# --------------------------------------------------------------------------- charts


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows for Vega: NaN becomes null (JSON has no NaN), numpy scalars become Python."""
    clean = frame.astype(object).where(frame.notna(), None)
    return [
        {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


def _pathway_names(model: Model) -> dict[str, str]:
    names = {p.id: f"{p.id} {p.short}" for p in model.spec.pathways if p.group}
    return {**names, "": "no single pathway"}


def _events(model: Model) -> pd.DataFrame:
    """Timeline rows placed on a continuous year axis (a dated event at its day of the year)."""
    ev = series.timeline()
    dates = pd.to_datetime(ev["date"], format="%Y-%m-%d", errors="coerce")
    days = np.where(dates.dt.is_leap_year, 366, 365)
    frac = np.where(dates.notna(), (dates.dt.day_of_year - 0.5) / days, 0.5)
    names = _pathway_names(model)
    return ev.assign(
        when=ev["year"] + frac,
        when_text=np.where(ev["date"] != "", ev["date"], ev["year"].astype(str)),
        pathway_name=ev["pathway"].map(names),
        order=ev["pathway"].map({k: i for i, k in enumerate(names)}),
    )


def _xscale(domain: Sequence[float] | dict) -> alt.Scale:
    return alt.Scale(domain=domain, nice=False, zero=False)


def _event_rules(events: alt.Data, x: alt.Scale, hover: alt.Parameter) -> alt.Chart:
    return (
        alt.Chart(events)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X("when:Q", scale=x, axis=YEAR_AXIS),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, legend=None),
            opacity=alt.condition(hover, alt.value(0.9), alt.value(0.15)),
            tooltip=_event_tooltip(),
        )
    )


def _event_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("label:N", title="Event"),
        alt.Tooltip("when_text:N", title="When"),
        alt.Tooltip("pathway_name:N", title="Pathway"),
        alt.Tooltip("direction:N", title="Pushed toward"),
        alt.Tooltip("citation:N", title="Source"),
    ]


def record_chart(model: Model | None = None) -> alt.VConcatChart:
    """The series on one time axis, with the timeline's events as rules you can hover.

    Panels: the events by pathway; US troops in Japan and Korea (square-root scale, the
    flagged 2008 count marked); North Korean missile tests; UN voting agreement; ICEWS
    cooperation share; share of each year under an LDP prime minister. Events are coloured
    by direction; hovering one highlights it in every panel. Raises the data layer's
    :class:`pathways.data.DataError` if a file is wrong.
    """
    m = model or default_model()
    ev = _events(m)
    troops, tests = series.us_troops(), series.nk_missile_tests()
    un, icews, pm = series.un_voting_agreement(), series.icews_events(), series.japan_pm_party()
    first = int(min(troops["year"].min(), pm["year"].min(), ev["year"].min()))
    last = int(max(troops["year"].max(), tests["year"].max(), ev["year"].max())) + 1
    x = _xscale([first, last])
    events = alt.Data(values=_records(ev))
    hover = alt.selection_point(
        name="event_hover", on="pointerover", fields=["label"], empty=False, clear="pointerout"
    )
    strip = (
        alt.Chart(events)
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            x=alt.X("when:Q", scale=x, axis=alt.Axis(format="d", title=None, orient="top")),
            y=alt.Y("pathway_name:N", sort=alt.SortField("order"), title=None),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Event pushed toward"),
            size=alt.condition(hover, alt.value(160), alt.value(60)),
            tooltip=_event_tooltip(),
        )
        .add_params(hover)
        .properties(
            width=WIDTH,
            height=150,
            title="Dated events by the pathway each illustrates (hover for label and source)",
        )
    )
    years = {"mid": "datum.year + 0.5"}
    last_test = tests.attrs.get("last_test", "")
    tests_rows = tests.assign(
        note=np.where(tests["year"] == tests["year"].max(), f"partial year (to {last_test})", "")
    )
    host = alt.Scale(domain=["Japan", "South Korea"], range=[GREEN, PURPLE])
    troop_rows = troops.melt(
        id_vars=["year", "suspect"], value_vars=["japan", "south_korea"], var_name="host"
    ).assign(host=lambda d: d["host"].map({"japan": "Japan", "south_korea": "South Korea"}))
    troop_rows["thousands"] = troop_rows["value"] / 1000
    troop_lines = (
        alt.Chart(alt.Data(values=_records(troop_rows)))
        .transform_calculate(**years)
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=alt.X("mid:Q", scale=x, axis=YEAR_AXIS),
            y=alt.Y(
                "thousands:Q",
                scale=alt.Scale(type="sqrt"),
                title=["US troops", "(thousands, √ scale)"],
            ),
            color=alt.Color("host:N", scale=host, title="US troops in"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("host:N"),
                alt.Tooltip("value:Q", format=",", title="Active-duty troops"),
            ],
        )
    )
    suspect = (
        alt.Chart(alt.Data(values=_records(troop_rows[troop_rows["suspect"]])))
        .transform_calculate(
            note="'Flagged: most host countries nearly double in this year alone'", **years
        )
        .mark_point(shape="diamond", size=120, filled=False, strokeWidth=2, color=BLACK)
        .encode(
            x=alt.X("mid:Q", scale=x),
            y=alt.Y("thousands:Q"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("host:N"),
                alt.Tooltip("value:Q", format=","),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    tests_bars = (
        alt.Chart(alt.Data(values=_records(tests_rows)))
        .transform_calculate(x2="datum.year + 1")
        .mark_rect(color=NEUTRAL)
        .encode(
            x=alt.X("year:Q", scale=x, axis=YEAR_AXIS),
            x2="x2:Q",
            y=alt.Y("tests:Q", title=["North Korean", "missile tests"]),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("tests:Q", title="Tests"),
                alt.Tooltip("successful:Q", title="Recorded as successful"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )

    def line(frame: pd.DataFrame, field: str, title: list[str], colour: str, fmt: str):
        return (
            alt.Chart(alt.Data(values=_records(frame[["year", field]])))
            .transform_calculate(**years)
            .mark_line(color=colour, point=alt.OverlayMarkDef(size=14, color=colour))
            .encode(
                x=alt.X("mid:Q", scale=x, axis=YEAR_AXIS),
                y=alt.Y(f"{field}:Q", title=title, scale=alt.Scale(zero=False)),
                tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip(f"{field}:Q", format=fmt)],
            )
        )

    un_line = line(un, "agreement", ["UN votes alike", "(share)"], GREEN, ".2f")
    icews_line = line(icews, "coop_share", ["ICEWS events", "cooperative (share)"], ORANGE, ".2f")
    ldp = (
        alt.Chart(alt.Data(values=_records(pm[["year", "ldp_share", "pm_party"]])))
        .transform_calculate(x2="datum.year + 1")
        .mark_rect(color=BLACK, opacity=0.55)
        .encode(
            x=alt.X("year:Q", scale=x, axis=YEAR_AXIS),
            x2="x2:Q",
            y=alt.Y(
                "ldp_share:Q",
                title=["Year under an", "LDP premier"],
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("pm_party:N", title="Prime minister's party"),
                alt.Tooltip("ldp_share:Q", format=".0%", title="Share under LDP"),
            ],
        )
    )
    panels = [
        alt.layer(troop_lines, suspect, _event_rules(events, x, hover)),
        alt.layer(tests_bars, _event_rules(events, x, hover)),
        alt.layer(un_line, _event_rules(events, x, hover)),
        alt.layer(icews_line, _event_rules(events, x, hover)),
        alt.layer(ldp, _event_rules(events, x, hover)),
    ]
    panels = [
        p.resolve_scale(color="independent").properties(width=WIDTH, height=PANEL_HEIGHT)
        for p in panels
    ]
    return (
        alt.vconcat(strip, *panels, spacing=8)
        .resolve_legend(color="independent")
        .properties(
            title=f"The record, {first}{DASH}{last - 1}: US presence, threat, and Korea-Japan relations",
            description=(
                "Six stacked time-series panels sharing one year axis. Top: dated events from "
                "the essay's timeline, one row per pathway, blue for events that pushed toward "
                "cooperation and vermillion toward friction; hovering an event shows its label "
                "and source and highlights its vertical line in every panel below. Then: US "
                "active-duty troops in Japan and in South Korea (square-root scale; the 2008 "
                "count, a likely reporting artefact, is marked with a diamond); North Korean "
                "missile tests per year; the share of UN General Assembly roll calls on which "
                "Japan and South Korea voted alike (1991-2019); the cooperative share of their "
                "ICEWS news events (2002-2014); and the share of each year Japan had a Liberal "
                "Democratic Party prime minister."
            ),
        )
        .configure_legend(**LEGEND)
    )


def _check_ref(m: Model, controls: Sequence[str], fixed: Mapping[str, float] | None) -> Ref:
    """Threat and engagement from each year's row; the rest from sliders or defaults."""
    clash = sorted((set(controls) | set(fixed or {})) & set(PROXIED))
    if clash:
        raise ValueError(f"{clash} come from the data in this check and cannot be sliders or fixed")
    if len(set(controls)) != len(controls):
        raise ValueError(f"controls repeat a name: {list(controls)}")
    fixed_checked = {k: v for k, v in _env(m, fixed).items() if k in (fixed or {})}
    overlap = set(controls) & set(fixed_checked)
    if overlap:
        raise ValueError(f"{sorted(overlap)} cannot be both a control and fixed")
    base = param_ref(m, controls, fixed_checked)
    return lambda name: f"datum.{name}" if name in PROXIED else base(name)


def _verdict_expr() -> str:
    """The Vega twin of :func:`summary`'s sentence (same wording, numbers and rounding)."""

    def clause(col: str, label: str) -> str:
        k, slope, r = f"datum.k_{col}", f"datum.slope_{col}", f"datum.r_{col}"
        few = f"'; ' + {js_string(label)} + ': too few years with data (' + {k} + ')'"
        word = f"({slope} > 0 ? 'rose' : {slope} < 0 ? 'fell' : 'did not change')"
        corr = (
            f"(isFinite({r}) ? 'correlation with the net r = ' + format({r}, '+.2f') "
            ": 'no correlation with a constant net')"
        )
        trend = (
            f"'; ' + {js_string(label)} + ' ' + {word} + ' (trend ' + "
            f"format({slope} * 10, '+.2f') + ' a decade over ' + {k} + ' years), ' + {corr}"
        )
        return f"({k} < {MIN_TREND_YEARS} ? {few} : {trend})"

    head = (
        f"{START} + '{DASH}' + {END} + ': the model predicts friction in ' + datum.nf + "
        "' of ' + datum.n + ' years and cooperation in ' + datum.nc + "
        "' (net ' + format(datum.nmin, '+.2f') + ' to ' + format(datum.nmax, '+.2f') + ')'"
    )
    body = " + ".join([head, *(clause(c, lab) for c, lab in OBSERVED.items()), "'.'"])
    return f"datum.n === 0 ? 'Pick a start year no later than the end year.' : {body}"


def check_chart(
    controls: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    period: tuple[int, int] | None = None,
    model: Model | None = None,
) -> alt.VConcatChart:
    """Per year: the model's net outcome from the proxies, the proxies, and what was observed.

    Two range sliders pick the period (``period_start``, ``period_end``; from
    :func:`coverage`; default `period`, else the years with UN voting data inside it);
    `controls` add sliders for other assumptions (not threat or engagement, which come from
    each year's row); `fixed` sets assumptions without a slider. The browser computes
    ``net`` per year with the model's tree and one ``verdict`` row with :func:`summary`'s
    sentence.
    """
    m = model or default_model()
    ref = _check_ref(m, controls, fixed)
    lo, hi = coverage()
    if period is None:
        un = series.un_voting_agreement()["year"]
        period = (max(lo, int(un.min())), min(hi, int(un.max())))
    start, end = _period(*period)
    rows = table(lo, hi)
    data = alt.Data(values=_records(rows))
    period_params = [
        alt.param(
            name=START,
            value=start,
            bind=alt.binding_range(min=lo, max=hi, step=1, name="Period from "),
        ),
        alt.param(
            name=END, value=end, bind=alt.binding_range(min=lo, max=hi, step=1, name="Period to ")
        ),
    ]
    in_period = f"datum.year >= {START} && datum.year <= {END}"
    x = _xscale({"expr": f"[{START} - 0.5, {END} + 0.5]"})
    xaxis = alt.X("year:Q", scale=x, axis=YEAR_AXIS)
    net_expr = to_vega(m.net, ref)
    base = alt.Chart(data).transform_filter(in_period)
    bars = (
        base.transform_calculate(net=net_expr)
        .transform_calculate(
            direction="datum.net > 0 ? 'cooperation' : datum.net < 0 ? 'friction' : 'neither side'",
            x1="datum.year - 0.4",
            x2="datum.year + 0.4",
        )
        .mark_rect()
        .encode(
            x=alt.X("x1:Q", scale=x, axis=YEAR_AXIS),
            x2="x2:Q",
            y=alt.Y("net:Q", title=["Model's net outcome", "(+ cooperation, − friction)"]),
            y2=alt.datum(0),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Model predicts"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("threat:Q", format=".2f", title="Threat (proxy)"),
                alt.Tooltip("engagement:Q", format=".2f", title="Engagement (proxy)"),
                alt.Tooltip("net:Q", format="+.3f", title="Net outcome"),
            ],
        )
    )
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color=NEUTRAL).encode(y="y:Q")
    proxy_scale = alt.Scale(
        domain=["Threat (missile tests)", "Engagement (troops)"], range=[PURPLE, BLACK]
    )
    proxies = (
        base.transform_fold(list(PROXIED), as_=["input", "value"])
        .transform_calculate(
            input="datum.input === 'threat' ? 'Threat (missile tests)' : 'Engagement (troops)'"
        )
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=xaxis,
            y=alt.Y(
                "value:Q",
                title=["Model inputs", "from the data (0–1)"],
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color("input:N", scale=proxy_scale, title="Proxy"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("input:N"),
                alt.Tooltip("value:Q", format=".2f"),
            ],
        )
    )
    observed_scale = alt.Scale(domain=list(OBSERVED.values()), range=[GREEN, ORANGE])
    observed = (
        base.transform_fold(list(OBSERVED), as_=["indicator", "value"])
        .transform_filter("isValid(datum.value)")
        .transform_calculate(
            indicator=" : ".join(
                f"datum.indicator === '{c}' ? {js_string(lab)}" for c, lab in OBSERVED.items()
            )
            + " : datum.indicator"
        )
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(
            x=xaxis,
            y=alt.Y("value:Q", title=["Observed", "(share)"], scale=alt.Scale(zero=False)),
            color=alt.Color("indicator:N", scale=observed_scale, title="Observed"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("indicator:N"),
                alt.Tooltip("value:Q", format=".2f"),
            ],
        )
    )
    disputes = (
        base.transform_filter("datum.mid === 1")
        .transform_calculate(note="'ROK-Japan militarized dispute under way (GML MID)'")
        .mark_rule(color=NEUTRAL, strokeDash=[4, 3], strokeWidth=2)
        .encode(x=xaxis, tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("note:N")])
    )
    verdict = (
        alt.Chart(data)
        .transform_calculate(net=net_expr)
        .transform_calculate(**_aggregate_inputs(in_period))
        .transform_joinaggregate(**_aggregates())
        .transform_filter(f"datum.year === {lo}")
        .transform_calculate(**_statistics())
        .transform_calculate(verdict=_verdict_expr())
        .transform_calculate(display="split(replace(datum.verdict, /; /g, ';\\n'), '\\n')")
        .mark_text(align="left", baseline="top", fontSize=13, lineHeight=18)
        .encode(x=alt.value(0), y=alt.value(4), text="display:N")
        .properties(width=WIDTH, height=60, view=alt.ViewConfig(stroke=None))
    )
    size = {"width": WIDTH, "height": PANEL_HEIGHT + 20}
    labels = ", ".join(m.spec.assumptions[c].label for c in controls)
    return (
        alt.vconcat(
            alt.layer(bars, zero).properties(**size),
            proxies.properties(**size),
            alt.layer(observed, disputes).properties(**size),
            verdict,
            spacing=10,
        )
        .resolve_scale(color="independent")
        .add_params(*period_params, *sliders(m, controls))
        .properties(
            title="The model year by year, from two proxies, next to what was observed",
            description=(
                "Three panels over the chosen period. Top: bars of the model's net outcome "
                "each year, computed from that year's threat and engagement proxies with every "
                "other assumption at its slider or default; blue bars predict cooperation, "
                "vermillion friction. Middle: the two proxies, North Korean missile tests and "
                "US troops in Japan and Korea, each on 0-1. Bottom: observed UN voting "
                "agreement and ICEWS cooperation share, with dashed grey lines in years of a "
                "militarized dispute. Sliders pick the first and last year"
                + (f" and set {labels}" if labels else "")
                + ". The sentence below counts the years of predicted friction and cooperation "
                "and gives each observed indicator's trend and correlation with the prediction."
            ),
        )
        .configure_legend(**LEGEND)
    )


def _aggregate_inputs(in_period: str) -> dict[str, str]:
    """Per-row fields for the period's counts and the moments of each indicator."""
    out = {
        "inp": f"{in_period} ? 1 : 0",
        "pnet": f"{in_period} ? datum.net : null",
        "fr": f"{in_period} && datum.net < 0 ? 1 : 0",
        "co": f"{in_period} && datum.net > 0 ? 1 : 0",
    }
    for col in OBSERVED:
        ok = f"({in_period} && isValid(datum.{col}) && isFinite(datum.{col}))"
        x, y = f"(datum.year - {CENTRE_YEAR})", f"datum.{col}"
        terms = {
            "x": x,
            "y": y,
            "n": "datum.net",
            "xy": f"{x} * {y}",
            "xx": f"{x} * {x}",
            "ny": f"datum.net * {y}",
            "nn": "datum.net * datum.net",
            "yy": f"{y} * {y}",
        }
        out |= {f"{t}_{col}": f"{ok} ? {e} : null" for t, e in terms.items()}
        out[f"c_{col}"] = f"{ok} ? 1 : 0"
    return out


def _aggregates() -> dict[str, Any]:
    """Period counts, extremes of the net and the means behind each trend and correlation."""
    specs = {
        "n": ("sum", "inp"),
        "nf": ("sum", "fr"),
        "nc": ("sum", "co"),
        "nmin": ("min", "pnet"),
        "nmax": ("max", "pnet"),
    }
    for col in OBSERVED:
        specs[f"k_{col}"] = ("sum", f"c_{col}")
        for t in ("x", "y", "n", "xy", "xx", "ny", "nn", "yy"):
            specs[f"m{t}_{col}"] = ("mean", f"{t}_{col}")
    return {name: f"{op}({field})" for name, (op, field) in specs.items()}


def _statistics() -> dict[str, str]:
    """Least-squares slope and Pearson r from the means (the formulas :func:`_trend` uses)."""
    out = {}
    for col in OBSERVED:
        m = {t: f"datum.m{t}_{col}" for t in ("x", "y", "n", "xy", "xx", "ny", "nn", "yy")}
        out[f"slope_{col}"] = (
            f"({m['xy']} - {m['x']} * {m['y']}) / ({m['xx']} - {m['x']} * {m['x']})"
        )
        den = f"(({m['nn']} - {m['n']} * {m['n']}) * ({m['yy']} - {m['y']} * {m['y']}))"
        out[f"r_{col}"] = f"{den} > 0 ? ({m['ny']} - {m['n']} * {m['y']}) / sqrt({den}) : NaN"
    return out


__all__ = [
    "COOPERATION",
    "FRICTION",
    "OBSERVED",
    "PROXIED",
    "Summary",
    "Trend",
    "check_chart",
    "coverage",
    "key_numbers",
    "predictions",
    "record_chart",
    "scan",
    "summary",
    "table",
]
