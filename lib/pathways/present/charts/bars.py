"""The shared pathway bars: one bar per pathway of a number the browser computes.

Why: the explorer (contributions) and the marginal chart (effect of more engagement) are
the same figure of different trees; drawing it once keeps their look and fields alike.

Defined for: every chapter (explorer); 'Synthesis' (marginal_chart).
"""

from __future__ import annotations

import altair as alt

from ...model.compile import Model
from .common import DIRECTION_SCALE, WIDTH, long_title, pathway_rows

#: The effect of more engagement's axis title (the synthesis's chart, the caveats' panel).
MARGINAL_TITLE = "Change in contribution per unit of US engagement"


def pathway_bars(
    m: Model, field: str, expr: str, x_title: str, legend: str, focus: str | None = None
) -> alt.Chart:
    """One bar per pathway of a browser-computed `field`, coloured by the way it pushes;
    `x_title` is drawn in lines (`long_title`) so that it fits a phone's column.

    With `focus` (a Vega test on the row), the other pathways' bars are faded.
    """
    calc = {"direction": f"datum.{field} >= 0 ? 'cooperation' : 'friction'"}
    encoding: dict = {}
    if focus is not None:
        calc["focus"] = focus
        encoding["opacity"] = alt.condition("datum.focus", alt.value(1.0), alt.value(0.3))
    return (
        alt.Chart(alt.Data(values=pathway_rows(m)))
        .transform_calculate(**{field: expr})
        .transform_calculate(**calc)
        .mark_bar()
        .encode(
            y=alt.Y("short:N", sort=alt.SortField("order"), title=None),
            x=alt.X(f"{field}:Q", **long_title(x_title), scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title=legend),
            tooltip=[
                alt.Tooltip("label:N", title="Pathway"),
                alt.Tooltip(f"{field}:Q", format="+.3f"),
            ],
            **encoding,
        )  # fmt: skip
        .properties(width=WIDTH, height=220)
    )
