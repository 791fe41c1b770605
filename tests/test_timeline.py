"""data/timeline.csv and its loader: the events the chapter places against the pathways."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from pathways import data, series

REPO = Path(__file__).resolve().parents[1]
HEADER = "year,date,label,pathway,direction,citation\n"


def test_loads_with_the_documented_columns() -> None:
    tl = series.timeline()
    assert list(tl.columns) == ["year", "date", "label", "pathway", "direction", "citation"]
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
        (2023, "Yoon-Kishida"),
    ],
)
def test_key_events_are_present(year: int, words: str) -> None:
    tl = series.timeline()
    assert tl.loc[tl["year"] == year, "label"].str.contains(words, regex=False).any()


def test_every_pathway_is_illustrated() -> None:
    used = set(series.timeline()["pathway"])
    assert {"1a", "1b", "2", "3", "4", "5", "6"} <= used


def test_bib_keys_exist_in_the_references() -> None:
    tl = series.timeline()
    bib = (REPO / "references.bib").read_text(encoding="utf-8")
    known = set(re.findall(r"@\w+\{([^,]+),", bib))
    keys = {c for c in tl["citation"] if re.fullmatch(r"[a-z]+\d{4}|yoon", c)}
    assert keys, "some events should cite the literature"
    assert keys <= set(series.BIB_KEYS) and keys <= known


def _bad(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "timeline.csv"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(series, "TIMELINE_PATH", path)
    return path


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ("1965,1965-06-22,Treaty,7,cooperation,cha1999\n", "pathway '7'"),
        ("1965,1965-06-22,Treaty,3,warmth,cha1999\n", "direction 'warmth'"),
        ("1965,1966-06-22,Treaty,3,cooperation,cha1999\n", "not in its year"),
        ("1965,22/06/1965,Treaty,3,cooperation,cha1999\n", "not ISO"),
        ("19x5,,Treaty,3,cooperation,cha1999\n", "bad year"),
        ("1965,,,3,cooperation,cha1999\n", "empty label"),
        ("1965,,Treaty,3,cooperation,\n", "no citation"),
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
    _bad(tmp_path, monkeypatch, HEADER.replace("pathway", "path") + "1965,,T,3,friction,x\n")
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
