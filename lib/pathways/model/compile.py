"""The spec compiled to expression trees: contributions, net, marginal effects, policies.

Why: every number the essay shows is one of these trees, evaluated by numpy in the kernel
(evaluate, montecarlo) or printed as a Vega expression for the website (vega, charts).

Semantics (documented with reasons in model.yaml):
    contribution = sign * driver * prod(strength * gate)   for each link of the chain
    net          = sum of contributions
    marginal     = d contribution / d engagement           (the ambivalence)
    us_share     = sum |US-dependent contributions| / sum |all contributions|
A policy replaces its targets by transformed trees before the same formulas run.

Structural variants (model.yaml `variants`) change some factors of some pathways. A model
either pins each dimension to one option (the trees are that structure's, no trace of the
others: the default model's trees are today's) or leaves it `free`: the changed factors
become ``Cond(variant_<dim> == 'option', changed, default)``, read from a menu in the
browser or a column of options in numpy, so every structure runs from one tree.

Defined for: the model appendix; used by every chapter.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .expr import (
    Call,
    Compare,
    Cond,
    Const,
    Div,
    Node,
    Text,
    Var,
    diff,
    mul,
    names_in,
    substitute,
    total,
)  # fmt: skip
from .names import lookup, unknown
from .spec import POLICY_OPS, QUANTITY_NAMES, Policy, Spec, Transform, Variant, load_spec
from .variants import check_dims, check_variants

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
    #: The structure: each pinned dimension's option; `free` dimensions are read as variables.
    variants: dict[str, str] = field(default_factory=dict)
    free: tuple[str, ...] = ()

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.spec.pathways]

    def reads(self) -> list[str]:
        """The assumptions this structure's trees read, in the spec's order."""
        used = names_in(self.net) | names_in(self.policy_margin)
        return [n for n in self.spec.assumptions if n in used]

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


#: A structure as compile reads it: dimension -> option, or None for a free dimension.
Choice = Mapping[str, str | None]


def contribution_tree(spec: Spec, pid: str, choice: Choice | None = None) -> Node:
    """sign x driver x product of (link strength x gate) along the pathway's chain, with the
    factors the structure `choice` changes (default: every dimension at its default)."""
    pw = spec.pathway(pid)
    chosen: Choice = choice if choice is not None else check_variants(spec, {})
    factors: list[Node] = [Const(float(pw.sign)), _factor(spec, pid, pw.driver, chosen)]
    for link in pw.links:
        factors.append(_factor(spec, pid, link.strength, chosen))
        if link.gate is not None:
            factors.append(_factor(spec, pid, link.gate, chosen))
    for v in spec.variants.values():
        scales = {o.name: c.expr for o in v.options.values() for c in o.changes
                  if c.pathway == pid and c.factor is None}  # fmt: skip
        if scales:
            factors.append(_choose(spec, v, scales, Const(1.0), chosen))
    return mul(*factors)


def _factor(spec: Spec, pid: str, name: str, choice: Choice) -> Node:
    """One named factor of a pathway: a variable, a derived formula, or what a variant
    puts in its place (the spec lets only one dimension change a given factor)."""
    node = _quantity(spec, name)
    for v in spec.variants.values():
        swaps = {o.name: c.expr for o in v.options.values() for c in o.changes
                 if c.pathway == pid and c.factor == name}  # fmt: skip
        if swaps:
            node = _choose(spec, v, swaps, node, choice)
    return node


def _choose(spec: Spec, v: Variant, alts: Mapping[str, Node], base: Node, choice: Choice) -> Node:
    """`base` under options that do not change it, `alts[option]` under those that do: the
    pinned option's tree, or a chain of Cond on the dimension's variable when it is free."""
    derived = {d.name: d.expr for d in spec.derived.values()}
    picked = choice.get(v.name, v.default)
    if picked is not None:
        return substitute(alts[picked], derived) if picked in alts else base
    node = base
    for option, alt in reversed(list(alts.items())):
        test = Compare("==", Var(v.var), Text(option))
        node = Cond(test, substitute(alt, derived), node)
    return node


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


def compile_model(
    spec: Spec, variants: Mapping[str, str] | None = None, free: Sequence[str] = ()
) -> Model:
    """Build every tree of the model from a validated spec, for the structure `variants`
    (dimension -> option; the others at their defaults) with the `free` dimensions left
    to their variables."""
    open_dims = check_dims(spec, free)
    pinned = check_variants(spec, variants)
    clash = sorted(set(open_dims) & set(variants or {}))
    if clash:
        raise ValueError(f"{clash} cannot be both chosen and free")
    choice = {d: (None if d in open_dims else o) for d, o in pinned.items()}
    contributions = {p.id: contribution_tree(spec, p.id, choice) for p in spec.pathways}
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
        {d: o for d, o in pinned.items() if d not in open_dims}, open_dims,
    )  # fmt: skip


@functools.cache
def default_model() -> Model:
    """The model of the packaged spec, compiled once per process."""
    return compile_model(load_spec())


#: Compiled structures by (spec, pinned options, free dimensions); a cached model holds its
#: spec, so the spec's id cannot be reused while the entry exists.
_STRUCTURES: dict[tuple[int, tuple[tuple[str, str], ...], tuple[str, ...]], Model] = {}


def with_variants(
    model: Model | None = None,
    variants: Mapping[str, str] | None = None,
    free: Sequence[str] | str = (),
) -> Model:
    """`model` (default: the packaged one) with the dimensions in `variants` set to those
    options and those in `free` left to their variables; the other dimensions keep the
    model's own options. With neither, `model` itself. Compiled once per structure.
    """
    m = model or default_model()
    if not variants and not free:
        return m
    given = check_variants(m.spec, variants)  # checks the names
    chosen = {d: given[d] for d in variants or {}}
    freed = check_dims(m.spec, free)
    clash = sorted(set(chosen) & set(freed))
    if clash:
        raise ValueError(f"{clash} cannot be both chosen and free")
    open_dims = tuple(d for d in m.spec.variants if d in freed or (d in m.free and d not in chosen))
    choice = {**m.variants, **chosen}
    choice = {d: o for d, o in choice.items() if d not in open_dims}
    key = (id(m.spec), tuple(sorted(choice.items())), open_dims)
    if key not in _STRUCTURES:
        _STRUCTURES[key] = compile_model(m.spec, choice, open_dims)
    return _STRUCTURES[key]
