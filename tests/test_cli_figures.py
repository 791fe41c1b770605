"""The figure commands (`map`, `diagram`, `check`): the numbers of the charts that are not
one scenario, from a flag, a scenario string or a page's address alike."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pathways import default_model, evaluate
from pathways.cli import run
from pathways.model.highlights import HIGHLIGHTS
from pathways.model.thresholds import map_share

SPEC = default_model().spec


def ok(*args: str) -> dict:
    return json.loads(run([*args, "--json"]))


def refused(*args: str) -> str:
    with pytest.raises(ValueError) as err:
        run(list(args))
    return str(err.value)


# --------------------------------------------------------------------------- map


def test_map_share_is_the_library_share_at_the_scenario():
    out = ok("map", "--x", "engagement", "--y", "animosity", "--scenario", "mediation=0.40")
    want = map_share("engagement", "animosity", "net", {"mediation": 0.4})
    assert out["share"] == want
    assert 0 < want < 1  # a map where the verdict flips: the scenario matters
    assert out["scenario"] == "mediation=0.40"
    assert f"{round(want * 100)}%" in out["sentence"]


def test_map_reads_its_axes_from_a_page_address():
    url = ("https://example.org/chapters/synthesis.html?map.xaxis=threat&map.yaxis=animosity"
           "&map.mediation=0.40&map.variant_fears=symmetry_and_strength")  # fmt: skip
    out = ok("map", "--scenario", url)
    flags = ok("map", "--x", "threat", "--y", "animosity", "--set", "mediation=0.4",
               "--variant", "fears=symmetry_and_strength")  # fmt: skip
    assert (out["x"], out["y"]) == ("threat", "animosity")
    assert out["share"] == flags["share"] and out["sentence"] == flags["sentence"]
    assert out["variants"]["fears"] == "symmetry_and_strength"
    plain = ok("map", "--x", "threat", "--y", "animosity", "--set", "mediation=0.4")
    assert plain["share"] != out["share"]  # the variant in the address was applied


def test_map_policy_quantity_and_resolution():
    out = ok("map", "--x", "balancing", "--y", "strategy_gap", "--quantity", "policy",
             "--resolution", "11")  # fmt: skip
    assert out["share"] == map_share("balancing", "strategy_gap", "policy", resolution=11)
    assert "inclusive ties come out ahead" in out["sentence"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["map", "--x", "engagement"], "needs two axes"),
        (["map", "--x", "engagement", "--y", "engagement"], "two different"),
        (["map", "--x", "engagement", "--y", "nonsense"], "unknown axis 'nonsense'; allowed:"),
        (["map", "--x", "engagement", "--y", "threat", "--quantity", "mood"],
         "unknown quantity 'mood'; allowed: net, policy, marginal"),
        (["map", "--x", "engagement", "--y", "threat", "--set", "threat=0.5"], "map axis"),
        (["map", "--x", "engagement", "--y", "threat", "--scenario", "xaxis=mediation"],
         "disagree"),
        (["map", "--x", "engagement", "--y", "threat", "--resolution", "1"], "2-101"),
    ],
)  # fmt: skip
def test_map_refuses_bad_input_by_name(args, words):
    assert words in refused(*args)


# --------------------------------------------------------------------------- diagram


def test_diagram_all_pathways_add_up_to_the_net():
    out = ok("diagram", "--scenario", "engagement=0.30,threat=0.80")
    result = evaluate({"engagement": 0.3, "threat": 0.8})
    assert out["count"] == len(SPEC.pathways)
    assert out["total"] == pytest.approx(result.net, abs=1e-12)
    assert [p["id"] for p in out["pathways"]] == [p.id for p in SPEC.pathways]
    assert out["sentence"].startswith(f"The {len(SPEC.pathways)} highlighted pathways add up to")


@pytest.mark.parametrize(
    ("option", "keep"),
    [
        ("toward friction", lambda p: p.sign < 0),
        ("toward cooperation", lambda p: p.sign > 0),
        ("driver: threat", lambda p: p.driver_kind == "threat"),
        ("driver: history", lambda p: p.driver_kind == "history"),
    ],
)
def test_diagram_highlights_by_direction_and_driver(option, keep):
    out = ok("diagram", "--highlight", option)
    lit = [p.id for p in SPEC.pathways if keep(p)]
    assert lit and len(lit) < len(SPEC.pathways)
    assert [p["id"] for p in out["pathways"] if p["highlighted"]] == lit
    table = evaluate().table.set_index("id")["contribution"]
    assert out["total"] == pytest.approx(float(table[lit].sum()), abs=1e-12)


def test_diagram_reads_its_menu_from_the_scenario():
    by_item = ok("diagram", "--scenario", "engagement=0.30,highlight=toward friction")
    by_flag = ok("diagram", "--highlight", "toward friction", "--set", "engagement=0.3")
    assert by_item == by_flag
    assert "unknown highlight 'sideways'; allowed: " + ", ".join(HIGHLIGHTS) in refused(
        "diagram", "--highlight", "sideways"
    )


# --------------------------------------------------------------------------- check


@pytest.fixture(scope="module")
def evidence():
    from pathways import evidence as ev

    return ev


def test_check_is_the_evidence_summary(evidence):
    out = ok("check", "--from", "1991", "--to", "2019", "--set", "animosity=0.6")
    s = evidence.summary(1991, 2019, {"animosity": 0.6})
    assert (out["start"], out["end"], out["years"]) == (s.start, s.end, s.years)
    assert (out["friction"], out["cooperation"]) == (s.friction, s.cooperation)
    assert (out["net_min"], out["net_max"]) == (s.net_min, s.net_max)
    assert out["sentence"] == s.sentence
    assert out["scenario"] == "animosity=0.60"


def test_check_reads_the_period_from_a_page_address(evidence):
    url = ("https://example.org/chapters/evidence.html?check.period_start=2002"
           "&check.period_end=2014&check.balancing=0.30")  # fmt: skip
    out = ok("check", "--scenario", url)
    assert out["sentence"] == evidence.summary(2002, 2014, {"balancing": 0.3}).sentence


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["check", "--to", "2019"], "check needs --from YEAR"),
        (["check", "--from", "1991", "--to", "twenty"], "--to expects a year"),
        (["check", "--from", "2019", "--to", "1991"], "after end year"),
        (["check", "--from", "1991", "--to", "2019", "--set", "threat=0.5"], "come from the data"),
    ],
)
def test_check_refuses_bad_input_by_name(evidence, args, words):
    assert words in refused(*args)


def test_a_bad_figure_command_prints_one_error_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pathways", "map", "--x", "engagement", "--y", "mood"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("error: unknown axis 'mood'") and proc.stderr.count("\n") == 1


# --------------------------------------------------------------------------- caveats


def test_the_caveats_address_is_read_as_its_preset():
    """The conclusion's caveats chart keeps its menu (`scenario`) in the address; `evaluate`
    reads it as the preset it names, and its first option as no preset."""
    name = next(iter(SPEC.scenarios))
    url = f"https://example.org/chapters/conclusion.html?caveats.scenario={name}"
    assert ok("evaluate", "--scenario", url)["net"] == ok("evaluate", "--preset", name)["net"]
    none = "https://example.org/chapters/conclusion.html?caveats.scenario=none"
    assert ok("evaluate", "--scenario", none)["net"] == ok("evaluate")["net"]
    assert "unknown scenario 'sunny'" in refused("evaluate", "--scenario", "scenario=sunny")
    assert "names a preset twice" in refused(
        "evaluate", "--scenario", f"preset={name},scenario={name}"
    )
