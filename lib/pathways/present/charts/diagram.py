"""The framework diagram: every pathway drawn from the spec as a chain of concepts.

Why: the essay's framework chapter shows the six pathways as causal chains; drawing them
from ``model.yaml`` (coloured by direction) keeps the figure and the model the same thing.
A desktop column holds one row per chain; a phone's holds three boxes, so there each chain
becomes a block, wrapped (diagram_layout: every datum carries both layouts and the
runtime's ``narrow`` signal picks one, so both share one spec, its menu, sliders and
table). A menu highlights pathways by direction or driver; each pathway's number and the
sentence below (a tree, :func:`highlight_sentence`) are recomputed by the browser from
the sliders.

Defined for: 'The framework' (framework_diagram).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, NamedTuple

import altair as alt

from ...model import numbers
from ...model.compile import Model
from ...model.expr import Var, js_string, to_vega
from ...model.highlights import ALL, BY_SIGN, DRIVER, HIGHLIGHTS, highlight_sentence
from ...model.spec import Link
from ..scenario_meta import SCENARIO_ARG, Menu, call_code, command, reproduce_meta, with_reproduce
from ..scenario_start import check_option, read_start, started
from ..vega import Ref, by_id, datum_ref
from . import diagram_layout as layout
from .common import (
    DIAGRAM_WIDTH,
    DIRECTION_SCALE,
    FONT_SIZE,
    WHITE,
    WIDTH,
    Panel,
    heading,
    pathway_rows,
    setup,
    vconcat,
)
from .readout import declare, diagram_numbers
from .sentence import verdict_panel

#: Vega: is this row's pathway highlighted by the menu? (highlights.is_highlighted's rule)
LIT = " || ".join(
    [
        f"highlight === {js_string(ALL)}",
        *(f"(highlight === {js_string(o)} && datum.sign {'>' if s > 0 else '<'} 0)"
          for o, s in BY_SIGN.items()),
        f"(indexof(highlight, {js_string(DRIVER)}) === 0 && "
        f"substring(highlight, {len(DRIVER)}) === datum.driver_kind)",
    ]
)  # fmt: skip
DIRECTION = "datum.sign > 0 ? 'cooperation' : 'friction'"
#: A concept's name is wrapped at WRAP characters, lines LINE px apart (the book's smallest
#: type); its box (diagram_layout.BOX_HEIGHT) is tall enough for four lines.
WRAP, LINE = 12, FONT_SIZE + 1
#: The signal that picks the layout: the runtime sets it true while the wide drawing (one
#: row per chain) would be wider than the chart's column (usermeta ``narrow``).
NARROW = "narrow"
#: The arrowheads: a filled triangle of this area (px²) before each box.
ARROW_SIZE = 60
#: x is a fraction of the drawing's width; y is in px (diagram_layout).
X_FRACTION = alt.Scale(domain=[0, 1], nice=False, zero=False)


def _pick(*fields: str) -> dict[str, str]:
    """Vega calculations that take each field from the layout the `narrow` signal picks."""
    return {f: f"{NARROW} ? datum.n{f} : datum.w{f}" for f in fields}


def _x(field: str) -> alt.X:
    return alt.X(f"{field}:Q", axis=None, scale=X_FRACTION)


def _y(field: str) -> alt.Y:
    return alt.Y(f"{field}:Q", axis=None, scale=None)


class Chains(NamedTuple):
    """The diagram's data, each datum with both layouts' coordinates (diagram_layout)."""

    nodes: list[dict]  # one per concept of a chain: its box and its name
    segments: list[dict]  # three per link (see diagram_layout.segments)
    arrows: list[dict]  # one per link: its arrowhead
    headers: list[dict]  # one per chain: where its name and number go
    height: int  # the wide layout's (the narrow one draws below it: the view grows)


def _chains(m: Model) -> Chains:
    """The diagram's boxes (one per concept of a chain) and arrows (one per link)."""
    chains = [
        [p.links[0].source_node] + [lk.target_node for lk in p.links] for p in m.spec.pathways
    ]
    tops, _ = layout.block_tops([len(c) for c in chains])
    out = Chains([], [], [], [], layout.wide_height(len(chains)))
    for row, (p, chain, top) in enumerate(zip(m.spec.pathways, chains, tops, strict=True)):
        base = {"id": p.id, "row": row, "sign": p.sign, "driver_kind": p.driver_kind}
        at = layout.centres(row, top, len(chain))
        for i, node in enumerate(chain):
            out.nodes.append({**base, "pos": i, "text": _wrap(node), **layout.box(*at[i])})
            out.nodes[-1] |= {"wx": at[i][0][0], "wy": at[i][0][1], "nx": at[i][1][0], "ny": at[i][1][1]}  # fmt: skip
        for i, lk in enumerate(p.links):
            link = {**base, "pos": i, "pos2": i + 1, "origin": _origin(lk)}
            out.segments.extend({**link, **s} for s in layout.segments(at[i], at[i + 1]))
            out.arrows.append({**link, **layout.arrowhead(at[i], at[i + 1])})
        out.headers.append(layout.header(row, top))
    return out


