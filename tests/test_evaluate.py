"""One scenario evaluated (lib/pathways/model/: evaluate, compile, verdict).

Unit tests at the spec's defaults and at hand-picked corners, and hypothesis properties
over the whole plausible range: contributions sum to the net, engagement- and
disengagement-driven pathways vanish at the ends of engagement, free-riding never helps,
the verdict's direction follows the net's sign. A plain-Python re-implementation of the
spec's formula (`reference`) checks the expression trees independently.
"""

from __future__ import annotations

import json
import math
import warnings

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pathways import check_assumptions, evaluate, group_verdict, key_numbers
from pathways.model import default_model, transform_tree
from pathways.model.expr import format_number, to_numpy
from pathways.model.spec import load_spec

SPEC = load_spec()
MODEL = default_model()
ASSUMPTIONS = SPEC.assumptions
COLUMNS = [
    "id", "group", "label", "short", "mechanism", "sign", "driver_kind", "us_dependent",
    "contribution", "us_marginal",
]  # fmt: skip


def _floats(a) -> st.SearchStrategy[float]:
    return st.floats(a.min, a.max, allow_nan=False, allow_infinity=False)


scenarios = st.fixed_dictionaries({n: _floats(a) for n, a in ASSUMPTIONS.items()})
PROPERTY = settings(max_examples=100, deadline=None)


# --------------------------------------------------------------------------- reference model


def _quantities(env: dict[str, float]) -> dict[str, float]:
    q = dict(env)
    q["disengagement"] = 1.0 - env["engagement"]
    q["fear_symmetry"] = 1.0 - abs(env["fear_japan"] - env["fear_korea"])
    return q


def reference(env: dict[str, float]) -> dict[str, float]:
    """sign * driver * prod(strength * gate), straight from the spec's data."""
    q = _quantities(env)
    out = {}
    for p in SPEC.pathways:
        c = p.sign * q[p.driver]
        for lk in p.links:
            c *= q[lk.strength] * (q[lk.gate] if lk.gate else 1.0)
        out[p.id] = c
    return out


def reference_policy(env: dict[str, float], name: str) -> dict[str, float]:
    moved = dict(env)
    for t in SPEC.policies[name].transforms:
        x, s = env[t.target], env[t.size]
        moved[t.target] = x + s * (1 - x) if t.op == "toward_max" else x * (1 - s)
    return reference(moved)


# --------------------------------------------------------------------------- reference sentences
# Written from the wording the essay documents (appendix, "Verdicts"), independently of
# verdict.py: a margin ties when it prints as zero, judged on the printed string itself.


def f(x: float, spec: str) -> str:
    return format_number(x, spec)


def prints_as_zero(x: float) -> bool:
    return f(abs(x), ".2f") == "0.00"


def role_word(share: float) -> str:
    """Below minor_share: minor; from it up to determinant_share: important; from that on:
    determinant (each threshold belongs to the word above it)."""
    if share >= SPEC.determinant_share:
        return "determinant"
    return "important but not determinant" if share >= SPEC.minor_share else "minor"


def policy_words(m: float) -> str:
    if prints_as_zero(m):
        return "inclusive ties and an exclusive bloc tie at two decimals"
    if m > 0:
        return f"inclusive ties come out ahead of an exclusive bloc by {f(abs(m), '.2f')}"
    return f"an exclusive bloc comes out ahead of inclusive ties by {f(abs(m), '.2f')}"


def direction_word(net: float) -> str:
    if prints_as_zero(net):
        return "neither side at two decimals"
    return "cooperation" if net > 0 else "friction"


def signed(x: float) -> str:
    """A signed number as the sentences print it: a value that prints as zero has no sign."""
    return "0.00" if prints_as_zero(x) else f(x, "+.2f")


def help_word(marginal: float) -> str:
    if prints_as_zero(marginal):
        return "not change at two decimals"
    return "help" if marginal > 0 else "hurt"


