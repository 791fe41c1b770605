"""What a chart declares for the page beside its drawing: its family, verdict and numbers.

Why: the chart runtime (``present/js/runtime.js``) writes every chart's verdict into an
HTML status element and its numbers into a "Show the numbers" table with no
chart-specific code. A chart declares both in its Vega-Lite ``usermeta`` (Vega-Lite passes
it through to the compiled Vega): the mark whose dataset holds the verdict sentence (the
panel of :mod:`.sentence`), and table rows whose numbers are Vega signals printed from the
model's trees (``expr.to_vega``, the same trees the bars and the sentence use) or fields
of the verdict's dataset (a map's share, the diagram's highlighted total). So the table
follows the sliders exactly as the drawing does.

Defined for: every chapter's live figure (the explorers, the policy and marginal charts,
the framework diagram, the tipping maps, the caveats, the evidence check).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import altair as alt

from ...model import numbers
from ...model.compile import Model
from ...model.expr import Node, to_vega
from ..vega import Ref
from .sentence import VERDICT_MARK

#: Prefix of the signals that hold a table's numbers.
SIGNAL_PREFIX = "numbers_"
#: Vega-Lite's name for the mark of a chart with a single view.
SINGLE_MARK = "marks"
#: The two columns of a chart's numbers table.
COLUMNS = ("Quantity", "Value")
#: A chart's numbers: Vega-Lite params (expression signals) and the table rows reading them.
Numbers = tuple[list[alt.Parameter], list[dict[str, Any]]]
Figure = TypeVar("Figure", alt.Chart, alt.VConcatChart)


def signal_rows(ref: Ref, rows: Sequence[tuple[str, Node, str]], tag: str = "") -> Numbers:
    """One expression signal and one table row per (label, tree, kind of number)."""
    params, out = [], []
    for i, (label, tree, kind) in enumerate(rows):
        name = f"{SIGNAL_PREFIX}{tag}{i}"
        params.append(alt.param(name=name, expr=to_vega(tree, ref)))
        out.append({"cells": [label, {"signal": name, "format": numbers.spec(kind)}]})
    return params, out


def _number(kind: str | None) -> dict[str, str]:
    """How a cell prints its number: the essay's format for `kind` (None: as it is)."""
    return {} if kind is None else {"format": numbers.spec(kind)}


def verdict_row(label: str, field: str, kind: str | None) -> dict[str, Any]:
    """A row read from the verdict's dataset (its first row's `field`)."""
    return mark_rows(VERDICT_MARK, [label, {"field": field, **_number(kind)}])


def mark_rows(mark: str, cells: list[Any]) -> dict[str, Any]:
    """One row per datum of `mark`'s dataset; a cell is a string or {field[, format]}."""
    return {"mark": mark, "cells": cells}


def value_row(label: str, value: float, kind: str | None) -> dict[str, Any]:
    """A row with a number fixed when the chart was made (a static chart's summary)."""
    return {"cells": [label, {"value": float(value), **_number(kind)}]}


#: What a static table's cell says where a series has no figure (a year before it starts).
MISSING = "\u2013"


def value_cell(value: float | None, fmt: str) -> dict[str, Any] | str:
    """A number fixed when the chart was made, printed with d3-format `fmt`; a missing one
    (None or NaN) prints :data:`MISSING`."""
    if value is None or value != value:
        return MISSING
    return {"value": float(value), "format": fmt}


def pathway_rows(m: Model, trees: dict[str, Node], kind: str) -> list[tuple[str, Node, str]]:
    """(label, tree, kind) for each pathway, in the spec's order."""
    return [(p.label, trees[p.id], kind) for p in m.spec.pathways]


def policy_rows(m: Model) -> list[tuple[str, Node, str]]:
    """Both options' totals and the margin between them."""
    totals = [(f"{p.short}: total", m.policy_net[name], "margin") for name, p in _policies(m)]
    return [*totals, (m.spec.quantities["policy"].label, m.policy_margin, "margin")]


