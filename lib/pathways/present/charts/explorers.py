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

from ...model import numbers
from ...model import verdict as verdicts
from ...model.compile import Model
from ...model.expr import to_vega
from ..scenario_meta import with_scenario
from ..vega import Ref, by_id
from .bars import MARGINAL_TITLE, pathway_bars
from .common import (
    FONT_SIZE,
    WIDTH,
    Panel,
    heading,
    long_title,
    menu_words,
    pathway_rows,
    policy_scale,
    setup,
    vconcat,
)
from .readout import declare, explorer_numbers, marginal_numbers, policy_numbers
from .sentence import sentence_panel

#: The two options, in the order the conclusion's charts draw them.
OPTIONS = ("exclusive", "inclusive")
#: The totals' words: pixels per line, and their gap from the plot (an axis label's place).
LINE_HEIGHT = FONT_SIZE + 2
LABEL_GAP = 6


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
            title=heading(title or "How each pathway pushes Korea-Japan relations"),
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
        MARGINAL_TITLE, "More engagement pushes",
    )  # fmt: skip
    table = "Each pathway's change per unit of US engagement, and the total"
    figure = declare(
        vconcat(bars, sentence_panel(verdicts.overall(m), ref))
        .add_params(*params)
        .properties(
            title=heading("Which pathways more US engagement strengthens, and which way they pull"),
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
        for name in OPTIONS
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
                **long_title("Contribution under each option"),
                scale=alt.Scale(domain=[-1, 1]),
            ),
            color=alt.Color("policy_label:N", title="Option", scale=policy_scale(m)),
            tooltip=[
                alt.Tooltip("label:N", title="Pathway"),
                alt.Tooltip("policy_label:N", title="Option"),
                alt.Tooltip("contribution:Q", format="+.3f"),
            ],
        )  # fmt: skip
        .properties(width=WIDTH, height=300)
    )


def _totals(m: Model, ref: Ref) -> Panel:
    """Each option's net outcome over all pathways, in the options' colours, with the
    option's name, its value and where it stands ("ahead", "behind", or tied at the
    verdict's precision) as three lines where axis labels go: the words then need no room
    inside the plot, which a phone's column keeps narrow (a 320 px phone leaves it ~150 px)."""
    rows = [{"policy": k, "policy_label": m.spec.policies[k].short, "order": i}
            for i, k in enumerate(OPTIONS)]  # fmt: skip

    def per_option(node: dict[str, str]) -> str:
        return f"datum.policy === 'exclusive' ? ({node['exclusive']}) : ({node['inclusive']})"

    net = {k: to_vega(m.policy_net[k], ref) for k in OPTIONS}
    said = {k: to_vega(numbers.node(verdicts.OPTION_NET, m.policy_net[k]), ref) for k in OPTIONS}
    stand = {k: to_vega(verdicts.standing(m, k), ref) for k in OPTIONS}
    base = alt.Chart(alt.Data(values=rows)).transform_calculate(
        net=f"datum.policy === 'exclusive' ? {net['exclusive']} : {net['inclusive']}",
        lines=f"[datum.policy_label, {per_option(said)}, {per_option(stand)}]",
    )
    y = alt.Y("policy_label:N", sort=alt.SortField("order"), title=None,
              axis=alt.Axis(labels=False, ticks=False))  # fmt: skip
    title = long_title("Net outcome over all pathways")
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("net:Q", **title, scale=alt.Scale(domain=[-1, 1])),
        x2=alt.datum(0),
        color=alt.Color("policy_label:N", title="Option", scale=policy_scale(m)),
        tooltip=[alt.Tooltip("policy_label:N", title="Option"),
                 alt.Tooltip("net:Q", format="+.3f", title="Net outcome")],
    )  # fmt: skip
    # Vega puts a text's first line at the baseline: the middle line is centred one line up
    words = base.mark_text(
        align="right", baseline="middle", dy=-LINE_HEIGHT, fontSize=FONT_SIZE,
        lineHeight=LINE_HEIGHT,
    ).encode(y=y, x=alt.value(-LABEL_GAP), text="lines:N")  # fmt: skip
    height = len(OPTIONS) * (3 * LINE_HEIGHT + 8)
    return alt.layer(bars, words).properties(width=WIDTH, height=height, title="The two totals")


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
        vconcat(_totals(m, ref), _policy_bars(m, ref), sentence_panel(clause, ref))
        .add_params(*params)
        .properties(
            title=heading("Exclusive bloc or inclusive ties: the totals and each pathway"),
            description=(
                "Two bars give each option's net outcome over all pathways, with its value and "
                "whether it is ahead, behind or tied; below, a grouped bar chart of each "
                "pathway's contribution under exclusive US-Japan-Korea security ties (wine) and "
                "under inclusive regional ties (khaki); the sentence below says which option "
                "comes out ahead under the chosen assumptions and by how much. " + menu_words(m)
            ).strip(),
        ),
        "policy", table, policy_numbers(m, ref),
    )  # fmt: skip
    return with_scenario(figure, m, controls, fixed, None)
