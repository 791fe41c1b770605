"""Closed-form break-even points: where two opposed pathways cancel exactly.

Why: the slider grid (flip points) says where a verdict turns to the nearest step; some
chapters give the exact point, which follows from the model's products. Pathway 1's two
branches, +threat x balancing and -threat x seikei_bunri x strategy_gap, cancel where
strategy_gap = balancing / seikei_bunri. Pathway 3, +... x us_pressure x mediation x
pressure_cooperation, cancels pathway 2, -... x free_riding x free_riding_friction (the
common factors threat x threat_engagement x engagement aside), where
mediation = free_riding x free_riding_friction / (us_pressure x pressure_cooperation).
tests/test_break_even.py checks both against `evaluate`, so a change of the spec that
breaks a formula fails there. The point may lie outside the slider's range (then the
pathways never cancel on the website); it is returned, not clamped.

Defined for: chapter 'Pathway 1' and chapter 'Pathway 3'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .compile import Model, default_model
from .evaluate import check_assumptions
from .names import check_names


def _env(
    solved: str, needed: list[str], values: Mapping[str, Any] | None, model: Model | None
) -> dict[str, float]:
    m = model or default_model()
    check_names("assumption", [solved, *needed], m.spec.assumptions)
    fixed = dict(values or {})
    if solved in fixed:
        raise ValueError(f"{solved!r} is what is solved for; do not also fix it")
    return check_assumptions(m.spec, fixed)


def _ratio(top: float, bottom: float, what: str) -> float:
    if bottom == 0:
        raise ValueError(f"no break-even: {what} is 0, so the pathways never cancel")
    return top / bottom


def break_even_gap(values: Mapping[str, Any] | None = None, model: Model | None = None) -> float:
    """The strategy_gap at which pathway 1's branches cancel: balancing / seikei_bunri."""
    env = _env("strategy_gap", ["balancing", "seikei_bunri"], values, model)
    return _ratio(env["balancing"], env["seikei_bunri"], "seikei_bunri")


def break_even_mediation(
    values: Mapping[str, Any] | None = None, model: Model | None = None
) -> float:
    """The mediation at which pathway 3 cancels pathway 2:
    free_riding x free_riding_friction / (us_pressure x pressure_cooperation)."""
    needed = ["free_riding", "free_riding_friction", "us_pressure", "pressure_cooperation"]
    env = _env("mediation", needed, values, model)
    friction = env["free_riding"] * env["free_riding_friction"]
    pull = env["us_pressure"] * env["pressure_cooperation"]
    return _ratio(friction, pull, "us_pressure x pressure_cooperation")
