"""The tipping map: where a verdict flips over two assumptions the reader picks.

Why: one slider shows one flip point; the synthesis and the conclusion ask where the
verdict flips when two assumptions move together. Each cell of the map is a scenario the
browser computes from the model's tree; the sentence below is a tree too (printed for the
browser here, and for Python by :func:`share_sentence` with ``to_text``).

Defined for: 'Synthesis' (tipping_map); 'Conclusion' (tipping_map with quantity='policy').
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt

from ...model import verdict as verdicts
from ...model.compile import Model
from ...model.expr import Node, Var, js_string, to_vega
from ...model.names import check_names, lookup
from ...model.thresholds import MENUS, share_sentence, tipping_grid
from ..controls import check_controls
from ..scenario_meta import SCENARIO_ARG, Menu, call_code, command, reproduce_meta, with_reproduce
from ..scenario_start import read_start, started
from ..vega import Ref, datum_ref
from .common import (
    COOPERATION,
    EXCLUSIVE,
    FONT_SIZE,
    FRICTION,
    INCLUSIVE,
    MIDDLE,
    QUANTITIES,
    WIDTH,
    Panel,
    heading,
    menu_words,
    model_or_default,
    setup,
    vconcat,
)
from .readout import declare, map_rows
from .sentence import verdict_panel


def _check_axes(
    m: Model,
    axes: Sequence[str],
    x: str,
    y: str,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None,
) -> None:
    """Axes are assumptions; x and y two of them; no axis is also a slider."""
    check_names("axis", (*axes, x, y), m.spec.assumptions)
    if x not in axes or y not in axes or x == y:
        raise ValueError(f"x={x!r} and y={y!r} must be two different names from axes {list(axes)}")
    check_controls(m, controls, fixed, axes, "cannot be both a map axis and a slider")


def axis_ref(m: Model, base: Ref, names: Sequence[str]) -> Ref:
    """Read the two map axes from the grid row when they are the selected assumptions."""

    def ref(name: str) -> str:
        if name not in names:
            return base(name)
        a = m.spec.assumptions[name]
        span = repr(float(a.max - a.min))
        lo = repr(float(a.min))
        return (
            f"(xaxis === '{name}' ? ({lo} + datum.u * {span}) : "
            f"(yaxis === '{name}' ? ({lo} + datum.v * {span}) : {base(name)}))"
        )

    return ref


def menu_ref(name: str) -> str:
    """How the map's sentence reads a name: the menus as params, the rest from its row."""
    return name if name in MENUS else f"datum.{name}"


def _axis_menus(m: Model, axes: Sequence[str], x: str, y: str) -> list[alt.Parameter]:
    labels = [m.spec.assumptions[a].label for a in axes]
    return [
        alt.param(name="xaxis", value=x,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Horizontal axis ")),
        alt.param(name="yaxis", value=y,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Vertical axis ")),
    ]  # fmt: skip


def pick(menu: str, values: Mapping[str, str]) -> str:
    """Vega: the entry of `values` (Vega expressions) for the menu's chosen assumption."""
    expr = "NaN"
    for name, v in reversed(list(values.items())):
        expr = f"({menu} === {js_string(name)} ? {v} : {expr})"
    return expr


def _real_units(m: Model, axes: Sequence[str], cell: float) -> dict[str, str]:
    """Each cell in the chosen assumptions' own units: its centre (x, y: the value the
    cell computes) and its edges half a grid step either side (x1, x2, y1, y2)."""
    spec = m.spec.assumptions
    out = {}
    for menu, grid, at in (("xaxis", "u", "x"), ("yaxis", "v", "y")):
        lo = pick(menu, {a: repr(float(spec[a].min)) for a in axes})
        span = pick(menu, {a: repr(float(spec[a].max - spec[a].min)) for a in axes})
        out[at] = f"{lo} + datum.{grid} * {span}"
        out[f"{at}1"] = f"{lo} + (datum.{grid} - {cell / 2!r}) * {span}"
        out[f"{at}2"] = f"{lo} + (datum.{grid} + {cell / 2!r}) * {span}"
    return out


def _axis_title(m: Model, axes: Sequence[str], menu: str) -> str:
    """Vega: the chosen assumption's label, for the axis title drawn as a text mark."""
    return pick(menu, {a: js_string(m.spec.assumptions[a].label) for a in axes})


def _titles(m: Model, axes: Sequence[str], cell: float) -> list[alt.Chart]:
    """The two axis titles, which follow the menus (Vega-Lite axis titles cannot): drawn at
    the middle of each axis, just outside it, on the map's own scales."""
    base = alt.Chart(alt.Data(values=[{"row": "titles"}])).transform_calculate(
        xtitle=_axis_title(m, axes, "xaxis"), ytitle=_axis_title(m, axes, "yaxis"),
        xmid=_edge(m, axes, "xaxis", 0.5), xlow=_edge(m, axes, "xaxis", -cell / 2),
        ymid=_edge(m, axes, "yaxis", 0.5), ylow=_edge(m, axes, "yaxis", -cell / 2),
    )  # fmt: skip
    x = base.mark_text(baseline="top", dy=24, fontSize=FONT_SIZE, fontWeight="bold").encode(
        x=alt.X("xmid:Q"), y=alt.Y("ylow:Q"), text="xtitle:N"
    )
    # rotated a quarter turn: the offset moves along the text's own "up", the screen's left
    y = base.mark_text(
        baseline="bottom", angle=270, dy=-32, fontSize=FONT_SIZE, fontWeight="bold"
    ).encode(x=alt.X("xlow:Q"), y=alt.Y("ymid:Q"), text="ytitle:N")
    return [x, y]


def _edge(m: Model, axes: Sequence[str], menu: str, at: float) -> str:
    """Vega: the chosen assumption's value at grid position `at` (0 bottom, 1 top)."""
    spec = m.spec.assumptions
    lo = pick(menu, {a: repr(float(spec[a].min)) for a in axes})
    span = pick(menu, {a: repr(float(spec[a].max - spec[a].min)) for a in axes})
    return f"{lo} + {at!r} * {span}"


def _heat(m: Model, axes: Sequence[str], grid: list[dict], value: str, cell: float,
          quantity: str) -> Panel:  # fmt: skip
    """The cells, coloured by the quantity (none where both menus pick one assumption), on
    axes in the chosen assumptions' own units, each cell centred on the value it computes."""
    label = m.spec.quantities[quantity].label
    low, high = (FRICTION, COOPERATION) if quantity != "policy" else (EXCLUSIVE, INCLUSIVE)
    real = alt.Scale(zero=False, nice=False)
    cells = (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=f"xaxis === yaxis ? NaN : {value}")
        .transform_filter("isFinite(datum.value)")  # same assumption on both axes: draw nothing
        .transform_calculate(**_real_units(m, axes, cell))
        .mark_rect()
        .encode(
            x=alt.X("x1:Q", title=None, scale=real, axis=alt.Axis(tickCount=5)),
            x2="x2:Q",
            y=alt.Y("y1:Q", title=None, scale=real, axis=alt.Axis(tickCount=5)),
            y2="y2:Q",
            color=alt.Color(
                "value:Q",
                title=[label.split(" (")[0], "(" + label.split(" (", 1)[1]]
                if " (" in label
                else label,
                scale=alt.Scale(range=[low, MIDDLE, high], domainMid=0),
            ),
            tooltip=[
                alt.Tooltip("x:Q", format=".2f", title="Horizontal"),
                alt.Tooltip("y:Q", format=".2f", title="Vertical"),
                alt.Tooltip("value:Q", format="+.3f", title=label),
            ],
        )  # fmt: skip
    )
    return alt.layer(cells, *_titles(m, axes, cell)).properties(width=360, height=360)


def _summary(grid: list[dict], value: str, sentence: Node, quantity: str) -> alt.Chart:
    """The share of the map where the verdict names the positive side (beyond a tie at the
    printed precision, verdict.side_tests), stated in the map's sentence."""
    upper = to_vega(verdicts.side_tests(quantity, Var("value"))[0], datum_ref)
    source = (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=value)
        .transform_calculate(positive=f"{upper} ? 1 : 0")
        .transform_aggregate(share="mean(positive)")
    )
    return verdict_panel(source, to_vega(sentence, menu_ref), height=60, width=WIDTH)