def _origin(link: Link) -> str:
    return "the paper" if _from_paper(link) else "the essay's addition"


def _wrap(concept: str) -> list[str]:
    """A concept's name in lines of about WRAP characters; a longer word gets its own line."""
    return textwrap.wrap(concept, WRAP, break_long_words=False)


def _from_paper(link: Link) -> bool:
    """A link drawn solid says the paper states it: the link and any gate come from it."""
    provs = [link.provenance, *([link.gate_provenance] if link.gate_provenance else [])]
    return all(p.kind != "essay" for p in provs)


def _lit_opacity(lit: float, dim: float) -> Any:
    """The opacity of a highlighted datum (`lit`) and of the others (`dim`)."""
    return alt.condition("datum.lit", alt.value(lit), alt.value(dim))


def _edges(segments: list[dict]) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=segments))
        .transform_calculate(lit=LIT, direction=DIRECTION, **_pick("x", "x2", "y", "y2"))
        .mark_rule(strokeWidth=3)
        .encode(
            x=_x("x"),
            x2="x2:Q",
            y=_y("y"),
            y2="y2:Q",
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            strokeDash=alt.StrokeDash(
                "origin:N",
                title="Link as drawn by",
                scale=alt.Scale(
                    domain=["the paper", "the essay's addition"], range=[[1, 0], [6, 4]]
                ),
            ),
            opacity=_lit_opacity(0.9, 0.12),
        )
    )


def _arrows(arrows: list[dict]) -> alt.Chart:
    """Each link's direction: a triangle before the box it leads to."""
    return (
        alt.Chart(alt.Data(values=arrows))
        .transform_calculate(lit=LIT, direction=DIRECTION, **_pick("x", "y", "angle"))
        .mark_point(shape="triangle-right", filled=True, size=ARROW_SIZE)
        .encode(
            x=_x("x"),
            y=_y("y"),
            angle=alt.Angle("angle:Q", scale=None),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            opacity=_lit_opacity(1.0, 0.12),
        )
    )


def _boxes(nodes: list[dict]) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=nodes))
        .transform_calculate(lit=LIT, direction=DIRECTION, **_pick("x1", "x2", "y1", "y2"))
        .mark_rect(fill=WHITE, strokeWidth=2, cornerRadius=6)
        .encode(
            x=_x("x1"),
            x2="x2:Q",
            y=_y("y1"),
            y2="y2:Q",
            stroke=alt.Stroke("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            # the white fill stays opaque: a dimmed box still hides the links under it
            strokeOpacity=_lit_opacity(1.0, 0.25),
        )
    )


def _labels(nodes: list[dict]) -> list[alt.Chart]:
    """The concepts' names, one text layer per number of lines.

    Vega places a multi-line label's first line at the box's middle: labels of `k` lines
    are lifted by half a line per extra line so that each sits centred in its box.
    """

    def layer(lines: int) -> alt.Chart:
        return (
            alt.Chart(alt.Data(values=[n for n in nodes if len(n["text"]) == lines]))
            .transform_calculate(lit=LIT, direction=DIRECTION, **_pick("x", "y"))
            .mark_text(
                fontSize=FONT_SIZE, lineHeight=LINE, baseline="middle", dy=-LINE / 2 * (lines - 1)
            )
            .encode(x=_x("x"), y=_y("y"), text="text:N", opacity=_lit_opacity(1.0, 0.25))
        )

    return [layer(k) for k in sorted({len(n["text"]) for n in nodes})]


def _row_texts(rows: list[dict], contributions: str) -> list[alt.Chart]:
    """Each chain's contribution and pathway name: right and left of its row (wide), at
    the right and left end of its block's header line (narrow)."""
    value = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=contributions, lit=LIT, direction=DIRECTION)
        .transform_calculate(text=to_vega(numbers.node("margin", Var("contribution")), datum_ref))
        .transform_calculate(x="1", **_pick("y"))
        .mark_text(
            fontSize=FONT_SIZE,
            fontWeight="bold",
            align=alt.ExprRef(f"{NARROW} ? 'right' : 'left'"),
            dx=alt.ExprRef(f"{NARROW} ? 0 : 8"),
        )
        .encode(x=_x("x"), y=_y("y"), text="text:N", opacity=_lit_opacity(1.0, 0.3))
    )
    names = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(lit=LIT, x="0", **_pick("y"))
        .mark_text(
            fontSize=FONT_SIZE,
            fontWeight=alt.ExprRef(f"{NARROW} ? 'bold' : 'normal'"),
            align=alt.ExprRef(f"{NARROW} ? 'left' : 'right'"),
            dx=alt.ExprRef(f"{NARROW} ? 0 : -8"),
        )
        .encode(x=_x("x"), y=_y("y"), text="short:N", opacity=_lit_opacity(1.0, 0.3))
    )
    return [value, names]


