"""The benchmark works: `benchmarks/run.py --quick` writes its table and JSON with every section.

Timings are never asserted (machines are shared and noisy); only that each section measured
something, and that the static chart and the live Voila panel showed the library's verdict
sentence after every slider move.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from builtsite import missing_chromium

ROOT = Path(__file__).resolve().parents[1]


def _number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) and x >= 0


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    problem = missing_chromium()
    if problem:
        pytest.fail(problem, pytrace=False)
    out = tmp_path_factory.mktemp("bench")
    log = out / "run.log"
    # Output to a file, not a pipe: a browser or kernel process that outlives the run could
    # hold a pipe open and keep subprocess.run waiting.
    with log.open("w") as f:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    assert proc.returncode == 0, log.read_text()[-6000:]
    return out


def test_writes_table_and_json(quick_run):
    assert (quick_run / "results.md").is_file()
    assert (quick_run / "results.json").is_file()
    res = json.loads((quick_run / "results.json").read_text())
    assert res["quick"] is True
    assert res["failed_sections"] == []
    m = res["machine"]
    assert m["nproc"] >= 1 and m["cpu_model"] and m["ram_gib"] and m["os"] and m["python"]
    assert m["chromium"]


def test_library_section(quick_run):
    lib = json.loads((quick_run / "results.json").read_text())["library"]
    assert _number(lib["evaluate_s"]["median"])
    sizes = [r["n"] for r in lib["monte_carlo"]]
    assert sizes[:3] == [1000, 10_000, 100_000]
    for r in lib["monte_carlo"]:
        assert _number(r["median_s"]) and _number(r["peak_bytes"]) and r["peak_bytes"] > 0


def test_book_section(quick_run):
    book = json.loads((quick_run / "results.json").read_text())["book"]
    for key in ("clean", "noop", "touch_lib"):
        assert _number(book[key]["wall_s"]) and _number(book[key]["cpu_s"])
        assert book[key]["exit_code"] == 0, book[key]["log"]
        assert book[key]["notebooks"] >= 1
    # Proof that touching lib/ executed every notebook again.
    assert book["touch_lib"]["executed"] == book["touch_lib"]["notebooks"]


def test_website_section(quick_run):
    res = json.loads((quick_run / "results.json").read_text())
    pages = res["website"]["pages"]
    assert pages, "no page measured"
    page = next(p for p in pages if p["page"] == res["comparison_chapter"])
    assert _number(page["ready_ms"]) and page["bytes"] > 0
    assert page["charts"] >= 1 and page["charts_failed"] == 0
    assert page["external_requests"] == 0
    chart = next(c for c in page["slider_charts"] if c["compared"])
    assert chart["moves"] >= 10
    assert _number(chart["update"]["median_ms"]) and _number(chart["update"]["p95_ms"])
    assert chart["verdict_matches_library"] == chart["moves"]


def test_live_section(quick_run):
    res = json.loads((quick_run / "results.json").read_text())
    live = res["live"]
    assert live["chapter"] == res["comparison_chapter"]
    assert _number(live["ready_ms"]) and _number(live["server_start_s"])
    assert _number(live["update"]["median_ms"]) and _number(live["update"]["p95_ms"])
    assert live["moves"] >= 10
    assert live["verdict_matches_library"] == live["moves"]


def test_markdown_has_every_section(quick_run):
    md = (quick_run / "results.md").read_text()
    for heading in (
        "**Library**",
        "**Book**",
        "**Website**",
        "**Static site vs live panel",
        "**Targets**",
    ):
        assert heading in md
    assert "Failed" not in md
    assert "static / live" in md
