"""The verdict panel under a chart: one sentence the browser computes, broken into lines.

Why: every live figure ends with a sentence that states what its marks show (the library's
verdict, a map's share, a diagram's sum, the evidence check's summary). It is computed the
same way everywhere, a text mark named `VERDICT_VIEW` whose dataset carries `verdict`, so
it lives here. On a page the chart runtime (``present/js/runtime.js``) reads that dataset,
writes the sentence as HTML text beside the chart (role="status", body size) and takes the
panel out of the drawing, so the sentence appears once; the spec keeps the panel, so an
export drawn from the spec carries the verdict (broken after each clause).

Defined for: every chapter's live figure (and the evidence chapter's check, via the record).
"""

from __future__ import annotations

import re
from typing import Any

import altair as alt

from ...model.compile import default_model
from ...model.expr import Node, to_text, to_vega
from ...model.variants import variant_env
from ..vega import Ref
from .common import WIDTH

# Verdict sentences are one line in Python; on a chart they break after each clause
# ("; ", ", so ", ", and ") so that no line runs past the chart's width.
WRAP_AT = "(; |, so |, and )"
LINE_HEIGHT = 18
#: The name of the verdict's view; Vega-Lite names its mark ``<name>_marks``.
VERDICT_VIEW = "verdict"
VERDICT_MARK = f"{VERDICT_VIEW}_marks"


def wrap(at: str = WRAP_AT, keep: str = "$1") -> str:
    """Vega: `datum.verdict` split into lines after each match of the regex `at`.

    `keep` is what of the match stays at the end of the line ("$1": all of it).
    """
    return f"split(replace(datum.verdict, /{at}/g, '{keep}\\n'), '\\n')"


WRAP = wrap()


def verdict_panel(
    source: alt.Chart, verdict: str, height: int, width: int = WIDTH, display: str | None = WRAP
) -> alt.Chart:
    """`source`'s rows drawn as the Vega sentence `verdict`, line by line (`display`).

    `display=None` draws the sentence on one line (short sentences).
    """
    chart = source.transform_calculate(verdict=verdict)
    text = "verdict:N"
    mark: dict[str, Any] = {"align": "left", "baseline": "top", "fontSize": 13}
    if display is not None:
        chart = chart.transform_calculate(display=display)
        text, mark = "display:N", {**mark, "lineHeight": LINE_HEIGHT}
    return (
        chart.mark_text(**mark)
        .encode(x=alt.value(0), y=alt.value(4), text=text)
        .properties(name=VERDICT_VIEW, width=width, height=height, view=alt.ViewConfig(stroke=None))
    )


def sentence_panel(tree: Node, ref: Ref, width: int = WIDTH) -> alt.Chart:
    """The verdict line: the exact library sentence, broken after each clause for display.

    The panel is as tall as the sentence at the spec's defaults (and default structure)
    needs; other scenarios and structures take other branches of the same clauses, so the
    same number of lines.
    """
    spec = default_model().spec
    at: dict[str, float | str] = {**spec.defaults(), **variant_env(spec)}
    lines = len(re.findall(WRAP_AT, to_text(tree, at))) + 1
    source = alt.Chart(alt.Data(values=[{"row": "verdict"}]))
    return verdict_panel(source, to_vega(tree, ref), LINE_HEIGHT * lines + 8, width)