def _policies(m: Model) -> list[tuple[str, Any]]:
    return [(name, m.spec.policies[name]) for name in ("exclusive", "inclusive")]


def explorer_numbers(m: Model, ref: Ref) -> Numbers:
    """Each pathway's contribution, the net, the two options' totals and the margin."""
    net = (m.spec.quantities["net"].label, m.net, "margin")
    rows = [*pathway_rows(m, m.contributions, "margin"), net, *policy_rows(m)]
    return signal_rows(ref, rows)


def marginal_numbers(m: Model, ref: Ref) -> Numbers:
    """Each pathway's change per unit of US engagement, and the total."""
    total = (m.spec.quantities["marginal"].label, m.marginal_total, "effect")
    return signal_rows(ref, [*pathway_rows(m, m.marginal, "effect"), total])


def policy_numbers(m: Model, ref: Ref) -> Numbers:
    """The two options' totals and the margin (what decides the conclusion's verdict)."""
    return signal_rows(ref, policy_rows(m))


def declare(
    figure: Figure,
    family: str,
    caption: str,
    found: Numbers | None = None,
    extra: Sequence[dict[str, Any]] = (),
    verdict: bool = True,
    columns: Sequence[str] = COLUMNS,
) -> Figure:
    """`figure` with its numbers' signals and the runtime's ``usermeta``: its `family` (the
    plugin key), its verdict mark (with `verdict`) and its table (`found` then `extra`, under
    `columns`: a static chart's table may have one column per series it draws)."""
    params: list[alt.Parameter] = found[0] if found else []
    rows: list[dict[str, Any]] = found[1] if found else []
    meta: dict[str, Any] = {"family": family}
    if verdict:
        meta["verdict"] = {"mark": VERDICT_MARK, "field": "verdict"}
    if rows or extra:
        meta["table"] = {"caption": caption, "columns": list(columns), "rows": [*rows, *extra]}
    out = figure.add_params(*params) if params else figure
    return out.properties(usermeta={"pathways": meta})


def diagram_numbers(m: Model, ref: Ref) -> Numbers:
    """Each pathway's contribution, then what the sentence adds up: the highlighted ones."""
    params, rows = signal_rows(ref, pathway_rows(m, m.contributions, "margin"))
    lit = [
        verdict_row("Highlighted pathways", "count", None),
        verdict_row("Their total", "total", "margin"),
    ]
    return params, [*rows, *lit]


def caveats_numbers(m: Model, ref: Ref) -> Numbers:
    """The three signs the caveats chart draws, then each pathway's marginal effect."""
    q = m.spec.quantities
    signs = [
        (q["net"].label, m.net, "margin"),
        (q["marginal"].label, m.marginal_total, "effect"),
        (q["policy"].label, m.policy_margin, "margin"),
    ]
    marginal = [(f"{label} (per unit of engagement)", t, k) for label, t, k in
                pathway_rows(m, m.marginal, "effect")]  # fmt: skip
    return signal_rows(ref, [*signs, *marginal])


def map_rows(cells: int) -> list[dict[str, Any]]:
    """A tipping map's summary: the share on the positive side (the sentence's number)."""
    return [
        verdict_row("Share of the map on the positive side", "share", "share"),
        value_row("Cells in the map", cells, None),
    ]


def monte_carlo_rows(p_cooperation: float, n: int) -> list[dict[str, Any]]:
    """The histogram's summary: the share of worlds leaning toward cooperation, of how many."""
    return [
        value_row("Share of plausible worlds leaning toward cooperation", p_cooperation, "share"),
        value_row("Plausible worlds drawn", n, None),
    ]


def ranked_rows(label: str, value: str, kind: str) -> list[dict[str, Any]]:
    """Every bar of a single-view chart (Vega-Lite names its mark `SINGLE_MARK`)."""
    return [mark_rows(SINGLE_MARK, [{"field": label}, {"field": value, **_number(kind)}])]
