"""Checking the controls a reader gets and the values an author fixes, with one set of errors.

Why: every live figure (the charts' sliders, the evidence chapter's check, the kernel's
ipywidgets panel) takes a list of assumptions to expose and, for charts, values to fix
for the others. A bad list must be refused the same way everywhere: an unknown name
through :mod:`pathways.model.names`, a repeated or doubly-set name, a fixed value out of
its range (:func:`pathways.model.evaluate.check_assumptions`), a name the figure sets
itself (a map's axes, the data's proxies). Nothing is dropped or clamped silently.

Defined for: every chapter's live figure and live panel; the evidence chapter.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..model.compile import Model
from ..model.evaluate import check_assumptions
from ..model.names import check_names


def check_controls(
    model: Model,
    controls: Sequence[str],
    fixed: Mapping[str, float] | None = None,
    reserved: Collection[str] = (),
    reason: str = "are set by the figure itself",
) -> dict[str, float]:
    """Validate `controls` and `fixed`; return the fixed values as checked floats.

    `reserved` names may not be controls (the caller says why in `reason`: "cannot be
    both a map axis and a slider").
    """
    check_names("control", controls, model.spec.assumptions)
    if len(set(controls)) != len(controls):
        raise ValueError(f"controls repeat a name: {list(controls)}")
    clash = sorted(set(controls) & set(reserved))
    if clash:
        raise ValueError(f"{clash} {reason}")
    given = fixed or {}
    checked = {k: v for k, v in check_assumptions(model.spec, given).items() if k in given}
    overlap = sorted(set(controls) & set(checked))
    if overlap:
        raise ValueError(f"{overlap} cannot be both a control and fixed")
    return checked