def expected_overall_sentence(r) -> str:
    helps = help_word(r.us_marginal)
    return (
        f"Relations lean toward {direction_word(r.net)} (net {signed(r.net)}); more US "
        f"engagement would {helps} them ({signed(r.us_marginal)} per unit); US-dependent "
        f"pathways carry {f(r.us_share, '.0%')} of the forces, so the US role is "
        f"{role_word(r.us_share)}; and {policy_words(r.policy.margin)}."
    )


def expected_group_sentence(group: int, r) -> str:
    rows = r.table[r.table["group"] == group]
    c = float(rows["contribution"].sum())
    by = r.policy.by_pathway.set_index("id")
    d = float(sum(by.loc[i, "inclusive"] - by.loc[i, "exclusive"] for i in rows["id"]))
    shorts = " and ".join(rows["short"])
    head = f"Pathway {group} ({shorts})" if group else shorts
    if prints_as_zero(c):
        push = "pushes toward neither side at two decimals"
    else:
        push = f"pushes toward {direction_word(c)} by {f(abs(c), '.2f')}"
    if prints_as_zero(d):
        gain = "neither option gains on the other at two decimals"
    elif d > 0:
        gain = f"inclusive ties gain {f(abs(d), '.2f')} on an exclusive bloc"
    else:
        gain = f"an exclusive bloc gains {f(abs(d), '.2f')} on inclusive ties"
    return (
        f"{head} {push}; through it, {gain}; across all pathways, relations lean toward "
        f"{direction_word(r.net)} (net {signed(r.net)}), and {policy_words(r.policy.margin)}."
    )


# --------------------------------------------------------------------------- unit tests


def test_defaults_give_the_hand_computed_contributions():
    r = evaluate()
    got = dict(zip(r.table["id"], r.table["contribution"], strict=True))
    expected = {
        "own": -0.6 * 0.4,
        "1a": 0.7 * 0.6,
        "1b": -0.7 * 0.5 * 0.4,
        "2": -0.7 * (0.9 * 0.7) * 0.6 * 0.6,
        "3": 0.7 * (0.9 * 0.7) * (0.8 * 0.5) * 0.6,
        "4": 0.3 * (0.7 * (1 - abs(0.6 - 0.5))) * 0.6,
        "5": -0.3 * 0.7 * (0.7 * 0.6) * 0.6,
        "6": -0.7 * (0.9 * 0.7) * 0.6 * 0.7 * (0.7 * 0.6) * 0.7,
    }
    assert got == pytest.approx(expected, abs=1e-15)
    assert r.net == pytest.approx(sum(expected.values()), abs=1e-15)
    assert r.net == pytest.approx(-0.00689468, abs=1e-12)
    assert r.assumptions == SPEC.defaults()


def test_table_is_tidy_one_row_per_pathway_in_spec_order():
    r = evaluate({"threat": 0.2})
    t = r.table
    assert list(t.columns) == COLUMNS
    assert list(t["id"]) == [p.id for p in SPEC.pathways]
    assert list(t["label"]) == [p.label for p in SPEC.pathways]
    assert list(t["sign"]) == [p.sign for p in SPEC.pathways]
    assert list(t["us_dependent"]) == [p.us_dependent for p in SPEC.pathways]
    assert t["contribution"].dtype == float and t["us_marginal"].dtype == float
    assert t["id"].is_unique
    by = r.policy.by_pathway
    assert list(by.columns) == ["id", "label", "exclusive", "inclusive", "difference"]
    assert list(by["difference"]) == pytest.approx(list(by["inclusive"] - by["exclusive"]))


