"""The command line, run as a reader would: `python -m pathways ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pathways import default_model, evaluate, sample_structures, scenario_values
from pathways.model.montecarlo import sample
from pathways.model.spec import DEFAULT_SPEC, load_spec

SPEC = load_spec()
TEXT = DEFAULT_SPEC.read_text(encoding="utf-8")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pathways", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=cwd,
    )


def ok_json(*args: str, cwd: Path):
    proc = cli(*args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{proc.stderr}"
    assert lines[0].startswith("error: ")
    return lines[0]


# --------------------------------------------------------------------------- params


def test_params_json(tmp_path):
    params = ok_json("params", "--json", cwd=tmp_path)
    assert isinstance(params, list)
    assert [p["name"] for p in params] == list(SPEC.assumptions)
    for p in params:
        extra = {"reference"} if p["name"] in SPEC.variables else set()
        assert set(p) == {"name", "label", "min", "max", "default", "source", "provenance"} | extra
        assert all(isinstance(p[k], str) for k in ("name", "label", "source"))
        assert all(isinstance(p[k], float) for k in ("min", "max", "default"))
        a = SPEC.assumptions[p["name"]]
        assert (p["label"], p["min"], p["max"], p["default"], p["source"]) == (
            a.label, a.min, a.max, a.default, a.source,
        )  # fmt: skip


def test_params_table(tmp_path):
    proc = cli("params", cwd=tmp_path)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["name", "label", "min", "max", "default", "source"]
    assert len(lines) == 1 + len(SPEC.assumptions) + 2
    assert lines[-1] == f"paper locators: {SPEC.paper_check}"
    assert lines[1].startswith("threat ") and "External common threat" in lines[1]


# --------------------------------------------------------------------------- evaluate


def _check_evaluate_types(d: dict) -> None:
    assert set(d) == {
        "net", "verdict", "pathways", "us_marginal_effect", "us_share", "policy", "assumptions",
    }  # fmt: skip
    assert isinstance(d["net"], float) and isinstance(d["verdict"], str)
    assert isinstance(d["pathways"], list) and len(d["pathways"]) == len(SPEC.pathways)
    for p in d["pathways"]:
        assert set(p) == {"id", "label", "sign", "contribution"}
        assert isinstance(p["id"], str) and isinstance(p["label"], str)
        assert p["sign"] in (1, -1) and isinstance(p["sign"], int)
        assert isinstance(p["contribution"], float)
    assert set(d["us_marginal_effect"]) == {"total", "by_pathway"}
    assert isinstance(d["us_marginal_effect"]["total"], float)
    assert set(d["us_marginal_effect"]["by_pathway"]) == {p.id for p in SPEC.pathways}
    assert all(isinstance(v, float) for v in d["us_marginal_effect"]["by_pathway"].values())
    assert isinstance(d["us_share"], float) and 0 <= d["us_share"] <= 1
    assert set(d["policy"]) == {"exclusive", "inclusive", "preferred", "margin"}
    assert d["policy"]["preferred"] in ("exclusive", "inclusive", "tie")
    assert all(isinstance(d["policy"][k], float) for k in ("exclusive", "inclusive", "margin"))
    assert d["assumptions"].keys() == SPEC.assumptions.keys()


def test_evaluate_json_at_the_defaults(tmp_path):
    d = ok_json("evaluate", "--json", cwd=tmp_path)
    _check_evaluate_types(d)
    assert d == json.loads(json.dumps(evaluate().to_dict()))


def test_evaluate_json_with_settings(tmp_path):
    d = ok_json(
        "evaluate", "--set", "threat=0.3", "--set", "free_riding=0.9", "--set", "engagement=1",
        "--json", cwd=tmp_path,
    )  # fmt: skip
    _check_evaluate_types(d)
    expected = evaluate({"threat": 0.3, "free_riding": 0.9, "engagement": 1.0})
    assert d == json.loads(json.dumps(expected.to_dict()))
    assert d["assumptions"]["threat"] == 0.3
    # at full engagement the disengagement-driven pathways are silent
    by_id = {p["id"]: p["contribution"] for p in d["pathways"]}
    assert by_id["4"] == 0 and by_id["5"] == 0


def test_evaluate_text_ends_with_the_verdict(tmp_path):
    proc = cli("evaluate", "--set", "animosity=0.2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    r = evaluate({"animosity": 0.2})
    assert lines[-1] == r.verdict
    assert f"net outcome        {r.net:+.4f}" in lines


def test_evaluate_a_preset_is_the_library_scenario(tmp_path):
    d = ok_json("evaluate", "--preset", "paper_caveats", "--json", cwd=tmp_path)
    expected = evaluate(scenario_values("paper_caveats"))
    assert d == {"preset": "paper_caveats", **json.loads(json.dumps(expected.to_dict()))}
    assert d["assumptions"]["fears_cooperation"] == SPEC.parameters["fears_cooperation"].min
    assert d["us_marginal_effect"]["total"] > 0 and d["policy"]["preferred"] == "exclusive"


def test_evaluate_a_preset_with_set_on_top(tmp_path):
    args = ("evaluate", "--preset", "sunk_legacy", "--set", "us_intervention=0.5", "--set",
            "threat=0.4")  # fmt: skip
    d = ok_json(*args, "--json", cwd=tmp_path)
    assert d["assumptions"]["us_intervention"] == 0.5 and d["assumptions"]["threat"] == 0.4
    assert d["net"] == evaluate({"us_intervention": 0.5, "threat": 0.4}).net
    proc = cli(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "preset sunk_legacy: the legacy as a sunk cost (then --set)"
    assert lines[-1] == evaluate({"us_intervention": 0.5, "threat": 0.4}).verdict


def test_evaluate_a_structural_variant(tmp_path):
    d = ok_json(
        "evaluate", "--variant", "commitment=signal", "--variant", "legacy=sunk", "--set",
        "engagement=0.3", "--json", cwd=tmp_path,
    )  # fmt: skip
    combo = {"commitment": "signal", "legacy": "sunk"}
    expected = evaluate({"engagement": 0.3}, variants=combo)
    structure = {"commitment": "signal", "fears": "symmetry", "redundancy": "full",
                 "legacy": "sunk"}  # fmt: skip
    assert d == {"variants": structure, **json.loads(json.dumps(expected.to_dict()))}
    assert d["net"] != evaluate({"engagement": 0.3}).net
    by_id = d["us_marginal_effect"]["by_pathway"]
    assert by_id["4"] == by_id["5"] == by_id["6"] == 0.0  # none of them reads engagement now
    proc = cli("evaluate", "--variant", "fears=symmetry_and_strength", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == (
        "variants: commitment=level, fears=symmetry_and_strength, redundancy=full, legacy=flow"
    )
    assert lines[-1] == evaluate(variants={"fears": "symmetry_and_strength"}).verdict


def test_evaluate_a_preset_in_a_variant(tmp_path):
    d = ok_json("evaluate", "--preset", "redundant_fear", "--variant", "redundancy=while_free_riding",
                "--json", cwd=tmp_path)  # fmt: skip
    expected = evaluate(
        scenario_values("redundant_fear"), variants={"redundancy": "while_free_riding"}
    )
    assert d["preset"] == "redundant_fear" and d["variants"]["redundancy"] == "while_free_riding"
    assert d["net"] == expected.net and d["verdict"] == expected.verdict


# --------------------------------------------------------------------------- sample


def test_sample_json(tmp_path):
    d = ok_json("sample", "-n", "800", "--seed", "9", "--json", cwd=tmp_path)
    assert set(d) == {
        "n", "seed", "p_us_helps", "p_inclusive_preferred", "p_cooperation", "net_quantiles",
        "sensitivity",
    }  # fmt: skip
    assert d["n"] == 800 and d["seed"] == 9
    assert isinstance(d["n"], int) and isinstance(d["seed"], int)
    for k in ("p_us_helps", "p_inclusive_preferred", "p_cooperation"):
        assert isinstance(d[k], float) and 0 <= d[k] <= 1
    assert list(d["net_quantiles"]) == ["q05", "q25", "q50", "q75", "q95"]
    assert all(isinstance(v, float) for v in d["net_quantiles"].values())
    # every assumption the default structure reads (not the variants' own inputs)
    reads = default_model().reads()
    assert isinstance(d["sensitivity"], list) and len(d["sensitivity"]) == len(reads)
    assert {row["name"] for row in d["sensitivity"]} == set(reads)
    for row in d["sensitivity"]:
        assert set(row) == {"name", "label", "flips_direction", "flips_policy"}
    assert d == json.loads(json.dumps(sample(800, 9).to_dict()))


def test_sample_is_seeded(tmp_path):
    # the seed reaches the sampler: same seed as the library's run, different from another
    a = ok_json("sample", "-n", "300", "--seed", "1", "--json", cwd=tmp_path)
    assert a == json.loads(json.dumps(sample(300, 1).to_dict()))
    assert a["net_quantiles"] != sample(300, 2).net_quantiles


def test_sample_over_structures_json(tmp_path):
    d = ok_json("sample", "-n", "1600", "--seed", "4", "--variants", "all", "--json", cwd=tmp_path)
    assert d == json.loads(json.dumps(sample_structures(1600, 4).to_dict()))
    assert d["variants"] == ["commitment", "fears", "redundancy", "legacy"]
    assert len(d["by_structure"]) == 16 and sum(r["draws"] for r in d["by_structure"]) == 1600
    for row in d["by_structure"]:
        assert set(row) == {"commitment", "fears", "redundancy", "legacy", "draws",
                            "p_us_helps", "p_inclusive_preferred", "mean_us_share"}  # fmt: skip
    assert set(d["overall"]) == {"p_us_helps", "p_inclusive_preferred", "mean_us_share"}
    two = ok_json("sample", "-n", "400", "--variants", "legacy,commitment", "--json", cwd=tmp_path)
    assert two["variants"] == ["commitment", "legacy"] and len(two["by_structure"]) == 4


def test_sample_over_structures_table(tmp_path):
    proc = cli("sample", "-n", "2000", "--seed", "1", "--variants", "legacy", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    s = sample_structures(2000, 1, ["legacy"])
    lines = proc.stdout.splitlines()
    assert lines[0] == "draws 2000 (seed 1); each draw picks one option of: legacy"
    assert lines[1] == f"P(more US engagement helps) = {s.overall['p_us_helps']:.3f}"
    assert lines[5].split() == ["legacy", "draws", "P(helps)", "P(inclusive)", "mean", "US",
                                "share"]  # fmt: skip
    rows = s.table.to_dict(orient="records")
    assert [line.split() for line in lines[6:]] == [
        [r["legacy"], str(r["draws"]), f"{r['p_us_helps']:.3f}",
         f"{r['p_inclusive_preferred']:.3f}", f"{r['mean_us_share']:.3f}"] for r in rows
    ]  # fmt: skip


def test_evaluate_a_scenario_string_gives_the_set_numbers(tmp_path):
    d = ok_json("evaluate", "--scenario", "engagement=0.30,threat=0.80", "--json", cwd=tmp_path)
    by_set = ok_json("evaluate", "--set", "engagement=0.3", "--set", "threat=0.8", "--json",
                     cwd=tmp_path)  # fmt: skip
    assert d == {"scenario": "engagement=0.30,threat=0.80", **by_set}


def test_evaluate_a_page_address_with_its_menu(tmp_path):
    url = ("https://example.org/chapters/pathway6.html?explorer.engagement=0.30"
           "&explorer.variant_legacy=sunk&other.threat=x#top")  # fmt: skip
    with pytest.raises(AssertionError):  # two charts' items: refused
        ok_json("evaluate", "--scenario", url, "--json", cwd=tmp_path)
    url = url.replace("&other.threat=x", "")
    d = ok_json("evaluate", "--scenario", url, "--json", cwd=tmp_path)
    expected = evaluate({"engagement": 0.3}, variants={"legacy": "sunk"}).to_dict()
    assert d["net"] == expected["net"] and d["pathways"] == expected["pathways"]
    assert d["variants"]["legacy"] == "sunk"


def test_evaluate_a_period_preset_as_scenario_and_with_set_on_top(tmp_path):
    args = ("evaluate", "--scenario", "present_day", "--set", "threat=0.2", "--json")
    d = ok_json(*args, cwd=tmp_path)
    assert d["preset"] == "present_day"
    expected = evaluate(scenario_values("present_day", {"threat": 0.2}))
    assert d["net"] == expected.net and d["assumptions"]["threat"] == 0.2
    plain = cli("evaluate", "--preset", "cold_war_1970s", cwd=tmp_path)
    assert plain.stdout.splitlines()[0] == "preset cold_war_1970s: Cold War, 1970s"


# --------------------------------------------------------------------------- bad input


BAD_INPUT = [
    (["evaluate", "--set", "hostility=0.5"], ["unknown assumption 'hostility'", "allowed:"]),
    (["evaluate", "--set", "threat=1.5"], ["threat", "outside", "[0.0, 1.0]"]),
    (["evaluate", "--set", "free_riding=0.2"], ["free_riding", "[0.3, 0.9]"]),
    (["evaluate", "--set", "threat=nan"], ["threat", "not finite", "[0.0, 1.0]"]),
    (["evaluate", "--set", "threat=inf"], ["threat", "not finite", "[0.0, 1.0]"]),
    (["evaluate", "--set", "threat=-inf"], ["threat", "not finite"]),
    (["evaluate", "--set", "threat=high"], ["threat", "expected a number in [0.0, 1.0]"]),
    (["evaluate", "--set", "threat="], ["threat", "expected a number in [0.0, 1.0]"]),
    (["evaluate", "--set", "threat"], ["--set expects NAME=VALUE", "'threat'"]),
    (["evaluate", "--set", "threat=0.1", "--set", "threat=0.2"], ["'threat' twice"]),
    (
        ["evaluate", "--preset", "caveats"],
        ["unknown scenario 'caveats'; allowed: redundant_fear, sunk_legacy, paper_caveats"],
    ),
    (["evaluate", "--preset", "none"], ["unknown scenario 'none'; allowed: redundant_fear"]),
    (["evaluate", "--preset"], ["--preset", "expected one argument"]),
    (
        ["evaluate", "--preset", "sunk_legacy", "--set", "us_intervention=0.1"],
        ["us_intervention: 0.1 is outside its allowed range [0.2, 0.9]"],
    ),
    (
        ["evaluate", "--variant", "commit=signal"],
        ["unknown variant 'commit'; allowed: commitment, fears, redundancy, legacy"],
    ),
    (
        ["evaluate", "--variant", "commitment=signals"],
        ["unknown commitment option 'signals'; allowed: level, signal"],
    ),
    (["evaluate", "--variant", "commitment"], ["--variant expects DIMENSION=OPTION"]),
    (
        ["evaluate", "--scenario", "threat=high"],
        ["threat: expected a number in [0.0, 1.0], got 'high'"],
    ),
    (
        ["evaluate", "--scenario", "threat=1.5"],
        ["threat: 1.5 is outside its allowed range [0.0, 1.0]"],
    ),
    (["evaluate", "--scenario", "hostility=0.5"], ["unknown assumption 'hostility'", "allowed:"]),
    (["evaluate", "--scenario", "golden_age"], ["unknown scenario 'golden_age'; allowed:"]),
    (
        ["evaluate", "--scenario", "?explorer.threat=<b>x</b>"],
        ["threat: expected a number", "'<b>x</b>'"],
    ),
    (
        ["evaluate", "--scenario", "cold_war_1970s", "--preset", "present_day"],
        ["--preset 'present_day' and --scenario's preset 'cold_war_1970s': name one preset"],
    ),
    (
        ["evaluate", "--scenario", "?e.variant_legacy=sunk", "--variant", "legacy=flow"],
        ["--variant and --scenario both choose legacy"],
    ),
    (
        ["evaluate", "--variant", "legacy=sunk", "--variant", "legacy=flow"],
        ["--variant gives 'legacy' twice"],
    ),
    (
        ["sample", "--variants", "everything"],
        ["unknown variant 'everything'; allowed: commitment, fears, redundancy, legacy"],
    ),
    (["sample", "--variants", "fears,fears"], ["variants repeat a name"]),
    (["sample", "--variants"], ["--variants", "expected one argument"]),
    (["sample", "-n", "0"], ["n: expected an integer in [1, "]),
    (["sample", "-n", "abc"], ["-n", "invalid int value: 'abc'"]),
    (["sample", "--seed", "-1"], ["seed: expected a non-negative integer"]),
    ([], ["required: command"]),
    (["frobnicate"], ["invalid choice: 'frobnicate'"]),
]


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory) -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """Every bad-input command, run concurrently (each is a fresh interpreter)."""
    cwd = tmp_path_factory.mktemp("cli")
    commands = [tuple(args) for args, _ in BAD_INPUT]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        procs = pool.map(lambda args: cli(*args, cwd=cwd), commands)
        return dict(zip(commands, procs, strict=True))


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT)
def test_bad_input_exits_2_with_one_line(bad_runs, args, fragments):
    line = one_line_error(bad_runs[tuple(args)])
    for f in fragments:
        assert f in line, f"{f!r} not in {line!r}"


SPEC_VARIABLES = set(load_spec().variables)


def test_malformed_spec_file_names_file_and_line(tmp_path):
    old = '    step: 0.01\n    default: 0.7\n    reference:\n      low: "1990-92'
    assert TEXT.count(old) == 1
    bad = tmp_path / "bad_model.yaml"
    bad.write_text(TEXT.replace(old, old.replace("0.7", "1.7")), encoding="utf-8")
    line_no = TEXT.splitlines().index("  threat:") + 2
    line = one_line_error(cli("--spec", str(bad), "evaluate", "--json", cwd=tmp_path))
    assert f"bad_model.yaml line {line_no}: variable 'threat': default 1.7 is outside" in line


def test_spec_with_a_yaml_syntax_error(tmp_path):
    bad = tmp_path / "syntax.yaml"
    bad.write_text(TEXT + "extra: {unclosed: [1, 2}\n", encoding="utf-8")
    line = one_line_error(cli("--spec", str(bad), "params", cwd=tmp_path))
    assert f"syntax.yaml line {len(TEXT.splitlines()) + 1}: not valid YAML" in line


def test_missing_spec_file(tmp_path):
    line = one_line_error(cli("--spec", str(tmp_path / "nope.yaml"), "params", cwd=tmp_path))
    assert "nope.yaml: spec file not found" in line


def test_a_valid_spec_file_is_used(tmp_path):
    old = '    step: 0.01\n    default: 0.7\n    reference:\n      low: "1990-92'
    spec = tmp_path / "other.yaml"
    spec.write_text(TEXT.replace(old, old.replace("0.7", "0.2")), encoding="utf-8")
    params = ok_json("--spec", str(spec), "params", "--json", cwd=tmp_path)
    assert params[0]["name"] == "threat" and params[0]["default"] == 0.2
    d = ok_json("--spec", str(spec), "evaluate", "--json", cwd=tmp_path)
    assert d["assumptions"]["threat"] == 0.2
    assert d["net"] == pytest.approx(evaluate({"threat": 0.2}).net, abs=1e-15)


def test_params_json_gives_every_provenance_and_the_variables_reference_points(tmp_path):
    params = ok_json("params", "--json", cwd=tmp_path)
    kinds = {p["name"]: p["provenance"]["kind"] for p in params}
    assert kinds["threat"] == "paper" and kinds["inclusive_threat"] == "essay"
    threat = params[0]
    assert threat["provenance"]["section"] == "§2(1)" and threat["provenance"]["locator"]
    assert threat["reference"]["low"] and threat["reference"]["high"]
    assert all("provenance" in p for p in params)
    assert all(("reference" in p) == (p["name"] in SPEC_VARIABLES) for p in params)
