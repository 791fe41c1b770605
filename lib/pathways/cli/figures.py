"""The figure commands: `map`, `diagram` and `check`, the charts that are not one scenario.

Why: every live chart on the website shows, under "Cite and reproduce this scenario", a
command that gives the numbers it shows. A tipping map's share, the framework diagram's
highlighted total and the evidence check's summary are not one evaluation, so each has
its command here. Each takes the page's scenario string or address (its menus too: a
map's ``xaxis``, the diagram's ``highlight``, the check's ``period_start``), and computes
with the same library functions the chapters quote (thresholds.map_share,
highlights.is_highlighted, evidence.summary).

Defined for: 'Synthesis' and 'Conclusion' (map), 'The framework' (diagram), 'Checking the
pathways against the record' (check).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from ..model.compile import Model, with_variants
from ..model.evaluate import check_assumptions, evaluate
from ..model.expr import to_text
from ..model.highlights import ALL, HIGHLIGHTS, highlight_sentence, is_highlighted
from ..model.names import lookup
from ..model.scenario_string import format_scenario
from ..model.thresholds import MENUS, POSITIVE, map_share, share_sentence
from ..record.evidence import END, START, summary
from .common import Given, add_scenario_flags, given, menu, table


def add(sub: Any) -> None:
    """The figure commands' parsers."""
    mp = sub.add_parser("map", help="a tipping map: the share of cells on the positive side")
    mp.add_argument(
        "--x", metavar="ASSUMPTION", help="the horizontal axis (or xaxis= in the scenario)"
    )
    mp.add_argument(
        "--y", metavar="ASSUMPTION", help="the vertical axis (or yaxis= in the scenario)"
    )
    mp.add_argument("--quantity", default="net", metavar="|".join(POSITIVE))
    mp.add_argument(
        "--resolution", type=int, default=31, metavar="N", help="cells per axis (2-101)"
    )
    add_scenario_flags(mp)
    dg = sub.add_parser("diagram", help="the framework diagram: contributions, highlighted total")
    dg.add_argument("--highlight", metavar="OPTION", help=f"one of: {', '.join(HIGHLIGHTS)}")
    add_scenario_flags(dg)
    ck = sub.add_parser("check", help="the evidence check: the model's net per year of a period")
    ck.add_argument("--from", dest="start", metavar="YEAR", help="first year (or period_start=)")
    ck.add_argument("--to", dest="end", metavar="YEAR", help="last year (or period_end=)")
    add_scenario_flags(ck, variants=False)  # fmt: skip


def _values(model: Model, g: Given) -> dict[str, float]:
    """The scenario's own values, checked (the ones it names; the rest stay at defaults)."""
    checked = check_assumptions(model.spec, g.values)
    return {n: checked[n] for n in model.spec.assumptions if n in g.values}


def _scenario(model: Model, values: dict[str, float], variants: dict[str, str]) -> str:
    """The scenario as the page writes it (spec order, step precision)."""
    return format_scenario(values, model.spec, variants)


def _dump(out: dict[str, Any]) -> str:
    return json.dumps(out, ensure_ascii=False, indent=2)


def map_command(args: argparse.Namespace, model: Model) -> str:
    """`map`: the share of a tipping map's cells where the verdict names the positive side."""
    g = given(args, model.spec, MENUS)
    given_x, given_y = menu("--x", args.x, g, MENUS[0]), menu("--y", args.y, g, MENUS[1])
    if given_x is None or given_y is None:
        raise ValueError("map needs two axes: --x and --y (or xaxis= and yaxis= in --scenario)")
    x, y = str(given_x), str(given_y)
    lookup("quantity", args.quantity, POSITIVE)
    quantity = args.quantity
    m = with_variants(model, g.variants)
    values = _values(model, g)
    share = map_share(x, y, quantity, values, m, args.resolution)
    sentence = to_text(share_sentence(m, (x, y), quantity),
                       {MENUS[0]: x, MENUS[1]: y, "share": share})  # fmt: skip
    out = {"scenario": _scenario(model, values, g.variants), "x": x, "y": y,
           "quantity": quantity, "resolution": args.resolution, "values": values,
           "variants": dict(m.variants), "share": share, "sentence": sentence}  # fmt: skip
    if args.json:
        return _dump(out)
    return "\n".join([f"map of {quantity}: x={x}, y={y}, {args.resolution}x{args.resolution} cells",
                      f"scenario: {out['scenario'] or 'the defaults'}",
                      f"share of cells on the positive side: {share:.6f}", "", sentence])  # fmt: skip


def diagram_command(args: argparse.Namespace, model: Model) -> str:
    """`diagram`: each pathway's contribution and what the highlighted ones add up to."""
    g = given(args, model.spec, ("highlight",))
    option = str(menu("--highlight", args.highlight, g, "highlight") or ALL)
    lookup("highlight", option, dict.fromkeys(HIGHLIGHTS))
    values = _values(model, g)
    result = evaluate(values, model, g.variants)
    rows = [{"id": r.id, "label": r.label, "contribution": float(r.contribution),
             "highlighted": is_highlighted(option, int(r.sign), str(r.driver_kind))}
            for r in result.table.itertuples()]  # fmt: skip
    lit = [r["contribution"] for r in rows if r["highlighted"]]
    count, total = len(lit), float(sum(lit))
    sentence = to_text(highlight_sentence(), {"count": count, "total": total})
    out = {"scenario": _scenario(model, values, g.variants), "highlight": option,
           "values": values, "pathways": rows, "count": count, "total": total,
           "sentence": sentence}  # fmt: skip
    if args.json:
        return _dump(out)
    lines = [["pathway", "label", "contribution", "highlighted"]]
    lines += [[r["id"], r["label"], f"{r['contribution']:+.4f}", "yes" if r["highlighted"] else ""]
              for r in rows]  # fmt: skip
    head = f"highlight: {option}; scenario: {out['scenario'] or 'the defaults'}"
    return "\n".join([head, "", table(lines), "", sentence])


def _year(flag: str, value: object) -> int:
    """A year from a flag or the address (text): an integer, else a clear error."""
    if value is None:
        raise ValueError(f"check needs {flag} YEAR (or {START}=/{END}= in --scenario)")
    try:
        return int(str(value))
    except ValueError:
        raise ValueError(f"{flag} expects a year (an integer), got {value!r}") from None


def check_command(args: argparse.Namespace, model: Model) -> str:
    """`check`: the evidence check's summary of a period at the scenario's assumptions."""
    g = given(args, model.spec, (START, END))
    start = _year("--from", menu("--from", args.start, g, START))
    end = _year("--to", menu("--to", args.end, g, END))
    s = summary(start, end, g.values, model)
    values = _values(model, g)
    out = {"scenario": _scenario(model, values, {}), "values": values,
           **dataclasses.asdict(s)}  # fmt: skip
    if args.json:
        return _dump(out)
    lines = [["indicator", "years", "trend per decade", "r with net"]]
    lines += [[t.label, str(t.years), f"{t.per_decade:+.4f}", f"{t.r:+.3f}"]
              for t in s.trends.values()]  # fmt: skip
    head = (f"period {s.start}-{s.end} ({s.years} years): friction {s.friction}, "
            f"cooperation {s.cooperation}, net {s.net_min:+.4f} to {s.net_max:+.4f}")  # fmt: skip
    return "\n".join([head, f"scenario: {out['scenario'] or 'the defaults'}", "",
                      table(lines), "", s.sentence])  # fmt: skip


#: Each command's function (args, model) -> output text.
COMMANDS = {"map": map_command, "diagram": diagram_command, "check": check_command}