def test_to_dict_is_json_and_matches_the_result():
    r = evaluate({"engagement": 0.25, "free_riding": 0.8})
    d = json.loads(json.dumps(r.to_dict(), allow_nan=False))
    assert set(d) == {
        "net", "verdict", "pathways", "us_marginal_effect", "us_share", "policy", "assumptions",
    }  # fmt: skip
    assert d["net"] == r.net and d["verdict"] == r.verdict and d["us_share"] == r.us_share
    assert [p["id"] for p in d["pathways"]] == list(r.table["id"])
    assert all(set(p) == {"id", "label", "sign", "contribution"} for p in d["pathways"])
    assert d["us_marginal_effect"]["total"] == r.us_marginal
    assert d["us_marginal_effect"]["by_pathway"] == dict(
        zip(r.table["id"], r.table["us_marginal"], strict=True)
    )
    assert d["policy"] == {
        "exclusive": r.policy.exclusive,
        "inclusive": r.policy.inclusive,
        "preferred": r.policy.preferred,
        "margin": r.policy.margin,
    }
    assert d["assumptions"]["engagement"] == 0.25


def test_values_at_the_edges_of_a_range_are_accepted():
    for name, a in ASSUMPTIONS.items():
        assert evaluate({name: a.min}).assumptions[name] == a.min
        assert evaluate({name: a.max}).assumptions[name] == a.max


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        (
            {"threat": 1.0000001},
            r"^threat: 1\.0000001 is outside its allowed range \[0\.0, 1\.0\]$",
        ),
        ({"threat": -0.01}, r"^threat: -0\.01 is outside its allowed range \[0\.0, 1\.0\]$"),
        (
            {"free_riding": 0.95},
            r"^free_riding: 0\.95 is outside its allowed range \[0\.3, 0\.9\]$",
        ),
        ({"free_riding": 0.1}, r"^free_riding: 0\.1 is outside its allowed range \[0\.3, 0\.9\]$"),
        ({"animosity": math.nan}, r"^animosity: nan is not finite; allowed range \[0\.0, 1\.0\]$"),
        ({"animosity": math.inf}, r"^animosity: inf is not finite; allowed range \[0\.0, 1\.0\]$"),
        ({"animosity": -math.inf}, r"^animosity: -inf is not finite; allowed range"),
        ({"animosity": "nan"}, r"^animosity: 'nan' is not finite; allowed range \[0\.0, 1\.0\]$"),
        ({"mediation": "high"}, r"^mediation: expected a number in \[0\.0, 1\.0\], got 'high'$"),
        ({"mediation": None}, r"^mediation: expected a number in \[0\.0, 1\.0\], got None$"),
        ({"mediation": True}, r"^mediation: expected a number in \[0\.0, 1\.0\], got True$"),
        ({"hostility": 0.5}, r"^unknown assumption 'hostility'; allowed: threat, engagement, "),
    ],
)
def test_bad_input_raises_naming_the_parameter_and_its_range(values, pattern):
    with pytest.raises(ValueError, match=pattern):
        evaluate(values)
    with pytest.raises(ValueError, match=pattern):
        group_verdict(2, values)


def test_no_silent_clamping_and_no_mutation():
    values = {"threat": 0.5}
    r = evaluate(values)
    assert values == {"threat": 0.5}
    assert r.assumptions["threat"] == 0.5
    assert check_assumptions(SPEC, {"threat": "0.25"})["threat"] == 0.25  # the CLI's strings
    with pytest.raises(ValueError):
        check_assumptions(SPEC, {"threat": 1.5})


def test_verdict_at_the_defaults_is_the_documented_sentence():
    r = evaluate()
    assert r.verdict == (
        "Relations lean toward friction (net \u22120.01); more US engagement would hurt them "
        "(\u22120.35 per unit); US-dependent pathways carry 38% of the forces, so the US role "
        "is important but not determinant; and inclusive ties come out ahead of an exclusive "
        "bloc by 0.01."
    )


def test_a_silent_world_is_neither_side_with_no_share_and_a_policy_tie():
    values = {"threat": 0.0, "engagement": 1.0, "animosity": 0.0, "exclusive_counterbalancing": 0.0}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the guarded 0/0 of us_share must not warn
        r = evaluate(values)
    assert (r.table["contribution"] == 0).all()
    assert r.net == 0 and r.us_share == 0.0 and r.policy.margin == 0
    assert r.policy.preferred == "tie"
    assert r.verdict.startswith("Relations lean toward neither side at two decimals (net 0.00)")
    assert "carry 0% of the forces, so the US role is minor;" in r.verdict
    assert r.verdict.endswith("; and inclusive ties and an exclusive bloc tie at two decimals.")


