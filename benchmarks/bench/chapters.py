"""What a chapter's notebook shows, read from its source: the explorer chart and the live
panel it builds, the chapter compared between the static site and Voila, and the slider moves
both are given.

Defined for: benchmarks/run.py (website and live sections; chapters/pathwayN.ipynb).
"""

from __future__ import annotations

import ast
import json
import random
import re
from pathlib import Path
from typing import Any

SEED = 20240611
DEFAULT_CHAPTER = "chapters/pathway2"


def _literal_call(node: ast.Call) -> dict[str, Any] | None:
    """controls, group and fixed of a call with literal arguments (None otherwise)."""
    try:
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    except ValueError:
        return None
    controls = args[0] if args else kwargs.get("controls")
    if not isinstance(controls, list | tuple):
        return None
    return {"controls": list(controls), "group": kwargs.get("group"), "fixed": kwargs.get("fixed")}


def _calls(source: str, owner: str, name: str) -> list[dict[str, Any]]:
    """Literal arguments of calls like `owner.name([...], group=k)` in a cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == name
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == owner
        ):
            call = _literal_call(node)
            if call is not None:
                found.append(call)
    return found


def chapter_widgets(src: Path, page: str) -> dict[str, Any]:
    """The chapter's explorer chart and its live panel, as written in the notebook."""
    path = src / f"{page}.ipynb"
    out: dict[str, Any] = {"explorer": None, "panel": None}
    if not path.is_file():
        return out
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        text = "".join(cell.get("source", []))
        # A chapter's live cell is `widgets.live([...], group=k)`: its panel in a kernel.
        for key, owner, name in (("explorer", "charts", "explorer"), ("panel", "widgets", "live")):
            if out[key] is None:
                calls = _calls(text, owner, name)
                if calls:
                    out[key] = calls[0]
    return out


def _comparable(src: Path, page: str) -> bool:
    """Same group, no fixed values on the chart: both then show the same sentence."""
    w = chapter_widgets(src, page)
    return bool(
        w["explorer"]
        and w["panel"]
        and w["panel"]["group"] is not None
        and w["explorer"]["group"] == w["panel"]["group"]
        and not w["explorer"]["fixed"]
        and set(w["explorer"]["controls"]) & set(w["panel"]["controls"])
    )


def pick_comparison_chapter(src: Path, wanted: str, pages: list[str]) -> tuple[str | None, str]:
    """The chapter whose explorer and live panel are compared (`wanted`, else the first fit),
    and a note when it is not the one asked for."""
    wanted = re.sub(r"\.ipynb$", "", wanted)
    if not wanted.startswith("chapters/"):
        wanted = f"chapters/{wanted}"
    if _comparable(src, wanted):
        return wanted, ""
    for page in pages:
        if re.fullmatch(r"chapters/pathway\d+", page) and _comparable(src, page):
            return page, (
                f"{wanted} has no explorer chart and live panel of one group; "
                f"compared {page} instead"
            )
    return None, f"no chapter has an explorer chart and a live panel of one group ({wanted} asked)"


def _grid_value(lo: float, hi: float, step: float, u: float) -> float:
    """The slider value at fraction `u` of [lo, hi], on the slider's step grid."""
    value = round(round((lo + u * (hi - lo)) / step) * step, 6)
    return min(max(value, lo), hi)


def comparison_moves(src: Path, page: str, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Slider moves over the controls the explorer and the panel share, each changing the
    chapter's verdict sentence; with the sentence (from the library) expected after each."""
    from pathways import default_model
    from pathways.model.evaluate import group_verdict

    w = chapter_widgets(src, page)
    model = default_model()
    shared = [c for c in w["explorer"]["controls"] if c in w["panel"]["controls"]]
    group = w["panel"]["group"]
    rng = random.Random(SEED)
    state: dict[str, float] = {}
    text = group_verdict(group, state, model)
    moves = []
    for i in range(count):
        name = shared[i % len(shared)]
        a = model.spec.assumptions[name]
        step = getattr(a, "step", 0.01) or 0.01
        for attempt in range(200):
            u = rng.uniform(0.05, 0.45) + 0.5 * ((i + attempt) % 2)
            value = _grid_value(a.min, a.max, step, u)
            new = group_verdict(group, {**state, name: value}, model)
            if new != text and value != state.get(name, a.default):
                break
        state[name] = value
        text = new
        moves.append({"name": name, "value": value, "expected": text})
    return moves, shared


def generic_moves(inputs: list[dict[str, Any]], count: int, seed: int) -> list[dict[str, Any]]:
    """Moves that alternate each slider between the lower and the upper half of its range."""
    rng = random.Random(seed)
    moves = []
    for i in range(count):
        inp = inputs[i % len(inputs)]
        u = rng.uniform(0.05, 0.45) + 0.5 * ((i // len(inputs)) % 2)
        value = _grid_value(inp["min"], inp["max"], inp["step"] or 0.01, u)
        moves.append({"name": inp["name"], "value": value})
    return moves
