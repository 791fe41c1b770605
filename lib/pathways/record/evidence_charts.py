"""The evidence chapter's charts: the record on one time axis, the model year by year, and
the model's structures over the literature's coded periods since 1965.

Why: the computations of :mod:`pathways.record.evidence` are checked in Python; the
chapter's readers see them as charts. :func:`record_chart` puts the public series
(:mod:`pathways.series`) on one time axis with the dated events of ``data/timeline.csv``;
:func:`check_chart` runs the model per year in the browser from the same expression trees,
so the website's period picker and sliders need no Python; :func:`periods_chart` is static
(the nets of :mod:`pathways.record.variantcheck`, computed in Python, nothing to set).

Defined for: chapter 'Checking the pathways against the record'.

Conventions (browser tests read them):

* :func:`record_chart`'s event rows carry ``label``, ``citation``, ``direction``,
  ``pathway``; the hover selection is the param ``event_hover``.
* :func:`check_chart`'s rows carry ``year``, ``threat``, ``engagement`` (the proxies) and
  the observed ``un_agreement``, ``icews_coop_share``, ``mid`` (null where a source has no
  figure); the browser computes ``net`` (the model's net outcome) and ``direction`` per year,
  and one row with ``verdict``, the sentence :func:`pathways.evidence.summary` returns in
  Python (both print :func:`pathways.evidence.period_sentence`). The period is the pair of
  params ``period_start`` and ``period_end``; model sliders use spec names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from ..model import numbers
from ..model.compile import Model, default_model
from ..model.expr import js_string, to_vega
from ..present.charts.common import (
    COOPERATION,
    DIRECTION_SCALE,
    FONT_SIZE,
    FRICTION,
    NEUTRAL,
    SERIES,
    Panel,
    sliders,
    style,
)
from ..present.charts.readout import declare, value_cell, verdict_row
from ..present.charts.sentence import verdict_panel, wrap
from ..present.controls import check_controls
from ..present.scenario_meta import (
    SCENARIO_ARG,
    Menu,
    call_code,
    command,
    reproduce_meta,
    with_reproduce,
)
from ..present.scenario_start import read_start, started
from ..present.vega import Ref, param_ref
from . import periods, series
from .evidence import (
    CENTRE_YEAR,
    DASH,
    END,
    OBSERVED,
    PROXIED,
    START,
    check_period,
    check_values,
    coverage,
    period_sentence,
    table,
)
from .periodcheck import yearly_inputs
from .variantcheck import yearly_nets

# The book's colours for data series (charts.common.SERIES), never blue or vermillion,
# which mean cooperation and friction.
BLACK, PURPLE, GREEN, GREY = SERIES
PANEL_HEIGHT = 90
# Narrower than charts.WIDTH, legends on top: axis labels + plot fit the book's ~690 px column.
WIDTH = 520
LEGEND = {"orient": "top", "direction": "horizontal", "titleOrient": "left"}
YEAR_AXIS = alt.Axis(format="d", title="Year")
#: The check's sentence breaks after each trend clause ("; " ends the line as ";").
CLAUSES = wrap("; ", ";")
#: The means behind each trend and correlation: of x (year), y (indicator), n (net), products.
MOMENTS = ("x", "y", "n", "xy", "xx", "ny", "nn", "yy")
YEARS = {"mid": "datum.year + 0.5"}  # a yearly figure drawn at the middle of its year
#: Vega: the check's period sliders are crossed, so its window holds no year.
EMPTY = f"{START} > {END}"
#: The check's axes print no numbers for an empty window (no "0.000000" on an empty axis).
HIDDEN_WHEN_EMPTY = f"{EMPTY} ? '' : datum.label"
CHECK_YEAR_AXIS = alt.Axis(format="d", title="Year", labelExpr=HIDDEN_WHEN_EMPTY)
#: What each of the check's panels says instead of drawing an empty window.
EMPTY_NOTE = (
    "No years in this window: set \u201cPeriod from\u201d no later than \u201cPeriod to\u201d."
)


# --------------------------------------------------------------------------- the record


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


def _strip(events: alt.Data, x: alt.Scale, hover: alt.Parameter) -> alt.Chart:
    """The dated events, one row per pathway; hovering one selects it everywhere."""
    return (
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
            # from the left of the panel's labels, not centred on the plot: on a phone the
            # runtime breaks the title into lines, which then never hold the plot narrow
            title=alt.TitleParams(
                "Dated events by the pathway each illustrates (hover for label and source)",
                anchor="start",
                frame="bounds",
            ),
        )
    )


def _troops(troops: pd.DataFrame, x: alt.Scale) -> list[alt.Chart]:
    """US troops in Japan and in Korea (square-root scale), the flagged count marked."""
    host = alt.Scale(domain=["Japan", "South Korea"], range=[GREEN, PURPLE])
    rows = troops.melt(
        id_vars=["year", "suspect"], value_vars=["japan", "south_korea"], var_name="host"
    ).assign(host=lambda d: d["host"].map({"japan": "Japan", "south_korea": "South Korea"}))
    rows["thousands"] = rows["value"] / 1000
    lines = (
        alt.Chart(alt.Data(values=_records(rows)))
        .transform_calculate(**YEARS)
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
        alt.Chart(alt.Data(values=_records(rows[rows["suspect"]])))
        .transform_calculate(
            note="'Flagged: most host countries nearly double in this year alone'", **YEARS
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
    return [lines, suspect]


def _tests(tests: pd.DataFrame, x: alt.Scale) -> alt.Chart:
    """North Korean missile tests per year (the last year marked partial)."""
    last_test = tests.attrs.get("last_test", "")
    rows = tests.assign(
        note=np.where(tests["year"] == tests["year"].max(), f"partial year (to {last_test})", "")
    )
    return (
        alt.Chart(alt.Data(values=_records(rows)))
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


def _line(
    frame: pd.DataFrame, field: str, title: list[str], colour: str, x: alt.Scale
) -> alt.Chart:
    """One observed share a year, as a line with points."""
    return (
        alt.Chart(alt.Data(values=_records(frame[["year", field]])))
        .transform_calculate(**YEARS)
        .mark_line(color=colour, point=alt.OverlayMarkDef(size=14, color=colour))
        .encode(
            x=alt.X("mid:Q", scale=x, axis=YEAR_AXIS),
            y=alt.Y(f"{field}:Q", title=title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip(f"{field}:Q", format=".2f")],
        )
    )


def _ldp(pm: pd.DataFrame, x: alt.Scale) -> alt.Chart:
    """The share of each year under a Liberal Democratic Party prime minister."""
    return (
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


RECORD_DESCRIPTION = (
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
)


#: The record's numbers table: (series, column, heading, d3-format) in the panels' order.
RECORD_COLUMNS = (
    ("troops", "japan", "US troops in Japan", ".0f"),
    ("troops", "south_korea", "US troops in South Korea", ".0f"),
    ("tests", "tests", "North Korean missile tests", ".0f"),
    ("un", "agreement", "UN votes alike (share)", ".2f"),
    ("icews", "coop_share", "ICEWS events cooperative (share)", ".2f"),
    ("pm", "ldp_share", "Year under an LDP premier", ".0%"),
)
RECORD_CAPTION = (
    "The record's series by year, as drawn (US troops as counted, not in thousands; "
    "\u2013 where a series has no figure for that year)."
)


def record_table(frames: Mapping[str, pd.DataFrame], first: int, last: int) -> list[dict]:
    """One row per year from `first` to `last` with a figure in any series: the year, then
    each of :data:`RECORD_COLUMNS` read from `frames` (the frames the panels draw)."""
    by_year = {
        (name, column): frames[name].set_index("year")[column]
        for name, column, _, _ in RECORD_COLUMNS
    }
    years = sorted({int(y) for s in by_year.values() for y in s.index if first <= y <= last})
    return [
        {"cells": [str(year), *(value_cell(by_year[(n, c)].get(year), fmt)
                                for n, c, _, fmt in RECORD_COLUMNS)]}
        for year in years
    ]  # fmt: skip


def record_chart(model: Model | None = None) -> alt.VConcatChart:
    """The series on one time axis, with the timeline's events as rules you can hover.

    Panels: the events by pathway; US troops in Japan and Korea (square-root scale, the
    flagged 2008 count marked); North Korean missile tests; UN voting agreement; ICEWS
    cooperation share; share of each year under an LDP prime minister. Events are coloured
    by direction; hovering one highlights it in every panel. Raises the data layer's
    :class:`pathways.data.DataError` if a file is wrong.
    """
    ev = _events(model or default_model())
    troops, tests = series.us_troops(), series.nk_missile_tests()
    un, icews, pm = series.un_voting_agreement(), series.icews_events(), series.japan_pm_party()
    first = int(min(troops["year"].min(), pm["year"].min(), ev["year"].min()))
    last = int(max(troops["year"].max(), tests["year"].max(), ev["year"].max())) + 1
    x = _xscale([first, last])
    events = alt.Data(values=_records(ev))
    hover = alt.selection_point(
        name="event_hover", on="pointerover", fields=["label"], empty=False, clear="pointerout"
    )
    layers = [
        _troops(troops, x),
        [_tests(tests, x)],
        [_line(un, "agreement", ["UN votes alike", "(share)"], GREEN, x)],
        [_line(icews, "coop_share", ["ICEWS events", "cooperative (share)"], GREY, x)],
        [_ldp(pm, x)],
    ]
    panels = [
        alt.layer(*marks, _event_rules(events, x, hover))
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=PANEL_HEIGHT)
        for marks in layers
    ]
    figure = style(
        alt.vconcat(_strip(events, x, hover), *panels, spacing=8)
        .resolve_legend(color="independent")
        .properties(
            title=[
                f"The record, {first}{DASH}{last - 1}:",
                "US presence, threat, and Korea-Japan relations",
            ],
            description=RECORD_DESCRIPTION,
        ),
        legend=LEGEND,
    )
    frames = {"troops": troops, "tests": tests, "un": un, "icews": icews, "pm": pm}
    rows = record_table(frames, first, last - 1)
    columns = ["Year", *(heading for _, _, heading, _ in RECORD_COLUMNS)]
    return declare(figure, "record", RECORD_CAPTION, extra=rows, verdict=False, columns=columns)


# --------------------------------------------------------------------------- the check


def _check_ref(m: Model, controls: Sequence[str], fixed: Mapping[str, float] | None) -> Ref:
    """Threat and engagement from each year's row; the rest from sliders or defaults."""
    check_values(m, fixed)  # fixed values: not the proxies, each in its range
    why = "come from the data in this check and cannot be sliders or fixed"
    base = param_ref(m, controls, check_controls(m, controls, fixed, PROXIED, why))
    return lambda name: f"datum.{name}" if name in PROXIED else base(name)


