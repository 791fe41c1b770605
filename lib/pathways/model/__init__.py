"""The model: expressions, the spec (``model.yaml``), compilation, evaluation, verdicts,
Monte Carlo and thresholds.

What it owns: everything that turns the paper's six pathways into numbers and sentences,
as expression trees with a numpy backend and a Vega-expression backend (``expr``). What it
may import: numpy, pandas, PyYAML and itself. It knows no chart, widget, file download or
command line: ``pathways.present`` and ``pathways.record`` build on it, never the reverse
(``tests/test_layers.py`` checks this).
"""

from __future__ import annotations

from .compile import Model, compile_model, default_model, policy_mapping, transform_tree
from .evaluate import Result, check_assumptions, evaluate, group_verdict, key_numbers
from .spec import DEFAULT_SPEC, Spec, load_spec

__all__ = [
    "DEFAULT_SPEC",
    "Model",
    "Result",
    "Spec",
    "check_assumptions",
    "compile_model",
    "default_model",
    "evaluate",
    "group_verdict",
    "key_numbers",
    "load_spec",
    "policy_mapping",
    "transform_tree",
]
