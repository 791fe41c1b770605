"""pathways.record.evidence (computations) and evidence_charts (its charts): valid charts,
per-year predictions equal to evaluate(), the browser's numbers and sentence equal to
Python's (run in Node's Vega), and clear errors for bad input."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math

import numpy as np
import pandas as pd
import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from _vega_node import run_vega
from pathways import (
    data,
    evaluate,
    evidence,
    evidence_charts,
    evidence_tables,
    periods,
    series,
    variantcheck,
    withdrawal,
)
from pathways.model.expr import MINUS, to_text
from pathways.present.charts import readout

pytestmark = pytest.mark.usefixtures("data_env")
CHAPTER = "Defined for: chapter 'Checking the pathways against the record'."
CONTROLS = ["animosity", "balancing"]


def _rows_with(result: dict[str, list[dict]], field: str) -> list[dict]:
    """The one data set of a compiled chart whose rows carry `field`."""
    found = [rows for rows in result.values() if rows and field in rows[0]]
    assert len(found) == 1, f"{len(found)} data sets carry {field!r}"
    return found[0]


def test_module_and_public_functions_say_what_they_are_for() -> None:
    for module in (evidence, evidence_charts, evidence_tables):
        assert CHAPTER in " ".join((module.__doc__ or "").split()), module.__name__
    for fn in (
        evidence_charts.record_chart,
        evidence_charts.check_chart,
        evidence_charts.periods_chart,
        evidence_tables.html_table,
        evidence_tables.signal_table,
        evidence.predictions,
        evidence.summary,
        evidence.period_sentence,
    ):
        assert (fn.__doc__ or "").strip(), fn.__name__
    assert "``net``" in evidence.predictions.__doc__  # the field name browser tests read


def test_the_computations_draw_nothing() -> None:
    """Charts live in evidence_charts; the computation module imports no Altair."""
    tree = ast.parse(inspect.getsource(evidence))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m.split(".")[0] == "altair" or "charts" in m}
    assert not hasattr(evidence, "record_chart") and not hasattr(evidence, "check_chart")


def test_coverage_is_the_span_with_both_proxies() -> None:
    lo, hi = evidence.coverage()
    assert (lo, hi) == (1984, 2024)  # CNS tests start 1984; troopdata ends 2024


@pytest.mark.parametrize("start,end", [(1984, 2024), (1991, 2019), (2008, 2008)])
def test_proxies_are_on_the_models_scale(start: int, end: int) -> None:
    t = evidence.table(start, end)
    assert t["year"].tolist() == list(range(start, end + 1))
    for name in evidence.PROXIED:
        assert t[name].notna().all() and t[name].between(0, 1).all(), name
    assert t["engagement"].min() > 0.4  # a ratio to the 1969 peak: troops never near zero


@pytest.mark.parametrize("year", [1984, 1998, 2008, 2017, 2022])
def test_predictions_equal_evaluate_for_single_years(year: int) -> None:
    values = {"animosity": 0.45, "mediation": 0.8}
    p = evidence.predictions(1984, 2024, values).set_index("year")
    row = p.loc[year]
    expected = evaluate({**values, "threat": row["threat"], "engagement": row["engagement"]}).net
    assert row["net"] == pytest.approx(expected, abs=1e-12)
    assert row["direction"] == ("cooperation" if expected > 0 else "friction")


def test_predictions_at_defaults_and_their_summary_agree() -> None:
    p = evidence.predictions(1991, 2019)
    s = evidence.summary(1991, 2019)
    assert (s.start, s.end, s.years) == (1991, 2019, 29)
    assert s.friction == int((p["net"] < 0).sum()) and s.cooperation == int((p["net"] > 0).sum())
    assert s.net_min == p["net"].min() and s.net_max == p["net"].max()
    un = p.dropna(subset=["un_agreement"])
    assert s.trends["un_agreement"].years == len(un) == 29
    r = un["net"].corr(un["un_agreement"])
    assert s.trends["un_agreement"].r == pytest.approx(r, abs=1e-9)
    slope = np.polyfit(un["year"].to_numpy(float), un["un_agreement"].to_numpy(), 1)[0]
    assert s.trends["un_agreement"].per_decade == pytest.approx(10 * slope, abs=1e-9)
    assert s.sentence.startswith("1991\u20132019: the model predicts friction in ")
    t = s.trends["un_agreement"]
    assert type(t.r) is float and type(t.per_decade) is float  # plain floats (glue, JSON)


def test_key_numbers_hold_the_summary_sentences_wrapped() -> None:
    text = evidence.key_numbers()
    assert all(len(line) <= 80 for line in text.splitlines())
    flat = " ".join(part.strip() for part in text.splitlines())
    for start, end in [(1991, 2019), evidence.coverage()]:
        assert " ".join(evidence.summary(start, end).sentence.split()) in flat


def test_short_periods_say_too_few_years() -> None:
    s = evidence.summary(1984, 1990)  # before the ROK joined the UN, before ICEWS
    assert s.trends["un_agreement"].years == 0 and math.isnan(s.trends["un_agreement"].r)
    assert "UN voting agreement: too few years with data (0)" in s.sentence


@pytest.mark.parametrize(
    "start,end,match",
    [
        (1970, 1990, r"period 1970-1990 lies outside 1984-2024"),
        (2000, 2030, r"period 2000-2030 lies outside 1984-2024"),
        (2010, 2000, r"start year 2010 is after end year 2000"),
        (1990.5, 2000, r"start year must be an integer"),
    ],
)
def test_bad_periods_raise_naming_the_problem(start, end, match) -> None:
    with pytest.raises(ValueError, match=match):
        evidence.predictions(start, end)
    with pytest.raises(ValueError, match=match):
        evidence_charts.check_chart(period=(start, end))


def test_proxied_inputs_cannot_be_set_by_hand() -> None:
    with pytest.raises(ValueError, match=r"\['threat'\] come from the data"):
        evidence.predictions(1991, 2019, {"threat": 0.5})
    with pytest.raises(ValueError, match=r"\['engagement'\] come from the data"):
        evidence_charts.check_chart(["engagement"])
    with pytest.raises(ValueError, match=r"\['threat'\] come from the data"):
        evidence_charts.check_chart(fixed={"threat": 0.5})
    with pytest.raises(ValueError, match=r"unknown control 'hostility'; allowed: "):
        evidence_charts.check_chart(["hostility"])
    with pytest.raises(ValueError, match=r"\['animosity'\] cannot be both a control and fixed"):
        evidence_charts.check_chart(["animosity"], fixed={"animosity": 0.5})
    with pytest.raises(ValueError, match="outside its allowed range"):
        evidence.predictions(1991, 2019, {"animosity": 2})


def test_bad_data_fails_loudly(tmp_path, monkeypatch) -> None:
    """A troop file that does not match its pinned hash stops both charts."""
    entries = dict(data.registry())
    entries["troops"] = dataclasses.replace(entries["troops"], sha256="0" * 64)
    monkeypatch.setattr(data, "registry", lambda: entries)
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    series.cache_clear()
    try:
        with pytest.raises(data.HashMismatchError, match="troops"):
            evidence_charts.record_chart()
        with pytest.raises(data.HashMismatchError, match="troops"):
            evidence_charts.check_chart()
    finally:
        series.cache_clear()


def test_charts_validate_and_carry_titles_and_descriptions() -> None:
    for chart in (evidence_charts.record_chart(), evidence_charts.check_chart(CONTROLS)):
        spec = chart.to_dict(validate=True)
        assert spec["title"] and len(spec["description"]) > 100
    spec = evidence_charts.check_chart(CONTROLS).to_dict()
    names = [p["name"] for p in spec["params"]]
    assert names[:2] == ["period_start", "period_end"] and names[2:] == CONTROLS
    start = spec["params"][0]
    assert (start["value"], start["bind"]["min"], start["bind"]["max"]) == (1991, 1984, 2024)


def test_scan_counts_years_on_each_side() -> None:
    sc = evidence.scan(1991, 2019, "animosity", points=5)
    assert sc["value"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    assert ((sc["cooperation"] + sc["friction"]) <= 29).all()
    assert sc["cooperation"].is_monotonic_decreasing  # animosity only adds friction
    with pytest.raises(ValueError, match="cannot scan 'engagement'"):
        evidence.scan(1991, 2019, "engagement")
    with pytest.raises(ValueError, match=r"unknown assumption 'hatred'; allowed: "):
        evidence.scan(1991, 2019, "hatred")


def _env(**over) -> dict:
    """A period's statistics as the sentence reads them (see evidence.period_sentence)."""
    env = {"period_start": 1991, "period_end": 2019, "n": 29, "nf": 20, "nc": 9,
           "nmin": -0.125, "nmax": 0.3}  # fmt: skip
    for col in evidence.OBSERVED:
        env |= {f"k_{col}": 29, f"slope_{col}": 0.0042, f"r_{col}": -0.5}
    return env | over


