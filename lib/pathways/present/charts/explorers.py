"""The explorers: every pathway's bar under live sliders, with the verdict line below.

Why: each chapter lets the reader move its assumptions and watch the pathways and the
verdict respond; the numbers are the model's trees printed as Vega expressions. With
`variants`, the reader also switches the model's form: one menu per structural variant
(model.yaml `variants`), read inside the same trees, so bars and verdict recompute.

Defined for: every chapter (explorer); 'Synthesis' (marginal_chart); 'Conclusion'
(policy_chart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt

from ...model import verdict as verdicts
from ...model.compile import Model
from ..scenario_meta import with_scenario
from ..vega import Ref, by_id
from .bars import pathway_bars
from .common import WIDTH, menu_words, pathway_rows, setup, vconcat
from .readout import declare, explorer_numbers, marginal_numbers, policy_numbers
from .sentence import sentence_panel


def explorer(
    controls: Sequence[str],
    group: int | None = None,
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    title: str | None = None,
    variants: Sequence[str] = (),
) -> alt.VConcatChart:
    """Bars of every pathway's contribution, live sliders, and the verdict line.

    With `group`, that pathway's bars are emphasised and the verdict is the chapter's;
    `variants` adds a menu for each of those structural variants.
    """
    m, ref, params = setup(model, controls, fixed, variants)
    focus = "true" if group is None else f"datum.group === {int(group)}"
    bars = pathway_bars(
        m, "contribution", by_id(m.contributions, ref),
        "Contribution (+ cooperation, − friction)", "Pushes toward", focus=focus,
    )  # fmt: skip
    sentence = verdicts.overall(m) if group is None else verdicts.for_group(m, group)
    what = "all pathways" if group is None else f"pathway {group} (highlighted)"
    table = "Each pathway's contribution, the net outcome and both options' totals"
    figure = declare(
        vconcat(bars, sentence_panel(sentence, ref))
        .add_params(*params)
        .properties(
            title=title or "How each pathway pushes Korea-Japan relations",
            description=(
                f"Bar chart of each causal pathway's contribution to Korea-Japan relations, "
                f"positive toward cooperation and negative toward friction, for {what}; "
                f"sliders: {', '.join(m.spec.assumptions[c].label for c in controls)}. "
                f"{menu_words(m)}The sentence below the bars states the verdict."
            ),
        ),
        "explorer", table, explorer_numbers(m, ref),
    )  # fmt: skip
    return with_scenario(figure, m, controls, fixed, group)


def marginal_chart(
    controls: Sequence[str],
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    variants: Sequence[str] = (),
) -> alt.VConcatChart:
    """The ambivalence: the effect of more US engagement, split by pathway (with a menu
    for each structural variant in `variants`)."""
    m, ref, params = setup(model, controls, fixed, variants)
    bars = pathway_bars(
        m, "marginal", by_id(m.marginal, ref),
        "Change in contribution per unit of US engagement", "More engagement pushes",
    )  # fmt: skip
    table = "Each pathway's change per unit of US engagement, and the total"
    figure = declare(
        vconcat(bars, sentence_panel(verdicts.overall(m), ref))
        .add_params(*params)
        .properties(
            title="Which pathways more US engagement strengthens, and which way they pull",
            description=(
                "Bar chart of the marginal effect of US engagement on each pathway's contribution: "
                "bars to the right mean more engagement helps cooperation through that pathway, "
                f"bars to the left mean it adds friction. {menu_words(m)}"
                "The sentence below gives the total."
            ),
        ),
        "marginal", table, marginal_numbers(m, ref),
    )  # fmt: skip
    return with_scenario(figure, m, controls, fixed, None)


def _policy_bars(m: Model, ref: Ref) -> alt.Chart:
    """Two bars per pathway: its contribution under exclusive and under inclusive ties."""
    rows = [
        {**r, "policy": name, "policy_label": m.spec.policies[name].short}
        for r in pathway_rows(m)
        for name in ("exclusive", "inclusive")
    ]
    excl = by_id(m.policy_contributions["exclusive"], ref)
    incl = by_id(m.policy_contributions["inclusive"], ref)
    return (
        alt.Chart(alt.Data(values=rows))
        .transform_calculate(
            contribution=f"datum.policy === 'exclusive' ? {excl} : {incl}",
        )
        .mark_bar()
        .encode(
            y=alt.Y("short:N", sort=alt.SortField("order"), title=None),
            yOffset=alt.YOffset("policy_label:N"),
            x=alt.X(
                "contribution:Q",
                title="Contribution under each option",
                scale=alt.Scale(domain=[-1, 1]),
            ),
            color=alt.Color(
                "policy_label:N", title="Option", scale=alt.Scale(range=["#E69F00", "#009E73"])
            ),
            tooltip=[
                alt.Tooltip("label:N", title="Pathway"),
                alt.Tooltip("policy_label:N", title="Option"),
                alt.Tooltip("contribution:Q", format="+.3f"),
            ],
        )  # fmt: skip
        .properties(width=WIDTH, height=300)
    )


def policy_chart(
    controls: Sequence[str],
    fixed: Mapping[str, float] | None = None,
    model: Model | None = None,
    variants: Sequence[str] = (),
) -> alt.VConcatChart:
    """The conclusion computed: each pathway under exclusive and under inclusive ties (with
    a menu for each structural variant in `variants`)."""
    m, ref, params = setup(model, controls, fixed, variants)
    clause = verdicts.policy_comparison(m)
    table = "Both options' totals and the margin between them"
    figure = declare(
        vconcat(_policy_bars(m, ref), sentence_panel(clause, ref))
        .add_params(*params)
        .properties(
            title="Exclusive bloc or inclusive ties: each pathway under both options",
            description=(
                "Grouped bar chart of each pathway's contribution under exclusive US-Japan-Korea "
                "security ties and under inclusive regional ties; the sentence below says which "
                "option comes out ahead under the chosen assumptions and by how much. "
                + menu_words(m)
            ).strip(),
        ),
        "policy", table, policy_numbers(m, ref),
    )  # fmt: skip
    return with_scenario(figure, m, controls, fixed, None)
