"""Choosing among the spec's structural variants: checked choices, their variables, and
every combination of options.

Why: a reader, a chapter, the CLI and the Monte Carlo all name a structure the same way, a
mapping from a variant's dimension to one of its options ({"commitment": "signal"}); the
dimensions not named keep their default (today's structure). A bad name is refused through
:mod:`pathways.model.names`, so every layer prints the same one-line error.

Defined for: chapter 'Synthesis' ("Which model?") and the pathway 4, 5 and 6 pages.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

from .expr import names_in
from .names import check_names, unknown
from .spec import Spec

#: What `dims` may be to take every dimension of the spec (the CLI's `--variants all`).
ALL = "all"


def check_variants(spec: Spec, variants: Mapping[str, object] | None) -> dict[str, str]:
    """The full choice, dimension -> option, in the spec's order: `variants` checked, the
    dimensions it does not name at their defaults."""
    given = dict(variants or {})
    check_names("variant", given, spec.variants)
    for dim, option in given.items():
        allowed = spec.variants[dim].options
        if not isinstance(option, str) or option not in allowed:
            raise unknown(f"{dim} option", option, allowed)
    return {d: str(given.get(d, v.default)) for d, v in spec.variants.items()}


def check_dims(spec: Spec, dims: Iterable[str] | str | None) -> tuple[str, ...]:
    """Dimensions named once each (None: none; "all": every one), in the spec's order."""
    if dims is None:
        return ()
    names = list(spec.variants) if dims == ALL else [dims] if isinstance(dims, str) else list(dims)
    check_names("variant", names, spec.variants)
    if len(set(names)) != len(names):
        raise ValueError(f"variants repeat a name: {names}")
    return tuple(d for d in spec.variants if d in names)


def variant_env(spec: Spec, variants: Mapping[str, str] | None = None) -> dict[str, str]:
    """The trees' variables for a structure: `variant_<dim>` -> option (defaults filled)."""
    chosen = check_variants(spec, variants)
    return {spec.variants[d].var: option for d, option in chosen.items()}


def combinations(spec: Spec, dims: Sequence[str] | str | None = ALL) -> list[dict[str, str]]:
    """Every structure over `dims` (default: all), the others at their defaults; the
    default structure first, then in the spec's order of options."""
    chosen = check_dims(spec, dims)
    orders = [
        [
            spec.variants[d].default,
            *(o for o in spec.variants[d].options if o != spec.variants[d].default),
        ]
        for d in chosen
    ]
    defaults = check_variants(spec, {})
    return [
        {**defaults, **dict(zip(chosen, combo, strict=True))}
        for combo in itertools.product(*orders)
    ]


def label(spec: Spec, variants: Mapping[str, str]) -> str:
    """A structure in words: "commitment=signal, fears=symmetry" (only the non-default
    options; "the default structure" when there are none)."""
    chosen = check_variants(spec, variants)
    changed = [f"{d}={o}" for d, o in chosen.items() if o != spec.variants[d].default]
    return ", ".join(changed) or "the default structure"


def default_reads(spec: Spec) -> set[str]:
    """The assumptions the default structure reads: its pathways' factors (derived ones
    through their formulas) and the policies' targets and sizes."""
    out: set[str] = set()
    for p in spec.pathways:
        for lk_name in [p.driver, *(n for lk in p.links for n in (lk.strength, lk.gate) if n)]:
            out |= names_in(spec.derived[lk_name].expr) if lk_name in spec.derived else {lk_name}
    out |= {n for pol in spec.policies.values() for t in pol.transforms for n in (t.target, t.size)}
    return out


def draw_order(spec: Spec) -> list[str]:
    """The assumptions in the order the Monte Carlo draws them: the spec's order, with those
    only a variant reads (withdrawal_signal, occupation_engagement) last, so adding a
    variant's input leaves every draw of the default structure unchanged."""
    base = default_reads(spec)
    names = list(spec.assumptions)
    return [n for n in names if n in base] + [n for n in names if n not in base]
