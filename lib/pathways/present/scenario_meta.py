"""What a live chart tells the page about its scenario: how to write it, cite it and rerun it.

Why: the page's scenario toolbar (``present/js/scenario.js``) writes the reader's
assumptions as the library's scenario string, offers the spec's period presets, and shows
the same scenario as a CLI command and as the chapter's ipywidgets panel. None of that may
be invented in JavaScript: the names' order and precision, the presets' values, the values
the chart fixes and the two command templates all come from here, from the spec, into the
chart's Vega-Lite ``usermeta`` (``usermeta.pathways.scenario``), which Vega-Lite passes
through to the compiled Vega the page runs.

The other live charts (the tipping maps, the framework diagram, the caveats chart, the
evidence check) have their own command (``map``, ``diagram``, ``check``, ``evaluate
--preset``) and their own call: :func:`reproduce_meta` writes both as templates whose
placeholders (``{xaxis}``, ``{highlight}``, ``{scenario}``...) the page fills from the
chart's controls, built from the chart call's own arguments (:func:`call_code`).

Defined for: every chapter's explorer, marginal and policy chart, and the maps, diagram,
caveats and check charts ("Cite and reproduce").
"""

from __future__ import annotations

import inspect
import json
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import altair as alt

from ..model.compile import Model
from ..model.names import lookup
from ..model.scenario_string import decimals, format_scenario
from .controls import check_controls

#: The command a page shows for a scenario; ``{scenario}`` is the scenario string.
CLI_TEMPLATE = 'python -m pathways evaluate --scenario "{scenario}" --json'
#: Each other chart family's CLI subcommand (the `python -m pathways` command it reproduces).
COMMANDS = {"map": "map", "diagram": "diagram", "check": "check", "caveats": "evaluate"}
#: The code row's label: the explorers show the chapter's panel, the others the chart itself.
PANEL_LABEL = "Python (the chapter\u2019s live panel)"
CHART_LABEL = "Python (this chart at this scenario)"
#: The placeholder of the scenario string in a template.
SCENARIO = "scenario"
#: The usermeta key (under ``pathways``) the page's scenario toolbar reads.
META_KEY = "scenario"
Figure = TypeVar("Figure", bound=alt.TopLevelMixin)


def panel_code(model: Model, controls: Sequence[str], group: int | None = None) -> str:
    """The chapter's panel started at a scenario, as code (``{scenario}`` left to fill):
    the chart's sliders, its group's verdict and a menu per structural variant it frees."""
    names = ", ".join(f'"{c}"' for c in controls if c in model.spec.assumptions)
    args = [f"[{names}]"]
    if group is not None:
        args.append(f"group={int(group)}")
    if model.free:
        dims = ", ".join(f'"{d}"' for d in model.free)
        args.append(f"variants=({dims},)")
    args.append('scenario="{scenario}"')
    return f"from pathways import widgets\n\nwidgets.panel({', '.join(args)})"


def scenario_meta(
    model: Model,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None = None,
    group: int | None = None,
    presets: bool = True,
) -> dict[str, Any]:
    """The chart's scenario for the page: names in the spec's order with their decimals,
    the values it fixes (as the string writes them), its menus' defaults, the period
    presets restricted to its sliders (and what each leaves out), and the two templates."""
    spec = model.spec
    checked = check_controls(model, controls, fixed)
    names = [n for n in spec.assumptions if n in controls or n in checked]
    variants = {spec.variants[d].var: spec.variants[d].default for d in model.free}
    return {
        "names": {n: decimals(spec.assumptions[n].step) for n in names},
        "fixed": {n: format_scenario({n: v}, spec).split("=")[1] for n, v in checked.items()},
        "variants": variants,
        "presets": _presets(model, controls) if presets else [],
        "cli": CLI_TEMPLATE,
        "code": panel_code(model, controls, group),
        "code_label": PANEL_LABEL,
    }


def _presets(model: Model, controls: Sequence[str]) -> list[dict[str, Any]]:
    """Each period preset: its values for this chart's sliders, and the labels of the
    assumptions it sets that have no slider here (the page says they are left out)."""
    spec = model.spec
    out = []
    for name, p in spec.presets.items():
        if not set(p.values) & set(controls):
            continue  # it sets nothing this chart has a slider for
        out.append(
            {
                "name": name,
                "label": p.label,
                "period": p.period,
                "rationale": p.rationale,
                "values": {n: v for n, v in p.values.items() if n in controls},
                "left_out": [spec.assumptions[n].label for n in p.values if n not in controls],
            }
        )
    return out


def with_scenario(
    figure: Figure,
    model: Model,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None = None,
    group: int | None = None,
) -> Figure:
    """`figure` with :func:`scenario_meta` added to its ``usermeta.pathways`` (kept)."""
    return with_reproduce(figure, scenario_meta(model, controls, fixed, group))


# --------------------------------------------------------------------------- other charts


