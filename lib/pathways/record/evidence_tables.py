"""The evidence chapter's tables as HTML: every cell escaped, a web address as a link, and a
caption that says what the table is.

Why: the chapter shows the record's hand-made tables (the US signals, the period coding
beside the model's predictions, the structures' scores) to readers of the website, where a
source is most useful as a link and a table needs a caption and column headers to be read
aloud. The tables' content is built and tested elsewhere (:mod:`pathways.record.variantcheck`,
:func:`signal_table`); this module only prints them.

Defined for: chapter 'Checking the pathways against the record'.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import urlparse

import pandas as pd

from ..model.names import check_names, unknown
from .periods import signals
from .withdrawal import withdrawal_signal_series

URL = re.compile(r"https?://\S+")


def _cell(value: object) -> str:
    """A cell's HTML: a web address as a link named by its site, anything else escaped."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if URL.fullmatch(text):
        site = urlparse(text).netloc.removeprefix("www.")
        return f'<a href="{html.escape(text, quote=True)}">{html.escape(site)}</a>'
    return html.escape(text)


def _notes(frame: pd.DataFrame, notes: str | None) -> tuple[pd.DataFrame, list[str]]:
    """`frame` without the column `notes`, its first column marked "[n]" where that column
    has text, and the texts in order."""
    if notes is None:
        return frame, []
    if notes not in frame.columns:
        raise unknown("notes column", notes, [str(c) for c in frame.columns])
    out, texts = frame.drop(columns=notes), []
    first = out.columns[0]
    out[first] = out[first].astype(str)
    for i, text in enumerate(frame[notes].fillna("").astype(str)):
        if text.strip():
            texts.append(text)
            out.iloc[i, 0] = f"{out.iloc[i, 0]} [{len(texts)}]"
    return out, texts


def html_table(
    frame: pd.DataFrame, caption: str, notes: str | None = None, nowrap: Sequence[str] = ()
) -> str:
    """`frame` as an HTML table with `caption`, one header cell per column.

    Defined for: chapter 'Checking the pathways against the record'.

    Every cell is escaped; a cell that is a web address (http or https) becomes a link whose
    text is the site's name. `notes` names a column of long remarks moved under the table as
    a numbered list (its rows marked "[n]" in the first column), so the table stays narrow
    enough for the page; the cells of the columns in `nowrap` do not wrap. An empty caption
    is refused: a table read aloud needs one.
    """
    if not caption.strip():
        raise ValueError("a table needs a caption saying what it shows; got an empty one")
    check_names("column", nowrap, [str(c) for c in frame.columns])
    table, texts = _notes(frame, notes)
    keep = ' style="white-space: nowrap"'
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{keep if c in nowrap else ''}>{_cell(v)}</td>"
            for c, v in zip(table.columns, row, strict=True)
        )
        + "</tr>"
        for row in table.itertuples(index=False)
    )
    listed = "".join(f"<li>{html.escape(t)}</li>" for t in texts)
    after = f"<p>{html.escape(str(notes))}:</p><ol>{listed}</ol>" if texts else ""
    return (
        f'<table class="pathways-table" style="font-size: 0.9em"><caption>'
        f"{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        f"</table>{after}"
    )


def signal_table() -> pd.DataFrame:
    """The US signals of ``signals.csv`` for the chapter, with the perceived withdrawal each
    year ends with (:func:`withdrawal.withdrawal_signal_series`).

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``Date``, ``Signal`` (the label), ``Direction, size`` ("withdrawal, large"),
    ``Source`` (the
    citation: a references.bib key, a web address or a named document), ``Year ends at``
    (the series' value for the signal's year, two decimals).
    """
    sig = signals()
    series = withdrawal_signal_series(int(sig["year"].min()), int(sig["year"].max()))
    end = series.set_index("year")["withdrawal_signal"]
    return pd.DataFrame(
        {
            "Date": sig["date"],
            "Signal": sig["label"],
            "Direction, size": [
                f"{d}, {z}" for d, z in zip(sig["direction"], sig["size"], strict=True)
            ],
            "Source": sig["citation"],
            "Year ends at": [f"{end[y]:.2f}" for y in sig["year"]],
        }
    )


__all__ = ["html_table", "signal_table"]
