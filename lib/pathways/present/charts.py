"""Altair charts whose sliders, labels, ranges and defaults all come from the spec.

Why: on the website the reader's controls are Vega-Lite params bound to HTML inputs; the
numbers behind every mark are `transform_calculate` expressions printed from the model's
trees (vega), so the browser recomputes exactly what the library computes.

Conventions every chart keeps, so browser tests can read them:
* pathway rows carry `id`; computed fields are `contribution`, `marginal`, `exclusive`,
  `inclusive`, `net`, `verdict` (the exact sentence the library's `to_text` gives);
* colours are Okabe-Ito (colour-blind safe): blue = cooperation, vermillion = friction;
* every chart has a title and a `description` (its text alternative).

Defined for: every chapter (explorer); 'The framework' (framework_diagram); 'Synthesis'
(marginal_chart, tipping_map, monte_carlo_chart, sensitivity_chart); 'Conclusion'
(policy_chart, tipping_map with quantity='policy').
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np

from ..model import verdict as verdicts
from ..model.compile import QUANTITIES as MODEL_QUANTITIES
from ..model.compile import Model, default_model
from ..model.evaluate import check_assumptions
from ..model.expr import Node, js_string, to_text, to_vega
from ..model.montecarlo import Sample
from ..model.thresholds import tipping_grid
from .vega import Ref, by_id, param_ref

COOPERATION = "#0072B2"
FRICTION = "#D55E00"
NEUTRAL = "#999999"
WIDTH = 480
DIAGRAM_WIDTH = 520
DIRECTION_SCALE = alt.Scale(domain=["cooperation", "friction"], range=[COOPERATION, FRICTION])
# Verdict sentences are one line in Python; on a chart they break after each clause
# ("; ", ", so ", ", and ") so that no line runs past the chart's width.
WRAP_AT = "(; |, so |, and )"
WRAP = f"split(replace(datum.verdict, /{WRAP_AT}/g, '$1\\n'), '\\n')"
LINE_HEIGHT = 18
# The quantities a tipping map shows (not us_share), labelled from the model's one list.
QUANTITIES = {name: MODEL_QUANTITIES[name] for name in ("net", "policy", "marginal")}


def _model(model: Model | None) -> Model:
    return model or default_model()


def sliders(model: Model, controls: Sequence[str]) -> list[alt.Parameter]:
    """One Vega-Lite param per control, bound to a labelled range input from the spec."""
    allowed = model.spec.assumptions
    params = []
    for name in controls:
        if name not in allowed:
            raise ValueError(f"unknown control {name!r}; allowed: {', '.join(allowed)}")
        a = allowed[name]
        params.append(
            alt.param(
                name=name,
                value=a.default,
                bind=alt.binding_range(min=a.min, max=a.max, step=a.step, name=f"{a.label} "),
            )
        )
    return params


def _setup(
    model: Model | None, controls: Sequence[str], fixed: Mapping[str, float] | None
) -> tuple[Model, Ref, list[alt.Parameter]]:
    m = _model(model)
    if len(set(controls)) != len(controls):
        raise ValueError(f"controls repeat a name: {list(controls)}")
    fixed_checked = {
        k: v for k, v in check_assumptions(m.spec, fixed or {}).items() if k in (fixed or {})
    }
    overlap = set(controls) & set(fixed_checked)
    if overlap:
        raise ValueError(f"{sorted(overlap)} cannot be both a control and fixed")
    return m, param_ref(m, controls, fixed_checked), sliders(m, controls)


def _vconcat(*charts: alt.Chart | alt.LayerChart | alt.FacetChart) -> alt.VConcatChart:
    """Stack a figure's panels; legends go below so figures fit the text column."""
    return alt.vconcat(*charts).configure_legend(orient="bottom", direction="horizontal")


def _pathway_rows(model: Model) -> list[dict]:
    return [
        {
            "id": p.id,
            "group": p.group,
            "short": p.short,
            "label": p.label,
            "order": i,
            "us_dependent": p.us_dependent,
            "driver_kind": p.driver_kind,
        }
        for i, p in enumerate(model.spec.pathways)
    ]