@dataclass(frozen=True)
class Menu:
    """An argument the page fills from one of the chart's controls (``control``; empty: the
    scenario string); a value in ``omit`` (and an empty scenario) drops the argument."""

    control: str = ""
    omit: tuple[str, ...] = ()

    @property
    def token(self) -> str:
        """The placeholder's name: the control's (a control named like the scenario string
        gets a ``menu_`` prefix), or ``scenario`` for the scenario string."""
        if not self.control:
            return SCENARIO
        return f"menu_{self.control}" if self.control == SCENARIO else self.control

    def fill(self, cli: str, code: str) -> dict[str, Any]:
        """How the page writes it: ``{}`` in `cli` / `code` is the value, quoted there."""
        omit = [*self.omit, ""] if not self.control else list(self.omit)
        return {"from": self.control or None, "cli": cli, "code": code, "omit": omit}


#: The scenario string as an argument (dropped when the chart is at its defaults).
SCENARIO_ARG = Menu()


def python_literal(value: Any) -> str:
    """`value` as Python source (strings as JSON, which Python reads the same; a required
    :class:`Menu` as its placeholder)."""
    if isinstance(value, Menu) and not _optional(value):
        return f"{{{value.token}}}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Mapping):
        items = ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, tuple):
        inner = ", ".join(python_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as Python source; allowed: "
                    "str, bool, int, float, None, dict, tuple, list")  # fmt: skip


def _given(func: Callable[..., Any], args: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of `args` that differ from `func`'s defaults (never ``model``)."""
    params = inspect.signature(func).parameters
    out = {}
    for name, value in args.items():
        if name not in params:
            raise ValueError(f"{func.__name__} has no argument {name!r}")
        if name != "model" and (isinstance(value, Menu) or value != params[name].default):
            out[name] = value
    return out


def call_code(
    public: str, func: Callable[..., Any], args: Mapping[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The chapter's call ``public.func(name=value, ...)`` with the arguments it was given
    (those off their defaults), a :class:`Menu` as a placeholder the page fills; and the
    fills. At most one argument may be dropped by the page, and it comes last."""
    given = _given(func, args)
    fills = {m.token: m.fill("{}", "{}") for m in _menus(given.values()) if not _optional(m)}
    parts = [f"{n}={python_literal(v)}" for n, v in given.items() if not _optional(v)]
    text = ", ".join(parts)
    optional = [(n, v) for n, v in given.items() if _optional(v)]
    if len(optional) > 1:
        raise ValueError(f"at most one argument may be left out by the page, got {optional}")
    for n, v in optional:
        fills[v.token] = v.fill("", f"{', ' if text else ''}{n}={{}}")
        text += f"{{{v.token}}}"
    return f"{public}.{func.__name__}({text})", fills


def _menus(values: Any) -> list[Menu]:
    """Every :class:`Menu` in `values` (nested in tuples and lists too)."""
    out: list[Menu] = []
    for v in values:
        if isinstance(v, Menu):
            out.append(v)
        elif isinstance(v, tuple | list):
            out += _menus(v)
    return out


def _optional(value: Any) -> bool:
    return isinstance(value, Menu) and (not value.control or bool(value.omit))


def command(family: str, options: Sequence[tuple[str, Any]]) -> tuple[str, dict[str, Any]]:
    """The family's CLI command with `options` (flag, value) in order, then ``--json``: a
    plain value shell-quoted here, a :class:`Menu` as a placeholder; and the fills."""
    sub = lookup_command(family)
    text = f"python -m pathways {sub}"
    fills: dict[str, Any] = {}
    for flag, value in options:
        if not isinstance(value, Menu):
            text += f" {flag} {shlex.quote(str(value))}"
        elif _optional(value):
            fills[value.token] = value.fill(f" {flag} {{}}", "")
            text += f"{{{value.token}}}"
        else:
            fills[value.token] = value.fill("{}", "{}")
            text += f" {flag} {{{value.token}}}"
    return text + " --json", fills


def lookup_command(family: str) -> str:
    """The CLI subcommand of a chart family (the standard error for another)."""
    return lookup("chart family", family, COMMANDS)


def reproduce_meta(
    model: Model,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None,
    cli: tuple[str, dict[str, Any]],
    code: tuple[str, dict[str, Any]],
) -> dict[str, Any]:
    """A non-explorer chart's scenario for the page: as :func:`scenario_meta` (no period
    presets), its own command and call templates, and how the page fills each placeholder
    (``fills``: the control it reads, its format in the command and in the code, the values
    that leave it out)."""
    meta = scenario_meta(model, controls, fixed, None, presets=False)
    fills: dict[str, Any] = {}
    for token, fill in [*cli[1].items(), *code[1].items()]:
        entry = fills.setdefault(token, dict(fill))
        entry["cli"] = fill["cli"] or entry["cli"]
        entry["code"] = fill["code"] or entry["code"]
    return {**meta, "cli": cli[0], "code": code[0], "fills": fills, "code_label": CHART_LABEL}


def with_reproduce(figure: Figure, meta: dict[str, Any]) -> Figure:
    """`figure` with `meta` (:func:`reproduce_meta`) as its ``usermeta.pathways.scenario``."""
    given = getattr(figure, "usermeta", None)
    usermeta = given if isinstance(given, dict) else {}
    ours = {**usermeta.get("pathways", {}), META_KEY: meta}
    return figure.properties(usermeta={**usermeta, "pathways": ours})
