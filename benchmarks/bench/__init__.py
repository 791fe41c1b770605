"""The benchmark's sections, one module each (benchmarks/run.py is the entry point).

main        the order of the sections; a failed section is reported, the others go on
context     the run (options, the copy of the working tree), the log, the kernels' env
source      the copy of the working tree that is built and measured
machine     the machine it ran on
chapters    what a chapter's notebook shows (explorer chart, live panel); slider moves
library     1. the library: evaluate, import, Monte Carlo
book        2. the book: clean build, rebuilds, proof of execution
browser     a cold page load in Chromium: readiness, bytes (the JavaScript is in js/)
website     3. the static site: loads and slider moves per chapter
live        4. the same panel served by Voila
diagnosis   5. where a page's first second goes
targets     6. the targets and whether they were met
report      results.md from results.json
stats, fmt, text   medians and percentiles; how numbers are written; sentence comparison

The server, the Chromium flags and the site's pages come from tools/builtsite.py, shared
with the browser tests in tests/site/.
"""