def _period_params(lo: int, hi: int, start: int, end: int) -> list[alt.Parameter]:
    """The two period sliders, over the years with both proxies."""
    return [
        alt.param(
            name=START,
            value=start,
            bind=alt.binding_range(min=lo, max=hi, step=1, name="Period from "),
        ),
        alt.param(
            name=END, value=end, bind=alt.binding_range(min=lo, max=hi, step=1, name="Period to ")
        ),
    ]


def _net_bars(base: alt.Chart, net: str, x: alt.Scale) -> alt.Chart:
    """The model's net outcome each year, coloured by the direction it predicts."""
    return (
        base.transform_calculate(net=net)
        .transform_calculate(
            direction="datum.net > 0 ? 'cooperation' : datum.net < 0 ? 'friction' : 'neither side'",
            x1="datum.year - 0.4",
            x2="datum.year + 0.4",
        )
        .mark_rect()
        .encode(
            x=alt.X("x1:Q", scale=x, axis=CHECK_YEAR_AXIS),
            x2="x2:Q",
            y=alt.Y(
                "net:Q",
                title=["Model's net outcome", "(+ cooperation, − friction)"],
                axis=alt.Axis(labelExpr=HIDDEN_WHEN_EMPTY),
            ),
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


def _proxy_lines(base: alt.Chart, xaxis: alt.X) -> alt.Chart:
    """The two proxies the model reads, each on 0-1."""
    proxy_scale = alt.Scale(
        domain=["Threat (missile tests)", "Engagement (troops)"], range=[PURPLE, BLACK]
    )
    return (
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
                axis=alt.Axis(labelExpr=HIDDEN_WHEN_EMPTY),
            ),
            color=alt.Color("input:N", scale=proxy_scale, title="Proxy"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("input:N"),
                alt.Tooltip("value:Q", format=".2f"),
            ],
        )
    )


