"""Named scenarios of the spec: loading one, and how often its verdicts hold across worlds.

Why: the paper's own caveats (the §2(4) remark that the shared-fear mechanism may be
redundant) and the essay's readings (the occupation's legacy as a sunk cost) each set a few
assumptions at once. Giving them names in the spec (`scenarios`) lets the conclusion's
chart, the chapter's numbers and the CLI (`--preset`) load exactly the same values, and
lets the Monte Carlo say what each caveat alone does to the headline shares.

Defined for: chapter 'Conclusion' (where the paper's conclusion holds, and where it fails).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .compile import Model, default_model
from .evaluate import check_assumptions
from .montecarlo import shares_with
from .names import check_names, lookup
from .scenario_string import named
from .spec import NO_SCENARIO, Preset, Scenario, Spec

#: What a scenario's verdict shares count: a positive policy margin (inclusive ties win)
#: and a positive marginal effect (more US engagement helps).
SHARED = ("policy", "marginal")


def scenario(name: str, spec: Spec | None = None) -> Scenario | Preset:
    """The spec's scenario or period preset `name`; an unknown name gets the standard error."""
    return lookup("scenario", name, named(spec or default_model().spec))


def scenario_values(
    name: str, values: Mapping[str, Any] | None = None, spec: Spec | None = None
) -> dict[str, float]:
    """The values scenario (or period preset) `name` sets, with `values` on top (an explicit value wins), checked.

    The result is what `evaluate` takes: ``evaluate(scenario_values("paper_caveats"))``.
    Unknown names and values outside an assumption's range raise ValueError.
    """
    s = spec or default_model().spec
    merged = {**scenario(name, s).values, **(values or {})}
    return {k: v for k, v in check_assumptions(s, merged).items() if k in merged}


@dataclass(frozen=True)
class ScenarioShares:
    """Shares of plausible worlds with a scenario's assumptions fixed at its values."""

    name: str  # NO_SCENARIO for all draws, nothing fixed
    label: str
    fixed: dict[str, float]
    p_inclusive_preferred: float
    p_us_helps: float


def scenario_shares(
    names: Sequence[str] | None = None, n: int = 100_000, seed: int = 0, model: Model | None = None
) -> list[ScenarioShares]:
    """For all draws, then for each scenario (default: all, in the spec's order): the share of
    worlds in which inclusive ties win and in which more US engagement helps.

    Each scenario's assumptions are fixed at its values in the very draws of
    ``sample(n, seed)`` (the others as drawn): a paired comparison, so the difference from
    the first row is the scenario's alone. Fixing rather than conditioning on the bottom
    third of the ranges: the scenarios are defined by these values, and conditioning on
    several assumptions at once would keep few draws (a ninth for two).
    """
    m = model or default_model()
    chosen = list(m.spec.scenarios) if names is None else list(names)
    check_names("scenario", chosen, m.spec.scenarios)
    rows: list[tuple[str, str, Mapping[str, float]]] = [
        (NO_SCENARIO, "all draws, nothing fixed", {})
    ]
    rows += [(k, m.spec.scenarios[k].label, m.spec.scenarios[k].values) for k in chosen]
    out = []
    for name, label, fixed in rows:
        shares = shares_with(fixed, SHARED, n, seed, m)
        out.append(ScenarioShares(name, label, dict(fixed), shares["policy"], shares["marginal"]))
    return out
