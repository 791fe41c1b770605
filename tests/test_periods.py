"""The record's coded tables (lib/pathways/record/periods.csv and signals.csv) and their loaders:
what the literature says about Korea-Japan relations period by period, and the dated US
signals of withdrawal and recommitment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _citations import bib_keys, unresolved
from pathways import data
from pathways.record import periods as rec

REPO = Path(__file__).resolve().parents[1]
PERIODS_HEADER = "period_start,period_end,label,coding,sources,disagreement\n"
SIGNALS_HEADER = "date,year,label,direction,size,citation,reading\n"
GOOD_PERIODS = "1965,1990,Cold War,cooperation,cha1999,\n1991,2024,After,friction,kimura2019,\n"
GOOD_SIGNAL = "1969-07-25,1969,Guam,withdrawal,large,cha1999,essay\n"
CHAPTER = "Defined for: chapter 'Checking the pathways against the record'."

# Signal citations that are neither a key of references.bib nor an http(s) URL: named primary
# documents. A row citing anything else fails, so a new source must be added here on purpose.
NAMED_SOURCES = {
    "The President's News Conference (Jimmy Carter, 1977-03-09)",
    "White House statement on US ground forces in Korea (Zbigniew Brzezinski, 1979-07-20)",
    "US Department of Defense, A Strategic Framework for the Asian Pacific Rim (1990)",
    "United States Security Strategy for the East Asia-Pacific Region (US Department of Defense, "
    "1995-02-27)",
    "Address by President Obama to the Australian Parliament (Canberra, 2011-11-17)",
    "Press Conference by President Trump (Singapore, 2018-06-12)",
    "Washington Declaration (President Biden and President Yoon Suk Yeol, 2023-04-26)",
}


def _bib_keys() -> set[str]:
    return bib_keys()


def _unresolved(citations: pd.Series, keys: set[str]) -> list[str]:
    return unresolved(citations, keys, NAMED_SOURCES)


# ------------------------------------------------------------------------------ the periods


def test_periods_load_with_the_documented_columns_and_types() -> None:
    per = rec.periods()
    assert list(per.columns) == list(rec.PERIOD_COLUMNS)
    assert pd.api.types.is_integer_dtype(per["period_start"])
    assert pd.api.types.is_integer_dtype(per["period_end"])
    assert set(per["coding"]) == set(rec.CODINGS)  # every coding is used
    assert (per["label"].str.len() <= 90).all()


def test_periods_cover_1965_to_2024_without_gaps_or_overlaps() -> None:
    per = rec.periods()
    assert per["period_start"].iloc[0] == 1965 and per["period_end"].iloc[-1] == 2024
    assert (per["period_start"].iloc[1:].to_numpy() == per["period_end"].iloc[:-1] + 1).all()
    assert (per["period_start"] <= per["period_end"]).all()
    years = rec.yearly_coding()
    assert years["year"].tolist() == list(range(1965, 2025))


def test_every_period_cites_works_in_references_bib() -> None:
    keys = _bib_keys()
    cited = {k for text in rec.periods()["sources"] for k in text.split(";")}
    assert cited <= keys, sorted(cited - keys)
    assert "cha1999" in cited and "glosserman2015" in cited


def test_mixed_periods_say_how_the_sources_differ() -> None:
    per = rec.periods()
    mixed = per[per["coding"] == "mixed"]
    assert not mixed.empty and (mixed["disagreement"].str.len() > 40).all()
    # a note names at least one cited work, so a reader can look it up
    keys = _bib_keys()
    notes = per.loc[per["disagreement"] != "", "disagreement"]
    assert all(any(k in note for k in keys) for note in notes), notes.tolist()


@pytest.mark.parametrize(
    ("year", "coding"),
    [
        (1970, "cooperation"),  # Cha: the Nixon doctrine years
        (1973, "friction"),  # Cha: détente, the Kim Dae-jung abduction
        (1977, "cooperation"),  # Cha: Carter's withdrawal plan
        (1981, "friction"),  # the security-loan dispute and the 1982 textbook row
        (1999, "cooperation"),  # after the Kim Dae-jung-Obuchi declaration
        (2013, "friction"),  # the Park-Abe freeze
        (2019, "friction"),  # export controls and the GSOMIA crisis
        (
            2023,
            "cooperation",
        ),  # the rapprochement of President Yoon Suk Yeol and Prime Minister Kishida
    ],
)
def test_years_carry_the_literatures_coding(year: int, coding: str) -> None:
    years = rec.yearly_coding().set_index("year")
    assert years.loc[year, "coding"] == coding


def test_cha_codes_his_cold_war_periods() -> None:
    per = rec.periods()
    cha = per[per["sources"].str.split(";").map(lambda keys: "cha1999" in keys)]
    spans = {(r.period_start, r.period_end): r.coding for r in cha.itertuples()}
    assert spans[(1969, 1971)] == "cooperation" and spans[(1972, 1974)] == "friction"
    assert spans[(1975, 1979)] == "cooperation"
    assert max(end for _, end in spans) <= 1988  # Cha's period tests end with the Cold War


def _periods_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "periods.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(rec, "PERIODS_PATH", path)
    return path


def test_the_planted_good_file_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _periods_file(tmp_path, monkeypatch, PERIODS_HEADER + GOOD_PERIODS)
    assert rec.periods()["coding"].tolist() == ["cooperation", "friction"]


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        (  # overlap
            "1965,1990,A,cooperation,cha1999,\n1990,2024,B,friction,cha1999,\n",
            "row 3: starts in 1990, overlapping the period to 1990",
        ),
        (  # gap
            "1965,1990,A,cooperation,cha1999,\n1992,2024,B,friction,cha1999,\n",
            "row 3: starts in 1992, leaving a gap after 1990",
        ),
        ("1966,2024,A,cooperation,cha1999,\n", "row 2: the first period starts in 1966"),
        ("1965,2023,A,cooperation,cha1999,\n", "row 2: the last period ends in 2023"),
        ("1965,2024,A,cooperation,,\n", "row 2 (A): no sources"),  # uncited
        ("1965,2024,A,cooperation,Cha 1999,\n", "row 2 (A): sources ['Cha 1999'] are not bib"),
        ("1965,2024,A,cooperation,cha1999;cha1999,\n", "row 2 (A): sources 'cha1999;cha1999'"),
        (
            "1965,2024,A,warm,cha1999,\n",
            "row 2 (A): unknown coding 'warm'; allowed: cooperation, friction, mixed",
        ),
        ("1965,2024,A,mixed,cha1999,\n", "row 2 (A): coding 'mixed' needs a disagreement"),
        ("1964,2024,A,cooperation,cha1999,\n", "row 2 (A): period_start '1964' is not a year"),
        ("1965,20x4,A,cooperation,cha1999,\n", "row 2 (A): period_end '20x4' is not a year"),
        ("1990,1980,A,cooperation,cha1999,\n", "row 2 (A): period_start 1990 is after"),
        ("1965,2024,,cooperation,cha1999,\n", "row 2 (no label): empty label"),
    ],
)
def test_bad_period_rows_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, fault: str
) -> None:
    path = _periods_file(tmp_path, monkeypatch, PERIODS_HEADER + body)
    with pytest.raises(data.DataError) as err:
        rec.periods()
    assert str(path) in str(err.value) and fault in str(err.value), str(err.value)


def test_period_file_faults_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _periods_file(tmp_path, monkeypatch, PERIODS_HEADER.replace("coding", "code") + GOOD_PERIODS)
    with pytest.raises(data.SchemaError, match="has columns"):
        rec.periods()
    _periods_file(tmp_path, monkeypatch, PERIODS_HEADER)
    with pytest.raises(data.EmptySeriesError, match="has no rows"):
        rec.periods()
    monkeypatch.setattr(rec, "PERIODS_PATH", tmp_path / "absent.csv")
    with pytest.raises(data.DataError, match="absent.csv is missing"):
        rec.periods()


# ------------------------------------------------------------------------------ the signals


def test_signals_load_sorted_with_the_documented_columns() -> None:
    sig = rec.signals()
    assert list(sig.columns) == list(rec.SIGNAL_COLUMNS)
    assert pd.api.types.is_integer_dtype(sig["year"])
    assert sig["date"].is_monotonic_increasing
    assert sig["year"].between(*rec.SIGNAL_SPAN).all()
    assert set(sig["direction"]) == set(rec.SIGNAL_DIRECTIONS)
    assert set(sig["size"]) == set(rec.SIGNAL_SIZES)
    assert set(sig["reading"]) == {"essay"}  # the paper names no dated signal
    assert (sig["label"].str.len() <= 90).all()
    assert (sig["date"].str[:4].astype(int) == sig["year"]).all()


@pytest.mark.parametrize(
    ("date", "direction", "words"),
    [
        ("1969-07-25", "withdrawal", "Guam"),
        ("1970-03-20", "withdrawal", "NSDM 48"),
        ("1971-03-27", "withdrawal", "7th Infantry Division"),
        ("1977-03-09", "withdrawal", "Carter announces"),
        ("1979-07-20", "recommitment", "abeyance"),
        ("1981-02-02", "recommitment", "Reagan-Chun"),
        ("1990-04-19", "withdrawal", "East Asia Strategic Initiative"),
        ("1992-10-08", "recommitment", "phase II"),
        ("1995-02-27", "recommitment", "100,000"),
        ("2004-06-07", "withdrawal", "12,500"),
        ("2016-03-26", "withdrawal", "Candidate Trump"),
        ("2018-06-12", "withdrawal", "Singapore"),
        ("2023-04-26", "recommitment", "Washington Declaration"),
    ],
)
def test_key_signals_carry_their_dates_and_directions(
    date: str, direction: str, words: str
) -> None:
    sig = rec.signals()
    rows = sig[(sig["date"] == date) & (sig["direction"] == direction)]
    assert rows["label"].str.contains(words, regex=False).any(), (date, words)


def test_trump_era_signals_span_2016_to_2020_and_name_the_candidate() -> None:
    sig = rec.signals()
    trump = sig[sig["label"].str.contains("Trump") | sig["year"].between(2019, 2020)]
    assert set(trump["year"]) >= {2016, 2018, 2019}
    assert trump["year"].between(2016, 2020).all()
    before_office = trump[trump["date"] < "2017-01-20"]
    assert before_office["label"].str.startswith("Candidate").all()


def test_every_signal_citation_is_a_bib_key_a_url_or_a_named_source() -> None:
    sig = rec.signals()
    keys = _bib_keys()
    assert _unresolved(sig["citation"], keys) == []
    assert set(sig["citation"]) & keys, "some signals should cite the literature"
    assert set(sig["citation"]) & NAMED_SOURCES, "some signals should cite primary documents"


def test_citation_check_rejects_an_unlisted_source() -> None:
    bad = pd.Series(["kim2004", "https://example.org/x", "Some newspaper, 1990", "kim2099"])
    assert _unresolved(bad, _bib_keys()) == ["Some newspaper, 1990", "kim2099"]


def test_the_size_rule_is_stated_where_the_sizes_are_defined() -> None:
    source = (REPO / "lib" / "pathways" / "record" / "periods.py").read_text(encoding="utf-8")
    rule = source.split("SIGNAL_SIZES =")[0].rsplit("\n\n", 1)[-1]
    assert "large:" in rule and "small:" in rule and "5,000 troops" in rule


def _signals_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "signals.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(rec, "SIGNALS_PATH", path)
    return path


def test_the_planted_good_signal_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _signals_file(tmp_path, monkeypatch, SIGNALS_HEADER + GOOD_SIGNAL)
    assert rec.signals()["year"].tolist() == [1969]
    month_only = GOOD_SIGNAL.replace("1969-07-25", "1969-07")
    _signals_file(tmp_path, monkeypatch, SIGNALS_HEADER + month_only)
    assert rec.signals()["date"].tolist() == ["1969-07"]


@pytest.mark.parametrize(
    ("old", "new", "fault"),
    [
        ("1969-07-25,1969", "25/07/1969,1969", "date '25/07/1969' is not YYYY-MM-DD or YYYY-MM"),
        ("1969-07-25,1969", "1969-13-01,1969", "date '1969-13-01' is not a calendar date"),
        ("1969-07-25,1969", "1969-02-30,1969", "date '1969-02-30' is not a calendar date"),
        ("1969-07-25,1969", "1970-07-25,1969", "date '1970-07-25' is not in its year '1969'"),
        ("1969-07-25,1969", "1944-07-25,1944", "year '1944' is not a year in 1945-2024"),
        ("1969-07-25,1969", "2025-01-20,2025", "year '2025' is not a year in 1945-2024"),
        (",Guam,", ",,", "row 2 (no label): empty label"),
        (
            "withdrawal",
            "retreat",
            "unknown direction 'retreat'; allowed: withdrawal, recommitment",
        ),
        ("large", "huge", "unknown size 'huge'; allowed: small, large"),
        ("essay", "paper", "unknown reading 'paper'; allowed: essay"),
        ("cha1999", "", "row 2 (Guam): no citation"),  # uncited
    ],
)
def test_bad_signal_rows_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, fault: str
) -> None:
    assert old in GOOD_SIGNAL
    path = _signals_file(tmp_path, monkeypatch, SIGNALS_HEADER + GOOD_SIGNAL.replace(old, new))
    with pytest.raises(data.DataError) as err:
        rec.signals()
    message = str(err.value)
    assert str(path) in message and "row 2" in message and fault in message, message


def test_signal_file_faults_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _signals_file(tmp_path, monkeypatch, SIGNALS_HEADER.replace("size", "weight") + GOOD_SIGNAL)
    with pytest.raises(data.SchemaError, match="has columns"):
        rec.signals()
    _signals_file(tmp_path, monkeypatch, SIGNALS_HEADER)
    with pytest.raises(data.EmptySeriesError, match="has no rows"):
        rec.signals()


@pytest.mark.parametrize("fn", [rec.periods, rec.yearly_coding, rec.signals])
def test_every_loader_says_what_it_is_for(fn) -> None:
    assert CHAPTER in " ".join((fn.__doc__ or "").split())