def test_period_sentence_words_every_case() -> None:
    """The sentence's wording, pinned here independently of summary() and the chart."""
    text = to_text(evidence.period_sentence(), _env())
    assert text == (
        f"1991\u20132019: the model predicts friction in 20 of 29 years and cooperation in 9 "
        f"(net {MINUS}0.13 to +0.30); UN voting agreement rose (trend +0.04 a decade over 29 "
        f"years), correlation with the net r = {MINUS}0.50; ICEWS cooperation share rose "
        f"(trend +0.04 a decade over 29 years), correlation with the net r = {MINUS}0.50."
    )
    few = to_text(evidence.period_sentence(), _env(k_un_agreement=2, slope_un_agreement=math.nan))
    assert "; UN voting agreement: too few years with data (2); ICEWS" in few
    flat = to_text(
        evidence.period_sentence(), _env(slope_icews_coop_share=0.0, r_icews_coop_share=math.nan)
    )
    assert flat.endswith("ICEWS cooperation share did not change (trend +0.00 a decade over 29 "
                         "years), no correlation with a constant net.")  # fmt: skip
    fell = to_text(evidence.period_sentence(), _env(slope_un_agreement=-0.01))
    assert "UN voting agreement fell (trend \u22120.10 a decade" in fell
    empty = to_text(evidence.period_sentence(), _env(n=0))
    assert empty == "Pick a start year no later than the end year."