def test_the_us_role_is_tested_from_both_sides():
    values = {"animosity": 0.0, "threat": 1.0, "balancing": 0.3, "seikei_bunri": 0.2}
    r = evaluate(values)
    assert r.us_share >= SPEC.determinant_share
    assert "so the US role is determinant;" in r.verdict
    default = evaluate()
    assert SPEC.minor_share <= default.us_share < SPEC.determinant_share
    assert "so the US role is important but not determinant;" in default.verdict
    # no threat and full engagement: only Korea and Japan's own history is left (share 0%)
    minor = evaluate({"threat": 0.0, "engagement": 1.0})
    assert minor.us_share == 0.0 < SPEC.minor_share
    assert "carry 0% of the forces, so the US role is minor;" in minor.verdict


def test_the_spec_thresholds_are_ordered_for_three_words():
    assert 0 < SPEC.minor_share < SPEC.determinant_share <= 1


def test_a_tie_rounds_like_the_browser():
    # net = -0.5 * 0.25 = -0.125 exactly; d3-format (Vega) writes −0.13, not −0.12
    values = {"threat": 0.0, "engagement": 1.0, "animosity": 0.5, "own_animosity": 0.25}
    r = evaluate(values)
    assert r.net == -0.125
    assert "(net \u22120.13)" in r.verdict


@pytest.mark.parametrize("group", range(7))
def test_group_verdicts_name_the_pathway_then_the_whole_model(group):
    r = evaluate()
    assert group_verdict(group) == expected_group_sentence(group, r)
    assert "; across all pathways, relations lean toward friction (net " in group_verdict(group)
    assert group_verdict(group).endswith(r.verdict.split("; and ")[-1])


def test_a_pathway_verdict_at_the_defaults_is_the_documented_sentence():
    assert group_verdict(3) == (
        "Pathway 3 (US mediation) pushes toward cooperation by 0.11; through it, an exclusive "
        "bloc gains 0.06 on inclusive ties; across all pathways, relations lean toward friction "
        "(net \u22120.01), and inclusive ties come out ahead of an exclusive bloc by 0.01."
    )


def test_a_silent_pathway_ties_instead_of_pushing_by_zero():
    values = {"engagement": 1.0}  # pathway 4 is driven by disengagement: exactly zero
    text = group_verdict(4, values)
    assert text.startswith(
        "Pathway 4 (Abandonment fear) pushes toward neither side at two decimals; through it, "
        "neither option gains on the other at two decimals; across all pathways, "
    )
    assert "by 0.00" not in text and "by +0.00" not in text


def test_unknown_group_raises():
    with pytest.raises(ValueError, match=r"unknown pathway group 7; allowed: 0, 1, 2, 3, 4, 5, 6$"):
        group_verdict(7)


def test_key_numbers_marks_the_chapter_pathways_and_ends_with_its_verdict():
    text = key_numbers(group=5, values={"engagement": 0.4})
    lines = text.splitlines()
    assert len(lines) == len(SPEC.pathways) + 3
    marked = [line.split()[1] for line in lines[: len(SPEC.pathways)] if line.startswith("*")]
    assert marked == ["5"]
    r = evaluate({"engagement": 0.4})
    assert f"net outcome {r.net:+.3f}" in lines[-3]
    assert f"preferred: {r.policy.preferred}" in lines[-2]
    assert lines[-1] == group_verdict(5, {"engagement": 0.4})
    assert key_numbers().splitlines()[-1] == evaluate().verdict


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(env=scenarios)
def test_trees_agree_with_the_plain_python_formula(env):
    r = evaluate(env)
    ref = reference(env)
    got = dict(zip(r.table["id"], r.table["contribution"], strict=True))
    assert got == pytest.approx(ref, rel=1e-12, abs=1e-15)
    for name in ("exclusive", "inclusive"):
        assert getattr(r.policy, name) == pytest.approx(
            sum(reference_policy(env, name).values()), rel=1e-12, abs=1e-14
        )
    us = sum(abs(ref[p.id]) for p in SPEC.pathways if p.us_dependent)
    every = sum(abs(v) for v in ref.values())
    assert r.us_share == pytest.approx(us / every if every > 0 else 0.0, rel=1e-12, abs=1e-15)