def _pathway_bars(
    m: Model, field: str, expr: str, x_title: str, legend: str, focus: str | None = None
) -> alt.Chart:
    """One bar per pathway of a browser-computed `field`, coloured by the way it pushes.

    With `focus` (a Vega test on the row), the other pathways' bars are faded.
    """
    calc = {"direction": f"datum.{field} >= 0 ? 'cooperation' : 'friction'"}
    encoding: dict = {}
    if focus is not None:
        calc["focus"] = focus
        encoding["opacity"] = alt.condition("datum.focus", alt.value(1.0), alt.value(0.3))
    return (
        alt.Chart(alt.Data(values=_pathway_rows(m)))
        .transform_calculate(**{field: expr})
        .transform_calculate(**calc)
        .mark_bar()
        .encode(
            y=alt.Y("short:N", sort=alt.SortField("order"), title=None),
            x=alt.X(f"{field}:Q", title=x_title, scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title=legend),
            tooltip=[
                alt.Tooltip("label:N", title="Pathway"),
                alt.Tooltip(f"{field}:Q", format="+.3f"),
            ],
            **encoding,
        )  # fmt: skip
        .properties(width=WIDTH, height=220)
    )


def _sentence(tree: Node, ref: Ref, width: int = WIDTH) -> alt.Chart:
    """The verdict line: the exact library sentence, broken after each clause for display.

    The panel is as tall as the sentence at the spec's defaults needs (other scenarios take
    other branches of the same clauses, so the same number of lines).
    """
    lines = len(re.findall(WRAP_AT, to_text(tree, default_model().spec.defaults()))) + 1
    return (
        alt.Chart(alt.Data(values=[{"row": "verdict"}]))
        .transform_calculate(verdict=to_vega(tree, ref))
        .transform_calculate(display=WRAP)
        .mark_text(align="left", baseline="top", fontSize=13, lineHeight=LINE_HEIGHT)
        .encode(x=alt.value(0), y=alt.value(4), text="display:N")
        .properties(width=width, height=LINE_HEIGHT * lines + 8, view=alt.ViewConfig(stroke=None))
    )


def explorer(
    controls: Sequence[str],
    group: int | None = None,
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    title: str | None = None,
) -> alt.VConcatChart:
    """Bars of every pathway's contribution, live sliders, and the verdict line.

    With `group`, that pathway's bars are emphasised and the verdict is the chapter's.
    """
    m, ref, params = _setup(model, controls, fixed)
    focus = "true" if group is None else f"datum.group === {int(group)}"
    bars = _pathway_bars(
        m, "contribution", by_id(m.contributions, ref),
        "Contribution (+ cooperation, − friction)", "Pushes toward", focus=focus,
    )  # fmt: skip
    sentence = verdicts.overall(m) if group is None else verdicts.for_group(m, group)
    what = "all pathways" if group is None else f"pathway {group} (highlighted)"
    return (
        _vconcat(bars, _sentence(sentence, ref))
        .add_params(*params)
        .properties(
            title=title or "How each pathway pushes Korea-Japan relations",
            description=(
                f"Bar chart of each causal pathway's contribution to Korea-Japan relations, "
                f"positive toward cooperation and negative toward friction, for {what}; "
                f"sliders: {', '.join(m.spec.assumptions[c].label for c in controls)}. "
                "The sentence below the bars states the verdict."
            ),
        )
    )


