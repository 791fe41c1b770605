"""The spec described for readers (lib/pathways/present/describe.py): the appendix's tables and
equations are the spec's own, not retyped copies."""

from __future__ import annotations

import dataclasses
import re

from pathways import describe
from pathways.model import default_model, numbers
from pathways.model.expr import to_latex

MODEL = default_model()
SPEC = MODEL.spec


def _latex_name(name: str) -> str:
    return rf"\mathrm{{{name}}}".replace("_", r"\_")


def _origin(prov) -> str:
    return f"paper {prov.section}" if prov.kind == "paper" else prov.kind


def test_variables_table_shows_reference_points_and_origin():
    df = describe.variables_table()
    assert list(df["name"]) == list(SPEC.variables)
    for row in df.to_dict(orient="records"):
        v = SPEC.variables[row["name"]]
        assert (row["label"], row["min"], row["max"], row["default"]) == (
            v.label, v.min, v.max, v.default,
        )  # fmt: skip
        assert row["0 means (the essay's reference point)"] == v.reference.low
        assert row["1 means (the essay's reference point)"] == v.reference.high
        assert row["origin"] == _origin(v.provenance)
        for key in v.reference.literature:
            assert key in row["sources"]


def test_parameters_table_shows_origin_and_the_essays_reasons():
    df = describe.parameters_table()
    assert list(df["name"]) == list(SPEC.parameters)
    for row in df.to_dict(orient="records"):
        a = SPEC.parameters[row["name"]]
        assert (row["label"], row["min"], row["max"], row["default"], row["source"]) == (
            a.label, a.min, a.max, a.default, a.source,
        )  # fmt: skip
        assert row["origin"] == _origin(a.provenance)
        assert row["essay's reason"] == a.provenance.why
    assert set(df["origin"]) >= {"essay", "paper §2(4)"}


def test_links_table_lists_every_link_in_order():
    df = describe.links_table()
    assert list(df.columns) == [
        "pathway", "step", "from", "to", "strength", "origin", "gate", "gate's origin",
    ]  # fmt: skip
    assert len(df) == sum(len(p.links) for p in SPEC.pathways)
    for p in SPEC.pathways:
        rows = df[df["pathway"] == p.id]
        assert list(rows["step"]) == list(range(1, len(p.links) + 1))
        assert list(rows["strength"]) == [lk.strength for lk in p.links]
        assert list(rows["gate"]) == [lk.gate or "" for lk in p.links]
        assert list(rows["origin"]) == [_origin(lk.provenance) for lk in p.links]
        assert list(rows["from"]) == [lk.source_node for lk in p.links]
    assert "essay" in set(df["gate's origin"])


def test_equations_show_every_derived_quantity_pathway_and_transform():
    text = describe.equations()
    displays = re.findall(r"^\$\$(.+)\$\$$", text, flags=re.M)
    transforms = sum(len(pol.transforms) for pol in SPEC.policies.values())
    assert len(displays) == len(SPEC.derived) + len(SPEC.pathways) + 1 + transforms
    for d in SPEC.derived.values():
        assert f"{_latex_name(d.name)} = {to_latex(d.expr)}" in displays
        assert d.why in text
    for p in SPEC.pathways:
        (eq,) = [e for e in displays if e.startswith(rf"c_{{\mathrm{{{p.id}}}}} = ")]
        rhs = eq.split(" = ", 1)[1]
        assert rhs.startswith("-") == (p.sign < 0), p.id
        assert rhs == to_latex(MODEL.contributions[p.id])
        for lk in p.links:
            assert _latex_name(lk.strength) in rhs, (p.id, lk.strength)
            if lk.gate in SPEC.variables:
                assert _latex_name(lk.gate) in rhs
            elif lk.gate:
                assert to_latex(SPEC.derived[lk.gate].expr) in rhs
    for pol in SPEC.policies.values():
        for t in pol.transforms:
            assert any(
                e.startswith(rf"{pol.name}:\quad {_latex_name(t.target)} \mapsto ")
                and _latex_name(t.size) in e
                for e in displays
            ), (pol.name, t.target)


def test_equations_are_balanced_latex():
    for eq in re.findall(r"^\$\$(.+)\$\$$", describe.equations(), flags=re.M):
        assert eq.count("{") == eq.count("}"), eq
        assert eq.count(r"\left") == eq.count(r"\right"), eq


def test_variants_table_lists_every_option_with_its_provenance():
    df = describe.variants_table()
    options = [(d, o) for d, v in SPEC.variants.items() for o in v.options]
    assert list(zip(df["dimension"], df["option"], strict=True)) == options
    for row in df.to_dict(orient="records"):
        v = SPEC.variants[row["dimension"]]
        o = v.options[row["option"]]
        assert (row["what it decides"], row["reading"], row["what it does"]) == (
            v.label, o.label, o.why,
        )  # fmt: skip
        assert row["default"] == ("yes" if o.name == v.default else "")
        assert row["origin"] == _origin(o.provenance)
        assert row["sources"] == "; ".join(o.provenance.literature)
        assert row["basis"] == (o.provenance.why or o.provenance.support)
    # one default per dimension, and the spec's variants are not all of one origin
    assert (df.groupby("dimension")["default"].apply(lambda s: (s == "yes").sum()) == 1).all()
    assert {"paper §2(4)", "essay", "literature"} <= set(df["origin"])


def _which(n: int = 500):
    from pathways import which_model

    return which_model(n, seed=3)


def test_structures_table_prints_which_models_numbers():
    result = _which()
    df = describe.structures_table(result)
    assert len(df) == len(result.table) == 2 ** len(SPEC.variants)
    dims = list(SPEC.variants.values())
    headers = list(df.columns[: len(dims)])
    for v, h in zip(dims, headers, strict=True):
        assert h.startswith(v.label) and f"(default: {v.options[v.default].label})" in h
    for (_, shown), (_, raw) in zip(df.iterrows(), result.table.iterrows(), strict=True):
        for v, h in zip(dims, headers, strict=True):
            want = "default" if raw[v.name] == v.default else v.options[raw[v.name]].label
            assert shown[h] == want
        for col, title in describe.SHARE_COLUMNS.items():
            assert shown[title] == numbers.quote("share", raw[col])
        assert shown["verdict at the default assumptions"] == raw["verdict"]
    # the default structure comes first, every cell of it "default"; no other row is
    assert (df.iloc[0, : len(dims)] == "default").all()
    assert not (df.iloc[1:, : len(dims)] == "default").all(axis=1).any()


def test_structures_table_reads_the_shares_it_is_given():
    """A changed result prints changed numbers: the table is not computed on its own."""
    result = _which()
    doubled = result.table.copy()
    doubled["p_us_helps"] = 1.0
    shown = describe.structures_table(dataclasses.replace(result, table=doubled))
    assert set(shown["more US engagement helps (share of worlds)"]) == {"100%"}
