"""Where a quantity is largest and smallest over a grid of assumptions.

Why: chapters quote "more engagement helps most (by X) where threat is Y", or "over every
combination of these five sliders the margin runs from A to B"; those are grid searches,
and they belong here, tested, rather than as numpy loops in a hidden notebook cell. The
grid is the website's slider positions by default (as for flip points), or `points` evenly
spaced values per axis from the bottom to the top of each range.

Defined for: chapter 'The framework', chapter 'Synthesis' and chapter 'Conclusion'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .compile import Model, default_model
from .evaluate import check_assumptions
from .expr import to_numpy
from .names import check_names
from .thresholds import slider_positions

MAX_POINTS = 1001  # per axis
MAX_CELLS = 5_000_000  # per grid: a few arrays of this size fit in a small machine's memory


@dataclass(frozen=True)
class Extremes:
    """The smallest and largest value of `quantity` on a grid, and where each is reached
    (the first such cell, axes in the order given)."""

    quantity: str
    min: float
    max: float
    argmin: dict[str, float]
    argmax: dict[str, float]


def _points(points: int | None) -> None:
    if points is None:
        return
    if isinstance(points, bool) or not isinstance(points, int) or not 2 <= points <= MAX_POINTS:
        raise ValueError(
            f"points {points!r}: allowed None (the slider positions) or an integer 2-{MAX_POINTS}"
        )


def grid_axes(
    names: Sequence[str], points: int | None = None, model: Model | None = None
) -> list[np.ndarray]:
    """Each axis's values, bottom to top: slider positions, or `points` evenly spaced."""
    m = model or default_model()
    _points(points)
    check_names("assumption", names, m.spec.assumptions)
    if not names:
        raise ValueError("names: give at least one assumption to vary")
    if len(set(names)) != len(names):
        raise ValueError(f"names {list(names)}: each assumption may be one axis only")
    if points is None:
        return [slider_positions(n, m) for n in names]
    ranges = [m.spec.assumptions[n] for n in names]
    return [np.linspace(a.min, a.max, points) for a in ranges]


def grid_extremes(
    quantity: str,
    names: Sequence[str],
    points: int | None = None,
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> Extremes:
    """Smallest and largest `quantity` ("net", "policy", "marginal", "us_share") over every
    combination of the `names` axes, the other assumptions at `values` or their defaults.

    Raises ValueError for an unknown name, an axis also fixed in `values`, or a grid of
    more than MAX_CELLS cells (nothing is thinned silently).
    """
    m = model or default_model()
    names = list(names)
    axes = grid_axes(names, points, m)
    fixed = dict(values or {})
    for name in names:
        if name in fixed:
            raise ValueError(f"{name!r} is a grid axis; do not also fix it")
    env = check_assumptions(m.spec, fixed)
    cells = math.prod(len(x) for x in axes)
    if cells > MAX_CELLS:
        raise ValueError(f"a grid of {cells} cells is too large; allowed up to {MAX_CELLS}")
    grids = np.meshgrid(*axes, indexing="ij")
    tree = m.quantity(quantity)
    out = np.broadcast_to(
        to_numpy(tree, {**env, **dict(zip(names, grids, strict=True))}), grids[0].shape
    )
    lo = np.unravel_index(np.argmin(out), out.shape)
    hi = np.unravel_index(np.argmax(out), out.shape)
    return Extremes(
        quantity=quantity,
        min=float(out.min()),
        max=float(out.max()),
        argmin={n: float(x[i]) for n, x, i in zip(names, axes, lo, strict=True)},
        argmax={n: float(x[i]) for n, x, i in zip(names, axes, hi, strict=True)},
    )
