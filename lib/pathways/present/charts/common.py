"""What every chart shares: colours, sizes, the verdict quantities, sliders and the checked setup.

Why: the charts of one book must look alike (Okabe-Ito colours, colour-blind safe: blue =
cooperation, vermillion = friction) and read their sliders the same way, so these live
once here and every chart family imports them.

Defined for: every chapter's chart (and the evidence chapter's, through the record).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt

from ...model.compile import Model, default_model, with_variants
from ...model.names import lookup
from ...model.variants import check_dims
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


def menus(model: Model, variants: Sequence[str]) -> list[alt.Parameter]:
    """One Vega-Lite param per structural variant (named as the trees read it,
    `variant_<dimension>`), bound to a menu of its options labelled from the spec, starting
    at the model's own option."""
    params = []
    for name in check_dims(model.spec, variants):
        v = model.spec.variants[name]
        params.append(
            alt.param(
                name=v.var,
                value=model.variants.get(name, v.default),
                bind=alt.binding_select(
                    options=list(v.options),
                    labels=[o.label for o in v.options.values()],
                    name=f"{v.label} ",
                ),
            )
        )
    return params


def variant_ref(model: Model, base: Ref) -> Ref:
    """`base`, except that a free dimension's variable is read from its menu's param."""
    free = {model.spec.variants[d].var for d in model.free}
    return lambda name: name if name in free else base(name)


def menu_words(model: Model) -> str:
    """The text alternative's words for a chart's variant menus ("" without menus)."""
    if not model.free:
        return ""
    labels = [model.spec.variants[d].label for d in model.free]
    return f"Menus switch the model's form: {', '.join(labels)}. "


def setup(
    model: Model | None,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None,
    variants: Sequence[str] = (),
) -> tuple[Model, Ref, list[alt.Parameter]]:
    """The model, how its trees read each assumption, and the sliders (then the menus).

    `param_ref` checks `controls` and `fixed` (:func:`pathways.present.controls.check_controls`);
    a chart that sets some assumptions itself (a map's axes) runs that check first with
    them as `reserved`. The dimensions in `variants` are left free in the trees and read
    from one menu each; without them the model and its trees are the given ones.
    """
    base = model_or_default(model)
    m = with_variants(base, free=variants)
    ref = variant_ref(m, param_ref(m, controls, fixed))
    return m, ref, [*sliders(m, controls), *menus(base, m.free)]


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