@pytest.mark.parametrize(
    "signals,values",
    [
        ({}, {}),
        ({"period_start": 1984, "period_end": 2024}, {}),
        ({"period_start": 2002, "period_end": 2014, "animosity": 0.2, "balancing": 0.9},
         {"animosity": 0.2, "balancing": 0.9}),
        ({"period_start": 1984, "period_end": 1986}, {}),
    ],
)  # fmt: skip
def test_browser_computes_pythons_numbers_and_sentence(tmp_path, signals, values) -> None:
    """Compile the chart with Vega-Lite, run it in Node's Vega, compare with Python."""
    spec = evidence_charts.check_chart(CONTROLS).to_dict()
    (result,) = run_vega([{"spec": spec, "signals": signals}], tmp_path)
    start, end = signals.get("period_start", 1991), signals.get("period_end", 2019)
    expected = evidence.predictions(start, end, values).set_index("year")["net"]
    bars = {r["year"]: r["net"] for r in _rows_with(result, "x1")}
    assert sorted(bars) == list(range(start, end + 1))
    for year, net in bars.items():
        assert net == pytest.approx(expected[year], abs=1e-12), year
    (row,) = _rows_with(result, "verdict")
    assert row["verdict"] == evidence.summary(start, end, values).sentence


def test_browser_sentence_when_start_is_after_end(tmp_path) -> None:
    spec = evidence_charts.check_chart().to_dict()
    (result,) = run_vega(
        [{"spec": spec, "signals": {"period_start": 2010, "period_end": 2000}}], tmp_path
    )
    (row,) = _rows_with(result, "verdict")
    assert row["verdict"] == "Pick a start year no later than the end year."