def _colour_words(quantity: str) -> str:
    """What the colours of the map mean, for its text alternative."""
    if quantity == "policy":
        return "khaki cells favour inclusive ties, wine cells an exclusive bloc"
    return "blue cells are positive, vermillion negative"


def tipping_map(
    axes: Sequence[str],
    x: str,
    y: str,
    quantity: str = "net",
    controls: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    resolution: int = 31,
    variants: Sequence[str] | str = (),
    scenario: str | None = None,
) -> alt.VConcatChart:
    """Where the verdict flips over two assumptions the reader picks from `axes`.

    Each cell is a scenario: the chosen assumptions vary across their ranges (the axes are
    in their own units, each cell centred on its value), the others stay at the sliders or
    defaults; the
    structural variants in `variants` get a menu each, read inside every cell's tree.
    `scenario` (a scenario string naming only the sliders and menus) sets where they start.
    """
    lookup("quantity", quantity, dict.fromkeys(QUANTITIES))
    what = model_or_default(model).spec.quantities[quantity].label
    _check_axes(model_or_default(model), axes, x, y, controls, fixed)
    m, base, params = setup(model, controls, fixed, variants)
    params = started(params, read_start(m, controls, fixed, scenario).params())
    value = to_vega(m.quantity(quantity), axis_ref(m, base, axes))
    us, vs = tipping_grid(resolution)
    grid = [{"u": float(u), "v": float(v)} for u, v in zip(us, vs, strict=True)]
    heat = _heat(m, axes, grid, value, 1.0 / (resolution - 1), quantity)
    summary = _summary(grid, value, share_sentence(m, axes, quantity), quantity)
    caption = f"The map's summary: the share of cells where the {what.lower()} is positive"
    figure = declare(
        vconcat(heat, summary)
        .add_params(*_axis_menus(m, axes, x, y), *params)
        .properties(
            title=heading(f"Tipping map: {what.split(' (')[0].lower()} over two assumptions"),
            description=(
                f"Heat map of the {what.lower()} over a grid of two assumptions the "
                "reader picks with the two menus, each axis in its assumption's own units; "
                f"{_colour_words(quantity)}, and the boundary between them is where the "
                "verdict flips. The sentence below gives the share of the map on the positive "
                f"side. {menu_words(m)}"
            ).strip(),
        ),
        "map", caption, extra=map_rows(len(grid)),
    )  # fmt: skip
    x_menu, y_menu = Menu(MENUS[0]), Menu(MENUS[1])
    cli = command("map", [("--x", x_menu), ("--y", y_menu), ("--quantity", quantity),
                          ("--resolution", resolution), ("--scenario", SCENARIO_ARG)])  # fmt: skip
    code = call_code("charts", tipping_map, {
        "axes": axes, "x": x_menu, "y": y_menu, "quantity": quantity, "controls": controls,
        "fixed": fixed, "resolution": resolution, "variants": variants, "scenario": SCENARIO_ARG,
    })  # fmt: skip
    return with_reproduce(figure, reproduce_meta(m, controls, fixed, cli, code))
