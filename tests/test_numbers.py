"""The one table of number formats (lib/pathways/model/numbers.py) and its formatter.

Prose (glue) and charts (Vega `format`) print flip points, shares and margins from the same
table; these tests pin what each kind prints, that every kind is a format both backends
print alike, and that `tie_bound` is exactly where a number stops printing as zero.
"""

from __future__ import annotations

import decimal
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pathways import quote
from pathways.model import default_model, numbers
from pathways.model import verdict as verdicts
from pathways.model.expr import FORMATS, Const, Format, Node, _children, format_number, to_text

MINUS = "\u2212"


@pytest.mark.parametrize(
    ("kind", "value", "printed"),
    [
        ("flip point", 0.69, "0.69"),
        ("flip point", 0.6849999, "0.68"),
        ("share", 0.3776, "38%"),
        ("share", 0.125, "13%"),  # d3 rounds an exact tie away from zero; Python would say 12%
        ("share", 0.0, "0%"),
        ("margin", -0.0069, f"{MINUS}0.01"),  # the minus sign the charts print, not a hyphen
        ("margin", 0.0137, "+0.01"),
        ("size", -0.0512, "0.05"),  # a size: its side is named in words
        ("size", 0.125, "0.13"),
        ("effect", -0.355, f"{MINUS}0.35"),
    ],
)
def test_each_kind_prints_as_the_essay_quotes_it(kind, value, printed):
    assert quote(kind, value) == printed


def test_the_table_names_the_kinds_the_brief_asks_for():
    assert numbers.FORMATS["flip point"] == ".2f"
    assert numbers.FORMATS["share"] == ".0%"
    assert numbers.FORMATS["margin"] == "+.2f"


@pytest.mark.parametrize("kind", list(numbers.FORMATS))
def test_every_kind_is_a_format_both_backends_print_alike(kind):
    assert numbers.spec(kind) in FORMATS
    node = numbers.node(kind, Const(-0.4567))
    assert to_text(node, {}) == quote(kind, -0.4567)


def test_an_unknown_kind_is_refused_with_the_allowed_ones():
    with pytest.raises(ValueError, match=r"^unknown kind of number 'percent'; allowed: flip point"):
        quote("percent", 0.5)


def test_a_size_prints_at_the_precision_of_a_margin():
    """The verdict prints a margin as a size after naming its side; a tie is judged there."""
    assert numbers.decimals("size") == numbers.decimals("margin") == 2
    assert numbers.precision_words("size") == "two decimals"
    assert numbers.precision_words("share") == "whole numbers"


def test_tie_bound_is_where_a_number_stops_printing_as_zero():
    bound = numbers.tie_bound("size")
    below = math.nextafter(bound, 0.0)
    assert quote("size", bound) == "0.01" and quote("size", below) == "0.00"
    assert decimal.Decimal(below) < decimal.Decimal("0.005") <= decimal.Decimal(bound)
    with pytest.raises(ValueError, match="fixed-point"):
        numbers.tie_bound("share")


@settings(max_examples=300, deadline=None)
@given(x=st.floats(-0.02, 0.02, allow_nan=False))
def test_below_the_tie_bound_exactly_when_printed_as_zero(x):
    assert (abs(x) < numbers.tie_bound("size")) == (format_number(abs(x), ".2f") == "0.00")


def _formats_in(node: Node) -> set[str]:
    found = {node.spec} if isinstance(node, Format) else set()
    for child in _children(node):
        found |= _formats_in(child)
    return found


def test_the_verdict_sentences_print_only_the_table_s_kinds():
    """The sentences under the charts print numbers through `numbers.node`, so with the
    table's formats and no other (a stray '.3f' would print a margin unlike the prose)."""
    model = default_model()
    trees = [verdicts.overall(model), verdicts.policy_comparison(model)]
    trees += [verdicts.for_group(model, g) for g in sorted({p.group for p in model.spec.pathways})]
    used = set().union(*(_formats_in(t) for t in trees))
    assert used == {numbers.spec(k) for k in ("margin", "effect", "share", "size", "option net")}