def test_record_chart_runs_in_vega_with_every_event(tmp_path) -> None:
    spec = evidence_charts.record_chart().to_dict()
    (result,) = run_vega([{"spec": spec}], tmp_path)
    events = [rows for rows in result.values() if rows and "citation" in rows[0]]
    assert events and all(len(rows) == len(series.timeline()) for rows in events)
    sample = events[0][0]
    assert {"label", "citation", "direction", "pathway", "when"} <= set(sample)


def test_periods_chart_draws_the_library_numbers_and_has_nothing_to_set(tmp_path) -> None:
    chart = evidence_charts.periods_chart()
    spec = chart.to_dict(validate=True)
    assert spec["title"] and "default structure" in spec["description"]
    assert "params" not in spec  # static: no control to move, none dead
    (result,) = run_vega([{"spec": spec}], tmp_path)
    drawn = {k: v for k, v in result.items() if v and "mid" in v[0]}  # after the year shift
    nets = _rows_with(drawn, "structure")
    want = variantcheck.yearly_nets()
    assert [(r["year"], r["structure"]) for r in nets] == list(
        zip(want["year"], want["structure"], strict=True)
    )
    assert [r["net"] for r in nets] == pytest.approx(want["net"].tolist(), abs=1e-12)
    assert all(r["mid"] == r["year"] + 0.5 for r in nets)
    assert {r["structure"] for r in nets} == {"the default structure", "commitment=signal"}
    bands = next(rows for rows in result.values() if rows and "coding" in rows[0])
    assert [(r["period_start"], r["end"] - 1, r["coding"]) for r in bands] == list(
        periods.periods()[["period_start", "period_end", "coding"]].itertuples(index=False)
    )
    inputs = _rows_with(drawn, "series")
    by_series = {s: sorted(r["year"] for r in inputs if r["series"] == s) for s in
                 {r["series"] for r in inputs}}  # fmt: skip
    join = series.threat_join()
    assert by_series["Missile tests"] == list(range(join.switch_year, 2025))
    assert by_series["Rival capabilities, rescaled"] == list(range(1965, join.overlap[1] + 1))
    assert by_series["US troops"] == by_series["Withdrawal signals"] == list(range(1965, 2025))
    zero = [n for n in _walk(spec) if isinstance(n, dict) and n.get("mark", {}) == {
        "type": "rule", "color": evidence_charts.NEUTRAL, "aria": False}]  # fmt: skip
    assert len(zero) == 1  # the decorative zero rule is hidden from screen readers


def test_periods_chart_refuses_an_unknown_structure() -> None:
    with pytest.raises(ValueError, match="unknown commitment option 'troops'; allowed: level"):
        evidence_charts.periods_chart([{}, {"commitment": "troops"}])


def _walk(node):
    """Every dict and list inside a Vega-Lite spec."""
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _walk(child)


def test_html_table_escapes_cells_links_addresses_and_needs_a_caption() -> None:
    frame = pd.DataFrame({"Source": ["https://www.example.org/a?b=1&c=2", "cha1999 <b>"],
                          "Note": ["x & y", None]})  # fmt: skip
    got = evidence_tables.html_table(frame, "Planted & caption")
    assert "<caption>Planted &amp; caption</caption>" in got
    assert '<th scope="col">Source</th><th scope="col">Note</th>' in got
    assert '<a href="https://www.example.org/a?b=1&amp;c=2">example.org</a>' in got
    assert "<td>cha1999 &lt;b&gt;</td><td></td>" in got and "<td>x &amp; y</td>" in got
    with pytest.raises(ValueError, match="needs a caption"):
        evidence_tables.html_table(frame, " ")


