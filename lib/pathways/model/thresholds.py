"""Where a verdict flips along one slider: the numbers chapters quote about their controls.

Why: a chapter tells the reader "drag X past about 0.54 and the verdict turns"; that value
must come from the model, on the same grid of slider positions the website offers (the
spec's step), not from a hand-typed number, and by one rule on every page (`flip_point`:
the first position at which the verdict differs from the bottom's), so the same flip is
never printed 0.69 on one page and 0.68 on another.

Defined for: every pathway chapter (and the introduction) — the flip points in the prose.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from . import numbers
from . import verdict as verdicts
from .compile import Model, default_model
from .evaluate import Result, check_assumptions, evaluate
from .expr import Compare, Concat, Cond, Const, Node, Number, Text, Var, to_numpy
from .names import check_names, lookup


def slider_positions(name: str, model: Model | None = None) -> np.ndarray:
    """The positions a slider for `name` can take, bottom to top (the spec's range and step)."""
    m = model or default_model()
    a = lookup("assumption", name, m.spec.assumptions)
    n = int(round((a.max - a.min) / a.step)) + 1
    return np.round(np.linspace(a.min, a.max, n), 10)


def first_where(
    name: str,
    test: Callable[[Result], bool],
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> float:
    """The first slider position of `name`, from the bottom, where `test(evaluate(...))`
    holds, the other assumptions at `values` or their defaults.

    For conditions that are not a verdict (one pathway outweighing another: tally.outweighs);
    where a verdict turns is `flip_point`'s one rule. Raises ValueError when no position
    satisfies the test, so a chapter never quotes a threshold that does not exist.
    """
    m = model or default_model()
    fixed = dict(values or {})
    if name in fixed:
        raise ValueError(f"{name!r} is the slider being scanned; do not also fix it")
    check_assumptions(m.spec, fixed)
    for x in slider_positions(name, m):
        if test(evaluate({**fixed, name: float(x)}, m)):
            return float(x)
    a = m.spec.assumptions[name]
    raise ValueError(f"no position of {name} in [{a.min}, {a.max}] satisfies the test")


def contribution(result: Result, pid: str) -> float:
    """One pathway's contribution in a result (by pathway id)."""
    t = result.table.set_index("id")
    check_names("pathway", [pid], t.index)
    return float(t.loc[pid, "contribution"])


def flip_point(
    name: str,
    quantity: str = "net",
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
) -> float:
    """Where the verdict turns along a slider: the first position of `name`, from the bottom,
    at which the verdict's word for `quantity` differs from its word at the bottom.

    This is the essay's one rule for a flip point (every chapter quotes it, printed with
    numbers.quote("flip point", ...)): below it the slider gives the bottom's verdict.
    `quantity`: "net" (direction of relations), "policy" (which option comes out ahead, or
    a tie at the printed precision), "marginal" (effect of more engagement), "us_share" (the
    US role: minor, important, determinant). The words are verdict.reading's, the ones the
    sentences use. Raises ValueError when the word never changes along the slider.
    """
    m = model or default_model()
    tree = verdicts.reading(m, quantity)
    fixed = dict(values or {})
    if name in fixed:
        raise ValueError(f"{name!r} is the slider being scanned; do not also fix it")
    env = check_assumptions(m.spec, fixed)
    xs = slider_positions(name, m)
    words = np.broadcast_to(to_numpy(tree, {**env, name: xs}), xs.shape)
    changed = np.flatnonzero(words != words[0])
    if changed.size == 0:
        a = m.spec.assumptions[name]
        raise ValueError(
            f"the verdict on {quantity} never changes along {name} in [{a.min}, {a.max}]"
        )
    return float(xs[changed[0]])


def tipping_grid(resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """The cells of a tipping map: u, v in [0, 1] (bottom to top of each axis's range).

    Shared by charts.tipping_map and map_share so the prose and the figure use one grid.
    """
    if (
        isinstance(resolution, bool)
        or not isinstance(resolution, int)
        or not 2 <= resolution <= 101
    ):
        raise ValueError(f"resolution {resolution!r}: allowed an integer 2-101")
    steps = np.linspace(0.0, 1.0, resolution)
    u, v = np.meshgrid(steps, steps, indexing="ij")
    return u.ravel(), v.ravel()


def map_share(
    x: str,
    y: str,
    quantity: str = "net",
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
    resolution: int = 31,
) -> float:
    """Share of a tipping map's cells where the verdict names `quantity`'s positive side
    (beyond a tie at the printed precision, verdict.side_tests): what the map's sentence says."""
    m = model or default_model()
    allowed = m.spec.assumptions
    check_names("axis", (x, y), allowed)
    if x == y:
        raise ValueError("x and y must be two different assumptions")
    fixed = {k: v for k, v in (values or {}).items()}
    for name in (x, y):
        if name in fixed:
            raise ValueError(f"{name!r} is a map axis; do not also fix it")
    env = check_assumptions(m.spec, fixed)
    u, v = tipping_grid(resolution)
    ax, ay = allowed[x], allowed[y]
    grid: dict[str, Number] = {
        **env,
        x: ax.min + u * (ax.max - ax.min),
        y: ay.min + v * (ay.max - ay.min),
    }
    value = np.asarray(to_numpy(m.quantity(quantity), grid))
    upper = verdicts.side_tests(quantity, Var("value"))[0]
    return float(np.mean(np.asarray(to_numpy(upper, {"value": value}))))


#: The two menus (Vega params) that pick a tipping map's axes.
MENUS = ("xaxis", "yaxis")
#: What a positive cell means, per quantity (the map's sentence).
POSITIVE = {
    "net": "relations lean toward cooperation",
    "policy": "inclusive ties come out ahead",
    "marginal": "more US engagement helps",
}


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
