"""Flip points along a slider come from the model on the website's slider grid, by one rule."""

import re

import pytest
from pathways import evaluate
from pathways.model import default_model
from pathways.model.thresholds import contribution, first_where, slider_positions


def test_slider_positions_follow_the_spec_range_and_step():
    a = default_model().spec.assumptions["engagement"]
    xs = slider_positions("engagement")
    assert xs[0] == a.min and xs[-1] == a.max
    assert len(xs) == round((a.max - a.min) / a.step) + 1


def test_first_where_scans_from_the_bottom():
    x = first_where("animosity", lambda r: r.net < 0)
    step = default_model().spec.assumptions["animosity"].step
    assert evaluate({"animosity": x}).net < 0
    assert evaluate({"animosity": round(x - step, 10)}).net >= 0


def test_first_where_has_no_second_rule_for_a_flip():
    with pytest.raises(TypeError):
        first_where("engagement", lambda r: r.net > 0, reverse=True)  # type: ignore[call-arg]


def test_first_where_respects_fixed_values():
    a = first_where("animosity", lambda r: r.net < 0)
    b = first_where("animosity", lambda r: r.net < 0, values={"engagement": 0.0})
    assert a != b


def test_no_position_raises_instead_of_guessing():
    with pytest.raises(ValueError, match="no position of threat"):
        first_where("threat", lambda r: r.net > 10)


def test_bad_names_raise():
    with pytest.raises(ValueError, match="unknown assumption 'nope'"):
        slider_positions("nope")
    with pytest.raises(ValueError, match="do not also fix it"):
        first_where("threat", lambda r: True, values={"threat": 0.5})
    with pytest.raises(ValueError, match="unknown pathway"):
        contribution(evaluate(), "9")


def test_contribution_reads_the_table():
    r = evaluate()
    assert contribution(r, "1a") == pytest.approx(
        r.table.loc[r.table["id"] == "1a", "contribution"].item()
    )


def test_flip_point_is_where_the_verdict_turns_on_the_slider_grid():
    from pathways.model.thresholds import flip_point

    x = flip_point("engagement", "net")
    step = default_model().spec.assumptions["engagement"].step

    def said(engagement: float) -> str:  # the sentence's direction words
        return evaluate({"engagement": engagement}).verdict.split(" (net ")[0]

    assert said(x) != said(0.0)
    assert said(round(x - step, 10)) == said(0.0)


def _clause(verdict: str, quantity: str) -> str:
    """The words of the overall sentence that `quantity` decides, read from the sentence."""
    if quantity == "net":
        return verdict.split(" (net ")[0]
    if quantity == "us_share":
        return verdict.split("so the US role is ")[1].split(";")[0]
    return re.sub(r"by [0-9.]+", "by _", verdict.split("; and ")[-1])  # policy: who, not how much


@pytest.mark.parametrize(
    ("name", "quantity", "values"),
    [
        ("engagement", "net", {}),
        ("animosity", "net", {}),
        ("engagement", "policy", {}),
        ("mediation", "policy", {}),
        ("us_intervention", "policy", {}),
        ("perception_gap", "policy", {}),
        ("engagement", "us_share", {"threat": 0.0}),
    ],
)
def test_flip_point_is_the_first_position_where_the_sentence_differs_from_the_bottom(
    name, quantity, values
):
    """The one rule, checked against the sentence a reader sees (not the library's numbers):
    every position below the flip point gives the bottom's words, the flip point does not."""
    from pathways.model.thresholds import flip_point

    x = flip_point(name, quantity, values)
    said = {
        float(p): _clause(evaluate({**values, name: float(p)}).verdict, quantity)
        for p in slider_positions(name)
    }
    bottom = said[min(said)]
    assert said[x] != bottom
    assert all(words == bottom for p, words in said.items() if p < x)


def test_a_policy_flip_starts_with_a_tie_at_two_decimals():
    from pathways.model.thresholds import flip_point

    x = flip_point("engagement", "policy")
    at, below = evaluate({"engagement": x}), evaluate({"engagement": round(x - 0.01, 10)})
    assert at.verdict.endswith("; and inclusive ties and an exclusive bloc tie at two decimals.")
    assert "inclusive ties come out ahead of an exclusive bloc by 0.01." in below.verdict
    assert at.policy.margin > 0  # the sign has not turned yet: the sentence ties first


def test_flip_point_us_share_reads_the_three_words():
    from pathways.model.thresholds import flip_point

    spec = default_model().spec
    x = flip_point("engagement", "us_share", values={"threat": 0.0})
    assert evaluate({"threat": 0.0, "engagement": 0.0}).us_share >= spec.determinant_share
    share = evaluate({"threat": 0.0, "engagement": x}).us_share
    assert spec.minor_share <= share < spec.determinant_share


def test_flip_point_errors():
    from pathways.model.thresholds import flip_point

    with pytest.raises(ValueError, match="quantity 'mood'"):
        flip_point("threat", "mood")
    with pytest.raises(ValueError, match="never changes along own_animosity"):
        flip_point("own_animosity", "policy")


def test_map_share_counts_the_chart_grid():
    import numpy as np
    from pathways.model.thresholds import map_share, tipping_grid

    u, v = tipping_grid(3)
    assert sorted(zip(u.tolist(), v.tolist(), strict=True)) == [
        (a, b) for a in (0.0, 0.5, 1.0) for b in (0.0, 0.5, 1.0)
    ]
    share = map_share("engagement", "animosity", resolution=5)
    cells = [
        evaluate({"engagement": a, "animosity": b}).net > 0
        for a in np.linspace(0, 1, 5)
        for b in np.linspace(0, 1, 5)
    ]
    assert share == pytest.approx(sum(cells) / len(cells))
    with pytest.raises(ValueError, match="two different"):
        map_share("threat", "threat")
    with pytest.raises(ValueError, match="resolution"):
        tipping_grid(1)