def marginal_chart(
    controls: Sequence[str], fixed: Mapping[str, float] | None = None, model: Model | None = None
) -> alt.VConcatChart:
    """The ambivalence: the effect of more US engagement, split by pathway."""
    m, ref, params = _setup(model, controls, fixed)
    bars = _pathway_bars(
        m, "marginal", by_id(m.marginal, ref),
        "Change in contribution per unit of US engagement", "More engagement pushes",
    )  # fmt: skip
    return (
        _vconcat(bars, _sentence(verdicts.overall(m), ref))
        .add_params(*params)
        .properties(
            title="Which pathways more US engagement strengthens, and which way they pull",
            description=(
                "Bar chart of the marginal effect of US engagement on each pathway's contribution: "
                "bars to the right mean more engagement helps cooperation through that pathway, "
                "bars to the left mean it adds friction. The sentence below gives the total."
            ),
        )
    )


def policy_chart(
    controls: Sequence[str], fixed: Mapping[str, float] | None = None, model: Model | None = None
) -> alt.VConcatChart:
    """The conclusion computed: each pathway under exclusive and under inclusive ties."""
    m, ref, params = _setup(model, controls, fixed)
    rows = [
        {**r, "policy": name, "policy_label": m.spec.policies[name].short}
        for r in _pathway_rows(m)
        for name in ("exclusive", "inclusive")
    ]
    excl = by_id(m.policy_contributions["exclusive"], ref)
    incl = by_id(m.policy_contributions["inclusive"], ref)
    bars = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(
            contribution=f"datum.policy === 'exclusive' ? {excl} : {incl}",
        )
        .mark_bar()
        .encode(
            y=alt.Y("short:N", sort=alt.SortField("order"), title=None),
            yOffset=alt.YOffset("policy_label:N"),
            x=alt.X(
                "contribution:Q",
                title="Contribution under each option",
                scale=alt.Scale(domain=[-1, 1]),
            ),
            color=alt.Color(
                "policy_label:N", title="Option", scale=alt.Scale(range=["#E69F00", "#009E73"])
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Pathway"),
                alt.Tooltip("policy_label:N", title="Option"),
                alt.Tooltip("contribution:Q", format="+.3f"),
            ],
        )  # fmt: skip
        .properties(width=WIDTH, height=300)
    )
    clause = verdicts.policy_comparison(m)
    return (
        _vconcat(bars, _sentence(clause, ref))
        .add_params(*params)
        .properties(
            title="Exclusive bloc or inclusive ties: each pathway under both options",
            description=(
                "Grouped bar chart of each pathway's contribution under exclusive US-Japan-Korea "
                "security ties and under inclusive regional ties; the sentence below says which "
                "option comes out ahead under the chosen assumptions and by how much."
            ),
        )
    )


def _axis_ref(m: Model, base: Ref, names: Sequence[str]) -> Ref:
    """Read the two map axes from the grid row when they are the selected assumptions."""

    def ref(name: str) -> str:
        a = m.spec.assumptions[name]
        if name not in names:
            return base(name)
        span = repr(float(a.max - a.min))
        lo = repr(float(a.min))
        return (
            f"(xaxis === '{name}' ? ({lo} + datum.u * {span}) : "
            f"(yaxis === '{name}' ? ({lo} + datum.v * {span}) : {base(name)}))"
        )

    return ref


