"""Where the framework diagram draws each box, link and number, in its two layouts.

Why: at the book's smallest type a chain of six concepts needs a desktop column; a phone's
column holds three boxes. Every datum of the diagram therefore carries both layouts'
coordinates (``w*`` wide, ``n*`` narrow) and the chart picks one with a signal, so there
is one drawing, one set of controls and one table whatever the width. Wide: one row per
chain. Narrow: one block per chain, a header line (its name and number) above the chain
wrapped into lines of at most COLUMNS boxes, a link that ends a line turning down to the
start of the next one. x is a fraction of the drawing's width (the runtime fits the width
to the column), y is in px.

Defined for: 'The framework' (framework_diagram).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: A concept's box height and the wide layout's row pitch, in px.
BOX_HEIGHT, ROW_HEIGHT = 58, 66
#: Wide: six columns of boxes, each 2 x WIDE_HALF of a column wide. Narrow: at most
#: COLUMNS boxes a line, NARROW_GAP (of the width) apart, the first and last flush with the
#: drawing's edges (with the header line's name and number): as wide as a phone allows.
WIDE_COLUMNS, WIDE_HALF = 6, 0.45
COLUMNS, NARROW_GAP = 3, 0.035
NARROW_BOX = (1 - (COLUMNS - 1) * NARROW_GAP) / COLUMNS
#: Narrow: a block's header line, the gap between two lines of one chain (where the
#: continuation turns) and the gap between two blocks, in px.
HEADER, LINE_GAP, BLOCK_GAP = 22, 26, 14
#: How far above a box's top the arrowhead of a continuation sits, in px.
ARROW_LIFT = 7

Point = tuple[float, float]


def places(n: int) -> list[tuple[int, int]]:
    """(line, column) of each of a chain's `n` boxes in the narrow layout: as few lines as
    COLUMNS allows, filled evenly (four boxes: two and two, not three and one)."""
    if n < 1:
        raise ValueError(f"a chain has at least one concept, not {n}")
    per = math.ceil(n / math.ceil(n / COLUMNS))
    return [(i // per, i % per) for i in range(n)]


def block_tops(lengths: Sequence[int]) -> tuple[list[float], float]:
    """The narrow layout's top of each chain's block (chains of `lengths` boxes) and the
    height of them all."""
    tops, y = [], 0.0
    for n in lengths:
        tops.append(y)
        lines = places(n)[-1][0] + 1
        y += HEADER + lines * BOX_HEIGHT + (lines - 1) * LINE_GAP + BLOCK_GAP
    return tops, y - BLOCK_GAP if lengths else 0.0


def wide_height(rows: int) -> int:
    """The wide layout's height: one row per chain."""
    return ROW_HEIGHT * rows


def centres(row: int, top: float, n: int) -> list[tuple[Point, Point]]:
    """(wide, narrow) centre of each box of the chain drawn in `row` (wide) and in the
    block starting at `top` (narrow)."""
    wy = row * ROW_HEIGHT + ROW_HEIGHT / 2
    out = []
    for pos, (line, col) in enumerate(places(n)):
        ny = top + HEADER + BOX_HEIGHT / 2 + line * (BOX_HEIGHT + LINE_GAP)
        nx = col * (NARROW_BOX + NARROW_GAP) + NARROW_BOX / 2
        out.append((((pos + 0.5) / WIDE_COLUMNS, wy), (nx, ny)))
    return out


def box(wide: Point, narrow: Point) -> dict[str, float]:
    """A box's corners in both layouts (`x1`, `x2`, `y1`, `y2`, prefixed w or n)."""
    out: dict[str, float] = {}
    for p, (x, y), half in (("w", wide, WIDE_HALF / WIDE_COLUMNS), ("n", narrow, NARROW_BOX / 2)):  # fmt: skip
        out |= {f"{p}x1": x - half, f"{p}x2": x + half}
        out |= {f"{p}y1": y - BOX_HEIGHT / 2, f"{p}y2": y + BOX_HEIGHT / 2}
    return out


def segments(a: tuple[Point, Point], b: tuple[Point, Point]) -> list[dict[str, float]]:
    """The link from box `a` to box `b` as three straight pieces in both layouts (`x`, `x2`,
    `y`, `y2`, prefixed w or n): one from centre to centre (the others of no length, under
    the box) when both are on one line; down, across and down again when `b` starts the
    next line. The boxes, drawn on top, hide the pieces inside them."""
    (wa, na), (wb, nb) = a, b
    wide = [wa, wb, wb, wb]
    if na[1] == nb[1]:
        narrow = [na, nb, nb, nb]
    else:
        turn = na[1] + BOX_HEIGHT / 2 + LINE_GAP / 2
        narrow = [na, (na[0], turn), (nb[0], turn), nb]
    return [
        {
            "wx": wide[k][0],
            "wx2": wide[k + 1][0],
            "wy": wide[k][1],
            "wy2": wide[k + 1][1],
            "nx": narrow[k][0],
            "nx2": narrow[k + 1][0],
            "ny": narrow[k][1],
            "ny2": narrow[k + 1][1],
        }  # fmt: skip
        for k in range(3)
    ]


def arrowhead(a: tuple[Point, Point], b: tuple[Point, Point]) -> dict[str, float]:
    """Where the link from `a` to `b` shows its direction: a triangle in the gap before `b`
    pointing right (`*angle` 0), or above `b` pointing down (90) for a continuation."""
    (wa, na), (wb, nb) = a, b
    wide = {"wx": (wa[0] + wb[0]) / 2, "wy": wb[1], "wangle": 0.0}
    if na[1] == nb[1]:
        return wide | {"nx": (na[0] + nb[0]) / 2, "ny": nb[1], "nangle": 0.0}
    return wide | {"nx": nb[0], "ny": nb[1] - BOX_HEIGHT / 2 - ARROW_LIFT, "nangle": 90.0}


def header(row: int, top: float) -> dict[str, float]:
    """Where a chain's name and number go: beside its row (wide), on its block's header
    line (narrow)."""
    return {"wy": row * ROW_HEIGHT + ROW_HEIGHT / 2, "ny": top + HEADER / 2 - 2}
