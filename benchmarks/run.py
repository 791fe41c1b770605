"""Benchmarks: the library, the book build, the static website, and the same panel live in Voila.

    python benchmarks/run.py                  # full run: results in benchmarks/results/
    python benchmarks/run.py --quick          # smoke run (~2 min): benchmarks/results/quick/
    python benchmarks/run.py --site DIR       # measure an already built site, skip the builds

Writes <out>/results.md (the tables the README shows) and <out>/results.json (every number,
with the machine it ran on), plus the build logs. Timings are one run on one machine: the
tests only check that the benchmark works (tests/test_benchmarks.py), never how fast it is.

What it measures:

1. Library: one scenario evaluation; Monte Carlo at 10^3 ... 10^6 draws (time and peak
   memory, traced with tracemalloc) and how cost grows with the number of draws.
2. Book: a clean build with every chapter executed (the command of scripts/build.sh, into its
   own folder), a rebuild with nothing changed, and a rebuild after touching lib/, with proof
   from Sphinx's environment that every notebook ran again after the touch; also the same
   rebuild without --all, which shows why build.sh passes --all.
3. Website: the built site served on 127.0.0.1 to headless Chromium. Per chapter, over cold
   loads (fresh browser context): time until every chart has rendered (length of
   window.__pathwaysViews equals the number of .pathways-chart elements), and bytes
   transferred. Then slider moves on every chart with sliders: performance.now() before
   the 'input' event, then await view.runAsync() (dataflow run and SVG redrawn) and check
   that the verdict text (the chart's last text mark) changed; "next frame" adds the wait
   for the following requestAnimationFrame.
4. Live: benchmarks/voila_panel.ipynb, i.e. the same chapter's `widgets.panel([...],
   group=k)`, served by Voila on 127.0.0.1: time until interactive (every slider and the
   verdict drawn), and the round trip of the same slider moves, typed into the slider's
   readout and sent with Enter, from the keydown until the verdict HTML changed. The static
   chart and the live panel must show the same verdict sentence after every move.
5. Diagnosis (full run): the comparison chapter's page loaded without the theme's
   fontawesome.js, without MathJax, and without both, to show where its first second goes.
6. Targets: slider to updated view <= 16 ms median; every chapter interactive within 1 s;
   Monte Carlo of 10^5 draws under 0.5 s; a clean build under 90 s.

Everything runs on a copy of the working tree in <out>/source (kernels import the library
from it through PYTHONPATH), so edits made in the checkout during a run do not mix into it
and touching lib/ leaves the checkout alone.

Quick mode builds a one-chapter book (the comparison chapter) three times, measures that
chapter's page and its live panel with fewer repeats, and runs Monte Carlo up to 10^5.

The code: one module per section in benchmarks/bench/ (listed in its __init__.py), the
JavaScript run in the pages in benchmarks/bench/js/, and the server and browser shared with the
site tests in tools/builtsite.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The sections (benchmarks/bench/) and the shared built-site helpers (tools/builtsite.py).
sys.path[:0] = [str(HERE), str(HERE.parent / "tools")]

from bench.main import main  # noqa: E402 - after the path lines above

if __name__ == "__main__":
    sys.exit(main(description=__doc__.split("\n\n")[0]))
