"""Command line: `python -m pathways params|evaluate|sample` for scripting and coursework.

Why: instructors and students can query the model without a notebook; bad input prints
one line naming the problem and exits with status 2.

Defined for: the introduction ('How to read this essay') and the README.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .model.compile import Model, compile_model, default_model
from .model.evaluate import evaluate
from .model.montecarlo import sample
from .model.provenance import Provenance
from .model.scenario_string import read_scenario
from .model.scenarios import scenario, scenario_values
from .model.spec import Spec, Variable, load_spec
from .model.structures import SHARES, sample_structures
from .model.variants import ALL, check_variants


def _pairs(items: Sequence[str], flag: str = "--set", form: str = "NAME=VALUE") -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"{flag} expects {form}, got {item!r}")
        if name in out:
            raise ValueError(f"{flag} gives {name!r} twice")
        out[name] = value
    return out


class _Parser(argparse.ArgumentParser):
    """Usage errors (a missing command, `-n abc`) raise ValueError like any bad input, so
    `main` prints them as one line and exits with status 2, not argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m pathways", description=__doc__)
    p.add_argument("--spec", help="a model spec file (default: the packaged model.yaml)")
    sub = p.add_subparsers(dest="command", required=True)
    pp = sub.add_parser("params", help="list every assumption with its range, default and source")
    pp.add_argument("--json", action="store_true")
    ev = sub.add_parser("evaluate", help="evaluate one scenario")
    ev.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    ev.add_argument(
        "--preset",
        metavar="SCENARIO",
        help="start from a named scenario of the spec (its `scenarios`); --set goes on top",
    )
    ev.add_argument(
        "--scenario",
        metavar="TEXT",
        help="a scenario string (\"engagement=0.3,threat=0.8\"), a preset's name, or a page's "
        "address from the website's 'Copy link'; --set goes on top",
    )
    ev.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="DIMENSION=OPTION",
        help="a structural variant of the spec (its `variants`); the others stay at their defaults",
    )
    ev.add_argument("--json", action="store_true")
    sa = sub.add_parser("sample", help="Monte Carlo over the plausible ranges")
    sa.add_argument("-n", type=int, default=100_000)
    sa.add_argument("--seed", type=int, default=0)
    sa.add_argument(
        "--variants",
        metavar="all|DIMENSION[,DIMENSION...]",
        help="also sample these structural variants, one option per draw, and report per structure",
    )
    sa.add_argument("--json", action="store_true")
    return p


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


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


def _evaluate(args: argparse.Namespace, model: Model) -> str:
    """`evaluate`: one scenario (a --preset, then --set on top) as a table or JSON."""
    values: dict[str, Any] = _pairs(args.set)
    variants = _pairs(args.variant, "--variant", "DIMENSION=OPTION")
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
            _table(rows),
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
            _table(rows),
        ]
    )


def run(argv: Sequence[str] | None = None) -> str:
    """Run a command and return its output; raises ValueError on bad input."""
    args = _parser().parse_args(argv)
    model = compile_model(load_spec(args.spec)) if args.spec else default_model()
    if args.command == "params":
        params = _params(model.spec)
        if args.json:
            return json.dumps(params, ensure_ascii=False, indent=2)
        rows = [["name", "label", "min", "max", "default", "source"]]
        rows += [[p["name"], p["label"], f"{p['min']:g}", f"{p['max']:g}", f"{p['default']:g}",
                  p["source"]] for p in params]  # fmt: skip
        return _table(rows) + f"\n\npaper locators: {model.spec.paper_check}"
    if args.command == "evaluate":
        return _evaluate(args, model)
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
            _table(rows),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    try:
        print(run(argv))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
