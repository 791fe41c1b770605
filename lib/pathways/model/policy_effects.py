"""What each policy option does to its targets: the size of each transform, before and after.

Why: the conclusion describes the two options as concrete moves ("exclusive ties raise
engagement from 0.5 to 0.6"); those numbers are the spec's transforms applied to the
scenario, computed by the same trees the policy comparison uses.

Defined for: chapter 'Conclusion'.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .compile import Model, default_model, transform_tree
from .evaluate import check_assumptions
from .expr import to_numpy


@dataclass(frozen=True)
class TransformEffect:
    """One transform of one policy: `target` goes from `before` to `after`, by the
    assumption `size` (op "toward_max" or "shrink", see model.yaml)."""

    policy: str
    target: str
    op: str
    size: str
    before: float
    after: float


def transform_effects(
    values: Mapping[str, Any] | None = None, model: Model | None = None
) -> list[TransformEffect]:
    """Every policy's transforms at `values` (defaults otherwise), policies in spec order."""
    m = model or default_model()
    env = check_assumptions(m.spec, values or {})
    return [
        TransformEffect(
            policy=pol.name,
            target=tr.target,
            op=tr.op,
            size=tr.size,
            before=env[tr.target],
            after=float(to_numpy(transform_tree(tr), env)),
        )
        for pol in m.spec.policies.values()
        for tr in pol.transforms
    ]
