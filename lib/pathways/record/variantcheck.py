"""The period check under every structure of the spec's variants: how often each
formalisation points the way the literature codes Korea-Japan relations, 1965-2024, and what
each option of a variant does to that on average.

Why: the model's shape is a reading too (model.yaml ``variants``), and issue 12 keeps
today's structure as the default unless the record says otherwise. This module runs the
period check of :mod:`pathways.record.periodcheck` once per combination of options, each
with the record's inputs it reads (threat and engagement; the withdrawal signal too where
commitment is read as a signal) and every other assumption at the spec's default. Nothing is
fitted: no number is chosen to match the coding, so the hit rate over 1965-1990 and over
1991-2024 are two tests, not a fit and a test. Besides the hit rate, which only says where a
structure's zero lies, :func:`ordering` asks whether the structure ranks the cooperation
periods above the friction periods at all, a question the zero does not decide.

Defined for: chapter 'Checking the pathways against the record' ("The record from 1965").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ..model.compile import Model, default_model, with_variants
from ..model.evaluate import evaluate
from ..model.names import check_names, unknown
from ..model.numbers import quote
from ..model.variants import check_dims, combinations, label
from .periodcheck import (
    INPUTS,
    PeriodCheck,
    Predict,
    net_predictor,
    period_check,
    prediction_text,
    split_check,
    yearly_inputs,
)
from .periods import periods as coded_periods

#: The spans scored separately (those of :func:`periodcheck.split_check`): the Cold War, after.
Spans = Mapping[str, tuple[int, int]]
SPANS: Spans = {"fit": (1965, 1990), "test": (1991, 2024)}


def record_inputs(model: Model) -> tuple[str, ...]:
    """The record's inputs (:data:`periodcheck.INPUTS`) that `model`'s trees read.

    Defined for: chapter 'Checking the pathways against the record'.

    Today's structure reads threat and engagement; with ``commitment=signal`` pathways 4
    and 5 read ``withdrawal_signal`` as well. An input the trees do not read is not passed.
    """
    reads = set(model.reads())
    return tuple(n for n in INPUTS if n in reads)


def _memo(predict: Predict) -> Predict:
    """`predict` computed once per distinct year of inputs (the split checks reuse them)."""
    seen: dict[tuple[float, ...], float] = {}

    def once(year: Mapping[str, float]) -> float:
        key = tuple(float(year[n]) for n in INPUTS)
        if key not in seen:
            seen[key] = predict(year)
        return seen[key]

    return once


def structure_predictor(
    variants: Mapping[str, str] | None = None,
    values: Mapping[str, float] | None = None,
    model: Model | None = None,
) -> Predict:
    """A `predict` for :func:`periodcheck.period_check` in the structure `variants`.

    Defined for: chapter 'Checking the pathways against the record'.

    The year's inputs are those :func:`record_inputs` names for the structure; `values` sets
    other assumptions (default: the spec's defaults); an unknown variant or option is
    refused with the allowed ones (:func:`pathways.model.variants.check_variants`).
    """
    m = with_variants(model or default_model(), variants)
    return _memo(net_predictor(evaluate, inputs=record_inputs(m), values=values, model=m))


def ordering(check: PeriodCheck) -> float:
    """The share of pairs of a cooperation period and a friction period in which the
    cooperation period has the higher mean net (a tie counts half; NaN without both codings).

    Defined for: chapter 'Checking the pathways against the record'.

    It does not depend on where the model's zero lies, only on whether the net rises and
    falls with the coding: 1 ranks every cooperation period above every friction period, 0
    the reverse, 0.5 is what a coin would do (:func:`chance_at_least` says how often).
    """
    t = check.table
    coop = t.loc[t["coding"] == "cooperation", "net"].tolist()
    fric = t.loc[t["coding"] == "friction", "net"].tolist()
    if not coop or not fric:
        return math.nan
    wins = sum(1.0 if c > f else 0.5 if c == f else 0.0 for c in coop for f in fric)
    return wins / (len(coop) * len(fric))


def commoner_coding(check: PeriodCheck) -> str:
    """The coding most counted periods have (what the base rate always predicts); "either"
    on a tie, "" when no period is counted.

    Defined for: chapter 'Checking the pathways against the record'.
    """
    counts = check.table.loc[check.table["coding"].isin(("cooperation", "friction")), "coding"]
    top = counts.value_counts()
    if top.empty:
        return ""
    return "either" if len(top) > 1 and top.iloc[0] == top.iloc[1] else str(top.index[0])


@dataclass(frozen=True)
class VariantChecks:
    """The period check of every structure, side by side.

    ``table``: one row per combination of options, the default structure first (the order
    of :func:`pathways.model.variants.combinations`): one column per dimension (its option),
    ``label`` ("the default structure", "commitment=signal", ...), ``inputs`` (the record's
    inputs read, ", "-joined), ``hits``, ``counted``, ``hit_rate``; for each span of
    ``spans`` (``fit``, ``test``) ``<span>_hits``, ``<span>_counted``,
    ``<span>_hit_rate``; ``cooperation`` (how many counted periods it predicts cooperation
    for) and ``ordering`` (:func:`ordering`). ``options``: per dimension and option (the
    default first) ``structures`` (how many rows have it) and the mean over them of
    ``hit_rate``, ``fit_hit_rate``, ``test_hit_rate`` and ``ordering``. The base rates (of
    always predicting ``commoner``) depend on the coding only, so they are stored once;
    ``checks`` holds each structure's :class:`PeriodCheck` by label.
    """

    table: pd.DataFrame
    options: pd.DataFrame
    checks: dict[str, PeriodCheck]
    dims: tuple[str, ...]  # every dimension of the spec, the table's option columns
    spans: Spans  # the spans scored apart, ``fit`` and ``test``
    commoner: str
    base_rate: float
    fit_base_rate: float
    test_base_rate: float

    def row(self, variants: Mapping[str, str] | None = None) -> pd.Series:
        """The table's row of a structure; dimensions not named keep the first row's
        option (the model's own). A structure not in the table is named."""
        given = dict(variants or {})
        check_names("variant", given, self.dims)
        want = {**self.table.iloc[0][list(self.dims)].to_dict(), **given}
        found = self.table[(self.table[list(want)] == pd.Series(want)).all(axis=1)]
        if found.empty:
            named = ", ".join(f"{d}={o}" for d, o in want.items())
            raise unknown("structure", named, self.table["label"].tolist())
        return found.iloc[0]

    def net(self, variants: Mapping[str, str] | None, period_start: int) -> float:
        """A structure's mean net over the coded period that starts in `period_start`."""
        t = self.checks[str(self.row(variants)["label"])].table.set_index("period_start")
        if period_start not in t.index:
            raise unknown("period start", period_start, [str(y) for y in t.index])
        return float(t.at[period_start, "net"])


def _split_columns(
    predict: Predict, inputs: pd.DataFrame, periods: pd.DataFrame, spans: Spans
) -> dict[str, float]:
    split = split_check(predict, spans["fit"], spans["test"], inputs, periods)
    out: dict[str, float] = {}
    for r in split.itertuples():
        out |= {f"{r.span}_hits": r.hits, f"{r.span}_counted": r.counted,
                f"{r.span}_hit_rate": r.hit_rate, f"{r.span}_base_rate": r.base_rate}  # fmt: skip
    return out


def _option_means(table: pd.DataFrame, m: Model, dims: Sequence[str]) -> pd.DataFrame:
    """Per option of each dimension in `dims`: the mean of the scores over its structures."""
    scores = ["hit_rate", "fit_hit_rate", "test_hit_rate", "ordering"]
    rows = []
    for dim in dims:
        v = m.spec.variants[dim]
        for option in [v.default, *(o for o in v.options if o != v.default)]:
            mine = table[table[dim] == option]
            rows.append({"dimension": dim, "option": option, "default": option == v.default,
                         "structures": len(mine), **mine[scores].mean().to_dict()})  # fmt: skip
    return pd.DataFrame(rows)


def variant_checks(
    dims: Sequence[str] | str = "all",
    inputs: pd.DataFrame | None = None,
    periods: pd.DataFrame | None = None,
    values: Mapping[str, float] | None = None,
    model: Model | None = None,
    spans: Spans = SPANS,
) -> VariantChecks:
    """The period check, its split and the ordering for every structure over `dims`.

    Defined for: chapter 'Checking the pathways against the record'.

    `dims` ("all": every dimension of the spec, 16 structures with today's spec) are the
    dimensions whose options are combined, the others at the model's own; `inputs` defaults
    to :func:`periodcheck.yearly_inputs`, `periods` to :func:`periods.periods`, `values` (other
    assumptions) to the spec's defaults; `spans` (``fit`` and ``test``, default
    :data:`SPANS`) are scored apart by :func:`periodcheck.split_check`. Nothing is fitted.
    """
    m = model or default_model()
    check_names("span", spans, SPANS)
    if set(spans) != set(SPANS):
        raise ValueError(f"spans {dict(spans)} need both of {', '.join(SPANS)}")
    rows_in = yearly_inputs() if inputs is None else inputs
    per = coded_periods() if periods is None else periods
    chosen = check_dims(m.spec, dims)
    rows, checks, splits = [], {}, []
    for combo in combinations(m.spec, chosen):
        structure = with_variants(m, combo)
        predict = structure_predictor(values=values, model=structure)
        check = period_check(predict, rows_in, per)
        split = _split_columns(predict, rows_in, per, spans)
        name = label(m.spec, combo)
        checks[name] = check
        splits.append(split)
        counted = check.table[check.table["coding"].isin(("cooperation", "friction"))]
        rows.append({**combo, "label": name, "inputs": ", ".join(record_inputs(structure)),
                     "hits": check.hits, "counted": check.counted, "hit_rate": check.hit_rate,
                     **{k: v for k, v in split.items() if "base" not in k},
                     "cooperation": int((counted["predicted"] == "cooperation").sum()),
                     "ordering": ordering(check)})  # fmt: skip
    table = pd.DataFrame(rows)
    first = next(iter(checks.values()))
    return VariantChecks(
        table, _option_means(table, m, chosen), checks, tuple(m.spec.variants), dict(spans),
        commoner_coding(first),
        first.base_rate, splits[0]["fit_base_rate"], splits[0]["test_base_rate"],
    )  # fmt: skip


def chance_at_least(check: PeriodCheck) -> float:
    """The share of all relabellings of the counted periods (as many cooperation periods,
    the rest friction) whose :func:`ordering` is at least `check`'s: how often a coin-like
    ranking does as well. NaN without both codings.

    Defined for: chapter 'Checking the pathways against the record'.

    Exact (every relabelling is enumerated: 462 with 6 and 5 periods), nothing drawn.
    """
    t = check.table[check.table["coding"].isin(("cooperation", "friction"))]
    nets, coop = t["net"].tolist(), int((t["coding"] == "cooperation").sum())
    if not 0 < coop < len(nets):
        return math.nan
    seen = ordering(check)
    count = total = 0
    for chosen in itertools.combinations(range(len(nets)), coop):
        c = [nets[i] for i in chosen]
        f = [nets[i] for i in range(len(nets)) if i not in chosen]
        wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in c for b in f)
        count += wins / (len(c) * len(f)) >= seen - 1e-12
        total += 1
    return count / total


def _of(hits: int, counted: int, rate: float) -> str:
    return f"{hits} of {counted} ({quote('share', rate)})"


def _column(t: pd.DataFrame, prefix: str = "") -> list[str]:
    """ "hits of counted (rate)" per row, of the whole span or of a span's columns."""
    cols = (f"{prefix}hits", f"{prefix}counted", f"{prefix}hit_rate")
    return [_of(int(h), int(n), float(r)) for h, n, r in t[list(cols)].itertuples(index=False)]


def variant_table(checks: VariantChecks) -> pd.DataFrame:
    """Every structure's scores as strings for the chapter, the default structure first.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``Structure`` (the options changed from the default), ``All periods``,
    ``1965–1990``, ``1991–2024`` (hits of counted, and the hit rate), ``Cooperation above
    friction`` (:func:`ordering`, as a share of pairs). Which record inputs a structure reads
    is in ``checks.table["inputs"]``.
    """
    t = checks.table
    return pd.DataFrame(
        {
            "Structure": t["label"],
            "All periods": _column(t),
            **{f"{a}\u2013{b}": _column(t, f"{s}_") for s, (a, b) in checks.spans.items()},
            "Cooperation above friction": [quote("share", x) for x in t["ordering"]],
        }
    )


def option_table(checks: VariantChecks, model: Model | None = None) -> pd.DataFrame:
    """Per option, the mean scores over the structures that have it, as strings.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``Variant`` (the dimension's label in model.yaml), ``Option`` (its label;
    "(today)" marks the default), ``Mean hit rate``, ``1965–1990``,
    ``1991–2024``, ``Cooperation above friction`` (means, as shares).
    """
    spec = (model or default_model()).spec
    o = checks.options
    spans = {f"{a}\u2013{b}": f"{s}_hit_rate" for s, (a, b) in checks.spans.items()}
    return pd.DataFrame(
        {
            "Variant": [spec.variants[d].label for d in o["dimension"]],
            "Option": [
                spec.variants[d].options[x].label + (" (today)" if is_default else "")
                for d, x, is_default in zip(o["dimension"], o["option"], o["default"], strict=True)
            ],
            "Mean hit rate": [quote("share", x) for x in o["hit_rate"]],
            **{name: [quote("share", x) for x in o[col]] for name, col in spans.items()},
            "Cooperation above friction": [quote("share", x) for x in o["ordering"]],
        }
    )


def _hit_word(hit: object) -> str:
    return "not counted" if pd.isna(hit) else "hit" if hit else "miss"


def side_by_side(
    checks: VariantChecks, structures: Sequence[Mapping[str, str]] = ({}, {"commitment": "signal"})
) -> pd.DataFrame:
    """Each coded period beside the prediction of each structure in `structures`, as strings.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``Period`` (the label and the years: "Nixon doctrine ... (1969–1971)"),
    ``Literature`` (the coding), ``Sources`` (bib keys), ``Where the works differ`` (the
    period's disagreement note, "" where they agree), then one column
    per structure, named by its label, with the prediction and the mean net and whether it
    hits ("friction (−0.15): miss"; a mixed period is "not counted"). `structures` default to
    today's and ``commitment=signal``; each must be in `checks`.
    """
    labels = [str(checks.row(s)["label"]) for s in structures]
    t = checks.checks[labels[0]].table
    out = pd.DataFrame(
        {
            "Period": [
                f"{name} ({a}\u2013{b})"
                for name, a, b in zip(t["label"], t["period_start"], t["period_end"], strict=True)
            ],
            "Literature": t["coding"],
            "Sources": [s.replace(";", "; ") for s in t["sources"]],
            "Where the works differ": t["disagreement"],
        }
    )
    for name in labels:
        c = checks.checks[name].table
        out[name] = [
            f"{prediction_text(p, n)}: {_hit_word(h)}"
            for p, n, h in zip(c["predicted"], c["net"], c["hit"], strict=True)
        ]
    return out


def summary(checks: VariantChecks) -> str:
    """The period check of every structure in four lines, for the chapter's checked output.

    Defined for: chapter 'Checking the pathways against the record'.
    """
    t, first = checks.table, checks.table.iloc[0]
    coded = checks.checks[str(first["label"])].table["coding"].value_counts()
    beat = t.loc[t["hit_rate"] > checks.base_rate, "label"].tolist()
    best = t.loc[t["ordering"].idxmax()]
    chance = chance_at_least(checks.checks[str(best["label"])])
    share = lambda x: quote("share", x)  # noqa: E731
    return "\n".join([
        f"{int(first['counted'])} periods counted ({coded.get('cooperation', 0)} cooperation, "
        f"{coded.get('friction', 0)} friction), {coded.get('mixed', 0)} mixed not counted; "
        f"always predicting {checks.commoner} hits {share(checks.base_rate)} "
        f"(1965-1990 {share(checks.fit_base_rate)}, 1991-2024 {share(checks.test_base_rate)}).",
        f"{first['label']}: {_of(first['hits'], first['counted'], first['hit_rate'])}; "
        f"1965-1990 {_of(first['fit_hits'], first['fit_counted'], first['fit_hit_rate'])}; "
        f"1991-2024 {_of(first['test_hits'], first['test_counted'], first['test_hit_rate'])}.",
        f"All {len(t)} structures: hit rate {share(t['hit_rate'].min())} to "
        f"{share(t['hit_rate'].max())}; above the base rate: {', '.join(beat) or 'none'}; "
        f"at most {int(t['cooperation'].max())} of {int(first['counted'])} counted periods "
        "predicted cooperation.",
        f"Cooperation above friction: {share(t['ordering'].min())} to "
        f"{share(t['ordering'].max())} of pairs ({first['label']} {share(first['ordering'])}); "
        f"random rankings do as well as the best ({best['label']}) {share(chance)} of the time.",
    ])  # fmt: skip


def yearly_nets(
    structures: Sequence[Mapping[str, str]] = ({}, {"commitment": "signal"}),
    inputs: pd.DataFrame | None = None,
    values: Mapping[str, float] | None = None,
    model: Model | None = None,
) -> pd.DataFrame:
    """Each structure's predicted net per year of the record, for the chapter's figure.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int), ``structure`` (its label, in the order of `structures`),
    ``net`` (float, :func:`structure_predictor` of that year's inputs; the period check
    averages these over a period's years). `inputs` default to
    :func:`periodcheck.yearly_inputs`.
    """
    m = model or default_model()
    rows_in = (yearly_inputs() if inputs is None else inputs).to_dict("records")
    out = []
    for variants in structures:
        predict = structure_predictor(variants, values, m)
        name = label(m.spec, variants)
        out += [(int(r["year"]), name, float(predict(r))) for r in rows_in]
    return pd.DataFrame(out, columns=["year", "structure", "net"])
