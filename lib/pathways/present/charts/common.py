"""What every chart shares: colours, type sizes, the verdict quantities, sliders and setup.

Why: the charts of one book must look alike and speak one colour language: blue always
means cooperation and vermillion friction (Okabe-Ito); the two policy options of the
conclusion are a different pair (dark wine for an exclusive bloc, khaki for inclusive ties)
that reuses neither hue and stays apart from both for readers with protanopia,
deuteranopia or tritanopia (tests/test_colours.py measures it with colour_vision). Data
series that carry no direction or option (the record's) use SERIES. Every chart's text is
at least FONT_SIZE px and never truncated: `style` sets that once for every figure.

Defined for: every chapter's chart (and the evidence chapter's, through the record).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import altair as alt

from ...model.compile import Model, default_model, with_variants
from ...model.names import lookup
from ...model.variants import check_dims
from ..vega import Ref, param_ref

COOPERATION = "#0072B2"
FRICTION = "#D55E00"
#: The conclusion's two options: never blue or vermillion, so no option reads as a direction.
EXCLUSIVE = "#882255"
INCLUSIVE = "#AFA06E"
NEUTRAL = "#999999"
#: The middle of a diverging map (a value near zero) and the ink of plain text and rules.
MIDDLE = "#F7F7F7"
BLACK = "#000000"
WHITE = "#FFFFFF"
#: Colours of the record's data series (no direction, no option): black, pink, green, grey.
SERIES = ("#000000", "#CC79A7", "#009E73", "#555555")
#: Every colour a chart may use; tests walk each chart spec and refuse any other.
PALETTE = frozenset(
    {COOPERATION, FRICTION, EXCLUSIVE, INCLUSIVE, NEUTRAL, MIDDLE, BLACK, WHITE, *SERIES}
)
#: The pairs a reader must tell apart (tests/test_colours.py: ΔE under every vision).
MUST_DIFFER = (
    (COOPERATION, FRICTION),
    (EXCLUSIVE, INCLUSIVE),
    *((a, b) for a in (EXCLUSIVE, INCLUSIVE) for b in (COOPERATION, FRICTION)),
)
WIDTH = 480
#: The framework diagram's chains on a desktop: six boxes a row, each wide enough for a
#: concept's longest word at FONT_SIZE ("disengagement", 82 px in Chromium's sans-serif).
DIAGRAM_WIDTH = 580
#: The smallest type on any chart (axis, legend, mark text), and the titles' size.
FONT_SIZE = 12
TITLE_SIZE = 14
#: A figure's title is broken into lines of at most this many characters, so that it fits
#: a phone's column (Vega draws a title on one line and never wraps it).
TITLE_WRAP = 40
#: Characters per line of a chart's long text inside the drawing (an axis title, a panel's
#: words): a line this short fits the plot left beside a pathway chart's labels at 320 px.
LINE_CHARS = 24
DIRECTION_SCALE = alt.Scale(domain=["cooperation", "friction"], range=[COOPERATION, FRICTION])
#: The quantities a tipping map can show (not us_share); their labels are the spec's.
QUANTITIES = ("net", "policy", "marginal")
#: What a figure stacks: a chart, or layers of charts (Altair's `layer` may give either kind).
Panel = alt.Chart | alt.LayerChart | alt.FacetChart


def policy_scale(model: Model) -> alt.Scale:
    """The two options' colours, keyed by the spec's short labels (exclusive, inclusive)."""
    pol = model.spec.policies
    return alt.Scale(
        domain=[pol["exclusive"].short, pol["inclusive"].short], range=[EXCLUSIVE, INCLUSIVE]
    )


def model_or_default(model: Model | None) -> Model:
    """The chart's model: the one given, else the packaged spec's."""
    return model or default_model()


def sliders(model: Model, controls: Sequence[str]) -> list[alt.Parameter]:
    """One Vega-Lite param per control, bound to a labelled range input from the spec."""
    params = []
    for name in controls:
        a = lookup("control", name, model.spec.assumptions)
        params.append(
            alt.param(
                name=name,
                value=a.default,
                bind=alt.binding_range(min=a.min, max=a.max, step=a.step, name=f"{a.label} "),
            )
        )
    return params


def menus(model: Model, variants: Sequence[str]) -> list[alt.Parameter]:
    """One Vega-Lite param per structural variant (named as the trees read it,
    `variant_<dimension>`), bound to a menu of its options labelled from the spec, starting
    at the model's own option."""
    params = []
    for name in check_dims(model.spec, variants):
        v = model.spec.variants[name]
        params.append(
            alt.param(
                name=v.var,
                value=model.variants.get(name, v.default),
                bind=alt.binding_select(
                    options=list(v.options),
                    labels=[o.label for o in v.options.values()],
                    name=f"{v.label} ",
                ),
            )
        )
    return params


