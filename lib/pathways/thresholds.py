"""Where a verdict flips along one slider: the numbers chapters quote about their controls.

Why: a chapter tells the reader "drag X past about 0.54 and the verdict turns"; that value
must come from the model, on the same grid of slider positions the website offers (the
spec's step), not from a hand-typed number.

Defined for: every pathway chapter (and the introduction) — the flip points in the prose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .evaluate import Result, check_assumptions, evaluate
from .model import Model, default_model


def slider_positions(name: str, model: Model | None = None) -> np.ndarray:
    """The positions a slider for `name` can take, bottom to top (the spec's range and step)."""
    m = model or default_model()
    allowed = m.spec.assumptions
    if name not in allowed:
        raise ValueError(f"unknown assumption {name!r}; allowed: {', '.join(allowed)}")
    a = allowed[name]
    n = int(round((a.max - a.min) / a.step)) + 1
    return np.round(np.linspace(a.min, a.max, n), 10)


def first_where(
    name: str,
    test: Callable[[Result], bool],
    reverse: bool = False,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> float:
    """The first slider position of `name` (from the bottom, or the top if `reverse`) where
    `test(evaluate(...))` holds, the other assumptions at `values` or their defaults.

    Raises ValueError when no position satisfies the test, so a chapter never quotes a
    threshold that does not exist.
    """
    m = model or default_model()
    fixed = dict(values or {})
    if name in fixed:
        raise ValueError(f"{name!r} is the slider being scanned; do not also fix it")
    check_assumptions(m.spec, fixed)
    xs = slider_positions(name, m)
    for x in xs[::-1] if reverse else xs:
        if test(evaluate({**fixed, name: float(x)}, m)):
            return float(x)
    a = m.spec.assumptions[name]
    raise ValueError(f"no position of {name} in [{a.min}, {a.max}] satisfies the test")


def contribution(result: Result, pid: str) -> float:
    """One pathway's contribution in a result (by pathway id)."""
    t = result.table.set_index("id")
    if pid not in t.index:
        raise ValueError(f"unknown pathway {pid!r}; allowed: {', '.join(t.index)}")
    return float(t.loc[pid, "contribution"])