@PROPERTY
@given(env=scenarios)
def test_contributions_sum_to_the_net(env):
    r = evaluate(env)
    assert math.fsum(r.table["contribution"]) == pytest.approx(r.net, abs=1e-12)
    assert math.fsum(r.table["us_marginal"]) == pytest.approx(r.us_marginal, abs=1e-12)
    assert r.policy.margin == pytest.approx(r.policy.inclusive - r.policy.exclusive, abs=1e-12)
    assert 0.0 <= r.us_share <= 1.0


@PROPERTY
@given(env=scenarios)
def test_at_zero_engagement_engagement_driven_pathways_contribute_nothing(env):
    r = evaluate({**env, "engagement": 0.0})
    t = r.table
    driven = t[t["driver_kind"] == "engagement"]
    assert len(driven) == 3
    assert (driven["contribution"] == 0.0).all()


@PROPERTY
@given(env=scenarios)
def test_at_full_engagement_disengagement_driven_pathways_contribute_nothing(env):
    r = evaluate({**env, "engagement": 1.0})
    t = r.table
    driven = t[t["driver_kind"] == "disengagement"]
    assert len(driven) == 2
    assert (driven["contribution"] == 0.0).all()


@PROPERTY
@given(
    env=scenarios, low=_floats(ASSUMPTIONS["free_riding"]), high=_floats(ASSUMPTIONS["free_riding"])
)
def test_raising_the_free_riding_link_never_raises_the_net(env, low, high):
    low, high = sorted((low, high))
    assert evaluate({**env, "free_riding": high}).net <= evaluate({**env, "free_riding": low}).net


@PROPERTY
@given(env=scenarios)
def test_the_verdict_direction_matches_the_sign_of_the_net(env):
    r = evaluate(env)
    assert r.verdict.startswith(f"Relations lean toward {direction_word(r.net)} (net ")
    assert f"more US engagement would {help_word(r.us_marginal)} them" in r.verdict
    assert r.policy.preferred == (
        "inclusive" if r.policy.margin > 0 else "exclusive" if r.policy.margin < 0 else "tie"
    )


#: Scenarios with no common threat and full engagement: only the own-history row is left.
silent_us = scenarios.map(lambda env: {**env, "threat": 0.0, "engagement": 1.0})


@PROPERTY
@given(env=st.one_of(scenarios, silent_us))
@example(env={**SPEC.defaults(), "threat": 0.0, "engagement": 1.0})
def test_the_us_role_word_agrees_with_the_share(env):
    r = evaluate(env)
    said = r.verdict.split("so the US role is ")[1].split(";")[0]
    assert said == role_word(r.us_share)
    if env["threat"] == 0.0 and env["engagement"] == 1.0:
        assert r.us_share == 0.0 and said == "minor"


@PROPERTY
@given(env=scenarios)
def test_the_whole_overall_sentence(env):
    r = evaluate(env)
    assert r.verdict == expected_overall_sentence(r)


@PROPERTY
@given(env=scenarios, group=st.sampled_from(sorted({p.group for p in SPEC.pathways})))
def test_the_whole_pathway_sentence(env, group):
    assert group_verdict(group, env) == expected_group_sentence(group, evaluate(env))


@PROPERTY
@given(env=scenarios)
def test_marginal_effect_equals_a_finite_difference(env):
    e = env["engagement"]
    lo, hi = max(0.0, e - 1e-4), min(1.0, e + 1e-4)
    r, r_lo, r_hi = (evaluate({**env, "engagement": x}) for x in (e, lo, hi))
    fd = (r_hi.table["contribution"] - r_lo.table["contribution"]) / (hi - lo)
    assert list(r.table["us_marginal"]) == pytest.approx(list(fd), abs=1e-8)
    assert r.us_marginal == pytest.approx((r_hi.net - r_lo.net) / (hi - lo), abs=1e-8)
    # only US-dependent pathways respond to engagement
    assert (r.table.loc[~r.table["us_dependent"], "us_marginal"] == 0).all()


