"""The framework diagram: every pathway drawn from the spec as a chain of concepts.

Why: the essay's framework chapter shows the six pathways as causal chains; drawing them
from ``model.yaml`` (one row per chain, coloured by direction) keeps the figure and the
model the same thing. A menu highlights pathways by direction or driver; the number at
the end of each row and the sentence below (a tree, :func:`highlight_sentence`) are
recomputed by the browser from the sliders.

Defined for: 'The framework' (framework_diagram).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import altair as alt

from ...model import numbers
from ...model.compile import Model
from ...model.expr import Var, js_string, to_vega
from ...model.highlights import ALL, BY_SIGN, DRIVER, HIGHLIGHTS, highlight_sentence
from ...model.spec import Link
from ..scenario_meta import SCENARIO_ARG, Menu, call_code, command, reproduce_meta, with_reproduce
from ..scenario_start import check_option, read_start, started
from ..vega import Ref, by_id, datum_ref
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
X_DOMAIN = alt.Scale(domain=[-0.5, 5.5])
ROW = alt.Y("row:O", axis=None)
#: A concept's box: its name wrapped at WRAP characters, lines LINE px apart (at the book's
#: smallest type), in a box tall enough for four lines, one row every ROW_HEIGHT px.
WRAP, LINE, BOX_HEIGHT, ROW_HEIGHT = 12, FONT_SIZE + 1, 58, 66


def _chains(m: Model) -> tuple[list[dict], list[dict]]:
    """The diagram's boxes (one per concept of a chain) and arrows (one per link)."""
    nodes, edges = [], []
    for row, p in enumerate(m.spec.pathways):
        chain = [p.links[0].source_node] + [lk.target_node for lk in p.links]
        base = {"id": p.id, "row": row, "sign": p.sign, "driver_kind": p.driver_kind,
                "name": f"{p.id if p.group else '—'}  {p.short}"}  # fmt: skip
        for i, node in enumerate(chain):
            nodes.append({**base, "pos": i, "text": _wrap(node)})
        for i, lk in enumerate(p.links):
            origin = "the paper" if _from_paper(lk) else "the essay's addition"
            edges.append({**base, "pos": i, "pos2": i + 1, "origin": origin})
    return nodes, edges


def _wrap(concept: str) -> list[str]:
    """A concept's name in lines of about WRAP characters; a longer word gets its own line."""
    return textwrap.wrap(concept, WRAP, break_long_words=False)


def _from_paper(link: Link) -> bool:
    """A link drawn solid says the paper states it: the link and any gate come from it."""
    provs = [link.provenance, *([link.gate_provenance] if link.gate_provenance else [])]
    return all(p.kind != "essay" for p in provs)


def _edges(edges: list[dict]) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=edges))
        .transform_calculate(lit=LIT, direction=DIRECTION)
        .mark_rule(strokeWidth=3)
        .encode(
            x=alt.X("pos:Q", axis=None, scale=X_DOMAIN),
            x2="pos2:Q",
            y=ROW,
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            strokeDash=alt.StrokeDash(
                "origin:N",
                title="Link as drawn by",
                scale=alt.Scale(
                    domain=["the paper", "the essay's addition"], range=[[1, 0], [6, 4]]
                ),
            ),
            opacity=alt.condition("datum.lit", alt.value(0.9), alt.value(0.12)),
        )
    )


def _boxes(nodes: list[dict]) -> alt.Chart:
    return (
        alt.Chart(alt.Data(values=nodes))
        .transform_calculate(
            lit=LIT, direction=DIRECTION, x1="datum.pos - 0.45", x2="datum.pos + 0.45"
        )
        .mark_rect(fill=WHITE, strokeWidth=2, cornerRadius=6, height=BOX_HEIGHT)
        .encode(
            x=alt.X("x1:Q", axis=None, scale=X_DOMAIN),
            x2="x2:Q",
            y=ROW,
            stroke=alt.Stroke("direction:N", scale=DIRECTION_SCALE, title="Pathway pushes toward"),
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.25)),
        )
    )


