"""What every command of `python -m pathways` shares: errors, NAME=VALUE pairs, tables,
and reading a scenario string beside ``--set`` and ``--variant``.

Why: each command reads a scenario the same way and fails the same way (one line, exit
status 2), so a reader who learns one command knows them all.
"""

from __future__ import annotations

import argparse
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NoReturn

from ..model.scenario_string import read_scenario
from ..model.spec import Spec


class Parser(argparse.ArgumentParser):
    """Usage errors (a missing command, `-n abc`) raise ValueError like any bad input, so
    `main` prints them as one line and exits with status 2, not argparse's usage block."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def pairs(items: Sequence[str], flag: str = "--set", form: str = "NAME=VALUE") -> dict[str, str]:
    """`NAME=VALUE` items as a mapping; a malformed item or a name given twice is an error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ValueError(f"{flag} expects {form}, got {item!r}")
        if name in out:
            raise ValueError(f"{flag} gives {name!r} twice")
        out[name] = value
    return out


def table(rows: list[list[str]]) -> str:
    """Rows of text as left-aligned columns."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def add_scenario_flags(parser: argparse.ArgumentParser, variants: bool = True) -> None:
    """`--scenario`, `--set` (and `--variant`) as `evaluate` has them."""
    parser.add_argument(
        "--scenario",
        metavar="TEXT",
        help="a scenario string (\"engagement=0.3,threat=0.8\"), a preset's name, or a page's "
        "address from the website's 'Copy link'; --set goes on top",
    )
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    if variants:
        parser.add_argument(
            "--variant",
            action="append",
            default=[],
            metavar="DIMENSION=OPTION",
            help="a structural variant of the spec (its `variants`); the others stay at their "
            "defaults",
        )
    parser.add_argument("--json", action="store_true")


@dataclass(frozen=True)
class Given:
    """What a command was given: values (the scenario's, then --set on top, unchecked
    text for --set), variants, the scenario's preset, and its items naming the chart's menus."""

    values: dict[str, object]
    variants: dict[str, str]
    preset: str | None
    menus: dict[str, str]


def given(args: argparse.Namespace, spec: Spec, menus: Collection[str] = ()) -> Given:
    """The scenario of `--scenario`, `--set` and `--variant` (a variant named twice is an
    error); items of the scenario naming one of `menus` are kept apart."""
    values: dict[str, object] = dict(pairs(args.set))
    variants = pairs(getattr(args, "variant", []), "--variant", "DIMENSION=OPTION")
    if args.scenario is None:
        return Given(values, variants, None, {})
    read = read_scenario(args.scenario, spec, menus)
    clash = sorted(set(read.variants) & set(variants))
    if clash:
        raise ValueError(f"--variant and --scenario both choose {', '.join(clash)}")
    return Given({**read.values, **values}, {**variants, **read.variants}, read.preset, read.menus)


def menu(flag: str, given_flag: object, scenario: Given, name: str) -> object:
    """A chart menu's value: from its flag or from the scenario's item `name`, not both."""
    item = scenario.menus.get(name)
    if item is not None and given_flag is not None and str(given_flag) != item:
        raise ValueError(f"{flag} {given_flag} and the scenario's {name}={item} disagree; give one")
    return given_flag if given_flag is not None else item
