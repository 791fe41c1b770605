"""Claims the chapters' prose makes about the model, checked with the library.

Why: these were `assert`s in hidden notebook cells, run only when the book was built; here
they run with the tests, and a change of the spec that breaks a sentence fails by name.
Each test says which chapter makes the claim.
"""

from __future__ import annotations

import pytest
from _data_env import data_env  # noqa: F401  (fixture)
from pathways import (
    break_even_gap,
    break_even_mediation,
    contribution,
    default_model,
    evaluate,
    evidence,
    flip_point,
    outweighs,
    slider_positions,
)

SPEC = default_model().spec
A = SPEC.assumptions
D = SPEC.defaults()


def _p1(values: dict[str, float]) -> float:
    r = evaluate(values)
    return contribution(r, "1a") + contribution(r, "1b")


def test_pathway1_is_zero_at_the_closed_form_gap():
    """Pathway 1: with seikei bunri at its top, the branches cancel at balancing / seikei_bunri."""
    sb_max = A["seikei_bunri"].max
    gap = break_even_gap({"seikei_bunri": sb_max})
    assert gap == A["balancing"].default / sb_max
    assert abs(_p1({"strategy_gap": gap, "seikei_bunri": sb_max})) < 1e-9


def test_pathway3_weak_pressure_cannot_break_even():
    """Pathway 3: with weak pressure, break-even mediation lies above the slider's top."""
    weak = {
        "us_pressure": A["us_pressure"].min,
        "pressure_cooperation": A["pressure_cooperation"].min,
    }
    assert break_even_mediation(weak) > A["mediation"].max


@pytest.mark.parametrize("engagement", [0.2, 0.5, 0.9])
def test_pathway3_break_even_holds_at_any_engagement(engagement):
    """Pathway 3: a step either side of break-even turns the sum of pathways 2 and 3."""
    b = break_even_mediation()
    hi, lo = (evaluate({"engagement": engagement, "mediation": b + s}) for s in (0.01, -0.01))
    assert [contribution(x, "3") + contribution(x, "2") > 0 for x in (hi, lo)] == [True, False]


def test_pathway4_flip_is_symmetric_around_korea_fear():
    """Pathway 4: the net turns as far below Korea's fear as above it, so the chapter quotes
    one gap (Korea's fear minus the flip point of Japan's)."""
    leaning = [x for x in slider_positions("fear_japan") if evaluate({"fear_japan": x}).net > 0]
    below, above = D["fear_korea"] - min(leaning), max(leaning) - D["fear_korea"]
    assert round(above, 2) == round(below, 2)
    assert min(leaning) == flip_point("fear_japan", "net")


def _policy_words(values: dict[str, float]) -> str:
    """Who the sentence's policy clause names: 'inclusive', 'exclusive' or 'tie'."""
    clause = evaluate(values).verdict.split("; and ")[-1]
    return "tie" if " tie at " in clause else clause.split()[0 if clause[0] == "i" else 1]


@pytest.mark.parametrize(
    "name",
    ["engagement", "mediation", "balancing", "exclusive_counterbalancing", "inclusive_threat"],
)
def test_inclusive_ties_stay_ahead_only_below_the_flip_then_tie_then_lose(name):
    """Introduction, pathway 3, conclusion: along these sliders inclusive ties come out ahead
    below the flip point, the options tie there, and higher up an exclusive bloc wins."""
    a = A[name]
    assert _policy_words({name: a.min}) == "inclusive"
    assert _policy_words({name: flip_point(name, "policy")}) == "tie"
    assert _policy_words({name: a.max}) == "exclusive"


@pytest.mark.parametrize(
    "name",
    ["threat", "animosity", "strategy_gap", "free_riding", "fears_cooperation", "us_intervention"],
)
def test_an_exclusive_bloc_comes_out_ahead_below_the_flip(name):
    """Pathways 1, 2, 4, 5, 6 and the conclusion: below the flip point the exclusive bloc
    wins; at it the options tie; at the top of the slider inclusive ties win."""
    a = A[name]
    assert _policy_words({name: a.min}) == "exclusive"
    assert _policy_words({name: flip_point(name, "policy")}) == "tie"
    assert _policy_words({name: a.max}) == "inclusive"


