"""The evidence check's period sliders crossed: a message in every panel, no meaningless axis.

Reversing "Period from" and "Period to" used to draw three empty panels with "0.000000" on
an axis; now each panel says why it is empty, its tick labels are blank, the sentence asks
for another period, and the title is two short lines that fit a narrow column. Run in
Node's Vega with the pinned packages, the way the browser runs the chart.
"""

from __future__ import annotations

import json

import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from _vega_node import run_vega
from pathways.record import evidence_charts
from pathways.record.evidence import END, START

pytestmark = pytest.mark.usefixtures("data_env")


def _notes(data: dict) -> int:
    """Rows carrying the empty-window message, over the source and the filtered data sets."""
    note = evidence_charts.EMPTY_NOTE
    return sum(row.get("note") == note for rows in data.values() for row in rows)


def _verdicts(data: dict) -> list[str]:
    return [row["verdict"] for rows in data.values() for row in rows if "verdict" in row]


def test_a_crossed_window_says_so_in_every_panel(tmp_path):
    chart = evidence_charts.check_chart()
    jobs = [
        {"spec": chart.to_dict(), "signals": {START: 2015, END: 2000}},
        {"spec": chart.to_dict(), "signals": {START: 2000, END: 2015}},
    ]
    crossed, ordinary = run_vega(jobs, tmp_path)
    # the message passes its filter only for a crossed window (the three panels draw one
    # shared data set: Vega merges identical ones)
    assert _notes(crossed) > _notes(ordinary)
    panels = chart.to_dict()["vconcat"][:3]
    assert all(json.dumps(evidence_charts.EMPTY_NOTE) in json.dumps(p) for p in panels)
    assert _verdicts(crossed) == ["Pick a start year no later than the end year."]
    assert _verdicts(ordinary)[0].startswith("2000\u20132015: the model predicts")


def test_a_crossed_window_prints_no_tick_labels_and_a_short_title():
    spec = evidence_charts.check_chart().to_dict()
    text = json.dumps(spec)
    # the year axis and the three value axes hide their labels for a crossed window
    assert text.count(json.dumps(evidence_charts.HIDDEN_WHEN_EMPTY)) >= 4
    assert evidence_charts.HIDDEN_WHEN_EMPTY.startswith(f"{START} > {END} ? ''")
    assert isinstance(spec["title"], list) and max(len(line) for line in spec["title"]) <= 45
