"""What a pathway is made of: the assumptions it reads and the factors it multiplies.

Why: the appendix explains that long chains are weak by construction ("pathway 6 multiplies
eight factors"; "with every factor at the top of its range it could reach X"); those counts
and names come from the spec and the compiled tree, not from a reader of the YAML.

Defined for: chapter 'Model appendix' and chapter 'Pathway 6'.
"""

from __future__ import annotations

from .compile import Model, default_model
from .expr import names_in


def pathway_inputs(pid: str, model: Model | None = None) -> list[str]:
    """The assumptions pathway `pid`'s contribution reads, in the spec's order."""
    m = model or default_model()
    m.spec.pathway(pid)  # the standard error for an unknown pathway
    used = names_in(m.contributions[pid])
    return [n for n in m.spec.assumptions if n in used]


def factor_count(pid: str, model: Model | None = None) -> int:
    """How many factors pathway `pid` multiplies: its driver, each link's strength, each gate."""
    m = model or default_model()
    links = m.spec.pathway(pid).links
    return 1 + sum(1 + (link.gate is not None) for link in links)