def _observed_lines(base: alt.Chart, xaxis: alt.X) -> Panel:
    """What was observed, with dashed rules in years of a militarized dispute."""
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
            y=alt.Y(
                "value:Q",
                title=["Observed", "(share)"],
                scale=alt.Scale(zero=False),
                axis=alt.Axis(labelExpr=HIDDEN_WHEN_EMPTY),
            ),
            color=alt.Color(
                "indicator:N",
                scale=alt.Scale(domain=list(OBSERVED.values()), range=[GREEN, GREY]),
                title="Observed",
            ),
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
    return alt.layer(observed, disputes)


def _verdict(data: alt.Data, net: str, in_period: str, first_row: int) -> alt.Chart:
    """The period's summary: counts and statistics aggregated in the browser, then the
    sentence :func:`pathways.evidence.period_sentence` prints."""
    source = (
        alt.Chart(data)
        .transform_calculate(net=net)
        .transform_calculate(**_aggregate_inputs(in_period))
        .transform_joinaggregate(**_aggregates())
        .transform_filter(f"datum.year === {first_row}")
        .transform_calculate(**_statistics())
    )
    sentence = to_vega(period_sentence(), lambda n: n if n in (START, END) else f"datum.{n}")
    return verdict_panel(source, sentence, height=60, width=WIDTH, display=CLAUSES)