def tipping_map(
    axes: Sequence[str],
    x: str,
    y: str,
    quantity: str = "net",
    controls: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    resolution: int = 31,
) -> alt.VConcatChart:
    """Where the verdict flips over two assumptions the reader picks from `axes`.

    Each cell is a scenario: the chosen assumptions vary across their ranges (0 = bottom,
    1 = top of the range in the spec), the others stay at the sliders or defaults.
    """
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity {quantity!r}; allowed: {', '.join(QUANTITIES)}")
    m, base, params = _setup(model, controls, fixed)
    allowed = m.spec.assumptions
    for name in (*axes, x, y):
        if name not in allowed:
            raise ValueError(f"unknown axis {name!r}; allowed: {', '.join(allowed)}")
    if x not in axes or y not in axes or x == y:
        raise ValueError(f"x={x!r} and y={y!r} must be two different names from axes {list(axes)}")
    clash = set(axes) & set(controls)
    if clash:
        raise ValueError(f"{sorted(clash)} cannot be both a map axis and a slider")
    ref = _axis_ref(m, base, axes)
    tree = {"net": m.net, "policy": m.policy_margin, "marginal": m.marginal_total}[quantity]
    labels = [allowed[a].label for a in axes]
    axis_params = [
        alt.param(name="xaxis", value=x,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Horizontal axis ")),
        alt.param(name="yaxis", value=y,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Vertical axis ")),
    ]  # fmt: skip
    us, vs = tipping_grid(resolution)
    grid = [{"u": float(u), "v": float(v)} for u, v in zip(us, vs, strict=True)]
    cell = 1.0 / (resolution - 1)
    heat = (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=f"xaxis === yaxis ? NaN : {to_vega(tree, ref)}")
        .transform_filter("isFinite(datum.value)")  # same assumption on both axes: draw nothing
        .transform_calculate(u2=f"datum.u + {cell!r}", v2=f"datum.v + {cell!r}")
        .mark_rect()
        .encode(
            x=alt.X(
                "u:Q",
                title="Horizontal assumption: bottom (0) to top (1) of its range",
                scale=alt.Scale(domain=[0, 1 + cell]),
            ),
            x2="u2:Q",
            y=alt.Y(
                "v:Q",
                title="Vertical assumption: bottom (0) to top (1) of its range",
                scale=alt.Scale(domain=[0, 1 + cell]),
            ),
            y2="v2:Q",
            color=alt.Color(
                "value:Q",
                title=QUANTITIES[quantity].split(" (")[0],
                scale=alt.Scale(scheme="blueorange", reverse=True, domainMid=0),
            ),
            tooltip=[
                alt.Tooltip("u:Q", format=".2f"),
                alt.Tooltip("v:Q", format=".2f"),
                alt.Tooltip("value:Q", format="+.3f"),
            ],
        )  # fmt: skip
        .properties(width=360, height=360)
    )

    def label_of(param: str) -> str:
        expr = "''"
        for a in reversed(axes):
            expr = f"({param} === '{a}' ? {js_string(allowed[a].label)} : {expr})"
        return expr

    positive = {"net": "relations lean toward cooperation", "policy": "inclusive ties come out ahead",
                "marginal": "more US engagement helps"}[quantity]  # fmt: skip
    summary = (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=to_vega(tree, ref))
        .transform_calculate(positive="datum.value > 0 ? 1 : 0")
        .transform_aggregate(share="mean(positive)")
        .transform_calculate(
            verdict=(
                "xaxis === yaxis ? 'Pick two different assumptions for the two axes.' : "
                f"'Horizontal: ' + {label_of('xaxis')} + '; vertical: ' + {label_of('yaxis')} + "
                f"'. ' + (datum.share === 1 ? 'Everywhere on this map {positive}.' : "
                f"datum.share === 0 ? 'Nowhere on this map {positive}.' : "
                f"'In ' + format(datum.share, '.0%') + ' of this map {positive}; "
                f"in the rest the verdict flips.')"
            ),
        )
        .transform_calculate(display=WRAP)
        .mark_text(align="left", baseline="top", fontSize=13, lineHeight=18)
        .encode(x=alt.value(0), y=alt.value(4), text="display:N")
        .properties(width=WIDTH, height=60, view=alt.ViewConfig(stroke=None))
    )
    return (
        _vconcat(heat, summary)
        .add_params(*axis_params, *params)
        .properties(
            title=f"Tipping map: {QUANTITIES[quantity].split(' (')[0].lower()} over two assumptions",
            description=(
                f"Heat map of the {QUANTITIES[quantity].lower()} over a grid of two assumptions the "
                "reader picks with the two menus; blue cells are positive, orange negative, and "
                "the boundary between them is where the verdict flips. The sentence below gives "
                "the share of the map on the positive side."
            ),
        )
    )