@PROPERTY
@given(env=scenarios)
def test_abandonment_fears_count_only_through_their_symmetry(env):
    swapped = {**env, "fear_japan": env["fear_korea"], "fear_korea": env["fear_japan"]}
    a, b = evaluate(env), evaluate(swapped)
    assert list(a.table["contribution"]) == list(b.table["contribution"])
    assert a.net == b.net and a.verdict == b.verdict
    fj, fk = env["fear_japan"], env["fear_korea"]
    four = a.table.set_index("id").loc["4", "contribution"]
    expected = (
        (1 - env["engagement"]) * env["abandonment"] * (1 - abs(fj - fk)) * env["fears_cooperation"]
    )
    assert four == pytest.approx(expected, rel=1e-12, abs=1e-15)
    same = evaluate({**env, "fear_korea": fj}).table.set_index("id").loc["4", "contribution"]
    assert same == pytest.approx(
        (1 - env["engagement"]) * env["abandonment"] * env["fears_cooperation"],
        rel=1e-12,
        abs=1e-15,
    )


def test_shared_fear_is_strongest_when_fears_are_equal():
    # 1 - |fJ - fK|: equal fears give the full pull, opposite extremes none
    c = {}
    for fj, fk in [(0.5, 0.5), (0.0, 0.0), (1.0, 1.0), (0.2, 0.5), (0.0, 1.0), (1.0, 0.0)]:
        r = evaluate({"fear_japan": fj, "fear_korea": fk})
        c[(fj, fk)] = r.table.set_index("id").loc["4", "contribution"]
    assert c[(0.5, 0.5)] == c[(0.0, 0.0)] == c[(1.0, 1.0)] > c[(0.2, 0.5)] > 0
    assert c[(0.0, 1.0)] == c[(1.0, 0.0)] == 0


@PROPERTY
@given(x=st.floats(0, 1), data=st.data())
def test_policy_transforms_keep_every_quantity_inside_0_1(x, data):
    for pol in SPEC.policies.values():
        for t in pol.transforms:
            s = data.draw(_floats(ASSUMPTIONS[t.size]))
            y = float(to_numpy(transform_tree(t), {t.target: x, t.size: s}))
            assert 0.0 <= y <= 1.0
            if t.op == "toward_max":
                assert y >= x
            else:
                assert y <= x


@PROPERTY
@given(env=scenarios)
def test_policy_contributions_match_the_transformed_scenario(env):
    r = evaluate(env)
    by = r.policy.by_pathway.set_index("id")
    for name in ("exclusive", "inclusive"):
        ref = reference_policy(env, name)
        assert dict(by[name]) == pytest.approx(ref, rel=1e-12, abs=1e-15)


def test_policy_options_move_the_pathways_the_conclusion_says():
    by = evaluate().policy.by_pathway.set_index("id")
    # exclusive ties raise the common threat and US engagement: more balancing, more free-riding
    assert by.loc["1a", "exclusive"] > by.loc["1a", "inclusive"]
    assert by.loc["2", "exclusive"] < by.loc["2", "inclusive"]
    # inclusive ties soften the ROK's security dilemma: less friction from pathway 5
    assert by.loc["5", "inclusive"] > evaluate().table.set_index("id").loc["5", "contribution"]
    assert by.loc["own", "difference"] == 0


def test_model_trees_cover_every_pathway():
    assert MODEL.ids == [p.id for p in SPEC.pathways]
    assert set(MODEL.marginal) == set(MODEL.contributions) == set(MODEL.ids)
    for name in ("exclusive", "inclusive"):
        assert set(MODEL.policy_contributions[name]) == set(MODEL.ids)
