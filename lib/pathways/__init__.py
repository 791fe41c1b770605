"""pathways: Yoon's six causal pathways of US influence on Korea-Japan relations, as a model.

The spec (model.yaml) is compiled to expression trees (model) that run in numpy
(evaluate, montecarlo) and print as Vega expressions (vega, charts) for the website.
"""

from .evaluate import Result, check_assumptions, evaluate, group_verdict, key_numbers
from .model import Model, compile_model, default_model
from .spec import Spec, load_spec

__all__ = [
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
]
