"""Verdict sentences built as expression trees, so the kernel and the browser word them alike.

Why: a reader who moves a slider past a threshold must see the sentence change on the
website, where no Python runs; the same tree prints the sentence in Python (to_text) and
in Vega (to_vega). Each word a verdict chooses has one rule here (`sides`), which the
sentences and `reading` (what thresholds.flip_point scans) share:

* direction and help/hurt: the side of the net and of the marginal effect, named only when
  the number does not print as zero (a net of 0.004 leans toward "neither side at two
  decimals", never "cooperation (net +0.00)");
* the US role: "minor" below the spec's `minor_share`, "important but not determinant" from
  it, "determinant" from `determinant_share` on (each threshold belongs to the word above);
* the policy options, and a pathway's push and part of the policy comparison: a side is
  named only when the number does not print as zero (`numbers.tie_bound`); otherwise the
  sentence says they tie at the printed precision, never "by 0.00".

Defined for: every chapter's verdict line.
"""

from __future__ import annotations

from . import numbers
from .compile import Model
from .expr import Compare, Concat, Cond, Const, Node, Text, total
from .names import lookup
from .spec import QUANTITY_NAMES, Spec

ZERO = Const(0.0)
#: The kind of number a named side's size is printed as; ties are judged at its precision.
SIZE = "size"
#: How the policy comparison prints each option's net: finer than the margin, so that two
#: nets a named margin apart never print alike ("−0.10 and −0.10, ahead by 0.01").
OPTION_NET = "option net"


def _choose(tests: tuple[Node, Node], up: Node, down: Node, neither: Node) -> Node:
    """`up` where the first test holds, else `down` where the second does, else `neither`."""
    return Cond(tests[0], up, Cond(tests[1], down, neither))


def _beyond_tie(x: Node, kind: str = SIZE) -> tuple[Node, Node]:
    """x prints as a positive / a negative number at `kind`'s precision (else a tie)."""
    bound = Const(numbers.tie_bound(kind))
    return Compare(">=", x, bound), Compare("<=", x, -bound)


def _role_tests(share: Node, spec: Spec) -> tuple[Node, Node]:
    """Determinant (share >= determinant_share) / minor (share < minor_share)."""
    return (
        Compare(">=", share, Const(spec.determinant_share)),
        Compare("<", share, Const(spec.minor_share)),
    )


#: The kind of number each signed quantity is printed as: where its sentence ties.
PRINTED_AS = {"net": "margin", "marginal": "effect", "policy": SIZE}


def side_tests(quantity: str, x: Node) -> tuple[Node, Node]:
    """For a value `x` of a signed quantity (net, marginal, policy): the verdict names the
    upper side (first test) or the lower side (second), else it ties at the printed
    precision. A tipping map's cells are judged with these, like the sentences."""
    return _beyond_tie(x, lookup("signed quantity", quantity, PRINTED_AS))


def sides(model: Model, quantity: str) -> tuple[Node, Node]:
    """The two tests that decide a verdict's word for `quantity` (one of spec.QUANTITY_NAMES):
    the first picks the upper word, the second the lower one, neither the middle word."""
    lookup("quantity", quantity, dict.fromkeys(QUANTITY_NAMES))
    if quantity in PRINTED_AS:
        return side_tests(quantity, model.quantity(quantity))
    return _role_tests(model.us_share, model.spec)


def reading(model: Model, quantity: str) -> Node:
    """The verdict's word for `quantity` as a number (1 upper, -1 lower, 0 middle or tie)."""
    return _choose(sides(model, quantity), Const(1.0), Const(-1.0), ZERO)


def direction(net: Node) -> Node:
    """'cooperation' / 'friction' by the side of `net` (printed as a margin), or 'neither
    side at two decimals' when it prints as zero."""
    return _choose(
        _beyond_tie(net, "margin"),
        Text("cooperation"),
        Text("friction"),
        Text(f"neither side {tie_words('margin')}"),
    )


def role(share: Node, spec: Spec) -> Node:
    """The US role by the share of the forces its pathways carry (thresholds from the spec).

    Below `minor_share`: "minor"; from `minor_share` (inclusive) up to `determinant_share`
    (exclusive): "important but not determinant"; from `determinant_share` (inclusive) on:
    "determinant".
    """
    return _choose(
        _role_tests(share, spec),
        Text("determinant"),
        Text("minor"),
        Text("important but not determinant"),
    )


def tie_words(kind: str = SIZE) -> str:
    """How a sentence says that a number of `kind` prints as zero: "at two decimals"."""
    return f"at {numbers.precision_words(kind)}"


def _size(x: Node) -> Node:
    return numbers.node(SIZE, x)


