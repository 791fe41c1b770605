"""The machine a run measured on: CPU, memory, OS, browser and library versions, load.

Timings are one run on one machine; results.json keeps the machine next to every number.

Defined for: benchmarks/run.py (the report's "Machine" line).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import subprocess
from importlib.metadata import version
from pathlib import Path
from typing import Any

from builtsite import CHROMIUM

from bench.context import REPO

#: Python distributions whose versions the report names.
DISTRIBUTIONS = ("jupyter-book", "voila", "ipywidgets", "playwright", "numpy")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _nproc() -> int:
    try:
        return int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        return os.cpu_count() or 0


def _chromium_version() -> str | None:
    try:
        return subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _versions() -> dict[str, str]:
    """Installed versions of DISTRIBUTIONS and the Vega packages pinned in package.json."""
    versions = {}
    for dist in DISTRIBUTIONS:
        with contextlib.suppress(Exception):
            versions[dist] = version(dist)
    with contextlib.suppress(Exception):
        deps = json.loads((REPO / "package.json").read_text())["dependencies"]
        versions.update({k: v for k, v in deps.items() if k.startswith("vega")})
    return versions


def loadavg() -> list[float]:
    """The load average (1, 5, 15 min): a busy shared machine shows here."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    cpu = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    osr = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', _read("/etc/os-release"), re.M)
    return {
        "nproc": _nproc(),
        "cpu_model": cpu.group(1).strip() if cpu else platform.processor(),
        "ram_gib": round(int(mem.group(1)) / 1024**2, 1) if mem else None,
        "os": f"{osr.group(1) if osr else platform.system()} (Linux {platform.release()})",
        "python": platform.python_version(),
        "chromium": _chromium_version(),
        "versions": _versions(),
        "loadavg_start": loadavg(),
    }
