"""Grid extremes (lib/pathways/model/extremes.py) against a plain loop over `evaluate`."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pathways import evaluate, grid_extremes, slider_positions
from pathways.model import default_model
from pathways.model.extremes import MAX_CELLS

ASSUMPTIONS = default_model().spec.assumptions


def _loop(names, points, values, read):
    axes = [np.linspace(ASSUMPTIONS[n].min, ASSUMPTIONS[n].max, points) for n in names]
    found = []
    for cell in itertools.product(*axes):
        here = {**values, **{n: float(x) for n, x in zip(names, cell, strict=True)}}
        found.append((read(evaluate(here)), here))
    return found


@pytest.mark.parametrize(
    ("quantity", "read"),
    [
        ("net", lambda r: r.net),
        ("policy", lambda r: r.policy.margin),
        ("marginal", lambda r: r.us_marginal),
    ],
)
def test_extremes_match_a_loop_over_evaluate(quantity, read):
    names = ["threat", "animosity", "mediation"]
    got = grid_extremes(quantity, names, points=5, values={"engagement": 0.7})
    found = _loop(names, 5, {"engagement": 0.7}, read)
    lo = min(found, key=lambda f: f[0])
    hi = max(found, key=lambda f: f[0])  # the first maximum, as the grid's C order
    assert got.min == pytest.approx(lo[0], abs=1e-12)
    assert got.max == pytest.approx(hi[0], abs=1e-12)
    assert got.argmax == {n: pytest.approx(hi[1][n]) for n in names}
    assert got.argmin == {n: pytest.approx(lo[1][n]) for n in names}
    assert got.min < got.max


def test_default_grid_is_the_slider_positions():
    xs = slider_positions("engagement")
    got = grid_extremes("net", ["engagement"], values={"threat": 0.0})
    nets = [evaluate({"threat": 0.0, "engagement": float(x)}).net for x in xs]
    assert got.max == max(nets) and got.min == min(nets)
    assert got.argmax["engagement"] == float(xs[int(np.argmax(nets))])


def test_the_other_assumptions_stay_where_they_are_set():
    a = grid_extremes("net", ["engagement"], points=3)
    b = grid_extremes("net", ["engagement"], points=3, values={"animosity": 1.0})
    assert b.max < a.max  # more animosity, more friction everywhere on the grid


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"names": ["nope"]}, "unknown assumption 'nope'; allowed: threat"),
        ({"names": []}, "at least one assumption"),
        ({"names": ["threat", "threat"]}, "one axis only"),
        ({"names": ["threat"], "values": {"threat": 0.5}}, "'threat' is a grid axis"),
        ({"names": ["threat"], "points": 1}, "allowed None .* or an integer 2-1001"),
        ({"names": ["threat"], "points": 2.5}, "allowed None"),
        ({"names": ["threat"], "values": {"animosity": 2.0}}, "outside its allowed range"),
        ({"names": ["threat"], "quantity": "size"}, "unknown quantity 'size'; allowed: net"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    args = {"quantity": "net", **kwargs}
    with pytest.raises(ValueError, match=message):
        grid_extremes(**args)


def test_a_grid_too_large_is_refused_not_thinned():
    names = ["threat", "engagement", "animosity", "mediation"]
    assert 101**4 > MAX_CELLS
    with pytest.raises(ValueError, match=f"allowed up to {MAX_CELLS}"):
        grid_extremes("net", names, points=101)
