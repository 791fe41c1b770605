"""Verdict sentences built as expression trees, so the kernel and the browser word them alike.

Why: a reader who moves a slider past a threshold must see the sentence change on the
website, where no Python runs; the same tree prints the sentence in Python (to_text) and
in Vega (to_vega). Thresholds: the net's sign decides the direction; the share of
US-dependent pathways is compared with `verdict.determinant_share` from the spec.

Defined for: every chapter's verdict line.
"""

from __future__ import annotations

from .compile import Model
from .expr import Call, Compare, Concat, Cond, Const, Format, Node, Text

ZERO = Const(0.0)


def _sign_word(x: Node, pos: str, neg: str, zero: str) -> Node:
    return Cond(
        Compare(">", x, ZERO), Text(pos), Cond(Compare("<", x, ZERO), Text(neg), Text(zero))
    )


def direction(net: Node) -> Node:
    """'cooperation' / 'friction' / 'neither side' by the sign of `net`."""
    return _sign_word(net, "cooperation", "friction", "neither side")


def policy_clause(model: Model) -> Node:
    """Which option of the conclusion comes out ahead, and by how much.

    Margins below the spec's `narrow_margin` read "narrowly" (not "by 0.00"); an exact
    zero is a tie.
    """
    m = model.policy_margin
    spec = model.spec
    inc = spec.policies["inclusive"].short.lower()
    exc = spec.policies["exclusive"].short.lower()
    size = Cond(
        Compare("<", Call("abs", (m,)), Const(spec.narrow_margin)),
        Text("narrowly"),
        Concat((Text("by "), Format(Call("abs", (m,)), ".2f"))),
    )
    return Cond(
        Compare(">", m, ZERO),
        Concat((Text(f"{inc} come out ahead of an {exc} "), size)),
        Cond(
            Compare("<", m, ZERO),
            Concat((Text(f"an {exc} comes out ahead of {inc} "), size)),
            Text(f"{inc} and an {exc} tie"),
        ),
    )


def overall(model: Model) -> Node:
    """One sentence: direction, US marginal effect, US share, preferred policy."""
    share = model.us_share
    threshold = Const(model.spec.determinant_share)
    return Concat(
        (
            Text("Relations lean toward "),
            direction(model.net),
            Text(" (net "),
            Format(model.net, "+.2f"),
            Text("); more US engagement would "),
            _sign_word(model.marginal_total, "help", "hurt", "not change"),
            Text(" them ("),
            Format(model.marginal_total, "+.2f"),
            Text(" per unit); US-dependent pathways carry "),
            Format(share, ".0%"),
            Text(" of the forces, so the US role is "),
            Cond(
                Compare(">=", share, threshold),
                Text("determinant"),
                Text("important but not determinant"),
            ),
            Text("; and "),
            policy_clause(model),
            Text("."),
        )
    )


def for_group(model: Model, group: int) -> Node:
    """A chapter's sentence: what its pathway does, and what follows for the conclusion."""
    c = model.group_contribution(group)
    names = [p.short for p in model.spec.pathways if p.group == group]
    name = " and ".join(names)
    label = f"Pathway {group} ({name})" if group else name
    return Concat(
        (
            Text(f"{label} pushes toward "),
            direction(c),
            Text(" by "),
            Format(Call("abs", (c,)), ".2f"),
            Text("; overall, relations lean toward "),
            direction(model.net),
            Text(" (net "),
            Format(model.net, "+.2f"),
            Text("), and "),
            policy_clause(model),
            Text("."),
        )
    )


def policy_comparison(model: Model) -> Node:
    """The conclusion's sentence: both options' net outcomes and which comes out ahead."""
    pol = model.spec.policies
    return Concat(
        (
            Text(f"Net outcome with an {pol['exclusive'].short.lower()}: "),
            Format(model.policy_net["exclusive"], "+.2f"),
            Text(f"; with {pol['inclusive'].short.lower()}: "),
            Format(model.policy_net["inclusive"], "+.2f"),
            Text("; so "),
            policy_clause(model),
            Text("."),
        )
    )