def _check_description(m: Model, controls: Sequence[str]) -> str:
    labels = ", ".join(m.spec.assumptions[c].label for c in controls)
    return (
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
    )


def check_chart(
    controls: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    period: tuple[int, int] | None = None,
    model: Model | None = None,
    scenario: str | None = None,
) -> alt.VConcatChart:
    """Per year: the model's net outcome from the proxies, the proxies, and what was observed.

    Two range sliders pick the period (``period_start``, ``period_end``; from
    :func:`pathways.evidence.coverage`; default `period`, else the years with UN voting data
    inside it); `controls` add sliders for other assumptions (not threat or engagement,
    which come from each year's row); `fixed` sets assumptions without a slider. The
    browser computes ``net`` per year with the model's tree and one ``verdict`` row with
    :func:`pathways.evidence.summary`'s sentence. `scenario` (a scenario string naming
    only the sliders in `controls`) sets where they start.
    """
    m = model or default_model()
    net = to_vega(m.net, _check_ref(m, controls, fixed))
    lo, hi = coverage()
    if period is None:
        un = series.un_voting_agreement()["year"]
        period = (max(lo, int(un.min())), min(hi, int(un.max())))
    start, end = check_period(*period)
    data = alt.Data(values=_records(table(lo, hi)))
    in_period = f"datum.year >= {START} && datum.year <= {END}"
    counts = [("Years in the period", "n", None), ("Years the model leans toward friction", "nf", None),
              ("Years it leans toward cooperation", "nc", None), ("Lowest net", "nmin", "margin"),
              ("Highest net", "nmax", "margin")]  # fmt: skip
    fits = [
        (f"Correlation of the net with {label}", f"r_{c}", "margin")
        for c, label in OBSERVED.items()
    ]
    caption = "The period's summary: the counts and the correlations the sentence states"
    figure = style(
        alt.vconcat(
            *_check_panels(data, net, in_period), _verdict(data, net, in_period, lo), spacing=10
        )  # fmt: skip
        .resolve_scale(color="independent")
        .add_params(*_period_params(lo, hi, start, end), *_started(m, controls, fixed, scenario))
        .properties(
            title=["The model year by year, from two proxies,", "next to what was observed"],
            description=_check_description(m, controls),
        ),
        legend=LEGEND,
    )
    figure = declare(
        figure, "check", caption, extra=[verdict_row(*row) for row in [*counts, *fits]]
    )
    return with_reproduce(figure, _check_reproduce(m, controls, fixed))


