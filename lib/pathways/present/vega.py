"""The model printed as Vega expressions for charts whose sliders run in the browser.

Why: on the static website no kernel runs; Vega-Lite params bound to HTML inputs feed
`transform_calculate` expressions printed from the same trees numpy evaluates, so the
browser computes the library's numbers exactly.

Defined for: every chapter's live figure (through charts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..model.compile import Model
from ..model.expr import Node, to_vega
from .controls import check_controls

Ref = Callable[[str], str]


def param_ref(
    model: Model, controls: Iterable[str], fixed: Mapping[str, float] | None = None
) -> Ref:
    """Read controlled assumptions from Vega params, the rest as the spec's defaults.

    `fixed` overrides defaults for assumptions without a slider; both are checked
    (:func:`pathways.present.controls.check_controls`).
    """
    controlled = list(controls)
    values = {**model.spec.defaults(), **check_controls(model, controlled, fixed)}

    def ref(name: str) -> str:
        if name in controlled:
            return name
        if name not in values:
            raise ValueError(f"no value for {name!r}")
        return repr(float(values[name]))

    return ref


def datum_ref(name: str) -> str:
    """Read an assumption from the current row (a table of scenarios)."""
    return f"datum.{name}"


def by_id(trees: Mapping[str, Node], ref: Ref, field: str = "id") -> str:
    """One expression choosing each row's tree by its pathway id."""
    items = list(trees.items())
    expr = "NaN"  # an unknown id must never get a plausible number
    for pid, tree in reversed(items):
        expr = f"(datum.{field} === '{pid}' ? {to_vega(tree, ref)} : {expr})"
    return expr


def expression(tree: Node, ref: Ref) -> str:
    """A single tree as a Vega expression."""
    return to_vega(tree, ref)
