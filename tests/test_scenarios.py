"""Named scenarios (lib/pathways/model/scenarios.py): loading one into `evaluate`, what the
paper's caveats do to the headline verdict, and the Monte Carlo with a scenario fixed."""

from __future__ import annotations

import pytest
from pathways import evaluate, sample, scenario_shares, scenario_values
from pathways.model import default_model
from pathways.model.montecarlo import shares_with
from pathways.model.spec import NO_SCENARIO

SPEC = default_model().spec
P = SPEC.parameters


def test_scenario_values_are_the_specs_with_explicit_values_on_top():
    assert scenario_values("redundant_fear") == {"fears_cooperation": P["fears_cooperation"].min}
    both = scenario_values("paper_caveats")
    assert both == {"fears_cooperation": 0.1, "us_intervention": 0.2}
    # an explicit value is added, or wins over the scenario's own
    assert scenario_values("paper_caveats", {"threat": "0.5"}) == {**both, "threat": 0.5}
    assert scenario_values("paper_caveats", {"us_intervention": 0.9})["us_intervention"] == 0.9
    # evaluate takes them as they are
    r = evaluate(scenario_values("sunk_legacy"))
    assert r.assumptions["us_intervention"] == P["us_intervention"].min
    assert r.assumptions["fears_cooperation"] == P["fears_cooperation"].default


@pytest.mark.parametrize(
    ("name", "values", "pattern"),
    [
        ("caveats", None, r"^unknown scenario 'caveats'; allowed: redundant_fear, sunk_legacy, "
                          r"paper_caveats, cold_war_1970s, post_cold_war_1990s, present_day$"),
        (NO_SCENARIO, None, r"^unknown scenario 'none'"),
        ("paper_caveats", {"us_intervention": 0.1}, r"us_intervention: 0\.1 is outside"),
        ("paper_caveats", {"hope": 0.1}, r"unknown assumption 'hope'"),
    ],
)  # fmt: skip
def test_bad_scenario_input_is_refused(name, values, pattern):
    with pytest.raises(ValueError, match=pattern):
        scenario_values(name, values)


def test_the_paper_caveats_turn_both_headline_results():
    """At the defaults more engagement hurts and inclusive ties win; with the §2(4) remark and
    the sunk legacy together, more engagement helps and the exclusive bloc wins. Each caveat
    alone turns the policy verdict; only the two together turn the effect of engagement."""
    base = evaluate()
    assert base.us_marginal < 0 and base.policy.preferred == "inclusive"
    fear, legacy, both = (evaluate(scenario_values(k)) for k in SPEC.scenarios)
    assert both.us_marginal > 0 and both.policy.preferred == "exclusive"
    assert "more US engagement would help them" in both.verdict
    assert "an exclusive bloc comes out ahead" in both.verdict
    for one in (fear, legacy):
        assert one.us_marginal < 0 and one.policy.preferred == "exclusive"
    # the caveats act through pathways 4 and 6 only
    moved = {
        pid
        for pid, a, b in zip(base.table["id"], base.table["us_marginal"], both.table["us_marginal"],
                             strict=True)
        if a != b
    }  # fmt: skip
    assert moved == {"4", "6"}


@pytest.fixture(scope="module")
def shares():
    return scenario_shares(n=4000, seed=2)


def test_scenario_shares_fix_each_scenario_in_the_same_draws(shares):
    assert [s.name for s in shares] == [NO_SCENARIO, *SPEC.scenarios]
    s = sample(4000, seed=2)
    first = shares[0]
    assert first.fixed == {}
    assert (first.p_inclusive_preferred, first.p_us_helps) == (
        s.p_inclusive_preferred,
        s.p_us_helps,
    )
    for row in shares[1:]:
        assert row.fixed == SPEC.scenarios[row.name].values
        assert row.label == SPEC.scenarios[row.name].label
        want = shares_with(row.fixed, ("policy", "marginal"), n=4000, seed=2)
        assert (row.p_inclusive_preferred, row.p_us_helps) == (want["policy"], want["marginal"])


def test_the_caveats_move_the_shares_the_way_they_move_the_verdict(shares):
    by = {s.name: s for s in shares}
    every, both = by[NO_SCENARIO], by["paper_caveats"]
    assert both.p_inclusive_preferred < every.p_inclusive_preferred
    assert both.p_us_helps > every.p_us_helps
    assert by["redundant_fear"].p_us_helps > every.p_us_helps


def test_scenario_shares_are_seeded_and_check_names():
    a = scenario_shares(["sunk_legacy"], n=500, seed=7)
    assert a == scenario_shares(["sunk_legacy"], n=500, seed=7)
    assert [s.name for s in a] == [NO_SCENARIO, "sunk_legacy"]
    with pytest.raises(ValueError, match=r"unknown scenario 'legacy'; allowed: redundant_fear"):
        scenario_shares(["legacy"], n=10)


def test_the_conclusions_account_of_why_these_two_links():
    """Conclusion: at the defaults more engagement costs cooperation through pathways 2, 4
    and 6 only; the caveats cut 4 and 6; and 4 and 6 together give inclusive ties more than
    their whole margin over an exclusive bloc."""
    r = evaluate()
    marginal = r.table.set_index("id")["us_marginal"]
    assert set(marginal[marginal < 0].index) == {"2", "4", "6"}
    both = evaluate(scenario_values("paper_caveats")).table.set_index("id")["us_marginal"]
    for pid in ("4", "6"):
        assert marginal[pid] < both[pid] < 0, pid
    diff = r.policy.by_pathway.set_index("id")["difference"]
    assert diff["4"] > 0 and diff["6"] > 0
    assert diff["4"] + diff["6"] > r.policy.margin > 0
    # the legacy caveat alone tips the net just past zero; both together leave it at friction
    assert evaluate(scenario_values("sunk_legacy")).net > 0 > r.net
    assert evaluate(scenario_values("paper_caveats")).net < 0