def _started(
    m: Model, controls: Sequence[str], fixed: Mapping[str, float] | None, scenario: str | None
) -> list[alt.Parameter]:
    """The check's assumption sliders, at `scenario`'s values where it names them."""
    return started(sliders(m, controls), read_start(m, controls, fixed, scenario).params())


def _check_reproduce(
    m: Model, controls: Sequence[str], fixed: Mapping[str, float] | None
) -> dict[str, Any]:
    """The check's command (``check --from --to``) and its call, read from its sliders."""
    first, last = Menu(START), Menu(END)
    cli = command("check", [("--from", first), ("--to", last), ("--scenario", SCENARIO_ARG)])
    code = call_code("evidence_charts", check_chart, {
        "controls": controls, "fixed": fixed, "period": (first, last), "scenario": SCENARIO_ARG})  # fmt: skip
    return reproduce_meta(m, controls, fixed, cli, code)


def _empty_note() -> alt.Chart:
    """A panel's message when the period sliders are crossed (drawn only then)."""
    return (
        alt.Chart(alt.Data(values=[{"note": EMPTY_NOTE}]))
        .transform_filter(EMPTY)
        .mark_text(align="left", baseline="top", fontSize=FONT_SIZE)
        .encode(x=alt.value(8), y=alt.value(8), text="note:N")
    )


def _check_panels(data: alt.Data, net: str, in_period: str) -> list[Panel]:
    """The check's three panels over the chosen window (each says so when it is empty):
    the model's net per year, the two proxies, what was observed."""
    # crossed sliders give the axis its span the right way round (its labels are hidden)
    x = _xscale({"expr": f"[min({START}, {END}) - 0.5, max({START}, {END}) + 0.5]"})
    xaxis = alt.X("year:Q", scale=x, axis=CHECK_YEAR_AXIS)
    base = alt.Chart(data).transform_filter(in_period)
    zero = (
        alt.Chart(alt.Data(values=[{"y": 0}]))
        .transform_filter(f"!({EMPTY})")
        .mark_rule(color=NEUTRAL)
        .encode(y="y:Q")
    )
    size = {"width": WIDTH, "height": PANEL_HEIGHT + 20}
    return [
        alt.layer(_net_bars(base, net, x), zero, _empty_note()).properties(**size),
        alt.layer(_proxy_lines(base, xaxis), _empty_note()).properties(**size),
        alt.layer(_observed_lines(base, xaxis), _empty_note()).properties(**size),
    ]


# --------------------------------------------------------------------------- browser statistics


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
        for t in MOMENTS:
            specs[f"m{t}_{col}"] = ("mean", f"{t}_{col}")
    return {name: f"{op}({field})" for name, (op, field) in specs.items()}


def _statistics() -> dict[str, str]:
    """Least-squares slope and Pearson r from the means (the formulas evidence._fit uses)."""
    out = {}
    for col in OBSERVED:
        m = {t: f"datum.m{t}_{col}" for t in MOMENTS}
        out[f"slope_{col}"] = (
            f"({m['xy']} - {m['x']} * {m['y']}) / ({m['xx']} - {m['x']} * {m['x']})"
        )
        den = f"(({m['nn']} - {m['n']} * {m['n']}) * ({m['yy']} - {m['y']} * {m['y']}))"
        out[f"r_{col}"] = f"{den} > 0 ? ({m['ny']} - {m['n']} * {m['y']}) / sqrt({den}) : NaN"
    return out


