"""Long text inside a chart's drawing goes as lines (charts.common.text_lines), so that the
charts a 320 px phone used to cut (issue 13: the conclusion's policy chart, the synthesis's
marginal and sensitivity charts; the caveats and the histogram share the rule) keep every x
title within the plot's width. The geometry itself is checked in the browser
(tests/site/test_smallest_phone.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pathways import charts
from pathways.model.montecarlo import sample
from pathways.present.charts.common import LINE_CHARS, long_title, text_lines

LONG = "Change in contribution per unit of US engagement"


def test_text_lines_breaks_long_text_at_spaces():
    lines = text_lines(LONG)
    assert len(lines) > 1 and all(len(line) <= LINE_CHARS for line in lines)
    assert " ".join(lines) == LONG


def test_text_lines_keeps_short_text_and_long_words_whole():
    assert text_lines("Year") == ["Year"]
    word = "x" * (LINE_CHARS + 5)
    assert text_lines(f"a {word} b") == ["a", word, "b"]
    assert text_lines("") == [""]


def test_long_title_draws_lines_and_keeps_one_line_to_read():
    said = long_title(LONG, format="%")
    assert said["title"] == LONG
    assert said["axis"].to_dict() == {"title": text_lines(LONG), "format": "%"}


def _x_channels(node: Any) -> Iterator[dict]:
    """Every x channel of a Vega-Lite spec (a y title runs along the plot's height, which
    a phone does not limit)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x" and isinstance(value, dict):
                yield value
            yield from _x_channels(value)
    elif isinstance(node, list):
        for item in node:
            yield from _x_channels(item)


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.policy_chart(["threat", "engagement"]),
        lambda: charts.marginal_chart(["threat", "mediation"]),
        lambda: charts.explorer(["threat"]),
        lambda: charts.sensitivity_chart(sample(200, seed=1)),
        lambda: charts.caveats_chart(),
        lambda: charts.monte_carlo_chart(sample(200, seed=1)),
    ],
    ids=["policy", "marginal", "explorer", "sensitivity", "caveats", "monte-carlo"],
)
def test_x_titles_are_drawn_as_short_lines_and_read_as_one(build):
    """Each x title: one string on the channel (what descriptions and tooltips read), and
    on the axis lines of at most LINE_CHARS that say the same words."""
    channels = [c for c in _x_channels(build().to_dict()) if c.get("title")]
    assert channels, "no x title found"
    for channel in channels:
        said = channel["title"]
        drawn = (channel.get("axis") or {}).get("title", said)
        lines = drawn if isinstance(drawn, list) else [drawn]
        assert isinstance(said, str) and " ".join(lines) == said, channel
        assert all(len(line) <= LINE_CHARS for line in lines), drawn
