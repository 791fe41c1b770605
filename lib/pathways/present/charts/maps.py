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

from ...model import numbers
from ...model.compile import Model
from ...model.expr import Compare, Concat, Cond, Const, Node, Text, Var, to_vega
from ...model.names import check_names, lookup
from ...model.thresholds import tipping_grid
from ..controls import check_controls
from ..vega import Ref
from .common import QUANTITIES, WIDTH, menu_words, model_or_default, setup, vconcat
from .readout import declare, map_rows
from .sentence import verdict_panel

#: The two menus (Vega params) that pick the map's axes.
MENUS = ("xaxis", "yaxis")
#: What a positive cell means, per quantity (the map's sentence).
POSITIVE = {
    "net": "relations lean toward cooperation",
    "policy": "inclusive ties come out ahead",
    "marginal": "more US engagement helps",
}


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


def share_sentence(model: Model, axes: Sequence[str], quantity: str) -> Node:
    """The map's sentence: the chosen axes and the share of cells where `quantity` > 0.

    Reads the menus ``xaxis`` and ``yaxis`` (assumption names) and ``share`` (0-1).
    """
    positive = lookup("quantity", quantity, POSITIVE)
    labels = model.spec.assumptions

    def label(menu: str) -> Node:
        node: Node = Text("")
        for a in reversed(axes):
            node = Cond(Compare("==", Var(menu), Text(a)), Text(labels[a].label), node)
        return node

    share = Var("share")
    some = Concat((Text("In "), numbers.node("share", share),
                   Text(f" of this map {positive}; in the rest the verdict flips.")))  # fmt: skip
    tail = Cond(
        Compare("==", share, Const(1.0)), Text(f"Everywhere on this map {positive}."),
        Cond(Compare("==", share, Const(0.0)), Text(f"Nowhere on this map {positive}."), some),
    )  # fmt: skip
    return Cond(
        Compare("==", Var(MENUS[0]), Var(MENUS[1])),
        Text("Pick two different assumptions for the two axes."),
        Concat((Text("Horizontal: "), label(MENUS[0]), Text("; vertical: "), label(MENUS[1]),
                Text(". "), tail)),
    )  # fmt: skip


def _axis_menus(m: Model, axes: Sequence[str], x: str, y: str) -> list[alt.Parameter]:
    labels = [m.spec.assumptions[a].label for a in axes]
    return [
        alt.param(name="xaxis", value=x,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Horizontal axis ")),
        alt.param(name="yaxis", value=y,
                  bind=alt.binding_select(options=list(axes), labels=labels, name="Vertical axis ")),
    ]  # fmt: skip


def _heat(grid: list[dict], value: str, cell: float, label: str) -> alt.Chart:
    """The cells, coloured by the quantity (none where both menus pick one assumption)."""
    title = label.split(" (")[0]
    return (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=f"xaxis === yaxis ? NaN : {value}")
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
                title=title,
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


def _summary(grid: list[dict], value: str, sentence: Node) -> alt.Chart:
    """The share of the map on the positive side, stated in the map's sentence."""
    source = (
        alt.Chart(alt.Data(values=grid))
        .transform_calculate(value=value)
        .transform_calculate(positive="datum.value > 0 ? 1 : 0")
        .transform_aggregate(share="mean(positive)")
    )
    return verdict_panel(source, to_vega(sentence, menu_ref), height=60, width=WIDTH)


def tipping_map(
    axes: Sequence[str],
    x: str,
    y: str,
    quantity: str = "net",
    controls: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    resolution: int = 31,
    variants: Sequence[str] = (),
) -> alt.VConcatChart:
    """Where the verdict flips over two assumptions the reader picks from `axes`.

    Each cell is a scenario: the chosen assumptions vary across their ranges (0 = bottom,
    1 = top of the range in the spec), the others stay at the sliders or defaults; the
    structural variants in `variants` get a menu each, read inside every cell's tree.
    """
    lookup("quantity", quantity, dict.fromkeys(QUANTITIES))
    what = model_or_default(model).spec.quantities[quantity].label
    _check_axes(model_or_default(model), axes, x, y, controls, fixed)
    m, base, params = setup(model, controls, fixed, variants)
    value = to_vega(m.quantity(quantity), axis_ref(m, base, axes))
    us, vs = tipping_grid(resolution)
    grid = [{"u": float(u), "v": float(v)} for u, v in zip(us, vs, strict=True)]
    heat = _heat(grid, value, 1.0 / (resolution - 1), what)
    summary = _summary(grid, value, share_sentence(m, axes, quantity))
    caption = f"The map's summary: the share of cells where the {what.lower()} is positive"
    return declare(
        vconcat(heat, summary)
        .add_params(*_axis_menus(m, axes, x, y), *params)
        .properties(
            title=f"Tipping map: {what.split(' (')[0].lower()} over two assumptions",
            description=(
                f"Heat map of the {what.lower()} over a grid of two assumptions the "
                "reader picks with the two menus; blue cells are positive, orange negative, and "
                "the boundary between them is where the verdict flips. The sentence below gives "
                f"the share of the map on the positive side. {menu_words(m)}"
            ).strip(),
        ),
        "map", caption, extra=map_rows(len(grid)),
    )  # fmt: skip