def margin_clause(margin: Node, spec: Spec) -> Node:
    """Which option comes out ahead by `margin` (inclusive minus exclusive), and by how much;
    a margin that prints as zero is a tie at the printed precision."""
    inc = spec.policies["inclusive"].short.lower()
    exc = spec.policies["exclusive"].short.lower()
    return _choose(
        _beyond_tie(margin),
        Concat((Text(f"{inc} come out ahead of an {exc} by "), _size(margin))),
        Concat((Text(f"an {exc} comes out ahead of {inc} by "), _size(margin))),
        Text(f"{inc} and an {exc} tie {tie_words()}"),
    )


def policy_clause(model: Model) -> Node:
    """Which option of the conclusion comes out ahead across all pathways, and by how much."""
    return margin_clause(model.policy_margin, model.spec)


def overall(model: Model) -> Node:
    """One sentence: direction, US marginal effect, US share and role, preferred policy."""
    share = model.us_share
    return Concat(
        (
            Text("Relations lean toward "),
            direction(model.net),
            Text(" (net "),
            numbers.node("margin", model.net),
            Text("); more US engagement would "),
            _choose(
                _beyond_tie(model.marginal_total, "effect"),
                Text("help"),
                Text("hurt"),
                Text(f"not change {tie_words('effect')}"),
            ),
            Text(" them ("),
            numbers.node("effect", model.marginal_total),
            Text(" per unit); US-dependent pathways carry "),
            numbers.node("share", share),
            Text(" of the forces, so the US role is "),
            role(share, model.spec),
            Text("; and "),
            policy_clause(model),
            Text("."),
        )
    )


def policy_difference(model: Model, ids: list[str]) -> Node:
    """What pathways `ids` contribute to the policy margin: their contributions under
    inclusive ties minus under an exclusive bloc (Result.policy.by_pathway's difference)."""
    pol = model.policy_contributions
    return total([pol["inclusive"][i] - pol["exclusive"][i] for i in ids])


def _push(c: Node) -> Node:
    """A pathway's push: its direction and size, or no side at the printed precision."""
    return _choose(
        _beyond_tie(c),
        Concat((Text("pushes toward cooperation by "), _size(c))),
        Concat((Text("pushes toward friction by "), _size(c))),
        Text(f"pushes toward neither side {tie_words()}"),
    )


def _gain(d: Node, spec: Spec) -> Node:
    """A pathway's part of the policy comparison: which option gains on the other through it."""
    inc = spec.policies["inclusive"].short.lower()
    exc = spec.policies["exclusive"].short.lower()
    return _choose(
        _beyond_tie(d),
        Concat((Text(f"{inc} gain "), _size(d), Text(f" on an {exc}"))),
        Concat((Text(f"an {exc} gains "), _size(d), Text(f" on {inc}"))),
        Text(f"neither option gains on the other {tie_words()}"),
    )


def for_group(model: Model, group: int) -> Node:
    """A pathway chapter's sentence: what this pathway does and what it adds to the policy
    comparison, then the whole model's verdict, labelled as such ("across all pathways"),
    so that no reader takes the pathway for what decided it."""
    c = model.group_contribution(group)  # validates the group
    ids = [p.id for p in model.spec.pathways if p.group == group]
    name = " and ".join(p.short for p in model.spec.pathways if p.group == group)
    label = f"Pathway {group} ({name})" if group else name
    return Concat(
        (
            Text(f"{label} "),
            _push(c),
            Text("; through it, "),
            _gain(policy_difference(model, ids), model.spec),
            Text("; across all pathways, relations lean toward "),
            direction(model.net),
            Text(" (net "),
            numbers.node("margin", model.net),
            Text("), and "),
            policy_clause(model),
            Text("."),
        )
    )


def standing(model: Model, option: str, margin: Node | None = None) -> Node:
    """Where `option` ("exclusive" or "inclusive") stands against the other: "ahead",
    "behind", or "tied at two decimals", by the rule of `margin_clause` (the conclusion's
    chart writes it beside each option's total). `margin` (inclusive minus exclusive)
    defaults to the model's policy margin."""
    lookup("policy option", option, model.spec.policies)
    ahead, behind = _beyond_tie(model.policy_margin if margin is None else margin)
    if option == "exclusive":
        ahead, behind = behind, ahead
    return _choose((ahead, behind), Text("ahead"), Text("behind"), Text(f"tied {tie_words()}"))


def policy_comparison(model: Model) -> Node:
    """The conclusion's sentence: both options' net outcomes (to OPTION_NET's precision) and
    which comes out ahead."""
    pol = model.spec.policies
    return Concat(
        (
            Text(f"Net outcome with an {pol['exclusive'].short.lower()}: "),
            numbers.node(OPTION_NET, model.policy_net["exclusive"]),
            Text(f"; with {pol['inclusive'].short.lower()}: "),
            numbers.node(OPTION_NET, model.policy_net["inclusive"]),
            Text("; so "),
            policy_clause(model),
            Text("."),
        )
    )
