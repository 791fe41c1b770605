"""Two coded tables of the record since 1965: how the literature codes Korea-Japan relations,
period by period, and when the United States signalled withdrawal from or recommitment to
the region.

Why: the essay checks the model against what happened, so it needs the state of relations as
published works describe it (``periods.csv``: not the model's prediction) and the dated US
signals the pathways turn on (``signals.csv``). Both are small hand-made files shipped beside
this module; each loader checks every row and raises :class:`~pathways.record.data.DataError`
naming the file and the rows at fault, and nothing is filled in or clamped. That every source
is a key of ``references.bib`` is checked by ``tests/test_periods.py``, since an installed
package has no references.bib.

Defined for: chapter 'Checking the pathways against the record'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pandas as pd

from ..model.names import unknown
from .data import DataError, EmptySeriesError, SchemaError

PERIODS_PATH = Path(str(resources.files(__package__).joinpath("periods.csv")))
SIGNALS_PATH = Path(str(resources.files(__package__).joinpath("signals.csv")))
PERIOD_COLUMNS = ("period_start", "period_end", "label", "coding", "sources", "disagreement")
SIGNAL_COLUMNS = ("date", "year", "label", "direction", "size", "citation", "reading")
#: The coded span: normalisation (1965) to the last full year of the record.
PERIOD_SPAN = (1965, 2024)
#: Signals may reach back to the occupation and the Korean War.
SIGNAL_SPAN = (1945, 2024)
CODINGS = ("cooperation", "friction", "mixed")
SIGNAL_DIRECTIONS = ("withdrawal", "recommitment")
#: large: a decision, doctrine or formal document of the US government on its forces or
#: commitments in the region, or a completed change of at least 5,000 troops in Korea or
#: Japan; small: a statement, interview, negotiating demand, reassurance visit, change of
#: timetable or confirmation of an earlier decision.
SIGNAL_SIZES = ("small", "large")
SIGNAL_READINGS = ("essay",)  # the paper names no dated signal: direction and size are ours
BIB_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")
DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")  # the day, or only the month when that is all we know


def _read(path: Path, columns: tuple[str, ...], what: str) -> pd.DataFrame:
    """The file as strings, with exactly `columns`, and at least one row."""
    if not path.is_file():
        raise DataError(f"{what} file {path} is missing")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if tuple(frame.columns) != columns:
        raise SchemaError(f"{what} file {path} has columns {list(frame.columns)}, not {columns}")
    if frame.empty:
        raise EmptySeriesError(f"{what} file {path} has no rows")
    return frame


def _raise_if(problems: list[str], what: str, path: Path) -> None:
    if problems:
        raise DataError(f"{what} file {path}: " + "; ".join(problems))


def _checked_rows(
    path: Path, columns: tuple[str, ...], what: str, row_problems: Callable[[pd.Series], list[str]]
) -> pd.DataFrame:
    """The file read by `_read`, every row checked by `row_problems`; all problems at once,
    each naming its row (the file's line) and label."""
    frame = _read(path, columns, what)
    problems = []
    for i, row in frame.iterrows():
        where = f"row {int(i) + 2} ({row['label'] or 'no label'})"
        problems += [f"{where}: {p}" for p in row_problems(row)]
    _raise_if(problems, what, path)
    return frame


def _year_problem(text: str, span: tuple[int, int], column: str) -> str | None:
    if not text.isdigit() or not span[0] <= int(text) <= span[1]:
        return f"{column} {text!r} is not a year in {span[0]}-{span[1]}"
    return None


def _choice_problem(kind: str, value: str, allowed: tuple[str, ...]) -> str | None:
    return None if value in allowed else str(unknown(kind, value, allowed))


def _source_problems(text: str) -> list[str]:
    keys = [k.strip() for k in text.split(";")]
    if not text.strip():
        return ["no sources"]
    bad = [k for k in keys if not BIB_KEY.fullmatch(k)]
    out = [f"sources {bad} are not bib keys"] if bad else []
    if len(set(keys)) != len(keys):
        out.append(f"sources {text!r} repeat a key")
    return out


def _period_row_problems(row: pd.Series) -> list[str]:
    found = [
        _year_problem(row["period_start"], PERIOD_SPAN, "period_start"),
        _year_problem(row["period_end"], PERIOD_SPAN, "period_end"),
        _choice_problem("coding", row["coding"], CODINGS),
        None if row["label"].strip() else "empty label",
    ]
    out = [p for p in found if p] + _source_problems(row["sources"])
    if row["coding"] == "mixed" and not row["disagreement"].strip():
        out.append("coding 'mixed' needs a disagreement note saying how the sources differ")
    if not out and int(row["period_start"]) > int(row["period_end"]):
        out.append(f"period_start {row['period_start']} is after period_end {row['period_end']}")
    return out


def _coverage_problems(frame: pd.DataFrame) -> list[str]:
    """Sorted, contiguous, non-overlapping periods from the first to the last year of the span."""
    starts, ends = frame["period_start"].tolist(), frame["period_end"].tolist()
    out = []
    if starts[0] != PERIOD_SPAN[0]:
        out.append(f"row 2: the first period starts in {starts[0]}, not {PERIOD_SPAN[0]}")
    if ends[-1] != PERIOD_SPAN[1]:
        out.append(f"row {len(ends) + 1}: the last period ends in {ends[-1]}, not {PERIOD_SPAN[1]}")
    for i in range(1, len(starts)):
        if starts[i] <= ends[i - 1]:
            out.append(
                f"row {i + 2}: starts in {starts[i]}, overlapping the period to {ends[i - 1]}"
            )
        elif starts[i] > ends[i - 1] + 1:
            out.append(f"row {i + 2}: starts in {starts[i]}, leaving a gap after {ends[i - 1]}")
    return out


def periods() -> pd.DataFrame:
    """How the literature codes Korea-Japan relations, period by period, 1965-2024.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``period_start``, ``period_end`` (int, years, both included; the periods run in
    order, without gaps or overlaps, from 1965 to 2024); ``label`` (str); ``coding``
    (``cooperation``, ``friction`` or ``mixed``: what the cited works say, not what the model
    predicts; ``mixed`` where they differ or describe both); ``sources`` (str, keys of
    references.bib separated by ";"); ``disagreement`` (str, how the works differ; required for
    ``mixed``, otherwise "" unless a work reads the period differently).
    """
    frame = _checked_rows(PERIODS_PATH, PERIOD_COLUMNS, "periods", _period_row_problems)
    for col in ("period_start", "period_end"):
        frame[col] = frame[col].astype(int)
    _raise_if(_coverage_problems(frame), "periods", PERIODS_PATH)
    return frame


def yearly_coding() -> pd.DataFrame:
    """The coding of :func:`periods` spread over single years, 1965-2024.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``coding`` (str, as in :func:`periods`); ``label`` (str, the
    period's label), one row per year.
    """
    rows = [
        (year, p.coding, p.label)
        for p in periods().itertuples()
        for year in range(p.period_start, p.period_end + 1)
    ]
    return pd.DataFrame(rows, columns=["year", "coding", "label"])


def _date_problem(date: str, year: str) -> str | None:
    if not DATE.fullmatch(date):
        return f"date {date!r} is not YYYY-MM-DD or YYYY-MM"
    when = pd.to_datetime(date, format="%Y-%m-%d" if len(date) == 10 else "%Y-%m", errors="coerce")
    if pd.isna(when):
        return f"date {date!r} is not a calendar date"
    if str(when.year) != year:
        return f"date {date!r} is not in its year {year!r}"
    return None


def _signal_row_problems(row: pd.Series) -> list[str]:
    year = _year_problem(row["year"], SIGNAL_SPAN, "year")
    found = [
        year,
        None if year else _date_problem(row["date"], row["year"]),
        None if row["label"].strip() else "empty label",
        _choice_problem("direction", row["direction"], SIGNAL_DIRECTIONS),
        _choice_problem("size", row["size"], SIGNAL_SIZES),
        _choice_problem("reading", row["reading"], SIGNAL_READINGS),
        None if row["citation"].strip() else "no citation",
    ]
    return [p for p in found if p]


def signals() -> pd.DataFrame:
    """Dated US signals of withdrawal from, or recommitment to, Korea, Japan and the region.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``date`` (str, ISO ``YYYY-MM-DD``, or ``YYYY-MM`` when only the month is certain);
    ``year`` (int, 1945-2024, the date's year); ``label`` (str); ``direction`` (``withdrawal``
    or ``recommitment``); ``size`` (``small`` or ``large``, by the rule at
    :data:`SIGNAL_SIZES`); ``citation`` (a key of references.bib, an http(s) URL or a named
    primary document); ``reading`` (``essay``: the paper names no dated signal, so direction
    and size are the essay's reading). Sorted by date.
    """
    frame = _checked_rows(SIGNALS_PATH, SIGNAL_COLUMNS, "signals", _signal_row_problems)
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)