def _diagram(m: Model, ref: Ref) -> tuple[Panel, alt.Chart]:
    """The chains with their numbers, and the panel adding up the highlighted ones."""
    chains = _chains(m)
    rows = [
        {**r, **h, "row": i, "sign": p.sign}
        for i, (r, p, h) in enumerate(
            zip(pathway_rows(m), m.spec.pathways, chains.headers, strict=True)
        )
    ]
    contributions = by_id(m.contributions, ref)
    diagram = alt.layer(
        _edges(chains.segments),
        _arrows(chains.arrows),
        _boxes(chains.nodes),
        *_labels(chains.nodes),
        *_row_texts(rows, contributions),
    ).properties(width=DIAGRAM_WIDTH, height=chains.height, view=alt.ViewConfig(stroke=None))
    lit_rows = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=contributions, lit=LIT)
        .transform_filter("datum.lit")
        .transform_aggregate(total="sum(contribution)", count="count()")
    )
    sentence = to_vega(highlight_sentence(), datum_ref)
    return diagram, verdict_panel(lit_rows, sentence, height=30, width=WIDTH, display=None)


def _two_layouts(figure: alt.VConcatChart) -> alt.VConcatChart:
    """`figure` with the NARROW signal (false: the wide layout, as Jupyter's static
    renderers and the PDF draw it) and declared to the runtime, which sets it from the
    column's width (``usermeta.pathways.narrow``, js/runtime.js)."""
    meta = dict(figure.usermeta["pathways"])
    out = figure.add_params(alt.param(name=NARROW, value=False))
    # Narrow: the legends one under the other (side by side they are wider than a phone).
    stacked = f"{NARROW} ? {{bottom: {{direction: 'vertical', anchor: 'start', offset: 16}}}} : {{bottom: {{offset: 16}}}}"
    legend = out.config.legend.to_dict()
    out = out.configure_legend(**legend, layout=alt.ExprRef(stacked))
    return out.properties(usermeta={"pathways": {**meta, "narrow": NARROW}})


def framework_diagram(
    controls: Sequence[str] = ("engagement",),
    model: Model | None = None,
    highlight: str = ALL,
    scenario: str | None = None,
) -> alt.VConcatChart:
    """All pathways drawn from the spec, coloured by direction: one row per chain in a wide
    column, one block per chain (its name and number above it, the chain wrapped) in a
    narrow one; the runtime picks the layout that fits (diagram_layout).

    The menu highlights pathways by direction or by driver (starting at `highlight`); the
    contribution at the end of each row and the sentence below are recomputed from the
    sliders, which start at `scenario` (a scenario string naming only them) when given.
    """
    m, ref, params = setup(model, controls, None)
    params = started(params, read_start(m, controls, None, scenario).params())
    menu = alt.param(
        name="highlight",
        value=check_option("highlight", highlight, HIGHLIGHTS),
        bind=alt.binding_select(options=HIGHLIGHTS, name="Highlight "),
    )
    caption = "Each pathway's contribution, and the highlighted pathways' total"
    cli = command("diagram", [("--highlight", Menu("highlight")), ("--scenario", SCENARIO_ARG)])
    code = call_code("charts", framework_diagram, {
        "controls": controls, "highlight": Menu("highlight"), "scenario": SCENARIO_ARG})  # fmt: skip
    figure = _two_layouts(declare(
        vconcat(*_diagram(m, ref))
        .add_params(menu, *params)
        .properties(
            title=heading("The six pathways as causal chains (generated from the model spec)"),
            description=(
                "Diagram of every causal pathway as a chain of linked concepts, from its driver "
                "to Korea-Japan relations: in a wide column one row per pathway, read left to "
                "right, its contribution at the end of the row; in a narrow one a block per "
                "pathway, its name and contribution on the first line and its chain below in "
                f"lines of up to {layout.COLUMNS} concepts, an arrow turning down where the chain goes on. "
                "Blue chains push toward cooperation, vermillion toward friction; solid links "
                "are the paper's, dashed links (or a link scaled by a dashed factor) the essay's "
                "additions. A pathway's number is its contribution; the menu highlights "
                "pathways by direction or driver and the sentence below adds up the highlighted "
                "ones."
            ),
        ),
        "diagram", caption, diagram_numbers(m, ref),
    ))  # fmt: skip
    return with_reproduce(figure, reproduce_meta(m, controls, None, cli, code))
