"""The spec's derived inputs (disengagement, fear symmetry) at a point.

Why: a chapter that quotes "the fears are 0.9 symmetric at the defaults" must read the
formula from the spec, where the pathways read it, not restate it in a notebook.

Defined for: chapter 'Pathway 4'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .compile import Model, default_model
from .evaluate import check_assumptions
from .expr import to_numpy
from .names import lookup


def derived_value(
    name: str, values: Mapping[str, Any] | None = None, model: Model | None = None
) -> float:
    """The derived input `name` (see model.yaml's `derived`) at `values` or the defaults."""
    m = model or default_model()
    d = lookup("derived input", name, m.spec.derived)
    env = check_assumptions(m.spec, values or {})
    return float(to_numpy(d.expr, env))
