"""The timeline (lib/pathways/record/timeline.csv) and its loader: the events the chapter places against the pathways."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _citations import bib_keys, unresolved
from pathways import data, series

REPO = Path(__file__).resolve().parents[1]
HEADER = "year,date,label,pathway,direction,citation,reading\n"


def test_loads_with_the_documented_columns() -> None:
    tl = series.timeline()
    assert list(tl.columns) == [
        "year",
        "date",
        "label",
        "pathway",
        "direction",
        "citation",
        "reading",
    ]
    assert pd.api.types.is_integer_dtype(tl["year"])
    assert tl["year"].is_monotonic_increasing
    assert len(tl) >= 40
    assert set(tl["direction"]) == {"cooperation", "friction"}
    assert (tl["label"].str.len() <= 90).all()


@pytest.mark.parametrize(
    ("date", "words"),
    [
        ("1951-09-08", "San Francisco"),
        ("1965-06-22", "Treaty on Basic Relations"),
        ("1969-07-25", "Nixon doctrine"),
        ("1973-08-08", "Kim Dae-jung"),
        ("1974-08-15", "Mun Se-gwang"),
        ("1998-10-08", "Obuchi"),
        ("2002-05-31", "World Cup"),
        ("2012-08-10", "Dokdo"),
        ("2015-12-28", "Comfort women"),
        ("2016-11-23", "GSOMIA signed"),
        ("2018-10-30", "Supreme Court"),
        ("2019-08-22", "GSOMIA"),
        ("2023-08-18", "Camp David"),
    ],
)
def test_key_events_carry_their_dates(date: str, words: str) -> None:
    tl = series.timeline()
    rows = tl[tl["date"] == date]
    assert rows["label"].str.contains(words).any(), (date, words)


@pytest.mark.parametrize(
    ("year", "words"),
    [
        (1948, "reverse course"),
        (1952, "normalisation talks"),
        (1972, "Détente"),
        (1974, "US mediation"),
        (1977, "Carter"),
        (1983, "$4bn"),
        (2012, "GSOMIA"),
        (2019, "export controls"),
        (2023, "President Yoon Suk Yeol"),
    ],
)
def test_key_events_are_present(year: int, words: str) -> None:
    tl = series.timeline()
    assert tl.loc[tl["year"] == year, "label"].str.contains(words, regex=False).any()


def test_every_pathway_is_illustrated() -> None:
    used = set(series.timeline()["pathway"])
    assert {"1a", "1b", "2", "3", "4", "5", "6"} <= used


# Citations that are neither a key of references.bib nor an http(s) URL: named primary
# documents (treaties, statements, judgments, resolutions) and named data records. A row whose
# citation is none of the three fails, so a new source must be added here on purpose.
NAMED_SOURCES = {
    "Treaty of Peace with Japan (San Francisco, 1951)",
    "Security Treaty between the United States of America and Japan (San Francisco, 1951-09-08)",
    "Presidential Proclamation of Sovereignty over Adjacent Seas (ROK, 1952)",
    "Mutual Defense Treaty between the United States of America and the Republic of Korea "
    "(1953-10-01)",
    "Calcutta Agreement between the Japanese and DPRK Red Cross Societies (1959)",
    "Treaty on Basic Relations between Japan and the Republic of Korea (1965)",
    "Agreement on the Settlement of Problems concerning Property and Claims and on Economic "
    "Co-operation between Japan and the Republic of Korea (1965)",
    "US Department of Defense, A Strategic Framework for the Asian Pacific Rim (1990)",
    "Joint Declaration of the Workers' Party of Korea, the Liberal Democratic Party and the Japan "
    "Socialist Party on DPRK-Japan relations (Pyongyang, 1990-09-28)",
    "Agreed Framework between the United States of America and the Democratic People's Republic "
    "of Korea (Geneva, 1994-10-21)",
    "United States Security Strategy for the East Asia-Pacific Region (US Department of Defense, "
    "1995-02-27)",
    "Agreement on the Establishment of the Korean Peninsula Energy Development Organization "
    "(New York, 1995-03-09)",
    "Japan-Republic of Korea Joint Declaration: A New Partnership towards the Twenty-first "
    "Century (1998)",
    "Review of United States Policy Toward North Korea: Findings and Recommendations "
    "(Perry Report, 1999-10-12)",
    "Shimane Prefecture Ordinance No. 36 of 2005 establishing Takeshima Day "
    "(passed 2005-03-16, promulgated 2005-03-25)",
    "UN Security Council Resolution 1718 (2006-10-14)",
    "Announcement by the Foreign Ministers of Japan and the Republic of Korea (2015-12-28)",
    "Japan-ROK General Security of Military Information Agreement (2016)",
    "UN Security Council Resolution 2375 (2017-09-11)",
    "Joint Statement of President Donald J. Trump and Chairman Kim Jong Un at the Singapore "
    "Summit (2018-06-12)",
    "Supreme Court of Korea, en banc judgment of 2018-10-30",
    "Ministry of Defense of Japan and ROK Ministry of National Defense statements (December 2018)",
    "Ministry of Economy, Trade and Industry of Japan announcement (2019-07-01)",
    "ROK National Security Council announcement (2019-08-22)",
    "ROK National Security Council announcement (2019-11-22)",
    "ROK Ministry of Foreign Affairs announcement (2023-03-06)",
    "Joint Press Conference by the Leaders of Japan and the Republic of Korea (Tokyo, 2023-03-16)",
    "The Spirit of Camp David: Joint Statement of Japan, the Republic of Korea, and the United "
    "States (2023-08-18)",
    "Trilateral Statement: First Execution of Multi-Domain Japan-ROK-U.S. Exercise Freedom Edge "
    "(2024-06-27)",
    *(
        f"GML MID data, dispute {n} (Gibler, Miller & Little 2016)"
        for n in (1344, 4126, 4468, 4476)
    ),
}
# The only rows whose pathway the paper's own text supplies: it names the occupation's
# "reversal" (pathway 6) and the two security treaties with the United States (pathway 2).
PAPER_READINGS = {
    "Occupation 'reverse course': Japan rebuilt as a Cold War bulwark",
    "US-Japan Security Treaty signed the same day as the peace treaty",
    "US-ROK Mutual Defense Treaty signed",
}


def _bib_keys() -> set[str]:
    return bib_keys()


def _unresolved(citations: pd.Series, keys: set[str]) -> list[str]:
    return unresolved(citations, keys, NAMED_SOURCES)


def test_every_citation_is_a_bib_key_a_url_or_a_named_source() -> None:
    tl = series.timeline()
    keys = _bib_keys()
    assert _unresolved(tl["citation"], keys) == []
    assert set(tl["citation"]) & keys, "some events should cite the literature"
    assert set(tl["citation"]) & NAMED_SOURCES, "some events should cite primary documents"


def test_citation_check_rejects_an_unlisted_source() -> None:
    bad = pd.Series(["cha1999", "https://example.org/x", "Some newspaper, 1990", "cha2099"])
    assert _unresolved(bad, _bib_keys()) == ["Some newspaper, 1990", "cha2099"]


def test_years_and_dates_span_1945_to_2024_and_agree() -> None:
    tl = series.timeline()
    assert tl["year"].between(1945, 2024).all(), tl.loc[~tl["year"].between(1945, 2024)]
    assert tl["year"].max() == 2024
    dated = tl[tl["date"] != ""]
    when = pd.to_datetime(dated["date"], format="%Y-%m-%d", errors="raise")
    assert (when.dt.year == dated["year"]).all()


def test_reading_marks_only_the_papers_own_episodes_as_paper() -> None:
    tl = series.timeline()
    assert set(tl["reading"]) == {"essay", "paper"}
    assert set(tl.loc[tl["reading"] == "paper", "label"]) == PAPER_READINGS


@pytest.mark.parametrize(
    ("year", "date", "words"),
    [
        (1965, "1965-06-22", "'completely and finally'"),
        (1990, "1990-09-28", "Kanemaru"),
        (1991, "", "normalisation talks open"),
        (1994, "1994-10-21", "Agreed Framework"),
        (1995, "1995-03-09", "KEDO"),
        (1995, "1995-02-27", "Nye Report"),
        (1999, "1999-10-12", "Perry Report"),
        (1999, "", "TCOG"),
        (2002, "2002-09-17", "Pyongyang Declaration"),
        (2002, "2002-09-17", "abductions"),
        (2006, "2006-10-09", "first nuclear test"),
        (2017, "2017-09-03", "2017 crisis"),
        (2018, "2018-06-12", "Singapore"),
        (2019, "2019-08-02", "white list (in force 28 August)"),
        (2023, "2023-06-27", "white list"),
        (2024, "2024-06-27", "Freedom Edge"),
        (2024, "2024-11-20", "Trilateral Secretariat"),
    ],
)
def test_rows_added_for_1965_to_2024(year: int, date: str, words: str) -> None:
    tl = series.timeline()
    rows = tl[(tl["year"] == year) & (tl["date"] == date)]
    assert rows["label"].str.contains(words, regex=False).any(), (year, date, words)


def test_export_controls_row_gives_announcement_and_entry_into_force() -> None:
    tl = series.timeline()
    (row,) = tl[tl["date"] == "2019-07-01"].itertuples()
    assert "in force 4 July" in row.label


def test_takeshima_day_cites_the_ordinance_and_the_dispute_its_own_record() -> None:
    tl = series.timeline()
    (ordinance,) = tl[tl["label"].str.contains("Takeshima Day")].itertuples()
    assert ordinance.date == "2005-03-16" and "Ordinance" in ordinance.citation
    mids = tl[tl["citation"].str.startswith("GML MID data")]
    assert not mids["label"].str.contains("Takeshima Day|ordinance").any()
    assert mids["label"].str.contains("dispute", case=False).all()


def test_president_yoon_suk_yeol_is_named_in_full() -> None:
    labels = series.timeline()["label"]
    bare = labels[labels.str.contains(r"\bYoon\b") & ~labels.str.contains("Yoon Suk Yeol")]
    assert bare.empty, bare.tolist()


def _bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "timeline.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(series, "TIMELINE_PATH", path)
    return path


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ("1965,1965-06-22,Treaty,7,cooperation,cha1999,essay\n", "pathway '7'"),
        ("1965,1965-06-22,Treaty,3,warmth,cha1999,essay\n", "direction 'warmth'"),
        ("1965,1966-06-22,Treaty,3,cooperation,cha1999,essay\n", "not in its year"),
        ("1965,22/06/1965,Treaty,3,cooperation,cha1999,essay\n", "not ISO"),
        ("19x5,,Treaty,3,cooperation,cha1999,essay\n", "bad year"),
        ("1965,,,3,cooperation,cha1999,essay\n", "empty label"),
        ("1965,,Treaty,3,cooperation,,essay\n", "no citation"),
        ("1965,,Treaty,3,cooperation,cha1999,\n", "reading ''"),
        ("1965,,Treaty,3,cooperation,cha1999,Essay\n", "reading 'Essay'"),
    ],
)
def test_bad_rows_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, fault: str
) -> None:
    path = _bad(tmp_path, monkeypatch, HEADER + body)
    with pytest.raises(data.DataError) as err:
        series.timeline()
    assert str(path) in str(err.value) and fault in str(err.value) and "row 2" in str(err.value)


def test_renamed_column_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _bad(tmp_path, monkeypatch, HEADER.replace("pathway", "path") + "1965,,T,3,friction,x,essay\n")
    with pytest.raises(data.SchemaError, match="columns"):
        series.timeline()


def test_empty_timeline_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _bad(tmp_path, monkeypatch, HEADER)
    with pytest.raises(data.EmptySeriesError, match="no events"):
        series.timeline()


def test_missing_timeline_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(series, "TIMELINE_PATH", tmp_path / "absent.csv")
    with pytest.raises(data.DataError, match="absent.csv is missing"):
        series.timeline()
