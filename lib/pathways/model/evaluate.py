"""Evaluate one scenario with numpy: contributions, net, ambivalence, US share, policy, verdict.

Why: this is what a chapter prints and what the CLI returns; it reads every default from
the spec and refuses bad input (unknown name, out of range, NaN) instead of clamping it.

Defined for: the introduction and every pathway chapter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import verdict as verdicts
from .compile import Model, default_model, with_variants
from .expr import to_numpy, to_text
from .names import lookup
from .spec import Spec


def check_assumptions(spec: Spec, values: Mapping[str, Any]) -> dict[str, float]:
    """Validate overrides and merge them into the defaults.

    Raises ValueError naming the parameter and its allowed range; nothing is clamped.
    """
    allowed = spec.assumptions
    out = spec.defaults()
    for name, value in values.items():
        a = lookup("assumption", name, allowed)
        if isinstance(value, bool):
            raise ValueError(f"{name}: expected a number in [{a.min}, {a.max}], got {value!r}")
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"{name}: expected a number in [{a.min}, {a.max}], got {value!r}"
            ) from None
        if not math.isfinite(x):
            raise ValueError(f"{name}: {value!r} is not finite; allowed range [{a.min}, {a.max}]")
        if not a.min <= x <= a.max:
            raise ValueError(f"{name}: {x} is outside its allowed range [{a.min}, {a.max}]")
        out[name] = x
    return out


@dataclass(frozen=True)
class PolicyComparison:
    """The conclusion computed: net outcome under each option and what drives the gap."""

    exclusive: float
    inclusive: float
    preferred: str
    margin: float
    by_pathway: pd.DataFrame  # id, label, exclusive, inclusive, difference (inclusive - exclusive)


@dataclass(frozen=True)
class Result:
    """Everything one scenario says; `table` is tidy (one row per pathway)."""

    assumptions: dict[str, float]
    table: pd.DataFrame
    net: float
    us_marginal: float
    us_share: float
    policy: PolicyComparison
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON shape."""
        t = self.table
        return {
            "net": self.net,
            "verdict": self.verdict,
            "pathways": [
                {"id": r.id, "label": r.label, "sign": int(r.sign), "contribution": r.contribution}
                for r in t.itertuples()
            ],
            "us_marginal_effect": {
                "total": self.us_marginal,
                "by_pathway": dict(zip(t["id"], t["us_marginal"].astype(float), strict=True)),
            },
            "us_share": self.us_share,
            "policy": {
                "exclusive": self.policy.exclusive,
                "inclusive": self.policy.inclusive,
                "preferred": self.policy.preferred,
                "margin": self.policy.margin,
            },
            "assumptions": dict(self.assumptions),
        }


def evaluate(
    values: Mapping[str, Any] | None = None,
    model: Model | None = None,
    variants: Mapping[str, str] | None = None,
) -> Result:
    """Evaluate the model at the defaults overridden by `values`, in the structure
    `variants` (model.yaml `variants`: dimension -> option, the others at the model's own).
    """
    model = with_variants(model or default_model(), variants)
    spec = model.spec
    env = check_assumptions(spec, values or {})
    rows = []
    for p in spec.pathways:
        rows.append(
            {
                "id": p.id,
                "group": p.group,
                "label": p.label,
                "short": p.short,
                "mechanism": p.mechanism,
                "sign": p.sign,
                "driver_kind": p.driver_kind,
                "us_dependent": p.us_dependent,
                "contribution": float(to_numpy(model.contributions[p.id], env)),
                "us_marginal": float(to_numpy(model.marginal[p.id], env)),
            }
        )
    table = pd.DataFrame(rows)
    excl, incl = (float(to_numpy(model.policy_net[k], env)) for k in ("exclusive", "inclusive"))
    margin = float(to_numpy(model.policy_margin, env))
    by_pathway = pd.DataFrame(
        {
            "id": table["id"],
            "label": table["label"],
            "exclusive": [
                float(to_numpy(model.policy_contributions["exclusive"][i], env))
                for i in table["id"]
            ],
            "inclusive": [
                float(to_numpy(model.policy_contributions["inclusive"][i], env))
                for i in table["id"]
            ],
        }
    )
    # the tree a pathway chapter's verdict prints (verdict.policy_difference), not a re-derivation
    by_pathway["difference"] = [
        float(to_numpy(verdicts.policy_difference(model, [i]), env)) for i in table["id"]
    ]
    preferred = "inclusive" if margin > 0 else "exclusive" if margin < 0 else "tie"
    return Result(
        assumptions=env,
        table=table,
        net=float(to_numpy(model.net, env)),
        us_marginal=float(to_numpy(model.marginal_total, env)),
        us_share=float(to_numpy(model.us_share, env)),
        policy=PolicyComparison(excl, incl, preferred, margin, by_pathway),
        verdict=to_text(verdicts.overall(model), env),
    )


def group_verdict(
    group: int, values: Mapping[str, Any] | None = None, model: Model | None = None
) -> str:
    """A pathway chapter's verdict sentence for the given assumptions."""
    model = model or default_model()
    env = check_assumptions(model.spec, values or {})
    return to_text(verdicts.for_group(model, group), env)


def key_numbers(
    group: int | None = None, values: Mapping[str, Any] | None = None, model: Model | None = None
) -> str:
    """The numbers a chapter states in its prose, as plain text (checked by nbval).

    Pathways of `group` are marked with '*'; the last line is the chapter's verdict.
    """
    model = model or default_model()
    r = evaluate(values, model)
    lines = []
    for row in r.table.itertuples():
        mark = "*" if group is not None and row.group == group else " "
        lines.append(f"{mark} {row.id:>3}  {row.short:<18} {row.contribution:+.3f}")
    lines += [
        f"net outcome {r.net:+.3f}; US marginal effect {r.us_marginal:+.3f}; "
        f"US-dependent share {r.us_share:.0%}",
        f"exclusive ties {r.policy.exclusive:+.3f}; inclusive ties {r.policy.inclusive:+.3f}; "
        f"preferred: {r.policy.preferred} (margin {r.policy.margin:+.3f})",
        r.verdict if group is None else group_verdict(group, values, model),
    ]
    return "\n".join(lines)