def _labels(nodes: list[dict]) -> list[alt.Chart]:
    """The concepts' names, one text layer per number of lines.

    Vega places a multi-line label's first line at the row's middle: labels of `k` lines
    are lifted by half a line per extra line so that each sits centred in its box.
    """

    def layer(lines: int) -> alt.Chart:
        return (
            alt.Chart(alt.Data(values=[n for n in nodes if len(n["text"]) == lines]))
            .transform_calculate(lit=LIT, direction=DIRECTION)
            .mark_text(
                fontSize=FONT_SIZE, lineHeight=LINE, baseline="middle", dy=-LINE / 2 * (lines - 1)
            )
            .encode(
                x=alt.X("pos:Q", axis=None, scale=X_DOMAIN),
                y=ROW,
                text="text:N",
                opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.25)),
            )
        )

    return [layer(k) for k in sorted({len(n["text"]) for n in nodes})]


def _row_texts(rows: list[dict], contributions: str) -> list[alt.Chart]:
    """Each row's contribution (right of the chain) and pathway name (left of it)."""
    value = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=contributions, lit=LIT, direction=DIRECTION)
        .transform_calculate(text=to_vega(numbers.node("margin", Var("contribution")), datum_ref))
        .mark_text(fontSize=FONT_SIZE, fontWeight="bold", align="left")
        .encode(
            x=alt.value(DIAGRAM_WIDTH + 8),
            y=ROW,
            text="text:N",
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.3)),
        )
    )
    names = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(lit=LIT)
        .mark_text(fontSize=FONT_SIZE, align="right")
        .encode(
            x=alt.value(-8),
            y=ROW,
            text="short:N",
            opacity=alt.condition("datum.lit", alt.value(1.0), alt.value(0.3)),
        )
    )
    return [value, names]


def _diagram(m: Model, ref: Ref) -> tuple[Panel, alt.Chart]:
    """The chains with their numbers, and the panel adding up the highlighted ones."""
    nodes, edges = _chains(m)
    rows = [
        {**r, "row": i, "sign": p.sign}
        for i, (r, p) in enumerate(zip(pathway_rows(m), m.spec.pathways, strict=True))
    ]
    contributions = by_id(m.contributions, ref)
    diagram = alt.layer(
        _edges(edges), _boxes(nodes), *_labels(nodes), *_row_texts(rows, contributions)
    ).properties(width=DIAGRAM_WIDTH, height=ROW_HEIGHT * len(rows))
    lit_rows = (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(contribution=contributions, lit=LIT)
        .transform_filter("datum.lit")
        .transform_aggregate(total="sum(contribution)", count="count()")
    )
    sentence = to_vega(highlight_sentence(), datum_ref)
    return diagram, verdict_panel(lit_rows, sentence, height=30, width=WIDTH, display=None)


def framework_diagram(
    controls: Sequence[str] = ("engagement",),
    model: Model | None = None,
    highlight: str = ALL,
    scenario: str | None = None,
) -> alt.VConcatChart:
    """All pathways drawn from the spec: one row per chain, coloured by direction.

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
    figure = declare(
        vconcat(*_diagram(m, ref))
        .add_params(menu, *params)
        .properties(
            title=heading("The six pathways as causal chains (generated from the model spec)"),
            description=(
                "Diagram of every causal pathway as a row of linked concepts, from its driver on "
                "the left to Korea-Japan relations on the right; blue chains push toward "
                "cooperation, vermillion toward friction; solid links are the paper's, dashed links "
                "(or a link scaled by a dashed factor) the essay's additions. The number at the end of each row is that "
                "pathway's contribution; the menu highlights pathways by direction or driver and "
                "the sentence below adds up the highlighted ones."
            ),
        ),
        "diagram", caption, diagram_numbers(m, ref),
    )  # fmt: skip
    return with_reproduce(figure, reproduce_meta(m, controls, None, cli, code))
