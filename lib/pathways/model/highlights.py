"""Which pathways the framework diagram's menu highlights, and what they add up to.

Why: the diagram's menu ("toward friction", "driver: threat"...) picks pathways by
direction or driver, and the sentence under it adds up the ones picked. The website
computes both in the browser, ``python -m pathways diagram`` in Python; the rule and the
sentence live here once, so the page and the command cannot disagree.

Defined for: 'The framework' (the framework diagram's menu and sentence).
"""

from __future__ import annotations

from . import numbers
from . import verdict as verdicts
from .expr import Compare, Concat, Cond, Const, Format, Node, Text, Var
from .names import lookup
from .spec import DRIVER_KINDS

#: The menu's option that highlights every pathway.
ALL = "all pathways"
#: The options that pick pathways by the sign of their push.
BY_SIGN = {"toward cooperation": 1, "toward friction": -1}
#: The options that pick pathways by their driver start with this, then the driver's kind.
DRIVER = "driver: "
#: Every option of the menu, in its order: the drivers are the spec's kinds of driver.
HIGHLIGHTS = [ALL, *BY_SIGN, *(DRIVER + d for d in DRIVER_KINDS)]


def is_highlighted(option: str, sign: int, driver_kind: str) -> bool:
    """Does the menu's `option` highlight a pathway of this sign and driver?"""
    lookup("highlight", option, dict.fromkeys(HIGHLIGHTS))
    if option == ALL:
        return True
    if option in BY_SIGN:
        return sign * BY_SIGN[option] > 0
    return option[len(DRIVER) :] == driver_kind


def highlight_sentence() -> Node:
    """What the highlighted pathways add up to; reads their ``count`` and ``total``."""
    count, total = Var("count"), Var("total")
    return Concat(
        (
            Text("The "),
            Format(count, "d"),
            Text(" highlighted pathway"),
            Cond(Compare("==", count, Const(1.0)), Text(""), Text("s")),
            Text(" add up to "),
            numbers.node("margin", total),
            Text(", toward "),
            verdicts.direction(total),
            Text("."),
        )
    )