def framework_diagram(
    controls: Sequence[str] = ("engagement",), model: Model | None = None
) -> alt.VConcatChart:
    """All pathways drawn from the spec: one row per chain, coloured by direction.

    The menu highlights pathways by direction or by driver; the contribution at the end of
    each row and the sentence below are recomputed from the sliders.
    """
    m, ref, params = _setup(model, controls, None)
    nodes, edges = [], []
    for row, p in enumerate(m.spec.pathways):
        chain = [p.links[0].source_node] + [lk.target_node for lk in p.links]
        base: dict[str, Any] = {"id": p.id, "row": row, "sign": p.sign, "driver_kind": p.driver_kind,
                "name": f"{p.id if p.group else '—'}  {p.short}"}  # fmt: skip
        for i, node in enumerate(chain):
            nodes.append({**base, "pos": i, "text": textwrap.wrap(node, 15)})
        for i in range(len(chain) - 1):
            edges.append({**base, "pos": i, "pos2": i + 1})
    options = ["all pathways", "toward cooperation", "toward friction", "driver: threat",
               "driver: engagement", "driver: disengagement", "driver: history"]  # fmt: skip
    highlight = alt.param(
        name="highlight",
        value="all pathways",
        bind=alt.binding_select(options=options, name="Highlight "),
    )
    lit = (
        "highlight === 'all pathways' || "
        "(highlight === 'toward cooperation' && datum.sign > 0) || "
        "(highlight === 'toward friction' && datum.sign < 0) || "
        "(indexof(highlight, 'driver: ') === 0 && substring(highlight, 8) === datum.driver_kind)"
    )
    direction = "datum.sign > 0 ? 'cooperation' : 'friction'"
    ypos = alt.Y("row:O", axis=None)
    edge = (
        alt.Chart(alt.Data(values=edges))
        .transform_calculate(lit=lit, direction=direction)
        .mark_rule(strokeWidth=3)
        .encode(
            x=alt.X("pos:Q", axis=None, scale=alt.Scale(domain=[-0.5, 5.5])),
            x2="pos2:Q",
            y=ypos,
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            opacity=alt.condition("datum.lit", alt.value(0.9), alt.value(0.12)),
        )
    )

    def node_text(lines: int, dy: float) -> alt.Chart:
        # Vega places a multi-line label's first line at the row's middle: labels of
        # `lines` lines are lifted by `dy` so that each sits centred in its box.
        return (
            alt.Chart(alt.Data(values=[n for n in nodes if len(n["text"]) == lines]))
            .transform_calculate(lit=lit, direction=direction)
            .mark_text(fontSize=9, lineHeight=10, baseline="middle", dy=dy)
            .encode(
                x=alt.X("pos:Q", axis=None, scale=alt.Scale(domain=[-0.5, 5.5])),
                y=ypos,
                text="text:N",
                opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.25)),
            )
        )

    line_counts = sorted({len(n["text"]) for n in nodes})
    node_labels = [node_text(k, -5.0 * (k - 1)) for k in line_counts]
    boxes = (
        alt.Chart(alt.Data(values=nodes))
        .transform_calculate(
            lit=lit, direction=direction, x1="datum.pos - 0.42", x2="datum.pos + 0.42"
        )
        .mark_rect(fill="white", strokeWidth=2, cornerRadius=6, height=44)
        .encode(
            x=alt.X("x1:Q", axis=None, scale=alt.Scale(domain=[-0.5, 5.5])),
            x2="x2:Q",
            y=ypos,
            stroke=alt.Stroke("direction:N", scale=DIRECTION_SCALE, legend=None),
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.25)),
        )
    )
    rows = [
        {**r, "row": i, "sign": p.sign}
        for i, (r, p) in enumerate(zip(_pathway_rows(m), m.spec.pathways, strict=True))
    ]
    value = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=by_id(m.contributions, ref), lit=lit, direction=direction)
        .transform_calculate(text="format(datum.contribution, '+.2f')")
        .mark_text(fontSize=12, fontWeight="bold", align="left")
        .encode(
            x=alt.value(DIAGRAM_WIDTH + 8),
            y=ypos,
            text="text:N",
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.3)),
        )
    )
    names = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(lit=lit)
        .mark_text(fontSize=11, align="right")
        .encode(
            x=alt.value(-8),
            y=ypos,
            text="short:N",
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.3)),
        )
    )
    diagram = alt.layer(edge, boxes, *node_labels, value, names).properties(
        width=DIAGRAM_WIDTH, height=52 * len(rows)
    )
    lit_rows = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=by_id(m.contributions, ref), lit=lit)
        .transform_filter("datum.lit")
        .transform_aggregate(total="sum(contribution)", count="count()")
        .transform_calculate(
            verdict=(
                "'The ' + datum.count + ' highlighted pathway' + (datum.count === 1 ? '' : 's') + "
                "' add up to ' + format(datum.total, '+.2f') + ', toward ' + "
                "(datum.total > 0 ? 'cooperation' : datum.total < 0 ? 'friction' : 'neither side') + '.'"
            )
        )
        .mark_text(align="left", baseline="top", fontSize=13)
        .encode(x=alt.value(0), y=alt.value(4), text="verdict:N")
        .properties(width=WIDTH, height=30, view=alt.ViewConfig(stroke=None))
    )
    return (
        _vconcat(diagram, lit_rows)
        .add_params(highlight, *params)
        .properties(
            title="The six pathways as causal chains (generated from the model spec)",
            description=(
                "Diagram of every causal pathway as a row of linked concepts, from its driver on "
                "the left to Korea-Japan relations on the right; blue chains push toward "
                "cooperation, orange toward friction. The number at the end of each row is that "
                "pathway's contribution; the menu highlights pathways by direction or driver and "
                "the sentence below adds up the highlighted ones."
            ),
        )
    )


