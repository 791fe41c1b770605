"""Load and validate the model specification (model.yaml).

Why: the spec is the single source of truth for every number, range, label and source in
the essay; a malformed spec must fail loudly, naming the file and line, before any chart
is drawn from it.

Defined for: the model appendix; used by every chapter.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .expr import Node, parse
from .names import lookup

#: The packaged spec, read as package data (so `pip install .` works without a checkout).
DEFAULT_SPEC = Path(str(resources.files(__package__).joinpath("model.yaml")))
SECTION = re.compile(r"(§2\(\d\)|Introduction|Conclusion)")
POLICY_OPS = ("toward_max", "shrink")


@dataclass(frozen=True)
class Variable:
    """A scenario input the reader sets (0-1 scale)."""

    name: str
    label: str
    description: str
    min: float
    max: float
    default: float
    step: float
    source: str


@dataclass(frozen=True)
class Derived:
    """A quantity computed from variables, with the reason for its form."""

    name: str
    label: str
    expr: Node
    text: str
    why: str
    source: str


@dataclass(frozen=True)
class Parameter:
    """A link strength or policy size: an assumption with a plausible range."""

    name: str
    label: str
    description: str
    min: float
    max: float
    default: float
    source: str

    @property
    def step(self) -> float:
        return 0.01


@dataclass(frozen=True)
class Link:
    """One signed step of a causal chain, e.g. 'US engagement -> free-riding'."""

    source_node: str
    target_node: str
    strength: str
    gate: str | None
    source: str


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
    source: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Transform:
    target: str
    op: str
    size: str


@dataclass(frozen=True)
class Policy:
    """A policy option of the conclusion, as a transform of the scenario."""

    name: str
    label: str
    short: str
    description: str
    source: str
    transforms: tuple[Transform, ...]


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
    determinant_share: float
    narrow_margin: float

    @property
    def assumptions(self) -> dict[str, Variable | Parameter]:
        """Every name a reader can set: variables then parameters."""
        return {**self.variables, **self.parameters}

    def defaults(self) -> dict[str, float]:
        return {n: a.default for n, a in self.assumptions.items()}

    def pathway(self, pid: str) -> Pathway:
        return lookup("pathway", pid, {p.id: p for p in self.pathways})


# --------------------------------------------------------------------------- YAML with lines


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            # YAML would silently keep the last value; a repeated name is a spec error.
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Reader:
    """Reads fields from a YAML mapping with errors that name file, line and field."""

    def __init__(self, path: Path):
        self.path = path

    def at(self, m: Any, what: str) -> str:
        line = m.get("__line__") if isinstance(m, dict) else None
        return f"{self.path.name} line {line}: {what}" if line else f"{self.path.name}: {what}"

    def mapping(self, m: Any, key: str, where: str) -> dict[str, Any]:
        v = m.get(key) if isinstance(m, dict) else None
        if not isinstance(v, dict):
            raise ValueError(self.at(m, f"{where}: '{key}' must be a mapping"))
        return v

    def text(self, m: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        v = m.get(key)
        if v is None and not required:
            return ""
        if not isinstance(v, str) or not v.strip():
            raise ValueError(self.at(m, f"{where}: '{key}' must be a non-empty string"))
        return v.strip()

    def number(self, m: dict[str, Any], key: str, where: str) -> float:
        v = m.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValueError(self.at(m, f"{where}: '{key}' must be a finite number, got {v!r}"))
        return float(v)

    def ranged(self, m: dict[str, Any], where: str) -> tuple[float, float, float]:
        lo, hi, d = (self.number(m, k, where) for k in ("min", "max", "default"))
        if not lo < hi:
            raise ValueError(self.at(m, f"{where}: min {lo} must be below max {hi}"))
        if not lo <= d <= hi:
            raise ValueError(self.at(m, f"{where}: default {d} is outside [{lo}, {hi}]"))
        if lo < 0 or hi > 1:
            raise ValueError(self.at(m, f"{where}: range [{lo}, {hi}] must lie within [0, 1]"))
        return lo, hi, d

    def source(self, m: dict[str, Any], where: str) -> str:
        s = self.text(m, "source", where)
        if not SECTION.search(s):
            raise ValueError(
                self.at(m, f"{where}: source {s!r} must cite the paper's section, e.g. '§2(5)'")
            )
        return s


def _items(r: _Reader, m: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    section = r.mapping(m, key, "top level")
    out = []
    for name, body in section.items():
        if name == "__line__":
            continue
        if not isinstance(body, dict):
            raise ValueError(r.at(section, f"{key}.{name} must be a mapping"))
        if not re.fullmatch(r"[a-z][a-z0-9_]*", str(name)):
            raise ValueError(r.at(body, f"{key}: name {name!r} must be lower_snake_case"))
        out.append((str(name), body))
    return out


def load_spec(path: str | Path | None = None) -> Spec:
    """Read and validate a spec file; raises ValueError naming file, line and field."""
    p = Path(path) if path is not None else DEFAULT_SPEC
    if path is None:
        return _default_spec()
    return _load(p.resolve())


@functools.cache
def _default_spec() -> Spec:
    return _load(DEFAULT_SPEC)


def _load(p: Path) -> Spec:
    r = _Reader(p)
    try:
        raw = yaml.load(p.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        raise ValueError(f"{p}: spec file not found") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        # One line (the CLI prints one): PyYAML's own message spans several with a snippet.
        parts = [getattr(err, "context", None), getattr(err, "problem", None)]
        what = "; ".join(x for x in parts if x) or " ".join(str(err).split())
        raise ValueError(f"{p.name}{line}: not valid YAML: {what}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{p.name}: the spec must be a YAML mapping")

    variables = {}
    for name, b in _items(r, raw, "variables"):
        where = f"variable '{name}'"
        lo, hi, d = r.ranged(b, where)
        step = r.number(b, "step", where)
        variables[name] = Variable(
            name, r.text(b, "label", where), r.text(b, "description", where), lo, hi, d, step,
            r.source(b, where),
        )  # fmt: skip

    derived: dict[str, Derived] = {}
    for name, b in _items(r, raw, "derived"):
        where = f"derived '{name}'"
        if name in variables:
            raise ValueError(r.at(b, f"{where}: name already used by a variable"))
        text = str(b.get("expr", "")).strip()
        node = parse(text, set(variables), r.at(b, where))
        derived[name] = Derived(
            name, r.text(b, "label", where), node, text, r.text(b, "why", where),
            r.source(b, where),
        )  # fmt: skip

    parameters = {}
    parameter_bodies = {}
    for name, b in _items(r, raw, "parameters"):
        parameter_bodies[name] = b
        where = f"parameter '{name}'"
        if name in variables or name in derived:
            raise ValueError(r.at(b, f"{where}: name already used"))
        lo, hi, d = r.ranged(b, where)
        parameters[name] = Parameter(
            name, r.text(b, "label", where), r.text(b, "description", where), lo, hi, d,
            r.source(b, where),
        )  # fmt: skip

    drivers = set(variables) | set(derived)
    raw_paths = raw.get("pathways")
    if not isinstance(raw_paths, list) or not raw_paths:
        raise ValueError(f"{p.name}: 'pathways' must be a non-empty list")
    pathways = []
    seen: set[str] = set()
    for b in raw_paths:
        if not isinstance(b, dict):
            raise ValueError(f"{p.name}: every pathway must be a mapping")
        pid = str(b.get("id", "")).strip()
        where = f"pathway '{pid}'"
        if not pid or pid in seen:
            raise ValueError(r.at(b, f"{where}: 'id' must be present and unique"))
        seen.add(pid)
        sign = b.get("sign")
        if sign not in (1, -1):
            raise ValueError(r.at(b, f"{where}: 'sign' must be 1 or -1, got {sign!r}"))
        driver = r.text(b, "driver", where)
        if driver not in drivers:
            raise ValueError(
                r.at(
                    b, f"{where}: driver {driver!r} unknown; allowed: {', '.join(sorted(drivers))}"
                )
            )
        kind = r.text(b, "driver_kind", where)
        kinds = ("threat", "engagement", "disengagement", "history")
        if kind not in kinds:
            raise ValueError(r.at(b, f"{where}: driver_kind {kind!r}; allowed: {', '.join(kinds)}"))
        usdep = b.get("us_dependent")
        if not isinstance(usdep, bool):
            raise ValueError(r.at(b, f"{where}: 'us_dependent' must be true or false"))
        group = b.get("group")
        if isinstance(group, bool) or not isinstance(group, int) or not 0 <= group <= 6:
            raise ValueError(r.at(b, f"{where}: 'group' must be an integer 0-6, got {group!r}"))
        raw_links = b.get("links")
        if not isinstance(raw_links, list) or not raw_links:
            raise ValueError(r.at(b, f"{where}: 'links' must be a non-empty list"))
        links = []
        for i, lk in enumerate(raw_links, 1):
            lw = f"{where} link {i}"
            if not isinstance(lk, dict):
                raise ValueError(r.at(b, f"{lw}: must be a mapping"))
            strength = r.text(lk, "strength", lw)
            if strength not in parameters:
                raise ValueError(
                    r.at(lk, f"{lw}: strength {strength!r} is not a parameter; "
                         f"allowed: {', '.join(parameters)}")
                )  # fmt: skip
            gate = lk.get("gate")
            if gate is not None and gate not in drivers:
                raise ValueError(
                    r.at(lk, f"{lw}: gate {gate!r} unknown; allowed: {', '.join(sorted(drivers))}")
                )
            links.append(
                Link(r.text(lk, "from", lw), r.text(lk, "to", lw), strength, gate,
                     r.source(lk, lw))
            )  # fmt: skip
        pathways.append(
            Pathway(
                pid, group, r.text(b, "label", where), r.text(b, "short", where),
                r.text(b, "mechanism", where), sign, driver, kind, usdep, r.source(b, where),
                tuple(links),
            )
        )  # fmt: skip

    policies = {}
    targets = set(variables) | set(parameters)
    for name, b in _items(r, raw, "policies"):
        where = f"policy '{name}'"
        raw_t = b.get("transforms")
        if not isinstance(raw_t, list) or not raw_t:
            raise ValueError(r.at(b, f"{where}: 'transforms' must be a non-empty list"))
        transforms = []
        for t in raw_t:
            if not isinstance(t, dict):
                raise ValueError(r.at(b, f"{where}: every transform must be a mapping"))
            target, op, size = (r.text(t, k, where) for k in ("target", "op", "size"))
            if target not in targets:
                raise ValueError(
                    r.at(t, f"{where}: target {target!r} is not a variable or parameter")
                )
            if op not in POLICY_OPS:
                raise ValueError(r.at(t, f"{where}: op {op!r}; allowed: {', '.join(POLICY_OPS)}"))
            if size not in parameters:
                raise ValueError(r.at(t, f"{where}: size {size!r} is not a parameter"))
            transforms.append(Transform(target, op, size))
        policies[name] = Policy(
            name, r.text(b, "label", where), r.text(b, "short", where),
            r.text(b, "description", where), r.source(b, where), tuple(transforms),
        )  # fmt: skip
    if set(policies) != {"exclusive", "inclusive"}:
        raise ValueError(f"{p.name}: 'policies' must define exactly 'exclusive' and 'inclusive'")

    verdict = r.mapping(raw, "verdict", "top level")
    share = r.number(verdict, "determinant_share", "verdict")
    narrow = r.number(verdict, "narrow_margin", "verdict")
    if not 0 < share <= 1 or not 0 <= narrow < 1:
        raise ValueError(
            r.at(
                verdict, "verdict: determinant_share must be in (0, 1] and narrow_margin in [0, 1)"
            )
        )
    meta = r.mapping(raw, "meta", "top level")
    used = {lk.strength for pw in pathways for lk in pw.links}
    used |= {t.size for pol in policies.values() for t in pol.transforms}
    unused = [name for name in parameters if name not in used]
    if unused:
        raise ValueError(
            r.at(parameter_bodies[unused[0]],
                 f"parameter '{unused[0]}' is never used by a link or a policy "
                 f"(dead assumption); unused: {unused}")
        )  # fmt: skip
    return Spec(
        p, r.text(meta, "title", "meta"), variables, derived, parameters, tuple(pathways),
        policies, share, narrow,
    )  # fmt: skip
