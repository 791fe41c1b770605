"""The maps, the framework diagram, the caveats chart and the evidence check reproduce
themselves (scenario_meta.reproduce_meta, scenario_start): each starts at a scenario string
naming its own sliders and menus, refuses anything else with the ``--set``-style one-line
error, and its command and call templates, filled as the page fills them, give the
library's numbers and the same chart."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from pathways import charts, evidence_charts
from pathways.cli import run
from pathways.model import default_model
from pathways.model.scenario_string import format_scenario
from pathways.model.thresholds import map_share
from pathways.present.scenario_meta import CHART_LABEL, META_KEY, python_literal

SPEC = default_model().spec
REPO = Path(__file__).resolve().parents[1]
AXES = ["threat", "engagement", "animosity", "mediation"]


def meta_of(chart) -> dict:
    return chart.to_dict()["usermeta"]["pathways"][META_KEY]


def params_of(chart) -> dict:
    return {p["name"]: p.get("value") for p in chart.to_dict().get("params", [])}


def fill(meta: dict, kind: str, controls: dict, scenario: str) -> str:
    """The template as scenario.js fills it (the site tests check the page's own filling)."""

    def one(match: re.Match) -> str:
        token = match.group(1)
        if token not in meta["fills"]:
            return match.group(0)
        f = meta["fills"][token]
        raw = scenario if f["from"] is None else controls[f["from"]]
        if str(raw) in f["omit"]:
            return ""
        if isinstance(raw, int | float):
            text = str(raw)
        else:
            text = shlex.quote(str(raw)) if kind == "cli" else json.dumps(str(raw))
        return f[kind].replace("{}", text)

    return re.sub(r"\{(\w+)\}", one, meta[kind])


def run_json(command: str) -> dict:
    words = shlex.split(command)
    assert words[:3] == ["python", "-m", "pathways"]
    return json.loads(run(words[3:]))


def test_a_map_starts_at_its_scenario_and_its_command_gives_its_share():
    scenario = "threat=0.40,variant_legacy=sunk"
    chart = charts.tipping_map(AXES[1:], x="engagement", y="animosity", controls=["threat"],
                               variants=("legacy",), scenario=scenario)  # fmt: skip
    assert params_of(chart)["threat"] == 0.4
    assert params_of(chart)["variant_legacy"] == "sunk"
    meta = meta_of(chart)
    assert meta["code_label"] == CHART_LABEL
    controls = {"xaxis": "mediation", "yaxis": "animosity"}
    d = run_json(fill(meta, "cli", controls, scenario))
    values = {"threat": 0.4}
    model = default_model()
    from pathways.model.compile import with_variants

    want = map_share("mediation", "animosity", "net", values,
                     with_variants(model, {"legacy": "sunk"}), 31)  # fmt: skip
    assert d["share"] == want and d["x"] == "mediation" and d["scenario"] == scenario
    again = eval(fill(meta, "code", controls, scenario), {"charts": charts})  # noqa: S307
    assert params_of(again) == {**params_of(chart), "xaxis": "mediation"}


def test_a_map_at_its_defaults_leaves_the_scenario_out():
    meta = meta_of(charts.tipping_map(AXES, x="engagement", y="animosity", variants="all"))
    command = fill(meta, "cli", {"xaxis": "engagement", "yaxis": "animosity"}, "")
    assert command == "python -m pathways map --x engagement --y animosity --quantity net " \
        "--resolution 31 --json"  # fmt: skip
    code = fill(meta, "code", {"xaxis": "engagement", "yaxis": "animosity"}, "")
    assert code == (f"charts.tipping_map(axes={python_literal(AXES)}, x=\"engagement\", "
                    'y="animosity", variants="all")')  # fmt: skip
    assert run_json(command)["share"] == map_share("engagement", "animosity")


def test_the_diagram_starts_at_its_scenario_and_highlight_and_its_command_agrees():
    scenario = format_scenario({"engagement": 0.3, "threat": 0.8}, SPEC)
    chart = charts.framework_diagram(("engagement", "threat"), highlight="toward friction",
                                     scenario=scenario)  # fmt: skip
    p = params_of(chart)
    assert (p["engagement"], p["threat"], p["highlight"]) == (0.3, 0.8, "toward friction")
    meta = meta_of(chart)
    controls = {"highlight": "driver: threat"}
    command = fill(meta, "cli", controls, scenario)
    assert '--highlight "driver: threat"' in shlex.join(shlex.split(command)).replace("'", '"')
    d = run_json(command)
    assert d["highlight"] == "driver: threat" and d["values"] == {"threat": 0.8, "engagement": 0.3}
    again = eval(fill(meta, "code", controls, scenario), {"charts": charts})  # noqa: S307
    assert params_of(again) == {**p, "highlight": "driver: threat"}


def test_the_caveats_chart_starts_at_a_named_scenario_and_runs_evaluate_preset():
    name = next(iter(SPEC.scenarios))
    chart = charts.caveats_chart(start=name)
    assert params_of(chart)["scenario"] == name
    meta = meta_of(chart)
    assert fill(meta, "cli", {"scenario": "none"}, "") == "python -m pathways evaluate --json"
    assert fill(meta, "code", {"scenario": "none"}, "") == "charts.caveats_chart()"
    command = fill(meta, "cli", {"scenario": name}, "")
    assert command == f"python -m pathways evaluate --preset {name} --json"
    assert (
        run_json(command)["net"] == json.loads(run(["evaluate", "--preset", name, "--json"]))["net"]
    )
    again = eval(fill(meta, "code", {"scenario": name}, ""), {"charts": charts})  # noqa: S307
    assert params_of(again)["scenario"] == name


def test_the_check_starts_at_its_scenario_and_period_and_its_command_agrees():
    controls = ["animosity", "balancing", "mediation"]
    scenario = format_scenario({"animosity": 0.2, "balancing": 0.9, "mediation": 0.5}, SPEC)
    chart = evidence_charts.check_chart(controls, period=(1995, 2010), scenario=scenario)
    p = params_of(chart)
    assert (p["animosity"], p["balancing"], p["mediation"]) == (0.2, 0.9, 0.5)
    assert (p["period_start"], p["period_end"]) == (1995, 2010)
    meta = meta_of(chart)
    menus = {"period_start": 1995, "period_end": 2010}
    d = run_json(fill(meta, "cli", menus, scenario))
    assert (d["start"], d["end"], d["scenario"]) == (1995, 2010, scenario)
    scope = {"evidence_charts": evidence_charts}
    again = eval(fill(meta, "code", menus, scenario), scope)  # noqa: S307
    assert params_of(again) == p


BAD = [
    (lambda s: charts.framework_diagram(("engagement",), scenario=s), "threat=0.5",
     "unknown slider of this chart 'threat'; allowed: engagement"),
    (lambda s: charts.framework_diagram(("engagement",), scenario=s), "engagement=7",
     "engagement"),
    (lambda s: charts.tipping_map(AXES, x="threat", y="engagement", scenario=s),
     "variant_legacy=sunk", "unknown menu of this chart 'variant_legacy'; allowed: (none)"),
    (lambda s: evidence_charts.check_chart(["animosity"], scenario=s), "hope=1",
     "unknown assumption 'hope'"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "scenario", "message"), BAD)
def test_a_bad_scenario_is_refused_with_one_line(make, scenario, message):
    with pytest.raises(ValueError, match=re.escape(message)) as err:
        make(scenario)
    assert "\n" not in str(err.value)


def test_a_bad_menu_start_is_refused():
    with pytest.raises(ValueError, match=r"unknown highlight 'upward'; allowed: all pathways"):
        charts.framework_diagram(highlight="upward")
    with pytest.raises(ValueError, match=r"unknown scenario of this chart 'golden'; allowed: none"):
        charts.caveats_chart(start="golden")


def test_a_fixed_value_may_be_named_only_at_its_value():
    make = charts.tipping_map
    chart = make(AXES, x="threat", y="engagement", fixed={"balancing": 0.9},
                 scenario="balancing=0.90")  # fmt: skip
    assert meta_of(chart)["fixed"] == {"balancing": "0.90"}
    with pytest.raises(ValueError, match=r"this chart fixes balancing at 0.90; allowed: 0.90"):
        make(AXES, x="threat", y="engagement", fixed={"balancing": 0.9}, scenario="balancing=0.5")


HOSTILE = ["toward friction", "driver: threat", "a'b", 'it\'s "$(rm -rf /)" `x` \\ ;|&', "''"]


def test_the_pages_shell_quoting_keeps_any_value_one_word():
    """scenario.js's shellQuote, run by node on hostile values: shlex reads each back whole."""
    source = (REPO / "lib/pathways/present/js/scenario.js").read_text(encoding="utf-8")
    body = re.search(r"  function shellQuote\(text\) \{.*?\n  \}\n", source, re.S)
    assert body, "scenario.js has no shellQuote"
    script = (
        body.group(0) + "console.log(JSON.stringify(JSON.parse(process.argv[1]).map(shellQuote)));"
    )
    out = subprocess.run(["node", "-e", script, json.dumps(HOSTILE)], capture_output=True,
                         text=True, check=True, timeout=60)  # fmt: skip
    quoted = json.loads(out.stdout)
    for value, q in zip(HOSTILE, quoted, strict=True):
        assert shlex.split(f"cmd --highlight {q} --json") == ["cmd", "--highlight", value, "--json"]
