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
from pathways.present.charts.bars import MARGINAL_TITLE
from pathways.present.charts.common import LINE_CHARS, text_lines

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


def test_the_marginal_title_is_the_one_rule_applied():
    assert MARGINAL_TITLE == text_lines(LONG)


def _x_titles(node: Any) -> Iterator[Any]:
    """Every x title of a Vega-Lite spec, the encoding's and its axis's (a y title runs along
    the plot's height, which a phone does not limit)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x" and isinstance(value, dict):
                if "title" in value:
                    yield value["title"]
                if isinstance(value.get("axis"), dict) and "title" in value["axis"]:
                    yield value["axis"]["title"]
            yield from _x_titles(value)
    elif isinstance(node, list):
        for item in node:
            yield from _x_titles(item)


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.policy_chart(["threat", "engagement"]),
        lambda: charts.marginal_chart(["threat", "mediation"]),
        lambda: charts.sensitivity_chart(sample(200, seed=1)),
        lambda: charts.caveats_chart(),
        lambda: charts.monte_carlo_chart(sample(200, seed=1)),
    ],
    ids=["policy", "marginal", "sensitivity", "caveats", "monte-carlo"],
)
def test_x_titles_are_lines_no_longer_than_line_chars(build):
    titles = [t for t in _x_titles(build().to_dict()) if t is not None]
    assert titles, "no x title found"
    for title in titles:
        lines = title if isinstance(title, list) else [title]
        assert all(len(line) <= LINE_CHARS for line in lines), title