def test_pathway6_perception_gap_never_favours_the_exclusive_bloc():
    """Pathway 6: along the perception gap the options tie up to the flip, then inclusive wins."""
    words = {
        _policy_words({"perception_gap": float(x)}) for x in slider_positions("perception_gap")
    }
    assert words == {"tie", "inclusive"}
    assert _policy_words({"perception_gap": A["perception_gap"].min}) == "tie"
    assert _policy_words({"perception_gap": flip_point("perception_gap", "policy")}) == "inclusive"


def test_pathway4_exercises():
    """Pathway 4: equal fears pull alike at both ends; the redundancy caveat; Cha's asymmetry."""
    fj, fk, fc = A["fear_japan"], A["fear_korea"], A["fears_cooperation"]
    r = evaluate()
    none_ = contribution(evaluate({"fear_japan": fj.min, "fear_korea": fk.min}), "4")
    most = contribution(evaluate({"fear_japan": fj.max, "fear_korea": fk.max}), "4")
    assert none_ == pytest.approx(most) and none_ > contribution(r, "4")
    red = evaluate({"fears_cooperation": fc.min})
    assert red.policy.preferred == "exclusive" and red.net < 0
    asym = evaluate({"fear_japan": fj.max, "fear_korea": fk.min})
    assert contribution(asym, "4") == 0
    assert asym.net < r.net and asym.policy.preferred == "exclusive"


def test_pathway5_ratio_to_pathway4_does_not_depend_on_engagement():
    """Pathway 5, exercise 1: engagement scales pathways 4 and 5 alike."""
    ratios = [
        contribution(x, "5") / contribution(x, "4")
        for x in (evaluate({"engagement": e}) for e in (0.0, 0.3, 0.6, 0.9))
    ]
    assert ratios == pytest.approx([ratios[0]] * 4)


def test_pathway5_does_not_outweigh_pathway4_at_top_animosity_alone():
    """Pathway 5, exercise 1: animosity at its top is not enough for 5 to outweigh 4."""
    assert not outweighs("5", "4")(evaluate({"animosity": A["animosity"].max}))


def test_pathway5_withdrawal_and_calm():
    """Pathway 5, exercises 2 and 3: withdrawal helps unless history is bitter; no animosity."""
    eng, an = A["engagement"], A["animosity"]
    assert evaluate({"engagement": eng.min}).net > 0
    assert evaluate({"engagement": eng.min, "animosity": an.max}).net < 0
    calm = evaluate({"animosity": an.min})
    assert contribution(calm, "5") == 0
    assert calm.net > 0 and calm.policy.preferred == "exclusive"


def test_pathway6_needs_engagement():
    """Pathway 6: without US engagement there is no reverse course to speak of."""
    assert contribution(evaluate({"engagement": 0.0}), "6") == 0


@pytest.mark.parametrize("name", ["engagement", "animosity", "us_intervention", "perception_gap"])
def test_pathway6_halving_a_link_halves_the_pathway(name):
    """Pathway 6, exercise 2: the pathway is a product, so halving any factor halves it."""
    half = contribution(evaluate({name: D[name] / 2}), "6")
    assert half / contribution(evaluate(), "6") == pytest.approx(0.5)


@pytest.mark.usefixtures("data_env")
def test_evidence_balancing_at_its_bottom_fits_the_un_votes_best():
    """Evidence, exercise: of balancing's bottom, default and top, the bottom fits best."""
    bal = A["balancing"]
    r = {
        v: evidence.summary(1991, 2019, {"balancing": v}).trends["un_agreement"].r
        for v in (bal.min, bal.default, bal.max)
    }
    assert r[bal.min] == max(r.values())
    assert r[bal.min] > r[bal.max]
