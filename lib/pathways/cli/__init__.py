"""Command line: `python -m pathways COMMAND` for scripting and coursework.

Why: instructors and students can query the model without a notebook, and every live
chart of the website shows the command that reproduces it: `evaluate` for one scenario
(the explorers), `map`, `diagram` and `check` for the charts that are not one scenario.
Bad input prints one line naming the problem and exits with status 2.

Defined for: the introduction ('How to read this essay'), the README and every chapter's
"Cite and reproduce this scenario".
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..model.compile import compile_model, default_model
from ..model.spec import load_spec
from . import figures, points
from .common import Parser

#: Each command's function (args, model) -> output text, by name.
COMMANDS = {**points.COMMANDS, **figures.COMMANDS}


def _parser() -> argparse.ArgumentParser:
    p = Parser(prog="python -m pathways", description=__doc__)
    p.add_argument("--spec", help="a model spec file (default: the packaged model.yaml)")
    sub = p.add_subparsers(dest="command", required=True)
    points.add(sub)
    figures.add(sub)
    return p


def run(argv: Sequence[str] | None = None) -> str:
    """Run a command and return its output; raises ValueError on bad input."""
    args = _parser().parse_args(argv)
    model = compile_model(load_spec(args.spec)) if args.spec else default_model()
    return COMMANDS[args.command](args, model)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pathways`: print a command's output, or one error line (status 2)."""
    try:
        print(run(argv))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
