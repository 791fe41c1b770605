"""The point commands: `params`, `evaluate` (one scenario) and `sample` (Monte Carlo).

Why: instructors and students query the model without a notebook; `evaluate` takes the
scenario a page's "Cite and reproduce" shows for an explorer.

Defined for: the introduction ('How to read this essay') and the README.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from ..model.compile import Model
from ..model.evaluate import evaluate
from ..model.montecarlo import sample
from ..model.provenance import Provenance
from ..model.scenario_string import read_scenario
from ..model.scenarios import scenario, scenario_values
from ..model.spec import Spec, Variable
from ..model.structures import SHARES, sample_structures
from ..model.variants import ALL, check_variants
from .common import add_scenario_flags, pairs, table


def add(sub: Any) -> None:
    """The point commands' parsers."""
    pp = sub.add_parser("params", help="list every assumption with its range, default and source")
    pp.add_argument("--json", action="store_true")
    ev = sub.add_parser("evaluate", help="evaluate one scenario")
    ev.add_argument(
        "--preset",
        metavar="SCENARIO",
        help="start from a named scenario of the spec (its `scenarios`); --set goes on top",
    )
    add_scenario_flags(ev)
    sa = sub.add_parser("sample", help="Monte Carlo over the plausible ranges")
    sa.add_argument("-n", type=int, default=100_000)
    sa.add_argument("--seed", type=int, default=0)
    sa.add_argument(
        "--variants",
        metavar="all|DIMENSION[,DIMENSION...]",
        help="also sample these structural variants, one option per draw, and report per structure",
    )
    sa.add_argument("--json", action="store_true")


def _params(spec: Spec) -> list[dict[str, Any]]:
    """Every assumption with its range, default, short source and full provenance."""
    out = []
    for n, a in spec.assumptions.items():
        row: dict[str, Any] = {"name": n, "label": a.label, "min": a.min, "max": a.max,
                               "default": a.default, "source": a.source,
                               "provenance": _provenance(a.provenance)}  # fmt: skip
        if isinstance(a, Variable):
            row["reference"] = {"low": a.reference.low, "high": a.reference.high,
                                "literature": list(a.reference.literature)}  # fmt: skip
        out.append(row)
    return out


def _provenance(p: Provenance) -> dict[str, Any]:
    d = dataclasses.asdict(p)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items() if v}


def evaluate_command(args: argparse.Namespace, model: Model) -> str:
    """`evaluate`: one scenario (a --preset, then --set on top) as a table or JSON."""
    values: dict[str, Any] = pairs(args.set)
    variants = pairs(args.variant, "--variant", "DIMENSION=OPTION")
    if args.scenario is not None:
        values, variants = _with_scenario(args, model.spec, values, variants)
    if args.preset is not None:
        values = scenario_values(args.preset, values, model.spec)
    structure = check_variants(model.spec, variants)
    result = evaluate(values, model, variants)
    if args.json:
        given = {"preset": args.preset} if args.preset is not None else {}
        given |= {"scenario": args.scenario} if args.scenario is not None else {}
        given |= {"variants": structure} if variants else {}
        return json.dumps({**given, **result.to_dict()}, ensure_ascii=False, indent=2)
    rows = [["pathway", "label", "contribution", "d/d engagement"]]
    rows += [[r.id, r.label, f"{r.contribution:+.4f}", f"{r.us_marginal:+.4f}"]
             for r in result.table.itertuples()]  # fmt: skip
    pol = result.policy
    preset = scenario(args.preset, model.spec).label if args.preset else ""
    preset += " (then --set)" if preset and args.set else ""
    chosen = ", ".join(f"{d}={o}" for d, o in structure.items())
    return "\n".join(
        [
            *([f"preset {args.preset}: {preset}", ""] if preset else []),
            *([f"variants: {chosen}", ""] if variants else []),
            table(rows),
            "",
            f"net outcome        {result.net:+.4f}",
            f"US marginal effect {result.us_marginal:+.4f}",
            f"US-dependent share {result.us_share:.1%}",
            f"exclusive ties     {pol.exclusive:+.4f}",
            f"inclusive ties     {pol.inclusive:+.4f}   preferred: {pol.preferred} "
            f"(margin {pol.margin:+.4f})",
            "",
            result.verdict,
        ]
    )


