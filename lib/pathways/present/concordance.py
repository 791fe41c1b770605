"""From the paper to the model: a concordance generated from the spec's provenance.

Why: a reader who knows the paper should see, part by part and in the paper's order, what
the model makes of each part (the elements whose provenance cites it, with the locator that
finds the sentence), and then, in one list, everything the essay adds that the paper does
not say, each with its reason. Generated from ``model.yaml``, so it cannot drift from the
model; ``tests/test_concordance.py`` fails if a part has no entry or an addition is missing.

Defined for: the page "From the paper to the model" (chapters/concordance.ipynb) and the
link at the end of every chapter (_ext/concordance_link.py).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..model.compile import Model, default_model
from ..model.names import lookup
from ..model.provenance import PARTS, Provenance

#: Which part of the paper each chapter reproduces (chapters not listed link to the page).
CHAPTER_PARTS = {
    "intro": "Introduction",
    "framework": "§2",
    **{f"pathway{k}": f"§2({k})" for k in range(1, 7)},
    "conclusion": "Conclusion",
}
#: The page's name in the book.
PAGE = "chapters/concordance"
ADDITIONS = "additions"
_KIND_WORDS = {
    "variable": "scenario variable",
    "derived": "derived quantity",
    "parameter": "link strength or policy size",
    "pathway": "pathway row",
    "gate": "gate (a factor scaling a link)",
    "policy": "policy option",
    "transform": "policy transform",
    "quantity": "quantity the verdict reads",
    "scenario": "named scenario",
    "variant": "structural variant (one reading of the model's form)",
    "threshold": "verdict threshold",
}


def label(part: str) -> str:
    """The page's target for a part of the paper ('§2(4)' -> 'paper-s2-4')."""
    if part == ADDITIONS:
        return "paper-additions"
    lookup("part of the paper", part, dict.fromkeys(PARTS))
    slug = part.replace("§", "s").replace("(", "-").replace(")", "").lower()
    return f"paper-{slug}"


def _name(model: Model, kind: str, name: str) -> str:
    """A reader's name for an element: its label where it has one."""
    spec = model.spec
    if kind in ("variable", "parameter"):
        return spec.assumptions[name].label
    if kind == "derived":
        return spec.derived[name].label
    if kind == "pathway":
        return spec.pathway(name).label
    if kind == "policy":
        return spec.policies[name].label
    if kind == "gate":
        pid, strength, gate = name.split("/")
        return f"{gate} scaling '{spec.assumptions[strength].label}' (pathway {pid})"
    if kind == "transform":
        policy, target = name.split("/")
        return f"{spec.policies[policy].short}: changes {target}"
    if kind == "quantity":
        return spec.quantities[name].label
    if kind == "scenario":
        return spec.scenarios[name].label
    if kind == "variant":
        dim, option = name.split("/")
        v = spec.variants[dim]
        default = " (the default)" if option == v.default else ""
        return f"{v.label}: {v.options[option].label}{default}"
    if kind == "threshold":
        return f"{name.replace('_', ' ')} = {getattr(spec, name):g}"
    return name


def entries(part: str, model: Model | None = None) -> list[tuple[str, str, Provenance]]:
    """(kind, reader's name, provenance) of every element that reads `part` of the paper."""
    m = model or default_model()
    lookup("part of the paper", part, dict.fromkeys(PARTS))
    return [
        (kind, _name(m, kind, name), prov)
        for kind, name, prov in m.spec.provenances()
        if prov.section == part
    ]


def additions(model: Model | None = None) -> list[tuple[str, str, str]]:
    """(kind, reader's name, why) of everything the essay adds: every element of kind
    `essay`, then each variable's two reference points (the scales' anchors)."""
    m = model or default_model()
    out = [
        (kind, _name(m, kind, name), prov.why)
        for kind, name, prov in m.spec.provenances()
        if prov.kind == "essay"
    ]
    for v in m.spec.variables.values():
        why = f"0 = {v.reference.low}; 1 = {v.reference.high} ({', '.join(v.reference.literature)})"
        out.append(("scale anchors", v.label, why))
    return out


def _table(caption: str, header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """An accessible HTML table (caption, header cells with scope); every cell escaped."""
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="pathways-concordance"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def part_html(part: str, model: Model | None = None) -> str:
    """The tables for one part: what the model takes from it, and what the essay adds there."""
    rows = entries(part, model)
    if not rows:
        raise ValueError(f"no element of the model reads {part}: the concordance has a gap")
    found = [r for r in rows if r[2].kind != "essay"]
    added = [r for r in rows if r[2].kind == "essay"]
    out = []
    if found:
        out.append(_table(
            f"What the model takes from {part} (the paper's words locate the sentence)",
            ["element", "model element", "paper's words", "also cites"],
            [(_KIND_WORDS[k], n, f"“{p.locator}”", ", ".join(p.literature)) for k, n, p in found],
        ))  # fmt: skip
    if added:
        out.append(_table(
            f"What the essay adds in reading {part} (not in the paper)",
            ["element", "model element", "the essay's reason"],
            [(_KIND_WORDS[k], n, p.why) for k, n, p in added],
        ))  # fmt: skip
    return "\n".join(out)


def additions_html(model: Model | None = None) -> str:
    """Every addition of the essay, with its reason, as one table."""
    rows = [(_KIND_WORDS.get(k, k), n, why) for k, n, why in additions(model)]
    return _table(
        "Everything the essay adds that the paper does not say",
        ["element", "model element", "the essay's reason or choice"],
        rows,
    )
