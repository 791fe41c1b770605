"""What a live chart tells the page about its scenario: how to write it, cite it and rerun it.

Why: the page's scenario toolbar (``present/js/scenario.js``) writes the reader's
assumptions as the library's scenario string, offers the spec's period presets, and shows
the same scenario as a CLI command and as the chapter's ipywidgets panel. None of that may
be invented in JavaScript: the names' order and precision, the presets' values, the values
the chart fixes and the two command templates all come from here, from the spec, into the
chart's Vega-Lite ``usermeta`` (``usermeta.pathways.scenario``), which Vega-Lite passes
through to the compiled Vega the page runs.

Defined for: every chapter's explorer, marginal and policy chart ("Cite and reproduce").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import altair as alt

from ..model.compile import Model
from ..model.scenario_string import decimals, format_scenario
from .controls import check_controls

#: The command a page shows for a scenario; ``{scenario}`` is the scenario string.
CLI_TEMPLATE = 'python -m pathways evaluate --scenario "{scenario}" --json'
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
    given = getattr(figure, "usermeta", None)
    meta = given if isinstance(given, dict) else {}
    ours = dict(meta.get("pathways", {}))
    ours[META_KEY] = scenario_meta(model, controls, fixed, group)
    return figure.properties(usermeta={**meta, "pathways": ours})