def variant_ref(model: Model, base: Ref) -> Ref:
    """`base`, except that a free dimension's variable is read from its menu's param."""
    free = {model.spec.variants[d].var for d in model.free}
    return lambda name: name if name in free else base(name)


def menu_words(model: Model) -> str:
    """The text alternative's words for a chart's variant menus ("" without menus)."""
    if not model.free:
        return ""
    labels = [model.spec.variants[d].label for d in model.free]
    return f"Menus switch the model's form: {', '.join(labels)}. "


def setup(
    model: Model | None,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None,
    variants: Sequence[str] = (),
) -> tuple[Model, Ref, list[alt.Parameter]]:
    """The model, how its trees read each assumption, and the sliders (then the menus).

    `param_ref` checks `controls` and `fixed` (:func:`pathways.present.controls.check_controls`);
    a chart that sets some assumptions itself (a map's axes) runs that check first with
    them as `reserved`. The dimensions in `variants` are left free in the trees and read
    from one menu each; without them the model and its trees are the given ones.
    """
    base = model_or_default(model)
    m = with_variants(base, free=variants)
    ref = variant_ref(m, param_ref(m, controls, fixed))
    return m, ref, [*sliders(m, controls), *menus(base, m.free)]


#: Where legends go: below the plot, in a row, so that a narrow column keeps the plot wide.
LEGEND_BELOW: dict[str, Any] = {"orient": "bottom", "direction": "horizontal"}
#: What a chart's top level may be: what `style` configures.
Figure = TypeVar("Figure", alt.Chart, alt.LayerChart, alt.VConcatChart, alt.HConcatChart)


def style(chart: Figure, legend: Mapping[str, Any] | None = None) -> Figure:
    """`chart` with the book's type: every axis, legend and title at least FONT_SIZE px,
    labels never truncated (limit 0: none), legends placed as `legend` says (its `orient`,
    `direction`, `titleOrient`; default LEGEND_BELOW).

    Applied once to every figure's top level (Vega-Lite allows config only there); marks
    that draw text set their own size from FONT_SIZE.
    """
    size, none = FONT_SIZE, 0
    where = {**LEGEND_BELOW, **(legend or {})}
    return (
        chart.configure_axis(
            labelFontSize=size, titleFontSize=size, labelLimit=none, titleLimit=none
        )
        .configure_legend(
            labelFontSize=size,
            titleFontSize=size,
            labelLimit=none,
            titleLimit=none,
            orient=where["orient"],
            direction=where["direction"],
            titleOrient=where.get("titleOrient", alt.Undefined),
        )
        .configure_title(fontSize=TITLE_SIZE, subtitleFontSize=size, limit=none)
        .configure_text(fontSize=FONT_SIZE)
    )


def heading(text: str) -> list[str]:
    """A figure's title as lines of at most TITLE_WRAP characters (a title never wraps)."""
    return textwrap.wrap(text, TITLE_WRAP, break_long_words=False) or [text]


def text_lines(text: str) -> list[str]:
    """`text` broken at spaces into lines of at most LINE_CHARS characters: the one rule for
    every long axis title and panel text (Vega never wraps text, and a long line keeps the
    drawing wider than a phone's column; a short `text` stays one line)."""
    return textwrap.wrap(text, LINE_CHARS, break_long_words=False) or [text]


def long_title(text: str, **axis: Any) -> dict[str, Any]:
    """A position channel's `title` and `axis` (with `axis`'s other properties) for a long
    title: drawn on the axis as `text_lines`, while the channel keeps `text` as one line,
    which the marks' spoken descriptions and tooltips read (Vega-Lite joins lines with ", ")."""
    return {"title": text, "axis": alt.Axis(title=text_lines(text), **axis)}


def wrapped_labels(labels: Sequence[str], width: int = LINE_CHARS) -> str:
    """A Vega `labelExpr` that breaks each of `labels` into lines of at most `width`
    characters (an axis label drawn as several lines instead of being truncated)."""
    lines = {label: textwrap.wrap(label, width) or [label] for label in labels}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.label] || datum.label"


def vconcat(*charts: Panel) -> alt.VConcatChart:
    """Stack a figure's panels, styled (`style`): legends below, so figures fit the column."""
    return style(alt.vconcat(*charts))


def pathway_rows(model: Model) -> list[dict]:
    """One data row per pathway (branch), in the spec's order, with what charts label."""
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
