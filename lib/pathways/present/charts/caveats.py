"""The caveats chart: one menu loads a named scenario of the spec, and the verdict responds.

Why: the paper's own caveat (§2(4): the shared fear may be redundant) and the essay's
sunk-cost reading of the occupation's legacy turn both headline results, and a reader
should see that in one move, not by hunting for two sliders. The menu is a Vega param; each
assumption a scenario sets reads it inside the model's expressions (its scenario value when
chosen, else its default), so there is no slider for those assumptions and no dead control.
The panels show the signs the verdict reads: the net outcome, the effect of more engagement
(in total and by pathway) and the policy margin, with the library's verdict sentence below.

Defined for: 'Conclusion' (caveats_chart).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import altair as alt
import numpy as np

from ...model import verdict as verdicts
from ...model.compile import Model
from ...model.expr import Var, to_numpy, to_vega
from ...model.names import check_names
from ...model.spec import NO_SCENARIO
from ..scenario_meta import Menu, call_code, command, reproduce_meta, with_reproduce
from ..scenario_start import check_option
from ..vega import Ref, by_id, datum_ref, param_ref
from .bars import MARGINAL_TITLE, pathway_bars
from .common import (
    COOPERATION,
    EXCLUSIVE,
    FONT_SIZE,
    FRICTION,
    INCLUSIVE,
    NEUTRAL,
    WIDTH,
    Panel,
    heading,
    model_or_default,
    text_lines,
    vconcat,
)
from .readout import caveats_numbers, declare
from .sentence import sentence_panel

#: The menu's Vega param, and what its first option (no scenario) is called.
MENU = "scenario"
DEFAULTS_LABEL = "the essay's defaults"
#: The signs the verdict reads, one panel each, in the sentence's order.
PANELS = ("net", "marginal", "policy")
#: Pixels per line of text (FONT_SIZE and its leading).
LINE_HEIGHT = 15


def _lines_expr(before: list[str], dynamic: str, after: Sequence[str] = ()) -> str:
    """A Vega expression for the lines `before`, one line computed by `dynamic`, `after`."""
    words = [json.dumps(line, ensure_ascii=False) for line in before]
    return f"[{', '.join([*words, dynamic, *(json.dumps(t, ensure_ascii=False) for t in after)])}]"


def scenario_ref(m: Model, names: Sequence[str]) -> Ref:
    """Read each assumption a scenario among `names` sets from the menu, the rest as defaults.

    An assumption set by scenarios a and b reads
    ``(scenario === 'a' ? va : (scenario === 'b' ? vb : default))``.
    """
    base = param_ref(m, [])
    scenarios = m.spec.scenarios

    def ref(name: str) -> str:
        expr = base(name)
        for k in reversed(names):
            if name in scenarios[k].values:
                expr = f"({MENU} === '{k}' ? {float(scenarios[k].values[name])!r} : {expr})"
        return expr

    return ref


def _menu(m: Model, names: Sequence[str], start: str) -> alt.Parameter:
    labels = [DEFAULTS_LABEL, *(m.spec.scenarios[k].label for k in names)]
    return alt.param(
        name=MENU,
        value=check_option("scenario of this chart", start, [NO_SCENARIO, *names]),
        bind=alt.binding_select(options=[NO_SCENARIO, *names], labels=labels, name="Assumptions: "),
    )


def _domain(m: Model, quantity: str, names: Sequence[str]) -> float:
    """Half the panel's axis: the largest |value| over the menu's options, with room."""
    spec = m.spec
    envs = [spec.defaults(), *({**spec.defaults(), **spec.scenarios[k].values} for k in names)]
    top = max(abs(float(np.asarray(to_numpy(m.quantity(quantity), env)))) for env in envs)
    return max(0.01, math.ceil(top * 125) / 100)


def _readings(m: Model) -> dict[str, tuple[str, str, str, str]]:
    """Per panel: the words for a positive and a negative value, and their colours."""
    inc, exc = (m.spec.policies[k].short.lower() for k in ("inclusive", "exclusive"))
    return {
        "net": ("toward cooperation", "toward friction", COOPERATION, FRICTION),
        "marginal": ("more engagement helps", "more engagement hurts", COOPERATION, FRICTION),
        "policy": (f"{inc} ahead", f"{exc} ahead", INCLUSIVE, EXCLUSIVE),
    }


def _sign_panel(m: Model, quantity: str, ref: Ref, half: float) -> Panel:
    """One quantity as a bar around zero, with its value and what its sign says above it."""
    pos, neg, pos_colour, neg_colour = _readings(m)[quantity]
    name = m.spec.quantities[quantity].label
    label = text_lines(name + ":")
    # a side is named as the verdict names it: beyond a tie at the printed precision
    up, down = (to_vega(t, datum_ref) for t in verdicts.side_tests(quantity, Var("value")))
    tie = f"neither way {verdicts.tie_words(verdicts.PRINTED_AS[quantity])}"
    # the label's lines, the value's, then the reading's lines; the bar below them
    said = {r: text_lines(r) for r in (pos, neg, tie)}
    lines = {r: _lines_expr(label, "format(datum.value, '+.3f') + ','", said[r]) for r in said}
    top = LINE_HEIGHT * (len(label) + 1 + max(map(len, said.values()))) + 6
    base = (
        alt.Chart(alt.Data(values=[{"quantity": quantity, "label": name}]))
        .transform_calculate(value=to_vega(m.quantity(quantity), ref))
        .transform_calculate(
            colour=f"{up} ? '{pos_colour}' : {down} ? '{neg_colour}' : '{NEUTRAL}'",
            shown=f"{up} ? {lines[pos]} : {down} ? {lines[neg]} : {lines[tie]}",
        )
    )
    bar = base.mark_bar().encode(
        x=alt.X("value:Q", title=None, scale=alt.Scale(domain=[-half, half]),
                axis=alt.Axis(grid=False)),
        x2=alt.datum(0),
        y=alt.value(top + 4),
        y2=alt.value(top + 20),
        color=alt.Color("colour:N", scale=None),
        tooltip=[alt.Tooltip("label:N", title="Quantity"), alt.Tooltip("value:Q", format="+.3f")],
    )  # fmt: skip
    zero = base.mark_rule(color=NEUTRAL, aria=False).encode(
        x=alt.datum(0), y=alt.value(top), y2=alt.value(top + 24)
    )
    text = base.mark_text(align="left", baseline="top", fontSize=FONT_SIZE).encode(
        x=alt.value(0), y=alt.value(2), text="shown:N"
    )
    return alt.layer(bar, zero, text).properties(
        width=WIDTH, height=top + 22, view=alt.ViewConfig(stroke=None)
    )


def _settings_panel(m: Model, names: Sequence[str], ref: Ref) -> alt.Chart:
    """The assumptions the menu sets, with their current values and their defaults."""
    spec = m.spec
    affected = [a for a in spec.assumptions if any(a in spec.scenarios[k].values for k in names)]
    rows, top = [], 0
    for a in affected:  # each row: its label's lines, then its value's line
        rows.append({"name": a, "top": top, "default": spec.assumptions[a].default})
        top += LINE_HEIGHT * (len(text_lines(spec.assumptions[a].label + ":")) + 1) + 4
    value = (
        "format(datum.setting, '.2f') + (datum.setting === datum.default ? ' (its default)' "
        ": ' (default ' + format(datum.default, '.2f') + ')')"
    )
    setting, shown = "NaN", "[]"
    for a in reversed(affected):
        lines = _lines_expr(text_lines(spec.assumptions[a].label + ":"), value)
        setting = f"(datum.name === '{a}' ? {ref(a)} : {setting})"
        shown = f"(datum.name === '{a}' ? {lines} : {shown})"
    return (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(setting=setting)
        .transform_calculate(shown=shown)
        .mark_text(align="left", baseline="top", fontSize=FONT_SIZE)
        .encode(x=alt.value(0), y=alt.Y("top:Q", axis=None, scale=None), text="shown:N")
        .properties(
            width=WIDTH,
            height=top,
            title="What the menu sets",
            view=alt.ViewConfig(stroke=None),
        )  # fmt: skip
    )


def caveats_chart(
    scenarios: Sequence[str] | None = None,
    model: Model | None = None,
    start: str = NO_SCENARIO,
) -> alt.VConcatChart:
    """The verdict under each named scenario (default: all of the spec's), chosen in a menu
    (starting at `start`, one of them or NO_SCENARIO): what the menu sets, the signs of the
    net, of more engagement and of the policy margin, more engagement's effect by pathway,
    and the library's verdict sentence."""
    m = model_or_default(model)
    names = list(m.spec.scenarios) if scenarios is None else list(scenarios)
    check_names("scenario", names, m.spec.scenarios)
    if not names or len(set(names)) != len(names):
        raise ValueError(f"scenarios: need one or more different names, got {names}")
    ref = scenario_ref(m, names)
    panels = [_sign_panel(m, q, ref, _domain(m, q, names)) for q in PANELS]
    bars = pathway_bars(
        m, "marginal", by_id(m.marginal, ref),
        MARGINAL_TITLE, "More engagement pushes",
    ).properties(height=180)  # fmt: skip
    options = ", ".join([DEFAULTS_LABEL, *(m.spec.scenarios[k].label for k in names)])
    caption = "The chosen scenario's net, engagement effect and policy margin, then by pathway"
    figure = declare(
        vconcat(
            _settings_panel(m, names, ref), *panels, bars, sentence_panel(verdicts.overall(m), ref)
        )  # fmt: skip
        .add_params(_menu(m, names, start))
        .properties(
            title=heading("The caveats that turn the verdict"),
            description=(
                f"One menu, Assumptions ({options}), sets the assumptions each scenario names "
                "(listed at the top with their values). Three bars around zero show the net "
                "outcome, the effect of more US engagement and inclusive minus exclusive ties; "
                "bars below split the effect of more engagement by pathway; the sentence at "
                "the bottom states the verdict."
            ),
        ),
        "caveats", caption, caveats_numbers(m, ref),
    )  # fmt: skip
    return with_reproduce(figure, _reproduce(m, scenarios))


def _reproduce(m: Model, scenarios: Sequence[str] | None) -> dict:
    """The chart's command (``evaluate --preset NAME``, nothing at the defaults) and call."""
    chosen = Menu(MENU, omit=(NO_SCENARIO,))
    cli = command("caveats", [("--preset", chosen)])
    code = call_code("charts", caveats_chart, {"scenarios": scenarios, "start": chosen})
    return reproduce_meta(m, [], None, cli, code)
