"""Reading the spec file (model.yaml): YAML that remembers lines, and field readers.

Why: a malformed spec must fail loudly, naming the file, the line and the field, before any
chart is drawn from it; every section loader of `spec` reads its fields through `Reader`
so that every error has the same form ("model.yaml line 12: variable 'threat': ...").

Defined for: the model appendix (the spec); used by `pathways.model.spec` only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .names import unknown
from .provenance import Provenance, parse

#: A source must cite the paper's section: a numbered pathway, the introduction or conclusion.
#: Names of the spec's entries (variables, parameters, policies...).
SNAKE_CASE = re.compile(r"[a-z][a-z0-9_]*")

#: A mapping of the spec as read: field -> value, plus "__line__" (its 1-based line).
Body = dict[str, Any]


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
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


def read_yaml(p: Path) -> Body:
    """The spec file as a mapping whose mappings carry "__line__"; one-line errors."""
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
    return raw


class Reader:
    """Reads fields from a YAML mapping with errors that name file, line and field."""

    def __init__(self, path: Path):
        self.path = path

    def at(self, m: object, what: str) -> str:
        """`what`, prefixed by the file and (when `m` is a read mapping) its line."""
        line = m.get("__line__") if isinstance(m, dict) else None
        return f"{self.path.name} line {line}: {what}" if line else f"{self.path.name}: {what}"

    def mapping(self, m: object, key: str, where: str) -> Body:
        v = m.get(key) if isinstance(m, dict) else None
        if not isinstance(v, dict):
            raise ValueError(self.at(m, f"{where}: '{key}' must be a mapping"))
        return v

    def items(self, m: Body, key: str) -> list[tuple[str, Body]]:
        """The named entries of a top-level section, each a mapping with a snake_case name."""
        section = self.mapping(m, key, "top level")
        out = []
        for name, body in section.items():
            if name == "__line__":
                continue
            if not isinstance(body, dict):
                raise ValueError(self.at(section, f"{key}.{name} must be a mapping"))
            if not SNAKE_CASE.fullmatch(str(name)):
                raise ValueError(self.at(body, f"{key}: name {name!r} must be lower_snake_case"))
            out.append((str(name), body))
        return out

    def text(self, m: Body, key: str, where: str) -> str:
        v = m.get(key)
        if not isinstance(v, str) or not v.strip():
            raise ValueError(self.at(m, f"{where}: '{key}' must be a non-empty string"))
        return v.strip()

    def choice(self, m: Body, key: str, where: str, allowed: Iterable[str]) -> str:
        """A text field that must be one of `allowed` (listed, in order, when it is not)."""
        v = self.text(m, key, where)
        pool = list(allowed)
        if v not in pool:
            raise ValueError(self.at(m, f"{where}: {unknown(key, v, pool)}"))
        return v

    def number(self, m: Body, key: str, where: str) -> float:
        v = m.get(key)
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ValueError(self.at(m, f"{where}: '{key}' must be a finite number, got {v!r}"))
        return float(v)

    def ranged(self, m: Body, where: str) -> tuple[float, float, float]:
        """min, max and default of a 0-1 assumption, checked against each other."""
        lo, hi, d = (self.number(m, k, where) for k in ("min", "max", "default"))
        if not lo < hi:
            raise ValueError(self.at(m, f"{where}: min {lo} must be below max {hi}"))
        if not lo <= d <= hi:
            raise ValueError(self.at(m, f"{where}: default {d} is outside [{lo}, {hi}]"))
        if lo < 0 or hi > 1:
            raise ValueError(self.at(m, f"{where}: range [{lo}, {hi}] must lie within [0, 1]"))
        return lo, hi, d

    def provenance(self, m: Body, where: str, key: str = "provenance") -> Provenance:
        """The element's provenance (paper / literature / essay), required."""
        body = m.get(key)
        if not isinstance(body, dict):
            raise ValueError(
                self.at(m, f"{where}: '{key}' must be a mapping (kind paper, literature or essay)")
            )
        return parse(body, where, self.at)
