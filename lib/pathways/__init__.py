"""pathways: the six causal pathways of Tae-Ryong Yoon's paper on US roles in Korea-Japan
relations, as a model that runs in numpy (the kernel) and in Vega (the browser).

The package has three layers, lowest first; nothing lower imports anything higher
(``tests/test_layers.py``):

* ``pathways.model`` — the spec (``model.yaml``), expression trees, evaluation, verdicts,
  Monte Carlo, thresholds;
* ``pathways.present`` — the Vega printer, the renderer, charts, widgets, descriptions;
* ``pathways.record`` — pinned public data, series, and the evidence checks with their charts;

and ``pathways.cli`` (``python -m pathways``) on top. This module is the public API that the
chapters use: ``from pathways import evaluate, charts, ...``. The presentation and record
modules load on first use, so ``import pathways`` does not import Altair or pooch.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from .model import (
    Model,
    Result,
    Spec,
    check_assumptions,
    compile_model,
    default_model,
    evaluate,
    group_verdict,
    key_numbers,
    load_spec,
)
from .model.break_even import break_even_gap, break_even_mediation
from .model.compile import with_variants
from .model.derived import derived_value
from .model.extremes import grid_extremes
from .model.montecarlo import sample, shares_by_third, shares_with
from .model.numbers import quote
from .model.policy_effects import transform_effects
from .model.sample_stats import p_determinant, seed_range, sensitivity_of, sensitivity_ranking
from .model.scenarios import scenario_shares, scenario_values
from .model.slopes import slope
from .model.structure import factor_count, pathway_inputs
from .model.structures import sample_structures, which_model
from .model.tally import by_direction, by_driver, outweighs
from .model.thresholds import contribution, first_where, flip_point, map_share, slider_positions
from .model.yardsticks import compare_yardsticks, net_without_us, us_flips_direction

if TYPE_CHECKING:  # pragma: no cover - names for type checkers and editors
    from .model import expr, montecarlo, structures, thresholds, variants, verdict  # noqa: F401
    from .present import charts, concordance, describe, render, vega, widgets  # noqa: F401
    from .record import (  # noqa: F401
        data,
        evidence,
        evidence_charts,
        evidence_tables,
        periodcheck,
        series,
        variantcheck,
        withdrawal,
    )

#: Modules of the public API, imported when first used (chapters: `from pathways import charts`).
_MODULES = {
    "expr": "pathways.model.expr",
    "montecarlo": "pathways.model.montecarlo",
    "structures": "pathways.model.structures",
    "thresholds": "pathways.model.thresholds",
    "variants": "pathways.model.variants",
    "verdict": "pathways.model.verdict",
    "charts": "pathways.present.charts",
    "concordance": "pathways.present.concordance",
    "describe": "pathways.present.describe",
    "render": "pathways.present.render",
    "vega": "pathways.present.vega",
    "widgets": "pathways.present.widgets",
    "data": "pathways.record.data",
    "evidence": "pathways.record.evidence",
    "periods": "pathways.record.periods",
    "periodcheck": "pathways.record.periodcheck",
    "variantcheck": "pathways.record.variantcheck",
    "withdrawal": "pathways.record.withdrawal",
    "evidence_charts": "pathways.record.evidence_charts",
    "evidence_tables": "pathways.record.evidence_tables",
    "series": "pathways.record.series",
}


def __getattr__(name: str) -> ModuleType:
    """Import a public module on first use (PEP 562), so `import pathways` stays light."""
    if name in _MODULES:
        module = importlib.import_module(_MODULES[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module 'pathways' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, *_MODULES])


__all__ = [
    "Model",
    "Result",
    "Spec",
    "break_even_gap",
    "break_even_mediation",
    "by_direction",
    "by_driver",
    "check_assumptions",
    "compare_yardsticks",
    "compile_model",
    "contribution",
    "default_model",
    "derived_value",
    "evaluate",
    "factor_count",
    "first_where",
    "flip_point",
    "grid_extremes",
    "group_verdict",
    "key_numbers",
    "load_spec",
    "map_share",
    "net_without_us",
    "outweighs",
    "p_determinant",
    "pathway_inputs",
    "quote",
    "sample",
    "scenario_shares",
    "scenario_values",
    "sample_structures",
    "seed_range",
    "sensitivity_of",
    "sensitivity_ranking",
    "shares_by_third",
    "shares_with",
    "slider_positions",
    "slope",
    "transform_effects",
    "us_flips_direction",
    "which_model",
    "with_variants",
]
