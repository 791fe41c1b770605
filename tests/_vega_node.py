"""Run Vega and Vega-Lite specs in Node with the project's own vega packages.

Why: the website recomputes the model in the browser from Vega expressions printed by the
library; the only convincing check that those expressions give the library's numbers is to
run them in the real Vega runtime. tests/vega_run.mjs does that headless in Node with
node_modules/vega and node_modules/vega-lite (the versions pinned in package.json).

If Node or node_modules is missing the calling test FAILS with a message saying what to
install; it never skips, so a machine without Node cannot pass the suite by accident.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
RUNNER = Path(__file__).with_name("vega_run.mjs")
PACKAGES = ("vega", "vega-lite")


def node_executable() -> str:
    """The `node` binary, after checking that the vega packages are installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "Node.js ('node') is not on PATH; the Vega backend tests run the generated "
            "expressions in Node. Install Node.js 20 and run `npm ci` in "
            f"{REPO}.",
            pytrace=False,
        )
    for pkg in PACKAGES:
        if not (REPO / "node_modules" / pkg / "package.json").is_file():
            pytest.fail(
                f"{REPO / 'node_modules' / pkg} is missing; run `npm ci` in {REPO} "
                "(the Vega backend tests import the pinned vega and vega-lite from there).",
                pytrace=False,
            )
    return node


def run_vega(jobs: list[dict[str, Any]], workdir: Path) -> list[dict[str, list[dict]]]:
    """Run each job's spec (with optional `signals` set first) and return its data sets.

    Each job is {"spec": vega_or_vega_lite_spec, "signals": {...}}; the result has, per
    job, every top-level data set's rows by name.
    """
    node = node_executable()
    path = workdir / "vega_jobs.json"
    path.write_text(json.dumps(jobs, allow_nan=False), encoding="utf-8")
    proc = subprocess.run(
        [node, str(RUNNER), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    if proc.returncode != 0:
        pytest.fail(f"node {RUNNER.name} failed ({proc.returncode}):\n{proc.stderr}")
    out = json.loads(proc.stdout)
    assert isinstance(out, list) and len(out) == len(jobs)
    return out


def run_formulas(
    rows: list[dict[str, Any]],
    formulas: dict[str, str],
    workdir: Path,
    signals: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Evaluate Vega expressions (one `formula` transform per field) on a table of rows.

    `signals` become top-level Vega signals the expressions can read (as sliders are).
    """
    spec = {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "signals": [{"name": k, "value": v} for k, v in (signals or {}).items()],
        "data": [
            {
                "name": "table",
                "values": rows,
                "transform": [
                    {"type": "formula", "as": name, "expr": expr} for name, expr in formulas.items()
                ],
            }
        ],
    }
    (workdir / "vega_spec.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    (result,) = run_vega([{"spec": spec}], workdir)
    table = result["table"]
    assert len(table) == len(rows)
    return table
