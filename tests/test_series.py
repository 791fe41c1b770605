"""pathways.record.series against values read from the pinned files and checked with public knowledge."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from pathways import data, series

pytestmark = pytest.mark.usefixtures("data_env")
CHAPTER = "Defined for: chapter 'Checking the pathways against the record'."
SERIES = [
    series.us_troops,
    series.nk_missile_tests,
    series.alliances,
    series.rok_japan_disputes,
    series.icews_events,
    series.un_voting_agreement,
    series.japan_pm_party,
    series.military_expenditure,
    series.rival_capabilities,
]


def _row(frame: pd.DataFrame, year: int) -> pd.Series:
    rows = frame[frame["year"] == year]
    assert len(rows) == 1, year
    return rows.iloc[0]


@pytest.mark.parametrize(
    "fn",
    SERIES
    + [series.timeline, series.proxies, series.observed_relations]
    + [series.threat_join, series.threat_since_1965, series.threat_overlap],
)
def test_every_series_says_what_it_is_for(fn) -> None:
    assert CHAPTER in " ".join((fn.__doc__ or "").split())


@pytest.mark.parametrize("fn", SERIES)
def test_years_are_unique_contiguous_integers_and_sources_recorded(fn) -> None:
    frame = fn()
    years = frame["year"]
    assert pd.api.types.is_integer_dtype(years)
    assert years.is_monotonic_increasing and years.is_unique
    assert not frame.empty
    assert set(frame.attrs["sources"]) <= set(data.registry())
    if fn is not series.un_voting_agreement:  # UN years with < 20 votes are left out
        assert list(years) == list(range(years.min(), years.max() + 1))


def test_callers_get_copies_not_the_cache() -> None:
    first = series.us_troops()
    first.loc[:, "japan"] = -1
    assert (series.us_troops()["japan"] > 0).all()


def test_us_troops_known_values() -> None:
    troops = series.us_troops()
    assert list(troops.columns) == ["year", "japan", "south_korea", "total", "suspect"]
    assert (troops["year"].min(), troops["year"].max()) == (1950, 2024)
    # Values in the troopdata file; public record: ~60-66k in Korea in 1969 before the
    # 7th Division left in 1971, ~40k in 1977 when Carter planned withdrawal; Japan larger.
    y1969, y1977 = _row(troops, 1969), _row(troops, 1977)
    assert (y1969["japan"], y1969["south_korea"]) == (84802, 66531)
    assert (y1977["japan"], y1977["south_korea"]) == (46237, 40075)
    assert 60_000 < y1969["south_korea"] < 70_000 and 35_000 < y1977["south_korea"] < 45_000
    assert y1969["japan"] > y1969["south_korea"] and y1977["japan"] > y1977["south_korea"]
    assert _row(troops, 1952)["south_korea"] > 300_000  # Korean War
    assert (troops["total"] == troops["japan"] + troops["south_korea"]).all()
    assert troops.loc[troops["suspect"], "year"].tolist() == [2008]
    assert troops[["japan", "south_korea"]].ge(0).all().all()
    assert troops["japan"].max() < 250_000 and troops["south_korea"].max() < 400_000


def test_nk_missile_tests_known_values() -> None:
    tests = series.nk_missile_tests()
    assert list(tests.columns) == ["year", "tests", "successful"]
    assert tests["year"].min() == 1984
    counts = tests.set_index("year")["tests"]
    assert counts[1984] == 6 and counts[1985] == 0 and counts[1998] == 1  # Taepodong-1
    assert counts[2017] == 21 and counts[2022] == 69
    assert counts.idxmax() == 2022 and counts.sum() == 339
    assert (tests["successful"] <= tests["tests"]).all()
    assert tests.attrs["last_test"] == "2026-04-18"


def test_alliance_structure() -> None:
    al = series.alliances().set_index("year")
    assert list(al.columns) == [
        "us_japan_defense",
        "us_rok_defense",
        "rok_japan_defense",
        "rok_japan_any",
    ]
    assert al.index.min() == 1950 and al.index.max() == 2018
    assert al.index[al["us_japan_defense"]].min() == 1951  # security treaty signed 1951
    assert al.index[al["us_rok_defense"]].min() == 1953  # mutual defense treaty, 1953
    assert al.loc[1953:, ["us_japan_defense", "us_rok_defense"]].all().all()
    assert not al["rok_japan_defense"].any()  # the quasi-alliance: never a pact
    assert al.index[al["rok_japan_any"]].min() == 2004


def test_rok_japan_dispute_years() -> None:
    mids = series.rok_japan_disputes()
    assert list(mids.columns) == ["year", "ongoing", "onsets", "hostility"]
    assert (mids["year"].min(), mids["year"].max()) == (1952, 2010)
    years = set(mids.loc[mids["ongoing"], "year"])
    assert years == {1953, 1954, 1955, *range(1958, 1965), 1966, 1996, 1999, 2005, 2006}
    by_year = mids.set_index("year")
    assert by_year.loc[1953, "hostility"] == 4 and by_year.loc[2005, "hostility"] == 3
    assert by_year.loc[1970, "hostility"] == 0 and by_year.loc[1960, "onsets"] == 0
    assert mids["hostility"].between(0, 5).all()


def test_icews_events_known_values() -> None:
    ev = series.icews_events()
    assert list(ev.columns) == [
        "year",
        "verbal_coop",
        "material_coop",
        "verbal_conflict",
        "material_conflict",
        "coop_share",
    ]
    assert list(ev["year"]) == list(range(2002, 2015))
    by_year = ev.set_index("year")
    assert by_year.loc[2002, "verbal_coop"] == 2276 + 2243  # Japan->ROK + ROK->Japan
    assert by_year.loc[2005, "verbal_conflict"] == 190 + 1032  # 'Takeshima Day' year
    assert ev["coop_share"].between(0, 1).all()
    assert by_year["coop_share"].idxmin() == 2013


def test_un_voting_agreement_known_values() -> None:
    un = series.un_voting_agreement()
    assert list(un.columns) == ["year", "votes", "agreement"]
    assert (un["year"].min(), un["year"].max()) == (1991, 2019)  # ROK joined in 1991
    first = _row(un, 1991)
    assert first["votes"] == 72 and first["agreement"] == pytest.approx(49 / 72)
    assert (un["votes"] >= series.MIN_UN_VOTES).all()
    assert un["agreement"].between(0.6, 1).all()  # two US allies mostly vote alike


def test_japan_pm_party_known_values() -> None:
    pm = series.japan_pm_party().set_index("year")
    assert list(pm.columns) == ["pm_party", "ldp_share", "ldp_rule"]
    assert pm.index.min() == 1946 and pm.index.max() == 2017
    assert pm.loc[1947, "pm_party"] == "JSP"  # Katayama
    assert pm.loc[1960, "pm_party"] == "LDP" and pm.loc[1960, "ldp_share"] == 1
    assert 0.5 < pm.loc[1993, "ldp_share"] < 0.6  # Miyazawa to 6 August 1993
    assert pm.loc[1994, "pm_party"] == "JSP" and pm.loc[1994, "ldp_share"] == 0  # Murayama
    assert pm.loc[2010, "pm_party"] == "DPJ" and not pm.loc[2010, "ldp_rule"]
    assert pm.loc[2013, "ldp_rule"]
    no_ldp = set(pm.index[~pm["ldp_rule"]])
    assert no_ldp == {*range(1946, 1956), 1994, 1995, 2010, 2011, 2012}
    assert pm["ldp_share"].between(0, 1).all()


def test_military_expenditure() -> None:
    milex = series.military_expenditure().set_index("year")
    assert list(milex.columns) == ["usa", "japan", "south_korea"]
    assert math.isnan(milex.loc[1950, "japan"]) and milex.loc[1953, "japan"] == 437044
    assert (milex.loc[1960:2010] > 0).all().all()
    assert (milex.loc[1960:2010, "usa"] > milex.loc[1960:2010, "japan"]).all()


def test_proxies_scaling() -> None:
    px = series.proxies(1950, 2024).set_index("year")
    assert list(px.columns) == ["threat", "engagement"]  # the model's variable names
    assert px.index.tolist() == list(range(1950, 2025))
    assert px["threat"].dropna().between(0, 1).all()
    assert px["engagement"].between(0, 1).all()
    assert px.loc[:1983, "threat"].isna().all()  # the CNS database starts in 1984
    assert px.loc[2022, "threat"] == 1 and px.loc[1985, "threat"] == 0
    assert px.loc[2017, "threat"] == pytest.approx(21 / 69)
    # engagement is a ratio to the 1965-2024 peak (1969), so 0 would mean no troops at all
    peak = 84802 + 66531
    assert px.loc[1969, "engagement"] == 1
    assert px.loc[2007, "engagement"] == pytest.approx((35803 + 27014) / peak)  # the low, not 0
    assert px.loc[1977, "engagement"] == pytest.approx((46237 + 40075) / peak)
    troops = series.us_troops().set_index("year")["total"]
    smoothed = (troops[2007] + troops[2009]) / 2  # the flagged 2008 count is not used
    assert px.loc[2008, "engagement"] == pytest.approx(smoothed / peak)
    assert px.loc[1952, "engagement"] == 1  # Korean War levels clipped
    assert px.loc[1965:2024, "engagement"].min() > 0.4  # never near "absent" since 1965


def test_proxies_outside_coverage() -> None:
    assert series.proxies(2025, 2026)["engagement"].isna().all()
    with pytest.raises(data.DataError, match="start 2000 is after end 1990"):
        series.proxies(2000, 1990)
    with pytest.raises(data.EmptySeriesError):
        series.proxies(1900, 1910)


def test_observed_relations() -> None:
    obs = series.observed_relations(1950, 2020).set_index("year")
    assert list(obs.columns) == ["un_agreement", "icews_coop_share", "mid"]
    assert obs.loc[1991, "un_agreement"] == pytest.approx(49 / 72)
    assert math.isnan(obs.loc[1990, "un_agreement"]) and math.isnan(obs.loc[2020, "un_agreement"])
    assert obs["icews_coop_share"].notna().sum() == 13
    assert obs.loc[1953, "mid"] == 1 and obs.loc[1970, "mid"] == 0
    assert math.isnan(obs.loc[1951, "mid"]) and math.isnan(obs.loc[2011, "mid"])
    with pytest.raises(data.EmptySeriesError):
        series.observed_relations(1900, 1940)


def test_troop_totals_replace_the_suspect_year_only() -> None:
    raw = series.us_troops().set_index("year")["total"]
    clean = series.troop_totals().set_index("year")["total"]
    assert clean.index.tolist() == raw.index.tolist()
    assert clean[2008] == (raw[2007] + raw[2009]) / 2 != raw[2008]
    assert (clean.drop(2008) == raw.drop(2008)).all()


def test_reference_peaks_are_the_ones_the_proxies_divide_by() -> None:
    troops, tests = series.troop_reference_peak(), series.threat_reference_peak()
    assert troops == series.Peak(1969, 84802 + 66531)
    assert tests == series.Peak(2022, 69)
    px = series.proxies(1950, 2024).set_index("year")
    clean = series.troop_totals().set_index("year")["total"]
    assert px.loc[troops.year, "engagement"] == 1 and px.loc[tests.year, "threat"] == 1
    assert (px.loc[1965:2024, "engagement"] == clean.loc[1965:2024] / troops.value).all()
    # One rule for the peak: the same with the flagged 2008 count dropped instead of replaced.
    raw = series.us_troops().set_index("year")["total"]
    assert raw.loc[1965:2024].drop(2008).max() == troops.value


def test_reference_peak_needs_a_positive_value() -> None:
    years = pd.Series([2000, 2001, 2002])
    with pytest.raises(data.EmptySeriesError, match="no positive value in 2000-2001"):
        series._peak(pd.Series([0, 0, 5]), years, (2000, 2001))
    assert series._peak(pd.Series([3, 7, 7]), years, (2000, 2002)) == series.Peak(2001, 7.0)


def test_rival_capabilities_known_values() -> None:
    riv = series.rival_capabilities().set_index("year")
    assert list(riv.columns) == ["russia", "china", "north_korea", "composite"]
    assert (riv.index.min(), riv.index.max()) == (1965, 2022)
    # CINC scores in the pinned COW file (shares of world capabilities)
    assert riv.loc[1965, "russia"] == pytest.approx(0.164547, abs=1e-6)
    assert riv.loc[1965, "china"] == pytest.approx(0.108890, abs=1e-6)
    assert riv.loc[1965, "north_korea"] == pytest.approx(0.005264, abs=1e-6)
    assert (riv["composite"] == riv[["russia", "china", "north_korea"]].sum(axis=1)).all()
    assert riv.loc[1992, "russia"] < riv.loc[1988, "russia"] / 2  # the Soviet collapse
    assert riv.loc[2022, "china"] > riv.loc[2022, "russia"] * 5  # China's rise
    assert riv[["russia", "china", "north_korea"]].gt(0).all().all()


def test_threat_join_is_documented_by_its_overlap() -> None:
    join = series.threat_join()
    assert join.switch_year == series.THREAT_REFERENCE[0] == 1984  # the CNS database's start
    assert join.overlap == (1984, 2022)  # every year both the CoW file and the tests cover
    assert join.correlation == pytest.approx(0.3756, abs=1e-4)  # weak: a scale, not a match
    shown = series.threat_overlap()
    assert shown["year"].tolist() == list(range(1984, 2023))
    assert shown["composite"].corr(shown["proxy"]) == pytest.approx(join.correlation)
    # the rescaled composite has the proxy's overlap mean and standard deviation
    assert shown["composite"].mean() == pytest.approx(shown["proxy"].mean())
    assert shown["composite"].std() == pytest.approx(shown["proxy"].std())
    first = shown.iloc[0]  # the step where the segments meet
    assert first["composite"] == pytest.approx(0.333, abs=1e-3)
    assert first["proxy"] == pytest.approx(6 / 69)


def test_threat_since_1965_joins_the_segments() -> None:
    threat = series.threat_since_1965()
    assert list(threat.columns) == ["year", "value", "segment"]
    assert threat["year"].tolist() == list(range(1965, 2025))
    by_year = threat.set_index("year")
    assert set(by_year.loc[:1983, "segment"]) == {"cow_nmc"}
    assert set(by_year.loc[1984:, "segment"]) == {"nk_missiles"}
    assert threat["value"].between(0, 1).all()
    proxy = series.proxies(1984, 2024).set_index("year")["threat"]
    assert (by_year.loc[1984:, "value"] == proxy).all()  # the post-1984 series is unchanged
    join = series.threat_join()
    comp = series.rival_capabilities().set_index("year")["composite"]
    assert (by_year.loc[:1983, "value"] == join.rescale(comp.loc[:1983])).all()
    assert by_year.loc[1975, "value"] == pytest.approx(0.3598, abs=1e-4)
    assert threat.attrs["join"]["overlap"] == (1984, 2022)
    assert set(threat.attrs["sources"]) == {"cow_nmc", "nk_missiles"}


def test_a_missing_cinc_score_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = data.read_rda

    def without_1970_north_korea(key: str, obj: str, columns: list[str]) -> pd.DataFrame:
        frame = real(key, obj, columns)
        return frame[~((frame["ccode"] == 731) & (frame["year"] == 1970))]

    monkeypatch.setattr(data, "read_rda", without_1970_north_korea)
    series.cache_clear()
    try:
        with pytest.raises(data.DataError, match=r"'cow_nmc'.*lacks CINC scores for \[1970\]"):
            series.rival_capabilities()
    finally:
        series.cache_clear()


def _rivals_with(monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame) -> None:
    monkeypatch.setattr(series, "rival_capabilities", lambda: frame.copy())


def test_a_rescaled_value_off_the_scale_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    riv = series.rival_capabilities()
    riv.loc[riv["year"] == 1970, "composite"] = 0.9  # far above any year of the overlap
    _rivals_with(monkeypatch, riv)
    with pytest.raises(data.DataError, match=r"leaves the 0-1 scale: \{1970: "):
        series.threat_since_1965()


def test_a_join_needs_an_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    riv = series.rival_capabilities()
    _rivals_with(monkeypatch, riv[riv["year"] <= 1985])  # two common years only
    with pytest.raises(data.EmptySeriesError, match="share 2 years"):
        series.threat_join()
    _rivals_with(monkeypatch, riv[riv["year"] <= 1980])  # no Cold War year reaches 1984
    with pytest.raises(data.EmptySeriesError, match="share 0 years"):
        series.threat_since_1965()
