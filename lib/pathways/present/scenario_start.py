"""A chart started at a reader's scenario: its sliders' and menus' first values.

Why: "Cite and reproduce" shows each live chart as the chapter's own call started at the
reader's scenario (``charts.tipping_map(..., scenario="variant_legacy=stock")``). That
call must put the chart's controls exactly where the page had them, or refuse: a scenario
string (read by :mod:`pathways.model.scenario_string`, with the CLI's ``--set`` errors)
may name only the chart's own sliders and menus (a value the chart fixes only at that
value), and a menu's start only one of its options. Nothing is clamped or dropped.

Defined for: 'Synthesis' and 'Conclusion' (tipping_map), 'The framework'
(framework_diagram), 'Conclusion' (caveats_chart), 'The evidence' (check_chart).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import altair as alt

from ..model.compile import Model
from ..model.names import lookup, unknown
from ..model.scenario_string import format_value, read_scenario


@dataclass(frozen=True)
class Start:
    """Where a chart's controls start: slider -> value, and menu param -> option."""

    values: dict[str, float] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        """Every start value by the name of the Vega param it sets."""
        return {**self.values, **self.variants}


def read_start(
    model: Model,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None,
    scenario: str | None,
) -> Start:
    """The start a scenario string gives this chart (empty for None).

    Its names must be the chart's sliders (or a value it fixes, at that value) and its
    structure items the chart's variant menus; anything else is the standard one-line error.
    """
    if scenario is None:
        return Start()
    spec = model.spec
    read = read_scenario(scenario, spec)
    pinned = dict(fixed or {})
    for name, value in read.values.items():
        if name in controls:
            continue
        if name in pinned:
            _check_pinned(name, value, pinned[name], model)
            continue
        raise unknown("slider of this chart", name, [*controls, *pinned] or ["(none)"])
    menus = {spec.variants[d].var: d for d in model.free}
    chosen = {}
    for dim, option in read.variants.items():
        var = spec.variants[dim].var
        if var not in menus:
            raise unknown("menu of this chart", var, list(menus) or ["(none)"])
        chosen[var] = option
    return Start({n: v for n, v in read.values.items() if n in controls}, chosen)


def _check_pinned(name: str, value: float, pinned: float, model: Model) -> None:
    """A fixed assumption may appear in the scenario only at the value the chart fixes."""
    shown, want = format_value(name, value, model.spec), format_value(name, pinned, model.spec)
    if shown != want:
        raise ValueError(f"{name}={shown}: this chart fixes {name} at {want}; allowed: {want}")


def check_option(kind: str, value: str, options: Sequence[str]) -> str:
    """A menu's start value, one of its `options` (else the standard error)."""
    return lookup(kind, value, dict.fromkeys(options, value))


def started(params: Sequence[alt.Parameter], start: Mapping[str, Any]) -> list[alt.Parameter]:
    """`params` with the value of each one named in `start` replaced (copies; the rest kept)."""
    out = []
    for p in params:
        if p.name in start:
            p = copy.deepcopy(p)
            if not isinstance(p.param, alt.VariableParameter):
                raise TypeError(f"param {p.name!r} is not a variable; allowed: sliders, menus")
            p.param.value = start[p.name]
        out.append(p)
    return out
