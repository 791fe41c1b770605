"""Flip points along a slider come from the model on the website's slider grid."""

import pytest
from pathways import evaluate
from pathways.model import default_model
from pathways.thresholds import contribution, first_where, slider_positions


def test_slider_positions_follow_the_spec_range_and_step():
    a = default_model().spec.assumptions["engagement"]
    xs = slider_positions("engagement")
    assert xs[0] == a.min and xs[-1] == a.max
    assert len(xs) == round((a.max - a.min) / a.step) + 1


def test_first_where_finds_the_flip_of_the_net():
    x = first_where("engagement", lambda r: r.net > 0, reverse=True)
    step = default_model().spec.assumptions["engagement"].step
    assert evaluate({"engagement": x}).net > 0
    assert evaluate({"engagement": round(x + step, 10)}).net <= 0


def test_first_where_scans_from_the_bottom_by_default():
    x = first_where("animosity", lambda r: r.net < 0)
    step = default_model().spec.assumptions["animosity"].step
    assert evaluate({"animosity": x}).net < 0
    assert evaluate({"animosity": round(x - step, 10)}).net >= 0


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
