"""What every chart shares: colours, sizes, the verdict quantities, sliders and the checked setup.

Why: the charts of one book must look alike (Okabe-Ito colours, colour-blind safe: blue =
cooperation, vermillion = friction) and read their sliders the same way, so these live
once here and every chart family imports them.

Defined for: every chapter's chart (and the evidence chapter's, through the record).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt

from ...model.compile import Model, default_model
from ...model.names import lookup
from ..vega import Ref, param_ref

COOPERATION = "#0072B2"
FRICTION = "#D55E00"
NEUTRAL = "#999999"
WIDTH = 480
DIAGRAM_WIDTH = 520
DIRECTION_SCALE = alt.Scale(domain=["cooperation", "friction"], range=[COOPERATION, FRICTION])
#: The quantities a tipping map can show (not us_share); their labels are the spec's.
QUANTITIES = ("net", "policy", "marginal")
#: What a figure stacks: a chart, or layers of charts (Altair's `layer` may give either kind).
Panel = alt.Chart | alt.LayerChart | alt.FacetChart


def model_or_default(model: Model | None) -> Model:
    """The chart's model: the one given, else the packaged spec's."""
    return model or default_model()


def sliders(model: Model, controls: Sequence[str]) -> list[alt.Parameter]:
    """One Vega-Lite param per control, bound to a labelled range input from the spec."""
    params = []
    for name in controls:
        a = lookup("control", name, model.spec.assumptions)
        params.append(
            alt.param(
                name=name,
                value=a.default,
                bind=alt.binding_range(min=a.min, max=a.max, step=a.step, name=f"{a.label} "),
            )
        )
    return params


def setup(
    model: Model | None, controls: Sequence[str], fixed: Mapping[str, float] | None
) -> tuple[Model, Ref, list[alt.Parameter]]:
    """The model, how its trees read each assumption, and the sliders.

    `param_ref` checks `controls` and `fixed` (:func:`pathways.present.controls.check_controls`);
    a chart that sets some assumptions itself (a map's axes) runs that check first with
    them as `reserved`.
    """
    m = model_or_default(model)
    return m, param_ref(m, controls, fixed), sliders(m, controls)


def vconcat(*charts: Panel) -> alt.VConcatChart:
    """Stack a figure's panels; legends go below so figures fit the text column."""
    return alt.vconcat(*charts).configure_legend(orient="bottom", direction="horizontal")


def pathway_rows(model: Model) -> list[dict]:
    """One data row per pathway (branch), in the spec's order, with what charts label."""
    return [
        {
            "id": p.id,
            "group": p.group,
            "short": p.short,
            "label": p.label,
            "order": i,
            "us_dependent": p.us_dependent,
            "driver_kind": p.driver_kind,
        }
        for i, p in enumerate(model.spec.pathways)
    ]
