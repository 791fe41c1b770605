"""How the essay prints each kind of number, in its prose (glue) and on its charts (Vega).

Why: one flip point was printed 0.69 on one page and 0.68 on another, and the policy margin
0.014 in the prose but 0.01 in the sentence under the chart. A number quoted to readers is
printed from this one table: `quote` formats it exactly as d3-format (Vega's ``format``)
does, so a glued number and a chart's sentence agree to the character, and the verdict
trees print theirs through `node`. `tie_bound` is where a margin stops printing as zero,
which is where a verdict may name a winner at all.

Defined for: every chapter's glued flip points, shares and margins, and every verdict
sentence (the explorers, the policy chart, the framework diagram, the tipping maps).
"""

from __future__ import annotations

import decimal
import math

from .expr import Call, Compare, Cond, Const, Format, Node, Text, format_number
from .names import lookup

#: Kind of quantity -> its d3-format specifier (each one of `expr.FORMATS`, which both
#: backends print alike; tests/test_numbers.py checks).
FORMATS: dict[str, str] = {
    # a slider position at which a verdict turns (thresholds.flip_point)
    "flip point": ".2f",
    # a part of a whole: of the forces (us_share and its thresholds), of a map, of worlds
    "share": ".0%",
    # a signed balance: the net outcome, the policy margin or a pathway's part
    "margin": "+.2f",
    # a margin's or a push's size once the sentence has named its side in words ("by 0.01")
    "size": ".2f",
    # a marginal effect per unit of US engagement
    "effect": "+.2f",
    # an option's net outcome beside the other's (the policy comparison): one digit more
    # than the margin, so two nets that differ by a named margin never print alike
    "option net": "+.3f",
}
#: Kinds printed without a sign: the sentence names the side in words, so a size is |x|.
UNSIGNED = frozenset({"size"})
#: Kinds printed with a sign: a value that prints as zero prints as an unsigned zero
#: ("0.00", never "+0.00" or "−0.00"), since it names no side.
SIGNED = frozenset(k for k, f in FORMATS.items() if f.startswith("+"))
_WORDS = {0: "whole numbers", 1: "one decimal", 2: "two decimals", 3: "three decimals"}


def spec(kind: str) -> str:
    """The format specifier of `kind`; an unknown kind is refused with the allowed ones."""
    return lookup("kind of number", kind, FORMATS)


def quote(kind: str, value: float) -> str:
    """`value` as the essay prints a number of `kind` (what a chapter glues); a size is
    printed without its sign."""
    fmt = spec(kind)
    if kind in SIGNED and abs(float(value)) < tie_bound(kind):
        return zero(kind)
    return format_number(abs(float(value)) if kind in UNSIGNED else value, fmt)


def zero(kind: str) -> str:
    """How a number of `kind` that rounds to zero prints: without a sign ("0.00")."""
    return format_number(0.0, spec(kind).lstrip("+"))


def node(kind: str, value: Node) -> Node:
    """The tree that prints `value` as a number of `kind` (in a verdict sentence); a signed
    kind's value that rounds to zero prints as :func:`zero`, as in :func:`quote`."""
    fmt = spec(kind)
    printed = Format(Call("abs", (value,)) if kind in UNSIGNED else value, fmt)
    if kind not in SIGNED:
        return printed
    near = Compare("<", Call("abs", (value,)), Const(tie_bound(kind)))
    return Cond(near, Text(zero(kind)), printed)


def decimals(kind: str) -> int:
    """Digits after the decimal point that `kind` prints (of the percentage for a share)."""
    fmt = spec(kind)
    if "." not in fmt:
        return 0
    return int(fmt.split(".")[1].rstrip("f%"))


def tie_bound(kind: str) -> float:
    """The smallest non-negative number that does not print as zero with `kind`'s format.

    ``abs(x) < tie_bound(kind)`` holds exactly when `x` prints as 0.00 (or −0.00): the
    format rounds the binary value half away from zero, so the bound is the first double at
    or above half a unit of the last printed digit.
    """
    fmt = spec(kind)
    if not fmt.endswith("f"):
        raise ValueError(f"{kind}: ties are defined for fixed-point kinds; {fmt!r} is not one")
    half = decimal.Decimal(5).scaleb(-(decimals(kind) + 1))
    bound = float(half)
    if decimal.Decimal(bound) < half:
        bound = math.nextafter(bound, math.inf)
    return bound


def precision_words(kind: str) -> str:
    """The printed precision of `kind` in words ("two decimals"), for a sentence's tie."""
    digits = decimals(kind)
    return _WORDS.get(digits, f"{digits} decimals")