def monte_carlo_chart(sample: Sample, bins: int = 40) -> alt.Chart:
    """Histogram of the net outcome across plausible worlds (binned in Python: small page)."""
    net = sample.draws["net"].to_numpy()
    counts, edges = np.histogram(net, bins=bins)
    rows = [
        {"start": float(a), "end": float(b), "share": float(c) / sample.n,
         "direction": "cooperation" if (a + b) / 2 >= 0 else "friction"}
        for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
    ]  # fmt: skip
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_rect()
        .encode(
            x=alt.X("start:Q", title="Net outcome (+ cooperation, − friction)"),
            x2="end:Q",
            y=alt.Y("share:Q", title="Share of plausible worlds", axis=alt.Axis(format="%")),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Relations lean toward"),
        )
        .properties(
            width=WIDTH,
            height=220,
            title=f"Net outcome across {sample.n:,} plausible worlds (seed {sample.seed})",
            description=(
                "Histogram of the net outcome when every assumption is drawn at random from "
                f"its plausible range; {sample.p_cooperation:.0%} of worlds lean toward "
                "cooperation."
            ),
        )
    )


def sensitivity_chart(sample: Sample, top: int = 12) -> alt.Chart:
    """Which assumptions most often flip the verdict (net direction) across their range."""
    rows = sample.sensitivity.head(top).to_dict(orient="records")
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=NEUTRAL)
        .encode(
            y=alt.Y(
                "label:N", sort=alt.SortField("flips_direction", order="descending"), title=None
            ),
            x=alt.X(
                "flips_direction:Q",
                title="Share of worlds where it flips the direction",
                axis=alt.Axis(format="%"),
            ),
            tooltip=[
                alt.Tooltip("label:N"),
                alt.Tooltip("flips_direction:Q", format=".1%"),
                alt.Tooltip("flips_policy:Q", format=".1%", title="flips the preferred option"),
            ],
        )  # fmt: skip
        .properties(
            width=WIDTH - 160,
            height=20 * len(rows),
            title="The assumptions that most often flip the verdict",
            description=(
                "Bar chart ranking assumptions by the share of plausible worlds in which moving "
                "that assumption from the bottom to the top of its range flips the direction of "
                "Korea-Japan relations."
            ),
        )
    )
