"""The period check (pathways.record.periodcheck) and the perceived-withdrawal series it feeds
the model (pathways.record.withdrawal): the rule on planted signals, the inputs from the
record, and the scoring of a prediction against planted and real period codings."""

from __future__ import annotations

import math
import types

import numpy as np
import pandas as pd
import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from pathways import evaluate, evidence, periodcheck, series, withdrawal
from pathways.record.data import DataError

CHAPTER = "Defined for: chapter 'Checking the pathways against the record'."
W, DECAY = withdrawal.SIGNAL_WEIGHTS, withdrawal.SIGNAL_DECAY
uses_data = pytest.mark.usefixtures("data_env")


def _signals(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """A planted signal table from (date, direction, size) rows."""
    frame = pd.DataFrame(rows, columns=["date", "direction", "size"])
    return frame.assign(year=frame["date"].str[:4].astype(int))


def _series(table: pd.DataFrame, start: int, end: int, **rule) -> list[float]:
    s = withdrawal.withdrawal_signal_series(start, end, table=table, **rule)
    return s["withdrawal_signal"].tolist()


def _inputs(first: int, last: int, threat: list[float] | None = None) -> pd.DataFrame:
    """Planted yearly inputs; `threat` (if given) carries the value a planted predict reads."""
    years = list(range(first, last + 1))
    zeros = [0.0] * len(years)
    return pd.DataFrame({"year": years, "threat": threat or zeros, "engagement": zeros,
                         "withdrawal_signal": zeros})  # fmt: skip


def _periods(*rows: tuple[int, int, str]) -> pd.DataFrame:
    """Planted periods from (start, end, coding) rows."""
    return pd.DataFrame(
        [(a, b, f"P{a}", c, "cha1999;lee1985", "") for a, b, c in rows],
        columns=["period_start", "period_end", "label", "coding", "sources", "disagreement"],
    )


def _always(value: float):
    return lambda year: value


def _threat(year) -> float:
    return year["threat"]


PLANTED = _periods((1965, 1969, "cooperation"), (1970, 1972, "friction"),
                   (1973, 1975, "mixed"), (1976, 1980, "cooperation"))  # fmt: skip


@pytest.mark.parametrize(
    "fn",
    [
        withdrawal.withdrawal_signal_series,
        withdrawal.step,
        series.check_span,
        periodcheck.yearly_inputs,
        periodcheck.net_predictor,
        periodcheck.period_check,
        periodcheck.split_check,
        periodcheck.period_table,
        periodcheck.hit_sentence,
    ],
)
def test_every_function_says_what_it_is_for(fn) -> None:
    assert CHAPTER in " ".join((fn.__doc__ or "").split())


# ------------------------------------------------------------------- the withdrawal series


def test_the_rule_on_planted_signals() -> None:
    table = _signals(("1970-03-01", "withdrawal", "large"), ("1972-05-01", "recommitment", "small"))
    got = _series(table, 1969, 1974)
    x1970 = W["large"]  # from nothing: a large signal closes its weight of the way to 1
    x1971 = x1970 * DECAY  # a year without a signal: the expectation fades
    x1972 = x1971 * DECAY * (1 - W["small"])  # fade, then the recommitment shrinks it
    x1974 = x1972 * DECAY**2
    assert got == pytest.approx([0.0, x1970, x1971, x1972, x1972 * DECAY, x1974], abs=1e-15)


def test_a_withdrawal_adds_on_top_of_what_is_already_expected() -> None:
    table = _signals(("1970-01", "withdrawal", "small"), ("1971-01", "withdrawal", "large"))
    x1970 = W["small"]
    x1971 = x1970 * DECAY + W["large"] * (1 - x1970 * DECAY)
    assert _series(table, 1970, 1971) == pytest.approx([x1970, x1971], abs=1e-15)


def test_signals_of_one_year_apply_in_date_order() -> None:
    late_recommit = _signals(("1980-01-05", "withdrawal", "large"),
                             ("1980-09-01", "recommitment", "small"))  # fmt: skip
    early_recommit = _signals(("1980-09-01", "withdrawal", "large"),
                              ("1980-01-05", "recommitment", "small"))  # fmt: skip
    assert _series(late_recommit, 1980, 1980) == pytest.approx([W["large"] * (1 - W["small"])])
    assert _series(early_recommit, 1980, 1980) == pytest.approx([W["large"]])


def test_signals_before_the_first_year_shown_still_count() -> None:
    table = _signals(("1963-06", "withdrawal", "large"))
    assert _series(table, 1965, 1965) == pytest.approx([W["large"] * DECAY**2])


def test_a_recommitment_with_nothing_expected_changes_nothing() -> None:
    table = _signals(("1970-06", "recommitment", "large"))
    assert _series(table, 1969, 1971) == [0.0, 0.0, 0.0]


def test_the_series_stays_in_0_1_by_construction() -> None:
    rng = np.random.default_rng(7)
    dates = sorted(
        f"{y}-{m:02d}"
        for y, m in zip(rng.integers(1946, 2024, 80), rng.integers(1, 13, 80), strict=True)
    )
    rows = [(d, str(rng.choice(["withdrawal", "recommitment"])), str(rng.choice(["small", "large"])))
            for d in dates]  # fmt: skip
    got = np.array(_series(_signals(*rows), 1945, 2024))
    assert ((got >= 0) & (got <= 1)).all() and got.max() > 0.5
    # at the extremes of the rule the bounds are reached exactly, never passed
    extreme = _signals(("1950-01", "withdrawal", "large"), ("1950-02", "withdrawal", "large"),
                       ("1952-01", "recommitment", "large"))  # fmt: skip
    got = _series(extreme, 1950, 1953, weights={"small": 1.0, "large": 1.0}, decay=1.0)
    assert got == [1.0, 1.0, 0.0, 0.0]


def test_the_series_from_the_signal_table() -> None:
    s = withdrawal.withdrawal_signal_series()
    assert s["year"].tolist() == list(range(1965, 2025))
    assert s["withdrawal_signal"].between(0, 1).all()
    assert s.loc[s["year"] < 1969, "withdrawal_signal"].eq(0).all()  # no signal before Guam
    by_year = s.set_index("year")["withdrawal_signal"]
    assert by_year[1969] == pytest.approx(W["large"])  # the Guam doctrine, a large signal
    assert by_year[1977] > by_year[1976]  # Carter's plan
    assert by_year[1979] < by_year[1978]  # held in abeyance
    assert s.attrs["rule"] == {"weights": W, "decay": DECAY}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"start": 1980, "end": 1970}, "start 1980 is after end 1970"),
        ({"start": 1940, "end": 1970}, "outside 1945-2024"),
        ({"start": 1970.0, "end": 1971}, "must be an integer year"),
        ({"weights": {"small": 0.2, "large": 1.5}}, r"weight of a large signal is 1.5; allowed"),
        ({"weights": {"small": 0.2, "huge": 0.9}}, "unknown signal size 'huge'; allowed: small"),
        ({"weights": {"small": 0.2}}, r"lack size\(s\) \['large'\]"),
        ({"decay": -0.1}, r"decay is -0.1; allowed: a number in \[0, 1\]"),
    ],
)
def test_bad_arguments_are_named(kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        withdrawal.withdrawal_signal_series(table=_signals(("1970-01", "withdrawal", "large")),
                                            **kwargs)  # fmt: skip


def test_a_bad_signal_row_is_named() -> None:
    bad = _signals(("1970-01", "retreat", "large"))
    with pytest.raises(ValueError, match="unknown signal direction 'retreat'; allowed: withdrawal"):
        _series(bad, 1970, 1971)
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['size'\]"):
        _series(bad.drop(columns="size"), 1970, 1971)
    with pytest.raises(ValueError, match="unknown signal direction"):
        withdrawal.step(0.5, "retreat", 0.5)


# ------------------------------------------------------------------------ the yearly inputs


@uses_data
def test_yearly_inputs_cover_1965_to_2024_from_the_named_sources() -> None:
    got = periodcheck.yearly_inputs()
    assert got["year"].tolist() == list(range(1965, 2025))
    assert not got.isna().any().any()
    assert got[list(periodcheck.INPUTS)].apply(lambda c: c.between(0, 1).all()).all()
    threat = series.threat_since_1965()
    assert got["threat"].tolist() == threat["value"].tolist()
    assert got["threat_source"].tolist() == ["cow_nmc"] * 19 + ["nk_missiles"] * 41
    assert got["engagement"].tolist() == series.proxies(1965, 2024)["engagement"].tolist()
    assert set(got["engagement_source"]) == {"troops"}
    assert got["withdrawal_signal"].tolist() == (
        withdrawal.withdrawal_signal_series()["withdrawal_signal"].tolist()
    )
    assert got.set_index("year").at[1969, "engagement"] == 1.0  # the reference peak's year


@uses_data
def test_a_year_without_data_is_an_error_not_a_fill(monkeypatch: pytest.MonkeyPatch) -> None:
    real = series.proxies

    def without_1970(start: int, end: int) -> pd.DataFrame:
        out = real(start, end)
        out.loc[out["year"] == 1970, "engagement"] = math.nan
        return out

    monkeypatch.setattr(series, "proxies", without_1970)
    with pytest.raises(DataError, match=r"no value for \{'engagement': \[1970\]\}"):
        periodcheck.yearly_inputs(1968, 1972)


def test_yearly_inputs_refuse_years_outside_the_record() -> None:
    with pytest.raises(ValueError, match="years 1960-1970 lie outside 1965-2024"):
        periodcheck.yearly_inputs(1960, 1970)


# ------------------------------------------------------------------------- the period check


def test_always_cooperation_hits_exactly_the_cooperation_periods() -> None:
    check = periodcheck.period_check(_always(1.0), _inputs(1965, 1980), PLANTED)
    hits = check.table.set_index("label")["hit"]
    assert hits.dropna().to_dict() == {"P1965": True, "P1970": False, "P1976": True}
    assert pd.isna(hits["P1973"])
    assert (check.hits, check.counted, check.mixed) == (2, 3, 1)
    assert check.hit_rate == pytest.approx(2 / 3) and check.base_rate == pytest.approx(2 / 3)
    always_friction = periodcheck.period_check(_always(-1.0), _inputs(1965, 1980), PLANTED)
    assert (always_friction.hits, always_friction.hit_rate) == (1, pytest.approx(1 / 3))


def test_the_mean_net_decides_a_period_not_its_majority_of_years() -> None:
    threat = [1.0, 1.0, 1.0, 1.0, -10.0] + [-1.0] * 3 + [0.0] * 3 + [0.5, -0.5, 0.0, 0.0, 0.0]
    check = periodcheck.period_check(_threat, _inputs(1965, 1980, threat), PLANTED)
    t = check.table.set_index("label")
    assert (
        t.at["P1965", "net"] == pytest.approx(-6 / 5) and t.at["P1965", "predicted"] == "friction"
    )
    assert t.at["P1970", "predicted"] == "friction"
    assert t.at["P1976", "net"] == 0.0 and t.at["P1976", "predicted"] == periodcheck.TIE
    assert t["hit"].dropna().tolist() == [False, True, False]  # a tie is a miss
    assert (check.hits, check.counted) == (1, 3) and t["years"].tolist() == [5, 3, 3, 5]


def test_mixed_periods_are_reported_but_not_counted() -> None:
    base = [1.0] * 16
    swing = base[:8] + [-1.0] * 3 + base[11:]  # only the mixed period's years change
    a = periodcheck.period_check(_threat, _inputs(1965, 1980, base), PLANTED)
    b = periodcheck.period_check(_threat, _inputs(1965, 1980, swing), PLANTED)
    assert a.table.at[2, "predicted"] == "cooperation" and b.table.at[2, "predicted"] == "friction"
    assert (a.hits, a.counted, a.hit_rate) == (b.hits, b.counted, b.hit_rate)
    none = periodcheck.period_check(
        _always(1.0), _inputs(1973, 1975), _periods((1973, 1975, "mixed"))
    )
    assert (none.counted, none.mixed) == (0, 1) and math.isnan(none.hit_rate)


def test_bad_predictions_and_inputs_are_named() -> None:
    with pytest.raises(ValueError, match="predict gave nan for 1965"):
        periodcheck.period_check(_always(math.nan), _inputs(1965, 1980), PLANTED)
    with pytest.raises(DataError, match=r"no inputs for the coded years \[1979, 1980\]"):
        periodcheck.period_check(_always(1.0), _inputs(1965, 1978), PLANTED)
    with pytest.raises(ValueError, match=r"lack column\(s\) \['withdrawal_signal'\]"):
        periodcheck.period_check(_always(1.0), _inputs(1965, 1980).iloc[:, :3], PLANTED)
    with pytest.raises(ValueError, match="unknown coding 'calm'; allowed: cooperation"):
        periodcheck.period_check(_always(1.0), _inputs(1965, 1969), _periods((1965, 1969, "calm")))


def test_split_check_scores_each_span_and_cuts_a_period_at_the_edge() -> None:
    periods = _periods((1965, 1969, "cooperation"), (1970, 1974, "friction"))
    threat = [1.0] * 7 + [-1.0] * 3  # 1970-71 lean cooperation, 1972-74 friction
    got = periodcheck.split_check(_threat, (1965, 1971), (1972, 1974),
                                  _inputs(1965, 1974, threat), periods)  # fmt: skip
    fit, test = got.set_index("span").loc["fit"], got.set_index("span").loc["test"]
    assert (fit["start"], fit["end"], fit["counted"], fit["hits"]) == (1965, 1971, 2, 1)
    assert (test["start"], test["end"], test["counted"], test["hits"]) == (1972, 1974, 1, 1)
    assert fit["hit_rate"] == 0.5 and test["hit_rate"] == 1.0
    whole = periodcheck.period_check(_threat, _inputs(1965, 1974, threat), periods)
    assert whole.hits == 2  # over the whole of 1970-74 the mean is -0.2: a hit, uncut


@pytest.mark.parametrize(
    ("fit", "test", "match"),
    [
        ((1965, 1975), (1972, 1980), "fit_span 1965-1975 overlaps test_span 1972-1980"),
        ((1960, 1970), (1971, 1980), "fit_span: years 1960-1970 lie outside 1965-1980"),
        ((1965, 1970), (1980, 1975), "test_span: start 1980 is after end 1975"),
    ],
)
def test_split_check_refuses_bad_spans(fit, test, match) -> None:
    with pytest.raises(ValueError, match=match):
        periodcheck.split_check(_always(1.0), fit, test, _inputs(1965, 1980), PLANTED)


def test_period_table_prints_for_the_chapter() -> None:
    table = periodcheck.period_table(_always(1.0), _inputs(1965, 1980), PLANTED)
    assert list(table.columns) == ["Period", "Years", "Literature", "Sources", "Model", "Hit"]
    assert table.iloc[0].tolist() == [
        "P1965", "1965\u20131969", "cooperation", "cha1999; lee1985", "cooperation (+1.00)", "yes"
    ]  # fmt: skip
    assert table["Hit"].tolist() == ["yes", "no", "not counted (mixed)", "yes"]
    check = periodcheck.period_check(_always(1.0), _inputs(1965, 1980), PLANTED)
    assert periodcheck.hit_sentence(check) == (
        "2 of 3 coded periods (67%); 1 mixed periods not counted; always predicting the "
        "commoner coding would hit 67%"
    )


# ---------------------------------------------------------------------------- net_predictor


def test_net_predictor_passes_the_named_inputs_values_and_options() -> None:
    calls = []

    def fake(values, **options):
        calls.append((dict(values), options))
        return types.SimpleNamespace(net=values["threat"] - values["engagement"])

    predict = periodcheck.net_predictor(fake, values={"mediation": 0.9}, model="m")
    year = {"threat": 0.5, "engagement": 0.25, "withdrawal_signal": 0.75}
    assert predict(year) == 0.25
    assert calls == [({"mediation": 0.9, "threat": 0.5, "engagement": 0.25}, {"model": "m"})]
    signal = periodcheck.net_predictor(fake, inputs=periodcheck.INPUTS)
    signal(year)
    assert calls[-1][0] == year


def test_net_predictor_refuses_unknown_inputs_and_clashes() -> None:
    with pytest.raises(ValueError, match="unknown record input 'troops'; allowed: threat"):
        periodcheck.net_predictor(evaluate, inputs=("threat", "troops"))
    with pytest.raises(ValueError, match=r"\['threat'\] come from the record"):
        periodcheck.net_predictor(evaluate, values={"threat": 0.5})


# ------------------------------------------------------------------- the model on the record


@uses_data
def test_the_default_structure_on_the_record() -> None:
    predict = periodcheck.net_predictor(evaluate)
    inputs = periodcheck.yearly_inputs()
    check = periodcheck.period_check(predict, inputs)
    # from 1984 the nets are exactly those of the year-by-year check the chapter already shows
    year_by_year = evidence.predictions(1984, 2024).set_index("year")["net"]
    ours = pd.Series([predict(r) for r in inputs.to_dict("records")], index=inputs["year"])
    assert ours.loc[1984:].to_numpy() == pytest.approx(year_by_year.to_numpy(), abs=1e-12)
    # pinned data, default assumptions: friction predicted in every period but 2023-2024
    predicted = check.table.set_index("period_start")["predicted"]
    assert predicted[2023] == "cooperation" and set(predicted.drop(2023)) == {"friction"}
    assert (check.hits, check.counted, check.mixed) == (6, 11, 5)
    assert check.hit_rate == pytest.approx(6 / 11) and check.base_rate == pytest.approx(6 / 11)
    split = periodcheck.split_check(predict, inputs=inputs).set_index("span")
    assert split[["counted", "hits"]].to_dict("index") == {
        "fit": {"counted": 5, "hits": 2},
        "test": {"counted": 6, "hits": 4},
    }