# --------------------------------------------------------------------------- the record from 1965

#: A coded period's band: the literature's coding, mixed periods in grey.
CODING_SCALE = alt.Scale(
    domain=["cooperation", "friction", "mixed"], range=[COOPERATION, FRICTION, NEUTRAL]
)
#: Line styles of the structures the figure compares (solid first, then dashed).
STRUCTURE_DASHES = [[1, 0], [6, 3], [2, 2]]


def _period_bands(x: alt.Scale) -> alt.Chart:
    """The coded periods as bands behind the nets, coloured by the literature's coding."""
    per = periods.periods().assign(end=lambda d: d["period_end"] + 1)
    per["years"] = [
        f"{a}{DASH}{b}" for a, b in zip(per["period_start"], per["period_end"], strict=True)
    ]
    return (
        alt.Chart(alt.Data(values=_records(per)))
        .mark_rect(opacity=0.18)
        .encode(
            x=alt.X("period_start:Q", scale=x, axis=YEAR_AXIS),
            x2="end:Q",
            color=alt.Color("coding:N", scale=CODING_SCALE, title="The literature codes"),
            tooltip=[
                alt.Tooltip("label:N", title="Period"),
                alt.Tooltip("years:N", title="Years"),
                alt.Tooltip("coding:N", title="Coded"),
                alt.Tooltip("sources:N", title="Sources"),
            ],
        )
    )


def _structure_nets(nets: pd.DataFrame, x: alt.Scale) -> alt.Chart:
    """Each structure's predicted net per year, one line style per structure."""
    names = list(dict.fromkeys(nets["structure"]))
    dashes = alt.Scale(domain=names, range=STRUCTURE_DASHES[: len(names)])
    return (
        alt.Chart(alt.Data(values=_records(nets)))
        .transform_calculate(**YEARS)
        .mark_line(color=BLACK, strokeWidth=1.8)
        .encode(
            x=alt.X("mid:Q", scale=x, axis=YEAR_AXIS),
            y=alt.Y("net:Q", title=["Predicted net", "(> 0 cooperation)"]),
            strokeDash=alt.StrokeDash("structure:N", scale=dashes, title="Structure"),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("structure:N", title="Structure"),
                alt.Tooltip("net:Q", format="+.2f", title="Predicted net"),
            ],
        )
    )


def _threat_join_rows() -> pd.DataFrame:
    """The two threat series on the model's scale: the rescaled Cold War composite (1965 to
    the last CoW year) and the missile-test proxy (from 1984); the model reads the first to
    1983 and the second from 1984 (:func:`series.threat_since_1965`)."""
    since = series.threat_since_1965()
    cold = since[since["segment"] == "cow_nmc"][["year", "value"]]
    overlap = series.threat_overlap()
    composite = pd.concat([cold, overlap.rename(columns={"composite": "value"})[["year", "value"]]])
    proxy = since[since["segment"] == "nk_missiles"][["year", "value"]]
    return pd.concat([
        composite.assign(series="Rival capabilities, rescaled"),
        proxy.assign(series="Missile tests"),
    ]).reset_index(drop=True)  # fmt: skip


def _input_lines(inputs: pd.DataFrame, x: alt.Scale) -> alt.Chart:
    """The record's inputs on the model's 0-1 scale: both threat series, engagement and the
    perceived-withdrawal signal."""
    rows = pd.concat([
        _threat_join_rows(),
        inputs[["year", "engagement"]].rename(columns={"engagement": "value"})
        .assign(series="US troops"),
        inputs[["year", "withdrawal_signal"]].rename(columns={"withdrawal_signal": "value"})
        .assign(series="Withdrawal signals"),
    ])  # fmt: skip
    names = list(dict.fromkeys(rows["series"]))
    colours = alt.Scale(domain=names, range=[GREY, BLACK, PURPLE, GREEN])
    return (
        alt.Chart(alt.Data(values=_records(rows)))
        .transform_calculate(**YEARS)
        .mark_line(strokeWidth=1.6)
        .encode(
            x=alt.X("mid:Q", scale=x, axis=YEAR_AXIS),
            y=alt.Y("value:Q", title=["Input", "(model scale)"]),
            color=alt.Color("series:N", scale=colours, title="Input", sort=names),
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("value:Q", format=".2f", title="Value"),
            ],
        )
    )