def _with_scenario(
    args: argparse.Namespace, spec: Spec, values: dict[str, Any], variants: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """`--scenario` under `--set` (which goes on top) and beside `--variant`: a preset it
    names becomes `args.preset` (named once), a menu its address chose joins the variants."""
    read = read_scenario(args.scenario, spec)
    if read.preset is not None:
        if args.preset is not None:
            raise ValueError(f"--preset {args.preset!r} and --scenario's preset {read.preset!r}: "
                             "name one preset")  # fmt: skip
        args.preset = read.preset
    clash = sorted(set(read.variants) & set(variants))
    if clash:
        raise ValueError(f"--variant and --scenario both choose {', '.join(clash)}")
    return {**read.values, **values}, {**variants, **read.variants}


def _sample_structures(args: argparse.Namespace, model: Model) -> str:
    """`sample --variants`: the Monte Carlo over numbers and structures, per structure."""
    dims = ALL if args.variants == ALL else [d.strip() for d in args.variants.split(",")]
    s = sample_structures(args.n, args.seed, dims, model)
    if args.json:
        return json.dumps(s.to_dict(), ensure_ascii=False, indent=2)
    heads = ["P(helps)", "P(inclusive)", "mean US share"]
    rows = [[*s.dims, "draws", *heads]]
    for r in s.table.to_dict(orient="records"):
        shares = [f"{r[k]:.3f}" if r["draws"] else "-" for k in SHARES]
        rows.append([*(str(r[d]) for d in s.dims), str(r["draws"]), *shares])
    o = s.overall
    return "\n".join(
        [
            f"draws {s.n} (seed {s.seed}); each draw picks one option of: {', '.join(s.dims)}",
            f"P(more US engagement helps) = {o['p_us_helps']:.3f}",
            f"P(inclusive ties preferred) = {o['p_inclusive_preferred']:.3f}",
            f"mean US-dependent share = {o['mean_us_share']:.3f}",
            "",
            table(rows),
        ]
    )


def params(args: argparse.Namespace, model: Model) -> str:
    """`params`: every assumption with its range, default and source."""
    rows_ = _params(model.spec)
    if args.json:
        return json.dumps(rows_, ensure_ascii=False, indent=2)
    rows = [["name", "label", "min", "max", "default", "source"]]
    rows += [[p["name"], p["label"], f"{p['min']:g}", f"{p['max']:g}", f"{p['default']:g}",
              p["source"]] for p in rows_]  # fmt: skip
    return table(rows) + f"\n\npaper locators: {model.spec.paper_check}"


def sample_command(args: argparse.Namespace, model: Model) -> str:
    """`sample`: the Monte Carlo over the plausible ranges (and structures, with --variants)."""
    if args.variants is not None:
        return _sample_structures(args, model)
    s = sample(args.n, args.seed, model)
    if args.json:
        return json.dumps(s.to_dict(), ensure_ascii=False, indent=2)
    head = s.sensitivity.head(10)
    rows = [["assumption", "flips direction", "flips policy"]]
    rows += [
        [r.name, f"{r.flips_direction:.1%}", f"{r.flips_policy:.1%}"] for r in head.itertuples()
    ]
    q = ", ".join(f"{k}={v:+.3f}" for k, v in s.net_quantiles.items())
    return "\n".join(
        [
            f"draws {s.n} (seed {s.seed})",
            f"P(more US engagement helps) = {s.p_us_helps:.3f}",
            f"P(inclusive ties preferred) = {s.p_inclusive_preferred:.3f}",
            f"P(relations lean to cooperation) = {s.p_cooperation:.3f}",
            f"net quantiles: {q}",
            "",
            table(rows),
        ]
    )


#: Each command's function (args, model) -> output text.
COMMANDS = {"params": params, "evaluate": evaluate_command, "sample": sample_command}
