"""What a live chart tells the page about its scenario (lib/pathways/present/scenario_meta.py):
the names and decimals the page writes the scenario string with, the presets its menu loads,
and the command and code templates, which must reproduce the library's numbers when run."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from pathways import charts, evaluate, scenario_values
from pathways.model import default_model
from pathways.model.compile import with_variants
from pathways.model.scenario_string import format_scenario
from pathways.present import render
from pathways.present.scenario_meta import CLI_TEMPLATE, META_KEY, panel_code

SPEC = default_model().spec


def meta_of(chart) -> dict:
    return chart.to_dict()["usermeta"]["pathways"][META_KEY]


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.explorer(["engagement", "threat"], group=2),
        lambda: charts.marginal_chart(["threat", "mediation"], variants="all"),
        lambda: charts.policy_chart(["threat", "inclusive_threat"], variants=("legacy",)),
    ],
)
def test_each_explorer_family_declares_its_scenario_and_keeps_the_runtimes_meta(make):
    usermeta = make().to_dict()["usermeta"]["pathways"]
    assert {"family", "verdict", "table", META_KEY} <= set(usermeta)
    assert usermeta[META_KEY]["cli"] == CLI_TEMPLATE


def test_names_are_in_the_specs_order_with_their_decimals_and_fixed_values():
    meta = meta_of(charts.explorer(["engagement", "threat"], fixed={"mediation": 0.9}))
    assert list(meta["names"]) == ["threat", "engagement", "mediation"]
    assert meta["names"] == {"threat": 2, "engagement": 2, "mediation": 2}
    assert meta["fixed"] == {"mediation": "0.90"}


def test_menus_are_declared_with_the_specs_default_option():
    meta = meta_of(charts.explorer(["engagement"], variants=("legacy", "commitment")))
    assert meta["variants"] == {"variant_commitment": "level", "variant_legacy": "flow"}


def test_presets_are_the_specs_restricted_to_the_sliders():
    meta = meta_of(charts.explorer(["engagement", "threat"]))
    assert [p["name"] for p in meta["presets"]] == list(SPEC.presets)
    cold = meta["presets"][0]
    assert cold["values"] == {"threat": 0.75, "engagement": 0.5}
    assert cold["label"] == SPEC.presets["cold_war_1970s"].label
    assert SPEC.variables["animosity"].label in cold["left_out"]
    assert SPEC.variables["threat"].label not in cold["left_out"]


def test_the_templates_are_the_page_strings_and_run(tmp_path):
    meta = meta_of(charts.explorer(["engagement", "threat"], group=1, fixed={"mediation": 0.9}))
    text = format_scenario({"engagement": 0.3, "threat": 0.8, "mediation": 0.9}, SPEC)
    command = meta["cli"].replace("{scenario}", text)
    assert command == f'python -m pathways evaluate --scenario "{text}" --json'
    args = command.split(" ", 3)[3].replace('"', "").split(" ")  # evaluate --scenario X --json
    proc = subprocess.run([sys.executable, "-m", "pathways", "evaluate", *args[1:]],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    expected = evaluate({"engagement": 0.3, "threat": 0.8, "mediation": 0.9})
    assert json.loads(proc.stdout)["net"] == expected.net
    code = meta["code"].replace("{scenario}", text)
    assert code.startswith("from pathways import widgets\n")
    scope: dict = {}
    exec(compile(code.replace("widgets.panel(", "panel = widgets.panel(", 1), "<page>", "exec"),
         scope)  # fmt: skip
    panel = scope["panel"]
    assert panel.values() == {"engagement": 0.3, "threat": 0.8}
    assert panel.fixed == {"mediation": 0.9} and panel.result.net == expected.net


def test_panel_code_names_group_and_menus():
    m = with_variants(default_model(), free=("legacy",))
    code = panel_code(m, ["engagement"], group=6)
    assert (
        'widgets.panel(["engagement"], group=6, variants=("legacy",), scenario="{scenario}")'
        in code
    )


def test_the_preset_values_the_page_loads_evaluate_like_the_cli():
    meta = meta_of(charts.explorer(list(SPEC.variables)))
    for p in meta["presets"]:
        assert p["values"] == SPEC.presets[p["name"]].values and p["left_out"] == []
        assert evaluate(p["values"]).net == evaluate(scenario_values(p["name"])).net


def test_the_runtime_source_carries_the_scenario_plugin():
    source = render.runtime_source()
    assert "window.pathwaysCharts.register(attach)" in source
    assert source.index("pathways chart runtime") < source.index("pathways scenario toolbar")


def test_a_chart_without_a_slider_a_preset_sets_gets_no_preset():
    assert meta_of(charts.explorer(["balancing", "seikei_bunri"], group=1))["presets"] == []
