"""The spec described for readers: tables of assumptions, links and structural variants,
equations in LaTeX, and the headline results of every structure side by side.

Why: the model appendix must show every equation, variable, default, range and reading of
the model's form with its source, and they must be the spec's, not a retyped copy; the
synthesis's "Which model?" table must print `which_model`'s numbers as the prose does.

Defined for: chapter 'Model appendix'; chapter 'Synthesis' ("Which model?").
"""

from __future__ import annotations

import pandas as pd

from ..model.compile import Model, default_model, policy_mapping
from ..model.expr import Var, to_latex
from ..model.numbers import quote
from ..model.provenance import Provenance
from ..model.structures import WhichModel

#: The "Which model?" table's result columns: `WhichModel.table` column -> header.
SHARE_COLUMNS = {
    "p_us_helps": "more US engagement helps (share of worlds)",
    "p_inclusive_preferred": "inclusive ties come out ahead (share of worlds)",
    "mean_us_share": "US share of the forces (mean over worlds)",
}
#: What a structure's cell says where it keeps a dimension's default option.
DEFAULT_CELL = "default"


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


def variants_table(model: Model | None = None) -> pd.DataFrame:
    """Every option of every structural variant: the dimension and what it decides, the
    option and its reading, whether it is the default, its origin, sources and reasons."""
    m = model or default_model()
    return pd.DataFrame(
        [{"dimension": v.name, "what it decides": v.label, "option": o.name,
          "reading": o.label, "default": "yes" if o.name == v.default else "",
          "origin": _origin(o.provenance), "sources": "; ".join(o.provenance.literature),
          "what it does": o.why,
          "basis": o.provenance.why or o.provenance.support}
         for v in m.spec.variants.values() for o in v.options.values()]
    )  # fmt: skip


def structures_table(result: WhichModel, model: Model | None = None) -> pd.DataFrame:
    """`which_model`'s results for readers, one row per structure (the default first): each
    dimension's option by its label ("default" where the structure keeps it; the header
    names the default), the three shares as the essay prints shares, and the verdict
    sentence at the defaults."""
    m = model or default_model()
    dims = {d: m.spec.variants[d] for d in result.dims}
    header = {d: f"{v.label} (default: {v.options[v.default].label})" for d, v in dims.items()}
    rows = []
    for row in result.table.to_dict(orient="records"):
        cells = {header[d]: DEFAULT_CELL if row[d] == v.default else v.options[row[d]].label
                 for d, v in dims.items()}  # fmt: skip
        shares = {title: quote("share", row[col]) for col, title in SHARE_COLUMNS.items()}
        rows.append({**cells, **shares, "verdict at the default assumptions": row["verdict"]})
    return pd.DataFrame(rows)
