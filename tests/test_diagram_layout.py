"""The framework diagram's two layouts: what its data says about where each thing is drawn.

The narrow layout (a phone's column) is checked at the widths a phone gives it: every box
inside the drawing, no two boxes overlapping, each chain read in its order, each
pathway's number on its block's header line, links that join their boxes.
"""

from __future__ import annotations

import itertools
import math

import pytest
from pathways import charts
from pathways.model.compile import default_model
from pathways.present.charts import diagram_layout as layout
from pathways.present.charts.common import DIAGRAM_WIDTH, FONT_SIZE
from pathways.present.charts.diagram import NARROW

SPEC = default_model().spec
CHAINS = {p.id: len(p.links) + 1 for p in SPEC.pathways}
#: The drawing's width in px on a 320 px and a 390 px phone (16 px margins); the narrow
#: layout is a fraction of it, so each is checked.
PHONE_WIDTHS = (288, 358)


@pytest.fixture(scope="module")
def figure() -> dict:
    return charts.framework_diagram().to_dict()


def _find(figure: dict, mark: str, field: str | None = None) -> dict:
    """The diagram's `mark` layer (the text layer showing `field` once per pathway)."""
    for lay in figure["vconcat"][0]["layer"]:
        text = lay["encoding"].get("text", {}).get("field")
        rows = lay["data"]["values"]
        if lay["mark"]["type"] == mark and (
            field is None or (text == field and all("pos" not in r for r in rows))
        ):
            return lay
    raise AssertionError(f"no {mark} layer showing {field}")


def _layer(figure: dict, mark: str, field: str | None = None) -> list[dict]:
    return _find(figure, mark, field)["data"]["values"]


def _px(d: dict, p: str, width: float) -> dict[str, float]:
    """A box's corners in px in layout `p` (w or n) at a drawing `width` px wide."""
    return {
        "x1": d[f"{p}x1"] * width,
        "x2": d[f"{p}x2"] * width,
        "y1": d[f"{p}y1"],
        "y2": d[f"{p}y2"],
    }


@pytest.mark.parametrize("n", range(1, 10))
def test_places_keep_the_order_in_as_few_lines_as_columns_allow(n):
    places = layout.places(n)
    assert places == sorted(places)  # read line by line, left to right: the chain's order
    lines = [[c for line, c in places if line == k] for k in range(places[-1][0] + 1)]
    assert len(lines) == math.ceil(n / layout.COLUMNS)
    assert all(cols == list(range(len(cols))) and len(cols) <= layout.COLUMNS for cols in lines)


def test_a_chain_without_concepts_is_refused():
    with pytest.raises(ValueError, match="at least one concept, not 0"):
        layout.places(0)


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_narrow_boxes_are_inside_the_drawing_and_apart(figure, width):
    boxes = _layer(figure, "rect")
    assert len(boxes) == sum(CHAINS.values())
    for b in boxes:
        px = _px(b, "n", width)
        assert 0 <= px["x1"] < px["x2"] <= width and px["y1"] >= 0, b
    for a, b in itertools.combinations(boxes, 2):
        pa, pb = _px(a, "n", width), _px(b, "n", width)
        gap = max(
            pb["x1"] - pa["x2"], pa["x1"] - pb["x2"], pb["y1"] - pa["y2"], pa["y1"] - pb["y2"]
        )
        assert gap >= 8, (a["id"], a["pos"], b["id"], b["pos"])


def test_wide_boxes_are_one_row_per_chain_and_apart(figure):
    boxes = _layer(figure, "rect")
    for a, b in itertools.combinations(boxes, 2):
        pa, pb = _px(a, "w", DIAGRAM_WIDTH), _px(b, "w", DIAGRAM_WIDTH)
        gap = max(
            pb["x1"] - pa["x2"], pa["x1"] - pb["x2"], pb["y1"] - pa["y2"], pa["y1"] - pb["y2"]
        )
        assert gap >= 8, (a["id"], a["pos"], b["id"], b["pos"])
    rows = {(b["id"], b["wy1"]) for b in boxes}
    assert len(rows) == len(CHAINS)


