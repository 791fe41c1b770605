"""The spec described for readers: tables of assumptions and links, equations in LaTeX.

Why: the model appendix must show every equation, variable, default and range with its
source, and they must be the spec's, not a retyped copy.

Defined for: chapter 'Model appendix'.
"""

from __future__ import annotations

import pandas as pd

from ..model.compile import Model, default_model, policy_mapping
from ..model.expr import Var, to_latex
from ..model.provenance import Provenance


def _origin(prov: Provenance) -> str:
    """Where an element comes from, in words: 'paper §2(4)', 'essay', 'literature'."""
    return f"paper {prov.section}" if prov.kind == "paper" else prov.kind


def variables_table(model: Model | None = None) -> pd.DataFrame:
    """Scenario variables: name, label, range, default, what 0 and 1 mean, origin, sources."""
    m = model or default_model()
    return pd.DataFrame(
        [{"name": v.name, "label": v.label, "min": v.min, "max": v.max, "default": v.default,
          "0 means (the essay's reference point)": v.reference.low,
          "1 means (the essay's reference point)": v.reference.high,
          "origin": _origin(v.provenance),
          "sources": "; ".join((*v.provenance.literature, *v.reference.literature)),
          "description": v.description} for v in m.spec.variables.values()]
    )  # fmt: skip


def parameters_table(model: Model | None = None) -> pd.DataFrame:
    """Link strengths and policy sizes: name, label, range, default, origin, why."""
    m = model or default_model()
    return pd.DataFrame(
        [{"name": a.name, "label": a.label, "min": a.min, "max": a.max, "default": a.default,
          "origin": _origin(a.provenance), "source": a.source,
          "essay's reason": a.provenance.why, "description": a.description}
         for a in m.spec.parameters.values()]
    )  # fmt: skip


def links_table(model: Model | None = None) -> pd.DataFrame:
    """Every link of every chain, in order, with its strength, gate and their origins."""
    m = model or default_model()
    return pd.DataFrame(
        [{"pathway": p.id, "step": i, "from": lk.source_node, "to": lk.target_node,
          "strength": lk.strength, "origin": _origin(lk.provenance), "gate": lk.gate or "",
          "gate's origin": _origin(lk.gate_provenance) if lk.gate_provenance else ""}
         for p in m.spec.pathways for i, lk in enumerate(p.links, 1)]
    )  # fmt: skip


def equations(model: Model | None = None) -> str:
    """Markdown with one display equation per derived quantity, pathway and policy."""
    m = model or default_model()
    out = ["**Derived quantities**", ""]
    for d in m.spec.derived.values():
        out += [f"$${to_latex(Var(d.name))} = {to_latex(d.expr)}$$", "", d.why, ""]
    out += ["**Pathway contributions** (positive: toward cooperation)", ""]
    for p in m.spec.pathways:
        out += [f"$$c_{{\\mathrm{{{p.id}}}}} = {to_latex(m.contributions[p.id])}$$", ""]
    out += [
        "**Net outcome, ambivalence and the US share**",
        "",
        r"$$\mathrm{net} = \sum_i c_i, \qquad "
        r"\frac{\partial\,\mathrm{net}}{\partial\,\mathrm{engagement}} = \sum_i \frac{\partial c_i}{\partial\,\mathrm{engagement}}, \qquad "
        r"\mathrm{us\_share} = \frac{\sum_{i \in US} |c_i|}{\sum_i |c_i|}$$",
        "",
        "**Policy transforms** (each replaces its target before the contributions are computed)",
        "",
    ]
    for pol in m.spec.policies.values():
        for target, tree in policy_mapping(pol).items():
            rhs = to_latex(tree)
            lhs = to_latex(Var(target))
            out += [f"$${pol.name}:\\quad {lhs} \\mapsto {rhs}$$", ""]
    return "\n".join(out)
