"""The Monte Carlo's charts: the net outcome across plausible worlds, and what flips it.

Why: the synthesis asks how the verdict fares when every assumption is uncertain; these
charts show the sample (binned in Python, so the page stays small), not live sliders.

Defined for: 'Synthesis' (monte_carlo_chart, sensitivity_chart).
"""

from __future__ import annotations

import altair as alt
import numpy as np

from ...model.montecarlo import Sample
from .common import (
    DIRECTION_SCALE,
    FONT_SIZE,
    NEUTRAL,
    WIDTH,
    heading,
    long_title,
    style,
    text_lines,
    wrapped_labels,
)
from .readout import declare, monte_carlo_rows, ranked_rows


def monte_carlo_chart(sample: Sample, bins: int = 40) -> alt.Chart:
    """Histogram of the net outcome across plausible worlds (binned in Python: small page)."""
    net = sample.draws["net"].to_numpy()
    counts, edges = np.histogram(net, bins=bins)
    rows = [
        {"start": float(a), "end": float(b), "share": float(c) / sample.n,
         "direction": "cooperation" if (a + b) / 2 >= 0 else "friction"}
        for a, b, c in zip(edges[:-1], edges[1:], counts, strict=True)
    ]  # fmt: skip
    caption = "The sample's summary"
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_rect()
        .encode(
            x=alt.X("start:Q", **long_title("Net outcome (+ cooperation, − friction)")),
            x2="end:Q",
            y=alt.Y("share:Q", title="Share of plausible worlds", axis=alt.Axis(format="%")),
            color=alt.Color("direction:N", scale=DIRECTION_SCALE, title="Relations lean toward"),
        )
        .properties(
            width=WIDTH,
            height=220,
            title=heading(f"Net outcome across {sample.n:,} plausible worlds (seed {sample.seed})"),
            description=(
                "Histogram of the net outcome when every assumption is drawn at random from "
                f"its plausible range; {sample.p_cooperation:.0%} of worlds lean toward "
                "cooperation."
            ),
        )
    )
    return declare(
        style(chart),
        "monte-carlo", caption, extra=monte_carlo_rows(sample.p_cooperation, sample.n), verdict=False,
    )  # fmt: skip


def sensitivity_chart(sample: Sample, top: int = 12) -> alt.Chart:
    """Which assumptions most often flip the verdict (net direction) across their range."""
    rows = sample.sensitivity.head(top).to_dict(orient="records")
    caption = "Each assumption's share of worlds where it flips the direction"
    wrap = wrapped_labels([r["label"] for r in rows])
    lines = max(len(text_lines(r["label"])) for r in rows) if rows else 1
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=NEUTRAL)
        .encode(
            y=alt.Y(
                "label:N",
                sort=alt.SortField("flips_direction", order="descending"),
                title=None,
                axis=alt.Axis(labelExpr=wrap, labelLineHeight=FONT_SIZE + 2),
            ),
            x=alt.X(
                "flips_direction:Q",
                **long_title("Share of worlds where it flips the direction", format="%"),
            ),
            tooltip=[
                alt.Tooltip("label:N"),
                alt.Tooltip("flips_direction:Q", format=".1%"),
                alt.Tooltip("flips_policy:Q", format=".1%", title="flips the preferred option"),
            ],
        )  # fmt: skip
        .properties(
            width=WIDTH - 160,
            height=len(rows) * (lines * (FONT_SIZE + 2) + 10),
            title=heading("The assumptions that most often flip the verdict"),
            description=(
                "Bar chart ranking assumptions by the share of plausible worlds in which moving "
                "that assumption from the bottom to the top of its range flips the direction of "
                "Korea-Japan relations."
            ),
        )
    )
    return declare(
        style(chart),
        "sensitivity", caption, extra=ranked_rows("label", "flips_direction", "share"), verdict=False,
    )  # fmt: skip