def periods_description(structures: Sequence[str]) -> str:
    """The figure's text alternative, naming the structures it compares."""
    return (
        "Two panels over 1965-2024. Top: bands for the literature's coded periods "
        "(blue cooperation, vermillion friction, grey mixed), with one line per model "
        f"structure ({', '.join(structures)}) giving its predicted net outcome each year "
        "from the record's inputs; above zero predicts cooperation. Bottom: the inputs on "
        "0-1 scale: the Cold War threat composite of rival capabilities rescaled to the "
        "missile-test proxy (the model uses it to 1983; after that it is drawn only to show "
        "the join, and falls below 0 in the 1990s), North Korean missile tests from 1984, US "
        "troops in Japan and Korea as engagement, and the perceived-withdrawal series built "
        "from dated US signals."
    )


def periods_chart(
    structures: Sequence[Mapping[str, str]] = ({}, {"commitment": "signal"}),
    model: Model | None = None,
) -> alt.VConcatChart:
    """The model's yearly net under each of `structures` over the literature's coded
    periods, 1965-2024, above the inputs the record gives it.

    Defined for: chapter 'Checking the pathways against the record'.

    A static figure: the nets are :func:`variantcheck.yearly_nets` (computed in Python at
    the spec's defaults; nothing for a reader to set, so no control), the bands
    :func:`periods.periods`, the inputs :func:`periodcheck.yearly_inputs` and both threat
    series with their overlap, so the join is visible. The zero rule is decorative.
    """
    m = model or default_model()
    inputs = yearly_inputs()
    nets = yearly_nets(structures, inputs, model=m)
    first, last = int(inputs["year"].min()), int(inputs["year"].max()) + 1
    x = _xscale([first, last])
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color=NEUTRAL, aria=False)
    top = alt.layer(_period_bands(x), zero.encode(y="y:Q"), _structure_nets(nets, x))
    names = list(dict.fromkeys(nets["structure"]))
    figure = style(
        alt.vconcat(
            top.properties(width=WIDTH, height=PANEL_HEIGHT + 60),
            _input_lines(inputs, x).properties(width=WIDTH, height=PANEL_HEIGHT + 30),
            spacing=10,
        )
        .resolve_scale(color="independent")
        .resolve_legend(color="independent")
        .properties(
            title=[f"The record from {first}:", "coded periods, predicted nets and inputs"],
            description=periods_description(names),
        ),
        legend=LEGEND,
    )
    columns = ["Period", "Years", "Coded", *(f"Mean predicted net, {n}" for n in names)]
    rows = periods_table(periods.periods(), nets)
    return declare(figure, "periods", PERIODS_CAPTION, extra=rows, verdict=False, columns=columns)


PERIODS_CAPTION = (
    "Each coded period: its years, the literature's coding, and the mean over its years of "
    "each structure's predicted net as drawn (above 0 predicts cooperation)."
)


def periods_table(per: pd.DataFrame, nets: pd.DataFrame) -> list[dict]:
    """One row per coded period of `per`: its label, years and coding, then the mean of each
    structure's yearly net in `nets` over the period's years (in the order `nets` lists them)."""
    names = list(dict.fromkeys(nets["structure"]))
    fmt = numbers.spec("margin")
    rows = []
    for p in per.itertuples():
        span = nets[nets["year"].between(p.period_start, p.period_end)]
        means = span.groupby("structure", sort=False)["net"].mean()
        years = f"{p.period_start}{DASH}{p.period_end}"
        cells = [value_cell(means.get(n), fmt) for n in names]
        rows.append({"cells": [str(p.label), years, str(p.coding), *cells]})
    return rows


__all__ = ["check_chart", "periods_chart", "record_chart"]
