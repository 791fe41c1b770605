"""The spec compiled to expression trees: contributions, net, marginal effects, policies.

Why: every number the essay shows is one of these trees, evaluated by numpy in the kernel
(evaluate, montecarlo) or printed as a Vega expression for the website (vega, charts).

Semantics (documented with reasons in model.yaml):
    contribution = sign * driver * prod(strength * gate)   for each link of the chain
    net          = sum of contributions
    marginal     = d contribution / d engagement           (the ambivalence)
    us_share     = sum |US-dependent contributions| / sum |all contributions|
A policy replaces its targets by transformed trees before the same formulas run.

Defined for: the model appendix; used by every chapter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .expr import Call, Compare, Cond, Const, Div, Node, Var, diff, mul, substitute, total
from .names import lookup, unknown
from .spec import POLICY_OPS, QUANTITY_NAMES, Policy, Spec, Transform, load_spec

ENGAGEMENT = "engagement"


@dataclass(frozen=True)
class Model:
    """Expression trees for one spec; build once with `compile_model`."""

    spec: Spec
    contributions: dict[str, Node]
    net: Node
    marginal: dict[str, Node]
    marginal_total: Node
    us_share: Node
    policy_contributions: dict[str, dict[str, Node]]
    policy_net: dict[str, Node]
    policy_margin: Node  # inclusive net minus exclusive net

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.spec.pathways]

    def quantity(self, name: str) -> Node:
        """A verdict's quantity by name (spec.QUANTITY_NAMES; labels in the spec's
        `quantities`); its sign is what the verdict reads.

        net (direction), policy (inclusive minus exclusive), marginal (effect of more
        engagement), us_share (share minus the spec's determinant threshold).
        """
        lookup("quantity", name, dict.fromkeys(QUANTITY_NAMES))
        trees = {
            "net": self.net,
            "policy": self.policy_margin,
            "marginal": self.marginal_total,
            "us_share": self.us_share - self.spec.determinant_share,
        }
        return trees[name]

    def group_contribution(self, group: int) -> Node:
        """Sum of a numbered pathway's branches (pathway 1 has a balancing and a friction branch)."""
        ids = [p.id for p in self.spec.pathways if p.group == group]
        if not ids:
            groups = sorted({p.group for p in self.spec.pathways})
            raise unknown("pathway group", group, groups)
        return total([self.contributions[i] for i in ids])


def _quantity(spec: Spec, name: str) -> Node:
    """A variable as a Var, a derived quantity as its (substituted) tree."""
    if name in spec.derived:
        return spec.derived[name].expr
    return Var(name)


def contribution_tree(spec: Spec, pid: str) -> Node:
    """sign x driver x product of (link strength x gate) along the pathway's chain."""
    pw = spec.pathway(pid)
    factors: list[Node] = [Const(float(pw.sign)), _quantity(spec, pw.driver)]
    for link in pw.links:
        factors.append(Var(link.strength))
        if link.gate is not None:
            factors.append(_quantity(spec, link.gate))
    return mul(*factors)


def transform_tree(t: Transform) -> Node:
    """The tree that replaces a policy's target (keeps 0-1 quantities inside 0-1)."""
    x, s = Var(t.target), Var(t.size)
    if t.op == "toward_max":
        return x + s * (1 - x)
    if t.op == "shrink":
        return x * (1 - s)
    raise unknown("transform op", t.op, POLICY_OPS)


def policy_mapping(policy: Policy) -> dict[str, Node]:
    mapping: dict[str, Node] = {}
    for t in policy.transforms:
        if t.target in mapping:
            raise ValueError(f"policy {policy.name!r} transforms {t.target!r} twice")
        mapping[t.target] = transform_tree(t)
    return mapping


def compile_model(spec: Spec) -> Model:
    """Build every tree of the model from a validated spec."""
    contributions = {p.id: contribution_tree(spec, p.id) for p in spec.pathways}
    net = total(list(contributions.values()))
    marginal = {pid: diff(c, ENGAGEMENT) for pid, c in contributions.items()}
    marginal_total = total(list(marginal.values()))
    us_ids = [p.id for p in spec.pathways if p.us_dependent]
    us_abs = total([Call("abs", (contributions[i],)) for i in us_ids])
    all_abs = total([Call("abs", (c,)) for c in contributions.values()])
    # When every pathway is silent there are no forces to share out: report 0, not 0/0.
    us_share = Cond(Compare(">", all_abs, Const(0.0)), Div(us_abs, all_abs), Const(0.0))
    pol_c = {
        name: {pid: substitute(c, policy_mapping(pol)) for pid, c in contributions.items()}
        for name, pol in spec.policies.items()
    }
    pol_net = {name: total(list(cs.values())) for name, cs in pol_c.items()}
    return Model(
        spec, contributions, net, marginal, marginal_total, us_share, pol_c, pol_net,
        pol_net["inclusive"] - pol_net["exclusive"],
    )  # fmt: skip


@functools.cache
def default_model() -> Model:
    """The model of the packaged spec, compiled once per process."""
    return compile_model(load_spec())
