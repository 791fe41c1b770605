"""Load and validate the model specification (model.yaml).

Why: the spec is the single source of truth for every number, range, label and source in
the essay; a malformed spec must fail loudly, naming the file and line, before any chart
is drawn from it.

Defined for: the model appendix; used by every chapter.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .expr import Node, names_in, parse
from .names import lookup, unknown
from .provenance import PARTS, Provenance, check_locators, paper_path
from .specfile import Body, Reader, read_yaml

__all__ = [
    "DEFAULT_SPEC", "DRIVER_KINDS", "NO_SCENARIO", "POLICY_OPS", "QUANTITY_NAMES", "RANGE_ENDS",
    "THRESHOLDS", "VARIANT_PREFIX", "Change", "Derived", "Link", "Parameter", "Pathway",
    "Policy", "Preset", "Quantity", "Reference", "Scenario", "Spec", "Transform", "Variable", "Variant",
    "VariantOption", "load_spec",
]  # fmt: skip

#: The packaged spec, read as package data (so `pip install .` works without a checkout).
DEFAULT_SPEC = Path(str(resources.files(__package__).joinpath("model.yaml")))
#: What a pathway's driver is, for the essay's grouping of the six pathways.
DRIVER_KINDS = ("threat", "engagement", "disengagement", "history")
#: How a policy transforms its target (their trees are in `compile.transform_tree`).
POLICY_OPS = ("toward_max", "shrink")
#: The quantities the verdict reads (their trees: compile.Model.quantity); the spec gives
#: each its label and provenance.
QUANTITY_NAMES = ("net", "policy", "marginal", "us_share")
#: The verdict's thresholds, each with its provenance in the spec's `verdict` section.
THRESHOLDS = ("minor_share", "determinant_share")
#: Words a scenario may give instead of a number: an end of the assumption's range.
RANGE_ENDS = ("min", "max")
#: The name that means "no scenario" (every assumption at its default); no scenario takes it.
NO_SCENARIO = "none"
#: A structural variant's dimension is read by the trees as the variable VARIANT_PREFIX + name.
VARIANT_PREFIX = "variant_"


class _Sourced:
    """Elements with a provenance print it as a short citation for tables (`source`)."""

    provenance: Provenance

    @property
    def source(self) -> str:
        return self.provenance.source


@dataclass(frozen=True)
class Reference:
    """What 0 and 1 mean for a variable: two settings the essay chooses and cites."""

    low: str
    high: str
    literature: tuple[str, ...]


@dataclass(frozen=True)
class Variable(_Sourced):
    """A scenario input the reader sets (0-1 scale between two reference points)."""

    name: str
    label: str
    description: str
    min: float
    max: float
    default: float
    step: float
    reference: Reference
    provenance: Provenance


@dataclass(frozen=True)
class Derived(_Sourced):
    """A quantity computed from variables, with the reason for its form."""

    name: str
    label: str
    expr: Node
    text: str
    why: str
    provenance: Provenance


@dataclass(frozen=True)
class Parameter(_Sourced):
    """A link strength or policy size: an assumption with a plausible range."""

    name: str
    label: str
    description: str
    min: float
    max: float
    default: float
    provenance: Provenance

    @property
    def step(self) -> float:
        return 0.01


@dataclass(frozen=True)
class Link(_Sourced):
    """One signed step of a causal chain, e.g. 'US engagement -> free-riding'.

    Its provenance is its strength's; a gate (a factor that scales the link) has its own.
    """

    source_node: str
    target_node: str
    strength: str
    gate: str | None
    provenance: Provenance
    gate_provenance: Provenance | None


@dataclass(frozen=True)
class Pathway:
    """One causal pathway of §2: driver, chain of links, sign."""

    id: str
    group: int
    label: str
    short: str
    mechanism: str
    sign: int
    driver: str
    driver_kind: str
    us_dependent: bool
    provenance: Provenance
    links: tuple[Link, ...]

    @property
    def source(self) -> str:
        return self.provenance.source


@dataclass(frozen=True)
class Quantity(_Sourced):
    """A quantity the verdict reads: what its sign says, and where the reading comes from."""

    name: str
    label: str
    provenance: Provenance


@dataclass(frozen=True)
class Transform(_Sourced):
    """One change a policy makes to the scenario (its effect is the essay's reading)."""

    target: str
    op: str
    size: str
    provenance: Provenance


@dataclass(frozen=True)
class Policy(_Sourced):
    """A policy option of the conclusion, as a transform of the scenario."""

    name: str
    label: str
    short: str
    description: str
    provenance: Provenance
    transforms: tuple[Transform, ...]


@dataclass(frozen=True)
class Scenario(_Sourced):
    """A named set of assumption values loaded at once (every other assumption keeps its
    default): a caveat of the paper, or one of the essay's readings, that a reader can
    switch on in one move and the CLI can evaluate (`--preset`).

    `values` holds what the scenario sets, its own and those of the scenarios it
    `combines`, with the range ends ("min", "max") resolved to numbers.
    """

    name: str
    label: str
    description: str
    combines: tuple[str, ...]
    values: dict[str, float]
    provenance: Provenance


@dataclass(frozen=True)
class Preset(_Sourced):
    """A named period setting of the scenario variables (model.yaml `presets`): a starting
    point a reader loads on an explorer, names in a page's address or passes to the CLI
    (`--preset`, `--scenario`). Every assumption it does not set keeps its default.

    Why apart from `scenarios`: those are the paper's caveats, which the conclusion's chart
    and Monte Carlo compare one by one; a period setting is the essay's reading of an era,
    not a caveat, and must not enter that comparison.
    """

    name: str
    label: str
    period: str
    rationale: str
    values: dict[str, float]
    provenance: Provenance


@dataclass(frozen=True)
class Change:
    """What a structural variant's option does to one pathway: swap the factor `factor` (a
    driver, link strength or gate, by name) for `expr`, or, when `factor` is None, multiply
    the pathway by `expr`. `text` is the expression as the spec writes it."""

    pathway: str
    factor: str | None
    expr: Node
    text: str


@dataclass(frozen=True)
class VariantOption(_Sourced):
    """One reading of a structural variant: its label, one line of why, and what it changes
    (nothing for the dimension's default, today's structure)."""

    name: str
    label: str
    why: str
    provenance: Provenance
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Variant:
    """A contestable choice in the model's form (e.g. what drives pathways 4 and 5), with
    its options and the default; the trees read the choice as the variable `var`."""

    name: str
    label: str
    description: str
    default: str
    options: dict[str, VariantOption]

    @property
    def var(self) -> str:
        return VARIANT_PREFIX + self.name


@dataclass(frozen=True)
class Spec:
    """The whole model, validated."""

    path: Path
    title: str
    variables: dict[str, Variable]
    derived: dict[str, Derived]
    parameters: dict[str, Parameter]
    pathways: tuple[Pathway, ...]
    policies: dict[str, Policy]
    quantities: dict[str, Quantity]
    minor_share: float
    determinant_share: float
    thresholds: dict[str, Provenance]
    scenarios: dict[str, Scenario]
    variants: dict[str, Variant]
    #: How the paper locators were checked: against which file, or why not.
    paper_check: str
    presets: dict[str, Preset] = dataclasses.field(default_factory=dict)

    @property
    def assumptions(self) -> dict[str, Variable | Parameter]:
        """Every name a reader can set: variables then parameters."""
        return {**self.variables, **self.parameters}

    def defaults(self) -> dict[str, float]:
        return {n: a.default for n, a in self.assumptions.items()}

    def pathway(self, pid: str) -> Pathway:
        return lookup("pathway", pid, {p.id: p for p in self.pathways})

    def provenances(self) -> list[tuple[str, str, Provenance]]:
        """(element kind, name, provenance) of every element, in the spec's order."""
        out: list[tuple[str, str, Provenance]] = []
        for kind, items in (("variable", self.variables), ("derived", self.derived),
                            ("parameter", self.parameters)):  # fmt: skip
            out += [(kind, n, e.provenance) for n, e in items.items()]
        for p in self.pathways:
            out.append(("pathway", p.id, p.provenance))
            out += [("gate", f"{p.id}/{lk.strength}/{lk.gate}", lk.gate_provenance)
                    for lk in p.links if lk.gate_provenance]  # fmt: skip
        for pol in self.policies.values():
            out.append(("policy", pol.name, pol.provenance))
            out += [("transform", f"{pol.name}/{t.target}", t.provenance) for t in pol.transforms]
        out += [("quantity", n, q.provenance) for n, q in self.quantities.items()]
        out += [("threshold", n, prov) for n, prov in self.thresholds.items()]
        out += [("scenario", n, sc.provenance) for n, sc in self.scenarios.items()]
        out += [("preset", n, pr.provenance) for n, pr in self.presets.items()]
        out += [("variant", f"{v.name}/{o.name}", o.provenance)
                for v in self.variants.values() for o in v.options.values()]  # fmt: skip
        return out


# --------------------------------------------------------------------------- loading


def load_spec(path: str | Path | None = None) -> Spec:
    """Read and validate a spec file; raises ValueError naming file, line and field."""
    if path is None:
        return _default_spec()
    return _load(Path(path).resolve())


@functools.cache
def _default_spec() -> Spec:
    return _load(DEFAULT_SPEC)


def _load(p: Path) -> Spec:
    """Each section in turn; a section may only name what the sections before it define."""
    r = Reader(p)
    raw = read_yaml(p)
    variables = _variables(r, raw)
    derived = _derived(r, raw, variables)
    parameters = _parameters(r, raw, variables, derived)
    pathways = _pathways(r, raw, sorted([*variables, *derived]), parameters)
    policies = _policies(r, raw, [*variables, *parameters], parameters)
    quantities = _quantities(r, raw)
    values, thresholds = _verdict(r, raw)
    scenarios = _scenarios(r, raw, {**variables, **parameters})
    variants = _variants(r, raw, [*variables, *derived, *parameters], pathways)
    meta = r.mapping(raw, "meta", "top level")
    _check_every_parameter_is_used(r, raw, parameters, pathways, policies, variants)
    spec = Spec(
        p, r.text(meta, "title", "meta"), variables, derived, parameters, pathways, policies,
        quantities, values["minor_share"], values["determinant_share"],
        thresholds, scenarios, variants, "",
        _presets(r, raw, {**variables, **parameters}, scenarios),
    )  # fmt: skip
    return _check_paper(spec)


def _variables(r: Reader, raw: Body) -> dict[str, Variable]:
    """The scenario inputs: a 0-1 range, a default and a slider step each."""
    variables = {}
    for name, b in r.items(raw, "variables"):
        where = f"variable '{name}'"
        lo, hi, d = r.ranged(b, where)
        step = r.number(b, "step", where)
        variables[name] = Variable(
            name, r.text(b, "label", where), r.text(b, "description", where), lo, hi, d, step,
            _reference(r, b, where), r.provenance(b, where),
        )  # fmt: skip
    return variables


def _derived(r: Reader, raw: Body, variables: Mapping[str, Variable]) -> dict[str, Derived]:
    """Formulas over the variables (and only them), parsed to trees."""
    derived: dict[str, Derived] = {}
    for name, b in r.items(raw, "derived"):
        where = f"derived '{name}'"
        if name in variables:
            raise ValueError(r.at(b, f"{where}: name already used by a variable"))
        text = str(b.get("expr", "")).strip()
        node = parse(text, set(variables), r.at(b, where))
        derived[name] = Derived(
            name, r.text(b, "label", where), node, text, r.text(b, "why", where),
            r.provenance(b, where),
        )  # fmt: skip
    return derived


def _parameters(
    r: Reader, raw: Body, variables: Mapping[str, Variable], derived: Mapping[str, Derived]
) -> dict[str, Parameter]:
    """Link strengths and policy sizes: 0-1 assumptions with a plausible range."""
    parameters = {}
    for name, b in r.items(raw, "parameters"):
        where = f"parameter '{name}'"
        if name in variables or name in derived:
            raise ValueError(r.at(b, f"{where}: name already used"))
        lo, hi, d = r.ranged(b, where)
        parameters[name] = Parameter(
            name, r.text(b, "label", where), r.text(b, "description", where), lo, hi, d,
            r.provenance(b, where),
        )  # fmt: skip
    return parameters


def _pathways(
    r: Reader, raw: Body, drivers: Sequence[str], parameters: Mapping[str, Parameter]
) -> tuple[Pathway, ...]:
    """The list of pathways, each with a unique id (the list's order is the essay's)."""
    raw_paths = raw.get("pathways")
    if not isinstance(raw_paths, list) or not raw_paths:
        raise ValueError(f"{r.path.name}: 'pathways' must be a non-empty list")
    pathways = []
    seen: set[str] = set()
    for b in raw_paths:
        if not isinstance(b, dict):
            raise ValueError(f"{r.path.name}: every pathway must be a mapping")
        pid = str(b.get("id", "")).strip()
        if not pid or pid in seen:
            raise ValueError(r.at(b, f"pathway '{pid}': 'id' must be present and unique"))
        seen.add(pid)
        pathways.append(_pathway(r, b, pid, drivers, parameters))
    return tuple(pathways)


def _pathway(
    r: Reader, b: Body, pid: str, drivers: Sequence[str], parameters: Mapping[str, Parameter]
) -> Pathway:
    """One pathway: its sign, driver, group and chain of links."""
    where = f"pathway '{pid}'"
    sign = b.get("sign")
    if sign not in (1, -1):
        raise ValueError(r.at(b, f"{where}: 'sign' must be 1 or -1, got {sign!r}"))
    driver = r.choice(b, "driver", where, drivers)
    kind = r.choice(b, "driver_kind", where, DRIVER_KINDS)
    usdep = b.get("us_dependent")
    if not isinstance(usdep, bool):
        raise ValueError(r.at(b, f"{where}: 'us_dependent' must be true or false"))
    group = b.get("group")
    if isinstance(group, bool) or not isinstance(group, int) or not 0 <= group <= 6:
        raise ValueError(r.at(b, f"{where}: 'group' must be an integer 0-6, got {group!r}"))
    links = _links(r, b, where, drivers, parameters)
    return Pathway(
        pid, group, r.text(b, "label", where), r.text(b, "short", where),
        r.text(b, "mechanism", where), int(sign), driver, kind, usdep, r.provenance(b, where),
        links,
    )  # fmt: skip


def _links(
    r: Reader, b: Body, where: str, drivers: Sequence[str], parameters: Mapping[str, Parameter]
) -> tuple[Link, ...]:
    """A pathway's chain: each link names its strength (a parameter) and an optional gate."""
    raw_links = b.get("links")
    if not isinstance(raw_links, list) or not raw_links:
        raise ValueError(r.at(b, f"{where}: 'links' must be a non-empty list"))
    links = []
    for i, lk in enumerate(raw_links, 1):
        lw = f"{where} link {i}"
        if not isinstance(lk, dict):
            raise ValueError(r.at(b, f"{lw}: must be a mapping"))
        strength = r.choice(lk, "strength", lw, parameters)
        gate = r.choice(lk, "gate", lw, drivers) if lk.get("gate") is not None else None
        gate_prov = r.provenance(lk, f"{lw} gate", "gate_provenance") if gate else None
        own = r.provenance(lk, lw) if "provenance" in lk else parameters[strength].provenance
        links.append(
            Link(r.text(lk, "from", lw), r.text(lk, "to", lw), strength, gate, own, gate_prov)
        )
    return tuple(links)


def _policies(
    r: Reader, raw: Body, targets: Sequence[str], parameters: Mapping[str, Parameter]
) -> dict[str, Policy]:
    """The conclusion's two options, each a list of transforms of variables or parameters."""
    policies = {}
    for name, b in r.items(raw, "policies"):
        where = f"policy '{name}'"
        raw_t = b.get("transforms")
        if not isinstance(raw_t, list) or not raw_t:
            raise ValueError(r.at(b, f"{where}: 'transforms' must be a non-empty list"))
        transforms = []
        for t in raw_t:
            if not isinstance(t, dict):
                raise ValueError(r.at(b, f"{where}: every transform must be a mapping"))
            transforms.append(
                Transform(
                    r.choice(t, "target", where, targets),
                    r.choice(t, "op", where, POLICY_OPS),
                    r.choice(t, "size", where, parameters),
                    r.provenance(t, f"{where} transform"),
                )
            )
        policies[name] = Policy(
            name, r.text(b, "label", where), r.text(b, "short", where),
            r.text(b, "description", where), r.provenance(b, where), tuple(transforms),
        )  # fmt: skip
    if set(policies) != {"exclusive", "inclusive"}:
        raise ValueError(
            f"{r.path.name}: 'policies' must define exactly 'exclusive' and 'inclusive'"
        )
    return policies


def _verdict(r: Reader, raw: Body) -> tuple[dict[str, float], dict[str, Provenance]]:
    """The verdict's thresholds (minor < determinant share), each with its
    provenance under `verdict.provenance.<name>`."""
    verdict = r.mapping(raw, "verdict", "top level")
    values = {name: r.number(verdict, name, "verdict") for name in THRESHOLDS}
    if not 0 < values["minor_share"] < values["determinant_share"] <= 1:
        raise ValueError(r.at(verdict, "verdict: need 0 < minor_share < determinant_share <= 1"))
    provs = r.mapping(verdict, "provenance", "verdict")
    thresholds = {name: r.provenance(provs, f"verdict threshold '{name}'", name)
                  for name in THRESHOLDS}  # fmt: skip
    return values, thresholds


def _quantities(r: Reader, raw: Body) -> dict[str, Quantity]:
    """The verdict's quantities: exactly QUANTITY_NAMES, each labelled and sourced."""
    out = {}
    for name, b in r.items(raw, "quantities"):
        where = f"quantity '{name}'"
        r.choice({"name": name, "__line__": b.get("__line__")}, "name", where, QUANTITY_NAMES)
        out[name] = Quantity(name, r.text(b, "label", where), r.provenance(b, where))
    missing = [n for n in QUANTITY_NAMES if n not in out]
    if missing:
        raise ValueError(f"{r.path.name}: 'quantities' lacks {', '.join(missing)}")
    return out


def _scenarios(
    r: Reader, raw: Body, assumptions: Mapping[str, Variable | Parameter]
) -> dict[str, Scenario]:
    """Named sets of assumption values; `combines` takes in earlier scenarios whole, so a
    value has one home. A name set twice (by two parts, or by a part and the scenario's own
    `values`) is an error, as is a scenario that sets nothing."""
    scenarios: dict[str, Scenario] = {}
    for name, b in r.items(raw, "scenarios"):
        where = f"scenario '{name}'"
        if name == NO_SCENARIO or name in assumptions:
            taken = "means no scenario" if name == NO_SCENARIO else "is an assumption's"
            raise ValueError(r.at(b, f"{where}: the name {taken}; choose another"))
        combines = _combines(r, b, where, scenarios)
        values: dict[str, float] = {}
        setters: dict[str, str] = {}
        parts = [(f"scenario '{c}'", scenarios[c].values) for c in combines]
        for part, part_values in [*parts, ("its own values", _values(r, b, where, assumptions))]:
            for key, value in part_values.items():
                if key in values:
                    raise ValueError(
                        r.at(b, f"{where}: '{key}' is set by {setters[key]} and by {part}")
                    )
                values[key], setters[key] = value, part
        if not values:
            raise ValueError(r.at(b, f"{where}: sets no value (give 'values' or 'combines')"))
        scenarios[name] = Scenario(
            name, r.text(b, "label", where), r.text(b, "description", where), combines,
            values, r.provenance(b, where),
        )  # fmt: skip
    return scenarios


def _presets(
    r: Reader, raw: Body, assumptions: Mapping[str, Variable | Parameter], taken: Mapping[str, Any]
) -> dict[str, Preset]:
    """Period presets (optional section): label, period, one-line rationale, values; a name
    may be neither a scenario's, an assumption's nor "none" (the CLI looks both tables up)."""
    if "presets" not in raw:
        return {}
    out: dict[str, Preset] = {}
    for name, b in r.items(raw, "presets"):
        where = f"preset '{name}'"
        if name == NO_SCENARIO or name in assumptions or name in taken:
            raise ValueError(r.at(b, f"{where}: the name is taken (a scenario, an assumption "
                                     f"or '{NO_SCENARIO}'); choose another"))  # fmt: skip
        values = _values(r, b, where, assumptions)
        if not values:
            raise ValueError(r.at(b, f"{where}: sets no value (give 'values')"))
        out[name] = Preset(
            name, r.text(b, "label", where), r.text(b, "period", where),
            r.text(b, "rationale", where), values, r.provenance(b, where),
        )  # fmt: skip
    return out


def _combines(r: Reader, b: Body, where: str, earlier: Mapping[str, Scenario]) -> tuple[str, ...]:
    """The scenarios this one takes in: a list of names defined above it."""
    names = b.get("combines", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(r.at(b, f"{where}: 'combines' must be a list of scenario names"))
    for n in names:
        if n not in earlier:
            raise ValueError(r.at(b, f"{where}: combines {unknown('scenario', n, earlier)}"))
    if len(set(names)) != len(names):
        raise ValueError(r.at(b, f"{where}: 'combines' repeats a name: {names}"))
    return tuple(names)


def _values(
    r: Reader, b: Body, where: str, assumptions: Mapping[str, Variable | Parameter]
) -> dict[str, float]:
    """A scenario's own values: assumption -> a number in its range, or "min" / "max"."""
    if "values" not in b:
        return {}
    m = r.mapping(b, "values", where)
    out = {}
    for key, v in m.items():
        if key == "__line__":
            continue
        if key not in assumptions:
            raise ValueError(r.at(m, f"{where}: {unknown('assumption', key, assumptions)}"))
        a = assumptions[key]
        if isinstance(v, str) and v not in RANGE_ENDS:
            raise ValueError(r.at(m, f"{where}: {key}: {unknown('range end', v, RANGE_ENDS)} "
                                     "(or a number)"))  # fmt: skip
        x = getattr(a, v) if isinstance(v, str) else r.number(m, key, where)
        if not a.min <= x <= a.max:
            raise ValueError(r.at(m, f"{where}: {key} = {x} is outside [{a.min}, {a.max}]"))
        out[str(key)] = x
    return out


def _variants(
    r: Reader, raw: Body, names: Sequence[str], pathways: Sequence[Pathway]
) -> dict[str, Variant]:
    """Structural variants: per dimension, options (the default changes nothing, each other
    option changes some pathway) and no factor of a pathway changed by two dimensions."""
    factors = {p.id: _factor_names(p) for p in pathways}
    owner: dict[tuple[str, str], str] = {}
    out: dict[str, Variant] = {}
    for name, b in r.items(raw, "variants"):
        where = f"variant '{name}'"
        if VARIANT_PREFIX + name in names:
            raise ValueError(r.at(b, f"{where}: '{VARIANT_PREFIX}{name}' is an assumption's name"))
        raw_options = r.items(b, "options") if isinstance(b.get("options"), dict) else []
        if len(raw_options) < 2:
            raise ValueError(r.at(b, f"{where}: 'options' must map two or more options"))
        default = r.choice(b, "default", where, [o for o, _ in raw_options])
        options = {}
        for opt, ob in raw_options:
            ow = f"{where} option '{opt}'"
            changes = _changes(r, ob, ow, names, factors)
            if (opt == default) == bool(changes):
                what = "the default changes nothing" if changes else "it must change a pathway"
                raise ValueError(r.at(ob, f"{ow}: {what} ('pathways')"))
            for c in changes:
                key = (c.pathway, c.factor or "scale")
                if owner.setdefault(key, name) != name:
                    raise ValueError(r.at(ob, f"{ow}: pathway '{c.pathway}' {key[1]} is "
                                              f"changed by variant '{owner[key]}' too"))  # fmt: skip
            why = r.text(ob, "why", ow)
            options[opt] = VariantOption(
                opt, r.text(ob, "label", ow), why, r.provenance(ob, ow), changes
            )
        out[name] = Variant(
            name, r.text(b, "label", where), r.text(b, "description", where), default, options
        )
    return out


def _factor_names(p: Pathway) -> list[str]:
    """What a pathway multiplies, by name: its driver, then each link's strength and gate."""
    return [p.driver, *(n for lk in p.links for n in (lk.strength, lk.gate) if n is not None)]


def _changes(
    r: Reader, b: Body, where: str, names: Sequence[str], factors: Mapping[str, list[str]]
) -> tuple[Change, ...]:
    """An option's `pathways`: id -> `replace` (factor name -> expression) and/or `scale`."""
    if "pathways" not in b:
        return ()
    changes = []
    for pid, body in r.mapping(b, "pathways", where).items():
        if pid == "__line__":
            continue
        pw = f"{where} pathway '{pid}'"
        if pid not in factors:
            raise ValueError(r.at(b, f"{where}: {unknown('pathway', pid, factors)}"))
        if not isinstance(body, dict) or not {"replace", "scale"} & set(body):
            raise ValueError(r.at(b, f"{pw}: give 'replace' and/or 'scale'"))
        swaps = r.mapping(body, "replace", pw) if "replace" in body else {}
        items: list[tuple[str | None, Any]] = [(k, v) for k, v in swaps.items() if k != "__line__"]
        items += [(None, body["scale"])] if "scale" in body else []
        for factor, value in items:
            if factor is not None and factor not in factors[pid]:
                raise ValueError(r.at(body, f"{pw}: {unknown('factor', factor, factors[pid])}"))
            text = str(value).strip()
            node = parse(text, set(names), r.at(body, f"{pw} {factor or 'scale'}"))
            changes.append(Change(str(pid), factor, node, text))
    return tuple(changes)


def _reference(r: Reader, b: Body, where: str) -> Reference:
    """A variable's two reference points (what 0 and 1 mean), each a dated, cited setting."""
    ref = r.mapping(b, "reference", where)
    keys = ref.get("literature")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise ValueError(r.at(ref, f"{where}: reference 'literature' must list bib keys"))
    return Reference(r.text(ref, "low", where), r.text(ref, "high", where), tuple(keys))


def _check_paper(spec: Spec) -> Spec:
    """Every paper locator must be found in the part of the paper it names, when the
    paper's text is available; otherwise the spec records that the check was skipped."""
    path = paper_path()
    if path is None or not path.is_file():
        note = "skipped: the paper's text was not found (set PATHWAYS_PAPER to check locators)"
        return _with_check(spec, note)
    problems = check_locators(
        [(f"{kind} '{name}'", prov) for kind, name, prov in spec.provenances()],
        path.read_text(encoding="utf-8"),
    )
    if problems:
        raise ValueError(f"{spec.path.name}: " + "; ".join(problems))
    return _with_check(spec, f"checked against {path.name} ({len(PARTS)} parts)")


def _with_check(spec: Spec, note: str) -> Spec:
    return dataclasses.replace(spec, paper_check=note)


def _check_every_parameter_is_used(
    r: Reader,
    raw: Body,
    parameters: Mapping[str, Parameter],
    pathways: Sequence[Pathway],
    policies: Mapping[str, Policy],
    variants: Mapping[str, Variant],
) -> None:
    """A parameter no link, policy or variant uses is a dead assumption: an error at its line."""
    used = {lk.strength for pw in pathways for lk in pw.links}
    used |= {t.size for pol in policies.values() for t in pol.transforms}
    used |= {n for v in variants.values() for o in v.options.values() for c in o.changes
             for n in names_in(c.expr)}  # fmt: skip
    unused = [name for name in parameters if name not in used]
    if unused:
        body = dict(r.items(raw, "parameters"))[unused[0]]
        raise ValueError(
            r.at(body, f"parameter '{unused[0]}' is never used by a link, a policy or a variant "
                       f"(dead assumption); unused: {unused}")
        )  # fmt: skip
