"""How fast a quantity changes with one assumption, at one point: an exact derivative.

Why: the conclusion says "each step of threat moves the net by X"; that is the derivative
of the net's tree (`expr.diff`), evaluated at the defaults, not a finite difference typed
into a notebook. The same rule gives the US marginal effect (the net's slope along
engagement), so the two cannot disagree.

Defined for: chapter 'Conclusion'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .compile import Model, default_model
from .evaluate import check_assumptions
from .expr import diff, to_numpy
from .names import check_names


def slope(
    quantity: str,
    name: str,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> float:
    """d `quantity` / d `name` at `values` (the other assumptions at their defaults).

    `quantity` as for verdicts: "net", "policy", "marginal", "us_share".
    """
    m = model or default_model()
    check_names("assumption", [name], m.spec.assumptions)
    env = check_assumptions(m.spec, values or {})
    return float(to_numpy(diff(m.quantity(quantity), name), env))