def test_narrow_chains_read_in_order_block_after_block(figure):
    boxes = _layer(figure, "rect")
    bottom = -math.inf
    for p in SPEC.pathways:  # blocks stacked in the spec's order
        chain = sorted((b for b in boxes if b["id"] == p.id), key=lambda b: b["pos"])
        assert [b["pos"] for b in chain] == list(range(CHAINS[p.id]))
        reading = [(b["ny1"], b["nx1"]) for b in chain]
        assert reading == sorted(reading) and len(set(reading)) == len(reading), p.id
        assert chain[0]["ny1"] > bottom, p.id
        bottom = max(b["ny2"] for b in chain)


def test_each_pathway_has_its_live_number_on_its_header_line(figure):
    boxes = _layer(figure, "rect")
    values = _layer(figure, "text", "text")
    names = _layer(figure, "text", "short")
    assert [v["id"] for v in values] == [p.id for p in SPEC.pathways] == [n["id"] for n in names]
    number = _find(figure, "text", "text")
    calcs = {t["as"]: t["calculate"] for t in number["transform"] if "calculate" in t}
    assert "contribution" in calcs and "datum.contribution" in calcs["text"]
    previous = -math.inf
    for v, n in zip(values, names, strict=True):
        assert v["ny"] == n["ny"]  # one header line: name at the left end, number at the right
        top = min(b["ny1"] for b in boxes if b["id"] == v["id"])
        assert previous + FONT_SIZE / 2 <= v["ny"] <= top - FONT_SIZE / 2, v["id"]
        previous = max(b["ny2"] for b in boxes if b["id"] == v["id"])


def test_narrow_links_join_their_boxes_and_turn_between_lines(figure):
    boxes = {(b["id"], b["pos"]): b for b in _layer(figure, "rect")}
    pieces = _layer(figure, "rule")
    for (pid, pos), group in itertools.groupby(pieces, key=lambda e: (e["id"], e["pos"])):
        run = list(group)
        src, dst = boxes[(pid, pos)], boxes[(pid, pos + 1)]
        assert (run[0]["nx"], run[0]["ny"]) == (src["nx"], src["ny"])
        assert (run[-1]["nx2"], run[-1]["ny2"]) == (dst["nx"], dst["ny"])
        for a, b in itertools.pairwise(run):
            assert (a["nx2"], a["ny2"]) == (b["nx"], b["ny"])  # one unbroken line
        for e in run:
            assert e["nx"] == e["nx2"] or e["ny"] == e["ny2"]  # across or down, never slanted
        if src["ny"] != dst["ny"]:  # a continuation turns in the gap between the two lines
            assert src["ny2"] < run[1]["ny"] < dst["ny1"]


def test_arrowheads_sit_in_the_gap_before_their_box(figure):
    boxes = {(b["id"], b["pos"]): b for b in _layer(figure, "rect")}
    for a in _layer(figure, "point"):
        src, dst = boxes[(a["id"], a["pos"])], boxes[(a["id"], a["pos2"])]
        assert src["wx2"] < a["wx"] < dst["wx1"] and a["wangle"] == 0
        if src["ny"] == dst["ny"]:
            assert src["nx2"] < a["nx"] < dst["nx1"] and a["nangle"] == 0
        else:
            assert src["ny2"] < a["ny"] < dst["ny1"] and a["nangle"] == 90


def test_the_runtime_picks_the_layout_with_a_declared_signal(figure):
    assert {"name": NARROW, "value": False} in figure["params"]  # wide where no runtime runs
    assert figure["usermeta"]["pathways"]["narrow"] == NARROW
    for lay in figure["vconcat"][0]["layer"]:
        reads = [t["calculate"] for t in lay["transform"] if t.get("as") in ("x1", "y", "y1")]
        assert reads and all(r.startswith(f"{NARROW} ? ") for r in reads), lay["mark"]