def test_html_table_moves_a_notes_column_under_the_table_and_keeps_short_cells_whole() -> None:
    frame = pd.DataFrame({"Period": ["A", "B", "C"], "Years": ["1965\u20131968"] * 3,
                          "Differ": ["works disagree <here>", "", "and here"]})  # fmt: skip
    got = evidence_tables.html_table(frame, "Planted", notes="Differ", nowrap=["Years"])
    assert '<th scope="col">Differ</th>' not in got
    assert "<td>A [1]</td>" in got and "<td>B</td>" in got and "<td>C [2]</td>" in got
    assert got.endswith(
        "<p>Differ:</p><ol><li>works disagree &lt;here&gt;</li><li>and here</li></ol>"
    )
    assert got.count('<td style="white-space: nowrap">1965\u20131968</td>') == 3
    no_notes = evidence_tables.html_table(frame.assign(Differ=""), "Planted", notes="Differ")
    assert no_notes.endswith("</table>")  # nothing to list, no empty list
    with pytest.raises(ValueError, match="unknown notes column 'Why'; allowed: Period, Years"):
        evidence_tables.html_table(frame, "Planted", notes="Why")
    with pytest.raises(ValueError, match="unknown column 'Date'; allowed: Period"):
        evidence_tables.html_table(frame, "Planted", nowrap=["Date"])


def test_signal_table_is_the_signal_file_with_each_years_value() -> None:
    table, sig = evidence_tables.signal_table(), periods.signals()
    assert table["Date"].tolist() == sig["date"].tolist()
    assert table["Source"].tolist() == sig["citation"].tolist()
    assert table.at[0, "Direction, size"] == "withdrawal, large"
    value = withdrawal.withdrawal_signal_series(1945, 2024).set_index("year")["withdrawal_signal"]
    assert table["Year ends at"].tolist() == [f"{value[y]:.2f}" for y in sig["year"]]
    assert table.at[0, "Year ends at"] == "0.50"  # the Guam doctrine, a large signal from 0


def _table(spec: dict) -> dict:
    return spec["usermeta"]["pathways"]["table"]


def _cell_value(cell: object) -> float | None:
    """A static table cell's number (None where it prints the missing mark)."""
    if cell == readout.MISSING:
        return None
    assert isinstance(cell, dict) and set(cell) == {"value", "format"}, cell
    return cell["value"]


def test_record_chart_table_holds_each_year_of_what_it_draws(tmp_path) -> None:
    spec = evidence_charts.record_chart().to_dict()
    table = _table(spec)
    headings = [h for _, _, h, _ in evidence_charts.RECORD_COLUMNS]
    assert table["columns"] == ["Year", *headings] and table["caption"]
    assert all(len(r["cells"]) == len(table["columns"]) for r in table["rows"])
    (result,) = run_vega([{"spec": spec}], tmp_path)
    drawn: dict[tuple[str, int], float] = {}
    for rows in result.values():
        for r in rows or []:
            if "host" in r and "thousands" in r:
                drawn[(r["host"], r["year"])] = r["value"]
            for field in ("tests", "agreement", "coop_share", "ldp_share"):
                if field in r and r[field] is not None:
                    drawn[(field, r["year"])] = r[field]
    keys = ["Japan", "South Korea", "tests", "agreement", "coop_share", "ldp_share"]
    table_years = [int(r["cells"][0]) for r in table["rows"]]
    assert table_years == sorted({year for _, year in drawn})
    for row in table["rows"]:
        year = int(row["cells"][0])
        got = [_cell_value(c) for c in row["cells"][1:]]
        assert got == [drawn.get((k, year)) for k in keys], year


def test_periods_chart_table_holds_each_period_and_its_mean_nets(tmp_path) -> None:
    spec = evidence_charts.periods_chart().to_dict()
    table = _table(spec)
    names = ["the default structure", "commitment=signal"]
    assert table["columns"] == ["Period", "Years", "Coded", *(
        f"Mean predicted net, {n}" for n in names)]  # fmt: skip
    (result,) = run_vega([{"spec": spec}], tmp_path)
    nets = [r for rows in result.values() for r in rows or [] if "structure" in r and "mid" in r]
    per = periods.periods()
    assert len(table["rows"]) == len(per)
    for row, p in zip(table["rows"], per.itertuples(), strict=True):
        assert row["cells"][:3] == [p.label, f"{p.period_start}\u2013{p.period_end}", p.coding]
        for cell, name in zip(row["cells"][3:], names, strict=True):
            drawn = [r["net"] for r in nets if r["structure"] == name
                     and p.period_start <= r["year"] <= p.period_end]  # fmt: skip
            assert drawn and _cell_value(cell) == pytest.approx(sum(drawn) / len(drawn), abs=1e-12)
