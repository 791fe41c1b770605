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
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import pickle
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import timeit
import tracemalloc
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
#: The copy of the working tree that is built and measured (set by `snapshot`), so that edits
#: made in the checkout during a run, and the run's own touching of lib/, stay apart.
SRC = REPO
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium contacts Google's hosts on start. The
# resolver rule makes every host but this machine fail at once, so nothing outside is waited
# for (the static site loads nothing from outside; Voila's page asks a CDN for a font).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 60_000
DEFAULT_CHAPTER = "chapters/pathway2"
SEED = 20240611

TARGETS = {
    "slider_ms": 16.0,
    "interactive_s": 1.0,
    "mc_1e5_s": 0.5,
    "clean_build_s": 90.0,
}

# --------------------------------------------------------------------------------------
# Small helpers


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def median(xs: list[float]) -> float | None:
    return float(statistics.median(xs)) if xs else None


def percentile(xs: list[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), without numpy."""
    if not xs:
        return None
    s = sorted(xs)
    pos = (len(s) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return float(s[lo] + (s[hi] - s[lo]) * (pos - lo))


def squash(text: str) -> str:
    """Text without whitespace, to compare sentences however they were broken into lines."""
    return re.sub(r"\s+", "", text)


def fmt_ms(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms"


def fmt_s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f} s" if x < 10 else f"{x:.0f} s"


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return fmt_s(seconds)


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "–"
    if n < 1024:
        return f"{n:.0f} B"
    if n < 1024**2:
        return f"{n / 1024:.0f} KiB"
    return f"{n / 1024**2:.1f} MiB"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 0.1 else f"{x:.2f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def snapshot(dest: Path, skip: list[Path]) -> dict[str, Any]:
    """Copy the working tree (without .git, builds, node_modules, results) to `dest`."""
    global SRC
    skip_set = {p.resolve() for p in skip}
    top = {".git", "_build", "node_modules", ".venv", ".pytest_cache", ".ruff_cache",
           ".hypothesis", "screenshots"}  # fmt: skip

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve()
        out = {n for n in names if n in ("__pycache__", ".ipynb_checkpoints")}
        out |= {n for n in names if n.endswith(".egg-info")}
        if here == REPO.resolve():
            out |= top & set(names)
        if here == (REPO / "benchmarks").resolve():
            out |= {"results"} & set(names)
        out |= {n for n in names if (here / n).resolve() in skip_set}
        return out

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(REPO, dest, ignore=ignore, symlinks=True)
    SRC = dest
    git = {}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO, capture_output=True, text=True,
        ).stdout.splitlines()  # fmt: skip
        git = {"commit": head, "uncommitted_files": len(dirty)}
    return {"path": str(dest), **git}


def data_env() -> dict[str, str]:
    """The environment for builds and kernels: like .ci/run, find the data mirror if unset.
    Kernels import the library from the snapshot (PYTHONPATH comes before the editable
    install's path entry)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SRC / "lib"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    if not env.get("PATHWAYS_DATA_MIRROR"):
        for candidate in (
            REPO.parent / "shared" / "data" / "mirror",
            Path("/work/shared/data/mirror"),
        ):
            if candidate.is_dir():
                env["PATHWAYS_DATA_MIRROR"] = str(candidate.resolve())
                break
    return env


# --------------------------------------------------------------------------------------
# The machine


def machine() -> dict[str, Any]:
    def read(path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read("/proc/meminfo"), re.M)
    osr = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', read("/etc/os-release"), re.M)
    try:
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        nproc = os.cpu_count() or 0
    try:
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = None
    versions = {}
    for dist in ("jupyter-book", "voila", "ipywidgets", "playwright", "numpy"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[dist] = version(dist)
    with contextlib.suppress(Exception):
        deps = json.loads((REPO / "package.json").read_text())["dependencies"]
        versions.update({k: v for k, v in deps.items() if k.startswith("vega")})
    return {
        "nproc": nproc,
        "cpu_model": cpu.group(1).strip() if cpu else platform.processor(),
        "ram_gib": round(int(mem.group(1)) / 1024**2, 1) if mem else None,
        "os": f"{osr.group(1) if osr else platform.system()} (Linux {platform.release()})",
        "python": platform.python_version(),
        "chromium": chromium,
        "versions": versions,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


# --------------------------------------------------------------------------------------
# 1. Library


def bench_library(quick: bool) -> dict[str, Any]:
    sys.path.insert(0, str(SRC / "lib"))
    import numpy as np
    from pathways import default_model, evaluate
    from pathways.model.montecarlo import sample

    out: dict[str, Any] = {}
    # Import in a fresh process: what a kernel (Voila, Binder, the build) pays per start.
    code = (
        "import time; t = time.perf_counter(); "
        "import pathways.present.charts, pathways.present.widgets, pathways.model.evaluate; "
        "print(time.perf_counter() - t)"
    )
    imports = []
    for _ in range(1 if quick else 3):
        r = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=SRC, env=data_env()
        )
        if r.returncode == 0:
            imports.append(float(r.stdout.strip().splitlines()[-1]))
    out["import_s"] = {"median": median(imports), "runs": imports}

    model = default_model()
    evaluate(model=model)  # warm up (compiles nothing, but fills caches)
    number = 50 if quick else 200
    runs = timeit.repeat(lambda: evaluate(model=model), number=number, repeat=5 if quick else 9)
    per = [r / number for r in runs]
    cpu_runs = timeit.repeat(
        lambda: evaluate(model=model), number=number, repeat=3, timer=time.process_time
    )
    out["evaluate_s"] = {
        "median": median(per),
        "best": min(per),
        "cpu": median([r / number for r in cpu_runs]),
        "calls_per_run": number,
    }

    sizes = [10**3, 10**4, 10**5] if quick else [10**3, 10**4, 10**5, 10**6]
    mc = []
    for n in sizes:
        repeat = (3 if quick else 7) if n <= 10**5 else 3
        sample(min(n, 1000), seed=1, model=model)  # warm up
        times, cpu = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            sample(n, seed=0, model=model)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        tracemalloc.start()
        sample(n, seed=0, model=model)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        row = {
            "n": n,
            "median_s": median(times),
            "best_s": min(times),
            "cpu_s": median(cpu),
            "runs": times,
            "peak_bytes": peak,
            "per_draw_us": median(times) / n * 1e6,
        }
        if mc:
            row["growth_vs_previous"] = row["median_s"] / mc[-1]["median_s"]
        mc.append(row)
        log(f"Monte Carlo {n:>9,}: {fmt_time(row['median_s'])}, peak {fmt_bytes(peak)}")
    # Fitted exponent: time ~ n^k between the two largest sizes (1 = linear).
    if len(mc) >= 2:
        a, b = mc[-2], mc[-1]
        out["mc_exponent_top"] = float(
            np.log(b["median_s"] / a["median_s"]) / np.log(b["n"] / a["n"])
        )
    out["monte_carlo"] = mc
    return out


# --------------------------------------------------------------------------------------
# Chapters: pages, explorer charts and live panels, read from the notebooks


def toc_pages(toc: Path | None = None) -> list[str]:
    import yaml

    toc = toc or SRC / "_toc.yml"
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    pages = [data["root"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk({k: v for k, v in data.items() if k != "root"})
    return [re.sub(r"\.(ipynb|md)$", "", p) for p in pages]


def _calls(source: str, owner: str, name: str) -> list[dict[str, Any]]:
    """Literal arguments of calls like `owner.name([...], group=k)` in a cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == name
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == owner
        ):
            try:
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
            except ValueError:
                continue
            controls = args[0] if args else kwargs.get("controls")
            if isinstance(controls, list | tuple):
                found.append(
                    {
                        "controls": list(controls),
                        "group": kwargs.get("group"),
                        "fixed": kwargs.get("fixed"),
                    }
                )
    return found


def chapter_widgets(page: str) -> dict[str, Any]:
    """The chapter's explorer chart and its live panel, as written in the notebook."""
    path = SRC / f"{page}.ipynb"
    out: dict[str, Any] = {"explorer": None, "panel": None}
    if not path.is_file():
        return out
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = "".join(cell.get("source", []))
        for key, owner, name in (("explorer", "charts", "explorer"), ("panel", "widgets", "panel")):
            if out[key] is None:
                calls = _calls(src, owner, name)
                if calls:
                    out[key] = calls[0]
    return out


def pick_comparison_chapter(wanted: str, pages: list[str]) -> tuple[str | None, str]:
    """The chapter whose explorer and live panel are compared (`wanted`, else the first fit)."""

    def fits(page: str) -> bool:
        w = chapter_widgets(page)
        # Same group, no fixed values on the chart: both then show the same sentence.
        return bool(
            w["explorer"]
            and w["panel"]
            and w["panel"]["group"] is not None
            and w["explorer"]["group"] == w["panel"]["group"]
            and not w["explorer"]["fixed"]
            and set(w["explorer"]["controls"]) & set(w["panel"]["controls"])
        )

    wanted = re.sub(r"\.ipynb$", "", wanted)
    if not wanted.startswith("chapters/"):
        wanted = f"chapters/{wanted}"
    if fits(wanted):
        return wanted, ""
    for page in pages:
        if re.fullmatch(r"chapters/pathway\d+", page) and fits(page):
            return page, (
                f"{wanted} has no explorer chart and live panel of one group; "
                f"compared {page} instead"
            )
    return None, f"no chapter has an explorer chart and a live panel of one group ({wanted} asked)"


def comparison_moves(page: str, count: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Slider moves over the controls the explorer and the panel share, each changing the
    chapter's verdict sentence; with the sentence (from the library) expected after each."""
    from pathways import default_model
    from pathways.model.evaluate import group_verdict

    w = chapter_widgets(page)
    model = default_model()
    shared = [c for c in w["explorer"]["controls"] if c in w["panel"]["controls"]]
    group = w["panel"]["group"]
    rng = random.Random(SEED)
    state: dict[str, float] = {}
    text = group_verdict(group, state, model)
    moves = []
    for i in range(count):
        name = shared[i % len(shared)]
        a = model.spec.assumptions[name]
        step = getattr(a, "step", 0.01) or 0.01
        for attempt in range(200):
            half = (i + attempt) % 2
            u = rng.uniform(0.05, 0.45) + 0.5 * half
            value = round(round((a.min + u * (a.max - a.min)) / step) * step, 6)
            value = min(max(value, a.min), a.max)
            new = group_verdict(group, {**state, name: value}, model)
            if new != text and value != state.get(name, a.default):
                break
        state[name] = value
        text = new
        moves.append({"name": name, "value": value, "expected": text})
    return moves, shared


def generic_moves(inputs: list[dict[str, Any]], count: int, seed: int) -> list[dict[str, Any]]:
    """Moves that alternate each slider between the lower and the upper half of its range."""
    rng = random.Random(seed)
    moves = []
    for i in range(count):
        inp = inputs[i % len(inputs)]
        lo, hi, step = inp["min"], inp["max"], inp["step"] or 0.01
        half = (i // len(inputs)) % 2
        u = rng.uniform(0.05, 0.45) + 0.5 * half
        value = round(round((lo + u * (hi - lo)) / step) * step, 6)
        moves.append({"name": inp["name"], "value": min(max(value, lo), hi)})
    return moves


# --------------------------------------------------------------------------------------
# 2. Book


def jupyter_book() -> list[str]:
    exe = Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    raise RuntimeError("jupyter-book is not installed next to this Python or on PATH")


def run_build(
    args: list[str], build_dir: Path, logfile: Path, env: dict[str, str]
) -> dict[str, Any]:
    cmd = [*jupyter_book(), "build", *args, "--path-output", str(build_dir), "."]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with logfile.open("w", encoding="utf-8") as f:
        r = subprocess.run(cmd, cwd=SRC, env=env, stdout=f, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    text = logfile.read_text(encoding="utf-8", errors="replace")
    warnings = re.search(r"build (?:succeeded|finished with problems), (\d+) warnings?", text)
    return {
        "command": " ".join(["jupyter-book", "build", *args, "--path-output", str(build_dir), "."]),
        "wall_s": wall,
        "cpu_s": cpu,
        "exit_code": r.returncode,
        "warnings": int(warnings.group(1)) if warnings else (0 if r.returncode == 0 else None),
        "log": str(logfile),
    }


def executions(build_dir: Path) -> dict[str, dict[str, Any]]:
    """Per notebook, when and how long myst-nb last executed it (Sphinx's saved environment)."""
    pickled = build_dir / "_build" / ".doctrees" / "environment.pickle"
    with pickled.open("rb") as f:
        env = pickle.load(f)
    out = {}
    for doc, meta in getattr(env, "nb_metadata", {}).items():
        data = (meta or {}).get("exec_data")
        if data:
            out[doc] = {
                "mtime": data.get("mtime"),
                "runtime_s": data.get("runtime"),
                "succeeded": data.get("succeeded"),
                "method": data.get("method"),
            }
    return out


def count_after(ex: dict[str, dict[str, Any]], since: float) -> int:
    return sum(1 for e in ex.values() if (e["mtime"] or 0) > since)


def touch_lib() -> float:
    """Set the modification time of every library file to now (contents unchanged)."""
    now = time.time()
    for path in (SRC / "lib" / "pathways").iterdir():
        if path.suffix in (".py", ".yaml"):
            os.utime(path, (now, now))
    return now


def bench_book(build_dir: Path, out_dir: Path, quick: bool, chapter: str | None) -> dict[str, Any]:
    env = data_env()
    flags = ["--all", "-W", "-n", "--keep-going"]
    result: dict[str, Any] = {"build_dir": str(build_dir), "flags": flags}
    if quick:
        # A one-chapter book: same settings, only the comparison chapter in its table of
        # contents. Its links to other chapters cannot resolve, so -W is dropped.
        toc = out_dir / "_toc_quick.yml"
        toc.write_text(f"format: jb-book\nroot: {chapter}\n", encoding="utf-8")
        flags = ["--all", "-n", "--keep-going", "--toc", str(toc)]
        result.update(flags=flags, scope=f"one chapter ({chapter}), quick mode")
    else:
        result["scope"] = "the whole book (_toc.yml)"
    if build_dir.exists():
        shutil.rmtree(build_dir)
    log(f"book: clean build into {build_dir}")
    clean = run_build(flags, build_dir, out_dir / "build-clean.log", env)
    ex_clean = executions(build_dir)
    clean["notebooks"] = len(ex_clean)
    clean["executed"] = len(ex_clean)
    clean["slowest"] = sorted(
        ({"doc": d, "runtime_s": e["runtime_s"]} for d, e in ex_clean.items()),
        key=lambda r: -(r["runtime_s"] or 0),
    )
    log(f"book: clean build {fmt_s(clean['wall_s'])} (exit {clean['exit_code']})")

    log("book: rebuild with nothing changed")
    mark = time.time()
    noop = run_build(flags, build_dir, out_dir / "build-noop.log", env)
    ex = executions(build_dir)
    noop.update(notebooks=len(ex), executed=count_after(ex, mark))

    log("book: rebuild after touching lib/")
    touched = touch_lib()
    lib = run_build(flags, build_dir, out_dir / "build-touch-lib.log", env)
    ex = executions(build_dir)
    lib.update(
        notebooks=len(ex),
        executed=count_after(ex, touched),
        touched_at=touched,
        proof=(
            "myst-nb's execution record in _build/.doctrees/environment.pickle: "
            f"{count_after(ex, touched)} of {len(ex)} notebooks executed after lib/ was touched"
        ),
    )

    result.update(clean=clean, noop=noop, touch_lib=lib)
    if not quick:
        log("book: rebuild after touching lib/, without --all (for comparison)")
        touched = touch_lib()
        inc_flags = [f for f in flags if f != "--all"]
        inc = run_build(inc_flags, build_dir, out_dir / "build-touch-lib-no-all.log", env)
        ex = executions(build_dir)
        inc.update(notebooks=len(ex), executed=count_after(ex, touched))
        result["touch_lib_without_all"] = inc
    result["site"] = str(build_dir / "_build" / "html")
    return result


# --------------------------------------------------------------------------------------
# 3. Website and 4. Voila, in headless Chromium


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser context closed while a file was still being sent: not an error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# Records, at the first animation frame where `cond` holds, performance.now() (0 = start of
# navigation), so "ready" means drawn and about to be painted.
READY_SCRIPT = """
(() => {
  const cond = %s;
  const bench = window.__bench = {ready: null, libs: {}, longtasks: 0, longtask_ms: 0};
  // When each chart library's global is set (vega-embed's is set once it has run).
  for (const name of ['vega', 'vegaLite', 'vegaEmbed']) {
    let value;
    try {
      Object.defineProperty(window, name, {
        configurable: true, enumerable: true,
        get() { return value; },
        set(v) { value = v; if (!(name in bench.libs)) bench.libs[name] = performance.now(); },
      });
    } catch (e) { /* leave the global alone */ }
  }
  // Main-thread work in long tasks (> 50 ms) before the page was ready.
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) {
        if (e.startTime < (bench.ready === null ? Infinity : bench.ready)) {
          bench.longtasks += 1;
          bench.longtask_ms += e.duration;
        }
      }
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { /* not supported */ }
  const poll = () => {
    let ok = false;
    try { ok = cond(); } catch (e) { ok = false; }
    if (ok) { bench.ready = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""

STATIC_READY = """() => {
  if (document.readyState === 'loading') return false;
  const n = document.querySelectorAll('.pathways-chart').length;
  if (n === 0) return document.readyState === 'complete';
  return (window.__pathwaysViews || []).length >= n;
}"""

VOILA_READY = """() => {
  const sliders = document.querySelectorAll('.widget-slider').length;
  const verdict = [...document.querySelectorAll('.widget-html-content')]
    .some(e => e.textContent.startsWith('Verdict.'));
  return sliders >= %d && verdict;
}"""

# The sliders of every chart on the page, by chart index.
CHART_INPUTS = """() => [...document.querySelectorAll('.pathways-chart')].map((el, i) => ({
  index: i,
  state: el.getAttribute('data-pathways-state'),
  inputs: [...el.querySelectorAll('.vega-bindings input[type=range]')].map(inp => ({
    name: inp.name, min: +inp.min, max: +inp.max, step: +inp.step || 0.01,
  })),
}))"""

# Slider moves on one chart: set the value, dispatch 'input', await the view's dataflow run
# (Vega redraws the SVG inside it), read the verdict (the chart's last text mark), then wait
# for the next animation frame.
STATIC_MOVES = """async ({index, moves}) => {
  const el = document.querySelectorAll('.pathways-chart')[index];
  const view = el.__vegaView;
  const text = () => {
    const marks = el.querySelectorAll('g.mark-text.role-mark');
    return marks.length ? marks[marks.length - 1].textContent : '';
  };
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const out = [];
  for (const mv of moves) {
    const input = el.querySelector('.vega-bindings input[name="' + mv.name + '"]');
    await frame();
    await new Promise(r => setTimeout(r, 0));
    const before = text();
    const t0 = performance.now();
    input.value = String(mv.value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await view.runAsync();
    const t1 = performance.now();
    const after = text();
    await frame();
    const t2 = performance.now();
    out.push({name: mv.name, value: mv.value, update_ms: t1 - t0, frame_ms: t2 - t0,
              changed: after !== before, signal: view.signal(mv.name), text: after});
  }
  return out;
}"""

# One live move: watch the verdict; t0 is the Enter keydown's timestamp, t1 the mutation
# that changed the verdict's text, t2 the next animation frame.
VOILA_ARM = """() => {
  const verdict = [...document.querySelectorAll('.widget-html-content')]
    .find(e => e.textContent.startsWith('Verdict.'));
  const before = verdict.textContent;
  const mv = window.__mv = {t0: null, t1: null, t2: null, text: null};
  if (!window.__mvKey) {
    window.__mvKey = true;
    document.addEventListener('keydown', e => {
      if (e.key === 'Enter' && window.__mv && window.__mv.t0 === null) window.__mv.t0 = e.timeStamp;
    }, true);
  }
  const obs = new MutationObserver(() => {
    if (mv.t1 === null && verdict.textContent !== before) {
      mv.t1 = performance.now();
      mv.text = verdict.textContent;
      obs.disconnect();
      requestAnimationFrame(() => { mv.t2 = performance.now(); });
    }
  });
  obs.observe(verdict, {childList: true, subtree: true, characterData: true});
}"""


class Network:
    """Bytes over the wire for one page, from the DevTools protocol."""

    def __init__(self, context: Any, page: Any, host: str):
        self.bytes = 0
        self.ws_bytes = 0
        self.requests = 0
        self.failed = 0
        self.external = 0
        self.urls: dict[str, str] = {}
        self.finished: list[str] = []
        self.by_url: dict[str, int] = {}
        self.host = host
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketFrameReceived", self._ws)
        cdp.on("Network.webSocketFrameSent", self._ws)
        cdp.send("Network.enable")
        self.cdp = cdp

    def _request(self, e: dict) -> None:
        url = e["request"]["url"]
        self.urls[e["requestId"]] = url
        if url.startswith("http") and urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
            self.external += 1

    def _finished(self, e: dict) -> None:
        self.requests += 1
        size = int(e.get("encodedDataLength") or 0)
        url = self.urls.get(e["requestId"], "")
        self.bytes += size
        self.finished.append(url)
        key = urlsplit(url).path
        self.by_url[key] = self.by_url.get(key, 0) + size

    def _failed(self, e: dict) -> None:
        self.failed += 1

    def _ws(self, e: dict) -> None:
        self.ws_bytes += len((e.get("response") or {}).get("payloadData") or "")

    def snapshot(self) -> dict[str, Any]:
        return {
            "bytes": self.bytes,
            "requests": self.requests,
            "failed": self.failed,
            "external_requests": self.external,
            "websocket_bytes": self.ws_bytes,
            "largest": sorted(self.by_url.items(), key=lambda kv: -kv[1])[:6],
        }


def gzip_bytes(site: Path, base: str, urls: list[str], cache: dict[str, int]) -> int:
    """What the same files weigh gzipped (as a static host such as GitHub Pages sends them)."""
    total = 0
    for url in urls:
        if not url.startswith(base):
            continue
        rel = unquote(urlsplit(url).path).lstrip("/")
        path = site / rel
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        key = str(path)
        if key not in cache:
            cache[key] = len(gzip.compress(path.read_bytes(), 6))
        total += cache[key]
    return total


def launch(p: Any) -> Any:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is not at {CHROMIUM}: apt-get install chromium")
    return p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def cold_load(
    browser: Any, url: str, cond: str, host: str, block: tuple[str, ...] | None = None
) -> tuple[Any, Any, dict[str, Any]]:
    """Open `url` in a fresh context (empty cache) and wait until `cond` holds.

    With `block` (possibly empty), every request goes through an interception route and
    those whose path contains one of its strings are aborted.
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(READY_SCRIPT % cond)
    if block is not None:

        def route(r: Any) -> None:
            path = urlsplit(r.request.url).path
            if any(b in path for b in block):
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    net = Network(context, page, host)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function("window.__bench && window.__bench.ready !== null", timeout=TIMEOUT_MS)
    wall = time.perf_counter() - t0
    nav = page.evaluate(
        """() => { const n = performance.getEntriesByType('navigation')[0] || {};
        const b = window.__bench;
        return {ready: b.ready, dcl: n.domContentLoadedEventEnd || null,
                load: n.loadEventEnd || null, response_end: n.responseEnd || null,
                vega_embed_loaded: b.libs.vegaEmbed === undefined ? null : b.libs.vegaEmbed,
                longtasks: b.longtasks, longtask_ms: b.longtask_ms}; }"""
    )
    # Let late requests (fonts, images below the fold) finish before counting bytes.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=10_000)
    info = {"ready_ms": nav["ready"], "wall_s": wall, "nav": nav, "errors": errors[:5]}
    info.update(net.snapshot())
    info["_urls"] = list(net.finished)
    return context, page, info


# "Painted within one frame": the first animation frame after the update came at most this
# long after the input. A static move starts just after a frame, so when its update fits in
# the frame budget it is painted ~16.7 ms later (60 Hz), else a frame or more later.
PAINT_MS = 25.0


def summarise_moves(moves: list[dict[str, Any]], key: str = "update_ms") -> dict[str, Any]:
    xs = [m[key] for m in moves if m.get(key) is not None]
    out = {
        "n": len(xs),
        "median_ms": median(xs),
        "p95_ms": percentile(xs, 95),
        "max_ms": max(xs) if xs else None,
    }
    if key == "frame_ms":
        out["painted_within"] = sum(1 for x in xs if x <= PAINT_MS)
    return out


def bench_site(
    site: Path,
    pages: list[str],
    quick: bool,
    comparison: str | None,
    moves_cmp: list[dict[str, Any]],
    n_moves: int,
    playwright: Any,
) -> dict[str, Any]:
    server, base = serve(site)
    browser = launch(playwright)
    loads = 1 if quick else 5
    gz_cache: dict[str, int] = {}
    out: dict[str, Any] = {"base": base, "cold_loads_per_page": loads, "pages": []}
    try:
        out["browser"] = browser.version
        for page_name in pages:
            if not (site / f"{page_name}.html").is_file():
                log(f"website: {page_name}.html is not in the site; skipped")
                continue
            url = f"{base}/{page_name}.html"
            runs = []
            context = page = None
            for _ in range(loads):
                if context:
                    context.close()
                context, page, info = cold_load(browser, url, STATIC_READY, "127.0.0.1")
                info["gzip_bytes"] = gzip_bytes(site, base, info.pop("_urls"), gz_cache)
                runs.append(info)
            charts = page.evaluate(CHART_INPUTS)
            row: dict[str, Any] = {
                "page": page_name,
                "charts": len(charts),
                "charts_failed": sum(1 for c in charts if c["state"] != "ready"),
                "ready_ms": median([r["ready_ms"] for r in runs]),
                "ready_runs_ms": [r["ready_ms"] for r in runs],
                "bytes": runs[0]["bytes"],
                "gzip_bytes": runs[0]["gzip_bytes"],
                "requests": runs[0]["requests"],
                "external_requests": runs[0]["external_requests"],
                "largest": runs[0]["largest"],
                "errors": runs[0]["errors"],
                "nav": [r["nav"] for r in runs],
                "vega_loaded_ms": median(
                    [r["nav"]["vega_embed_loaded"] for r in runs if r["nav"]["vega_embed_loaded"]]
                ),
                "slider_charts": [],
            }
            for chart in charts:
                if not chart["inputs"] or chart["state"] != "ready":
                    continue
                compared = page_name == comparison and moves_cmp and chart["index"] == 0
                if compared:
                    moves = [{"name": m["name"], "value": m["value"]} for m in moves_cmp]
                else:
                    moves = generic_moves(chart["inputs"], n_moves, SEED + chart["index"])
                res = page.evaluate(STATIC_MOVES, {"index": chart["index"], "moves": moves})
                entry = {
                    "index": chart["index"],
                    "sliders": [i["name"] for i in chart["inputs"]],
                    "moves": len(res),
                    "changed": sum(1 for m in res if m["changed"]),
                    "update": summarise_moves(res, "update_ms"),
                    "frame": summarise_moves(res, "frame_ms"),
                    "compared": bool(compared),
                }
                if compared:
                    # The chart breaks the sentence over lines (SVG text loses the breaks).
                    want = [squash(m["expected"]) for m in moves_cmp]
                    got = [squash(m["text"]) for m in res]
                    entry["verdict_matches_library"] = sum(
                        1 for a, b in zip(want, got, strict=True) if a == b
                    )
                    entry["raw"] = res
                row["slider_charts"].append(entry)
            worst = max(
                row["slider_charts"], key=lambda c: c["update"]["median_ms"] or 0, default=None
            )
            row["worst_update"] = worst["update"] if worst else None
            row["worst_frame"] = worst["frame"] if worst else None
            out["pages"].append(row)
            log(
                f"website: {page_name}: ready {fmt_ms(row['ready_ms'])}, "
                f"{fmt_bytes(row['bytes'])}, slider median "
                f"{fmt_ms(worst['update']['median_ms']) if worst else '–'}"
            )
            context.close()
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
    return out


# Where a chart page's first second goes: the same page with the theme's icon script or
# MathJax left out (every condition, the baseline too, goes through the same request route).
DIAGNOSIS = {
    "as built": (),
    "without the theme's fontawesome.js": ("fontawesome.js",),
    "without MathJax": ("/mathjax/",),
    "without both": ("fontawesome.js", "/mathjax/"),
}


def bench_diagnosis(site: Path, page_name: str, loads: int, playwright: Any) -> dict[str, Any]:
    server, base = serve(site)
    browser = launch(playwright)
    out: dict[str, Any] = {"page": page_name, "loads": loads, "conditions": []}
    try:
        url = f"{base}/{page_name}.html"
        requested: list[str] = []
        for label, block in DIAGNOSIS.items():
            if block and not all(any(b in u for u in requested) for b in block):
                continue  # the page does not load it
            runs = []
            for _ in range(loads):
                context, _page, info = cold_load(browser, url, STATIC_READY, "127.0.0.1", block)
                if not block:
                    requested = info["_urls"]
                runs.append(info)
                context.close()
            out["conditions"].append(
                {
                    "label": label,
                    "blocked": list(block),
                    "ready_ms": median([r["ready_ms"] for r in runs]),
                    "dcl_ms": median([r["nav"]["dcl"] for r in runs if r["nav"]["dcl"]]),
                    "vega_loaded_ms": median(
                        [
                            r["nav"]["vega_embed_loaded"]
                            for r in runs
                            if r["nav"]["vega_embed_loaded"]
                        ]
                    ),
                    "longtask_ms": median([r["nav"]["longtask_ms"] for r in runs]),
                    "bytes": runs[0]["bytes"],
                }
            )
            c = out["conditions"][-1]
            log(f"diagnosis {page_name} {label}: ready {fmt_ms(c['ready_ms'])}")
    finally:
        browser.close()
        server.shutdown()
        server.server_close()
    return out


def voila_command(port: int) -> list[str]:
    exe = Path(sys.executable).parent / "voila"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "voila"]
    return [
        *base,
        str(SRC / "benchmarks" / "voila_panel.ipynb"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]


def process_tree_rss(pid: int) -> dict[str, Any]:
    try:
        import psutil
    except ImportError:
        return {}
    try:
        proc = psutil.Process(pid)
        kids = proc.children(recursive=True)
        kernels = [k for k in kids if "ipykernel" in " ".join(k.cmdline())]
        return {
            "server_rss": proc.memory_info().rss,
            "kernels": len(kernels),
            "kernel_rss": [k.memory_info().rss for k in kernels],
        }
    except psutil.Error:
        return {}


def bench_voila(
    chapter: str, moves_cmp: list[dict[str, Any]], quick: bool, playwright: Any, out_dir: Path
) -> dict[str, Any]:
    w = chapter_widgets(chapter)
    panel = w["panel"]
    env = data_env()
    env["PATHWAYS_BENCH_PANEL"] = json.dumps(panel)
    port = free_port()
    logfile = out_dir / "voila.log"
    out: dict[str, Any] = {"chapter": chapter, "panel": panel, "log": str(logfile)}
    with logfile.open("w", encoding="utf-8") as lf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            voila_command(port), cwd=SRC, env=env, stdout=lf, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.time() + 120
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"voila exited with {proc.returncode}; see {logfile}")
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), 0.2),
                ):
                    break
                if time.time() > deadline:
                    raise RuntimeError(f"voila did not listen on port {port} within 120 s")
                time.sleep(0.05)
            out["server_start_s"] = time.perf_counter() - t0
            log(f"voila: listening after {fmt_s(out['server_start_s'])}")
            browser = launch(playwright)
            try:
                out.update(_voila_pages(browser, url, panel, moves_cmp, quick, proc.pid))
            finally:
                browser.close()
        finally:
            out["after_close"] = process_tree_rss(proc.pid)
            stop(proc)
    return out


def _voila_pages(
    browser: Any, url: str, panel: dict[str, Any], moves_cmp: list[dict[str, Any]], quick: bool,
    pid: int,
) -> dict[str, Any]:  # fmt: skip
    loads = 1 if quick else 3
    cond = VOILA_READY % len(panel["controls"])
    runs = []
    context = page = None
    retries = []
    for i in range(loads):
        if context:
            with contextlib.suppress(Exception):
                page.close(run_before_unload=True)
            context.close()
        for attempt in range(3):
            try:
                context, page, info = cold_load(browser, url, cond, "127.0.0.1")
                break
            except Exception as e:  # noqa: BLE001 - e.g. a kernel port taken by another process
                retries.append(f"load {i + 1}: {type(e).__name__}: {str(e)[:200]}")
                log(f"voila: load {i + 1} failed ({type(e).__name__}); trying again")
                with contextlib.suppress(Exception):
                    browser.contexts[-1].close()
                if attempt == 2:
                    raise
        info.pop("_urls", None)
        info["memory"] = process_tree_rss(pid)
        runs.append(info)
        log(f"voila: load {i + 1}: interactive after {fmt_ms(info['ready_ms'])}")
    res = []
    index = {name: i for i, name in enumerate(panel["controls"])}
    for mv in moves_cmp:
        page.evaluate(VOILA_ARM)
        readout = page.locator(".widget-slider").nth(index[mv["name"]]).locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(f"{mv['value']:.2f}")
        page.keyboard.press("Enter")
        page.wait_for_function("window.__mv && window.__mv.t2 !== null", timeout=TIMEOUT_MS)
        r = page.evaluate("() => window.__mv")
        res.append(
            {
                "name": mv["name"],
                "value": mv["value"],
                "update_ms": r["t1"] - r["t0"],
                "frame_ms": r["t2"] - r["t0"],
                "text": r["text"],
                "matches_library": squash(r["text"]) == squash(f"Verdict. {mv['expected']}"),
            }
        )
    kernels = [r["memory"].get("kernel_rss", []) for r in runs]
    per_kernel = [x for ks in kernels for x in ks]
    with contextlib.suppress(Exception):
        page.close(run_before_unload=True)
    context.close()
    return {
        "cold_loads": loads,
        "retries": retries,
        "ready_ms": median([r["ready_ms"] for r in runs]),
        "ready_runs_ms": [r["ready_ms"] for r in runs],
        "bytes": runs[0]["bytes"],
        "websocket_bytes": runs[0]["websocket_bytes"],
        "requests": runs[0]["requests"],
        "external_requests": runs[0]["external_requests"],
        "largest": runs[0]["largest"],
        "errors": runs[0]["errors"],
        "nav": [r["nav"] for r in runs],
        "server_rss": runs[-1]["memory"].get("server_rss"),
        "kernel_rss": median(per_kernel) if per_kernel else None,
        "kernels_alive_max": max((r["memory"].get("kernels", 0) for r in runs), default=0),
        "moves": len(res),
        "verdict_matches_library": sum(1 for m in res if m["matches_library"]),
        "update": summarise_moves(res, "update_ms"),
        "frame": summarise_moves(res, "frame_ms"),
        "raw": res,
    }


def stop(proc: subprocess.Popen) -> None:
    """Stop a server this script started: its own process group, politely first."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        proc.wait(timeout=10)


# --------------------------------------------------------------------------------------
# Targets and the report


def targets(res: dict[str, Any], quick: bool) -> list[dict[str, Any]]:
    rows = []
    site = res.get("website") or {}
    pages = site.get("pages", [])
    medians = [
        (p["page"], c["update"]["median_ms"])
        for p in pages
        for c in p["slider_charts"]
        if c["update"]["median_ms"] is not None
    ]
    if medians:
        page, worst = max(medians, key=lambda x: x[1])
        rows.append(
            {
                "target": f"slider to updated view ≤ {TARGETS['slider_ms']:.0f} ms median",
                "value": worst,
                "shown": f"worst chart median {fmt_ms(worst)} ({page})",
                "met": worst <= TARGETS["slider_ms"],
            }
        )
    readies = [(p["page"], p["ready_ms"]) for p in pages if p["ready_ms"] is not None]
    if readies:
        page, worst = max(readies, key=lambda x: x[1])
        rows.append(
            {
                "target": f"every chapter interactive within {TARGETS['interactive_s']:.0f} s",
                "value": worst / 1000,
                "shown": f"slowest {fmt_ms(worst)} ({page})",
                "met": worst / 1000 <= TARGETS["interactive_s"],
            }
        )
    lib = res.get("library") or {}
    mc = {r["n"]: r for r in lib.get("monte_carlo", [])}
    if 10**5 in mc:
        v = mc[10**5]["median_s"]
        rows.append(
            {
                "target": f"Monte Carlo of 10^5 draws < {TARGETS['mc_1e5_s']} s",
                "value": v,
                "shown": fmt_time(v),
                "met": v < TARGETS["mc_1e5_s"],
            }
        )
    book = res.get("book") or {}
    if book.get("clean"):
        v = book["clean"]["wall_s"]
        nproc = res["machine"]["nproc"]
        rows.append(
            {
                "target": f"clean build < {TARGETS['clean_build_s']:.0f} s on 2 cores",
                "value": v,
                "shown": f"{fmt_s(v)} on {nproc} cores"
                + (" (one-chapter book: not comparable)" if quick else ""),
                "met": None if quick else v < TARGETS["clean_build_s"],
            }
        )
    return rows


def markdown(res: dict[str, Any]) -> str:
    m = res["machine"]
    quick = res["quick"]
    lines = [
        f"Run: {'quick' if quick else 'full'}, {res['started']}, `{res['command']}`, "
        f"{fmt_s(res['duration_s'])} in all, on a copy of the working tree at commit "
        f"{res.get('source', {}).get('commit', '?')[:7]}"
        + (
            f" with {res['source']['uncommitted_files']} files changed"
            if res.get("source", {}).get("uncommitted_files")
            else ""
        )
        + ".",
        "",
        f"Machine: `nproc` {m['nproc']}, {m['cpu_model']}, {m['ram_gib']} GiB RAM, {m['os']}, "
        f"Python {m['python']}, {m['chromium'] or 'Chromium ?'} (headless, via Playwright). "
        f"Load average (1, 5, 15 min) at start {', '.join(map(str, m['loadavg_start']))}, "
        f"at end {', '.join(map(str, m.get('loadavg_end', [])))}.",
        "",
    ]

    lib = res.get("library")
    lines += [
        "**Library** (wall time, median and best of repeated runs; CPU = process time, "
        "median; peak memory traced by tracemalloc)",
        "",
    ]
    if lib and not lib.get("error"):
        lines += [
            "| what | median | best | CPU | peak memory | per draw | ×time for ×10 draws |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| one scenario evaluation (`evaluate()`) | {fmt_time(lib['evaluate_s']['median'])} "
            f"| {fmt_time(lib['evaluate_s']['best'])} | {fmt_time(lib['evaluate_s'].get('cpu'))} "
            "| – | – | – |",
            f"| `import pathways` (fresh process) | {fmt_time(lib['import_s']['median'])} "
            "| – | – | – | – | – |",
        ]
        for r in lib["monte_carlo"]:
            exp = int(round(len(str(r["n"])) - 1))
            growth = f"×{r['growth_vs_previous']:.1f}" if "growth_vs_previous" in r else "–"
            lines.append(
                f"| Monte Carlo, 10^{exp} draws | {fmt_time(r['median_s'])} | "
                f"{fmt_time(r['best_s'])} | {fmt_time(r['cpu_s'])} | {fmt_bytes(r['peak_bytes'])} | "
                f"{r['per_draw_us']:.2f} µs | {growth} |"
            )
    else:
        lines.append(f"Failed: {lib and lib.get('error')}")
    lines.append("")

    book = res.get("book")
    if book and not book.get("error") and book.get("clean"):
        lines += [
            f"**Book** ({book['scope']}; `jupyter-book build {' '.join(book['flags'])}`; "
            "CPU = user + system time of the build and its kernels)",
            "",
            "| build | wall | CPU | notebooks executed | exit (warnings) |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        names = [
            ("clean", "clean build, every chapter executed"),
            ("noop", "rebuild, nothing changed"),
            ("touch_lib", "rebuild after touching lib/"),
            ("touch_lib_without_all", "same, without `--all` (not used: stale pages)"),
        ]
        for key, label in names:
            b = book.get(key)
            if b is None:
                continue
            suffix = " after the touch" if key.startswith("touch") else ""
            lines.append(
                f"| {label} | {fmt_s(b['wall_s'])} | {fmt_s(b['cpu_s'])} | "
                f"{b['executed']} of {b['notebooks']}{suffix} | {b['exit_code']} "
                f"({b['warnings'] if b['warnings'] is not None else '?'}) |"
            )
        slow = book["clean"]["slowest"][:4]
        if slow:
            lines += [
                "",
                "Slowest notebooks in the clean build: "
                + ", ".join(f"{s['doc'].split('/')[-1]} {fmt_s(s['runtime_s'])}" for s in slow)
                + ".",
            ]
    else:
        lines.append(f"**Book**: {(book or {}).get('error') or (book or {}).get('skipped')}")
    lines.append("")

    site = res.get("website")
    if site and not site.get("error"):
        lines += [
            f"**Website** (static, 127.0.0.1; median of {site['cold_loads_per_page']} cold "
            "loads; slider moves: median / 95th percentile over every chart with sliders, "
            "the slowest chart shown)",
            "",
            "| chapter | charts | Vega loaded | all charts rendered "
            "| slider → view and verdict updated | painted ≤ 25 ms | verdict changed "
            "| cold load (served / gzip) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for p in site["pages"]:
            u = p["worst_update"]
            moves = sum(c["moves"] for c in p["slider_charts"])
            changed = sum(c["changed"] for c in p["slider_charts"])
            painted = sum(c["frame"].get("painted_within", 0) for c in p["slider_charts"])
            lines.append(
                f"| {p['page'].split('/')[-1]} | {p['charts']} | {fmt_ms(p['vega_loaded_ms'])} | "
                f"{fmt_ms(p['ready_ms'])} | "
                + (f"{fmt_ms(u['median_ms'])} / {fmt_ms(u['p95_ms'])}" if u else "–")
                + " | "
                + (f"{painted}/{moves}" if moves else "–")
                + " | "
                + (f"{changed}/{moves}" if moves else "–")
                + f" | {fmt_bytes(p['bytes'])} / {fmt_bytes(p['gzip_bytes'])} |"
            )
        lines += [
            "",
            "Vega loaded: when the chart libraries had run. Slider: median / 95th percentile "
            "of the slowest chart on the page; painted ≤ 25 ms: moves whose first animation "
            "frame after the update came within 25 ms of the input (all charts); verdict "
            "changed: moves that changed the sentence (the others still redrew the bars).",
        ]
    else:
        lines.append(f"**Website**: {site.get('error') if site else 'skipped'}")
    lines.append("")

    live = res.get("live")
    if live and not live.get("error") and site and not site.get("error"):
        page = next((p for p in site["pages"] if p["page"] == live["chapter"]), None)
        chart = next((c for c in (page or {}).get("slider_charts", []) if c["compared"]), None)
        lines += [
            f"**Static site vs live panel (Voila {m['versions'].get('voila', '?')})**, chapter "
            f"{live['chapter'].split('/')[-1]}: the same {live['moves']} slider moves on "
            f"{', '.join(sorted({r['name'] for r in live['raw']}))}"
            + (f" ({res['comparison_note']})" if res.get("comparison_note") else ""),
            "",
            "| measure | static site | live (Voila, 127.0.0.1) | static / live |",
            "| --- | ---: | ---: | ---: |",
        ]

        def ratio(a: float | None, b: float | None) -> float | None:
            return a / b if a is not None and b else None

        s_ready, l_ready = (page or {}).get("ready_ms"), live["ready_ms"]
        lines.append(
            f"| time until interactive (cold load) | {fmt_ms(s_ready)} | {fmt_ms(l_ready)} | "
            f"{fmt_ratio(ratio(s_ready, l_ready))} |"
        )
        if chart:
            for key, label in (("median_ms", "median"), ("p95_ms", "95th percentile")):
                s, lv = chart["update"][key], live["update"][key]
                lines.append(
                    f"| slider → verdict updated, {label} | {fmt_ms(s)} | {fmt_ms(lv)} | "
                    f"{fmt_ratio(ratio(s, lv))} |"
                )
            s, lv = chart["frame"]["median_ms"], live["frame"]["median_ms"]
            lines.append(
                f"| slider → next animation frame, median | {fmt_ms(s)} | {fmt_ms(lv)} | "
                f"{fmt_ratio(ratio(s, lv))} |"
            )
            lines.append(
                f"| moves painted ≤ 25 ms after the input | "
                f"{chart['frame']['painted_within']} of {chart['moves']} | "
                f"{live['frame']['painted_within']} of {live['moves']} | |"
            )
            lines.append(
                f"| verdict equals the library's sentence | {chart.get('verdict_matches_library')}"
                f" of {chart['moves']} | {live['verdict_matches_library']} of {live['moves']} | |"
            )
        lines += [
            f"| bytes on a cold load | {fmt_bytes((page or {}).get('bytes'))} | "
            f"{fmt_bytes(live['bytes'])} + {fmt_bytes(live['websocket_bytes'])} websocket | |",
            f"| server memory per reader | 0 (static files) | "
            f"{fmt_bytes(live['kernel_rss'])} (one kernel each; {live['kernels_alive_max']} "
            f"alive after {live['cold_loads']} visits) | |",
            f"| server start (once) | – | {fmt_s(live['server_start_s'])} | |",
        ]
    elif live:
        lines.append(f"**Live (Voila)**: {live.get('error') or 'skipped'}")
    lines.append("")

    diag = res.get("diagnosis")
    if isinstance(diag, list) and diag:
        lines += [
            f"**Where a page's first second goes** (median of {diag[0]['loads']} cold loads, "
            "every request through an interception route)",
            "",
            "| page | DOMContentLoaded | Vega loaded | all charts rendered "
            "| main thread in long tasks | bytes |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for d in diag:
            for c in d["conditions"]:
                lines.append(
                    f"| {d['page'].split('/')[-1]}, {c['label']} | {fmt_ms(c['dcl_ms'])} | "
                    f"{fmt_ms(c['vega_loaded_ms'])} | {fmt_ms(c['ready_ms'])} | "
                    f"{fmt_ms(c['longtask_ms'])} | {fmt_bytes(c['bytes'])} |"
                )
        lines.append("")

    lines += ["**Targets**", "", "| target | result | met |", "| --- | --- | --- |"]
    for t in res.get("targets", []):
        met = "n/a" if t["met"] is None else ("yes" if t["met"] else "**no**")
        lines.append(f"| {t['target']} | {t['shown']} | {met} |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: one chapter, fewer repeats")
    ap.add_argument("--out", type=Path, help="results folder (default benchmarks/results[/quick])")
    ap.add_argument(
        "--site",
        type=Path,
        default=os.environ.get("PATHWAYS_BENCH_SITE") or None,
        help="measure this built site (…/_build/html) and skip the book builds "
        "(also from PATHWAYS_BENCH_SITE)",
    )
    ap.add_argument("--build-dir", type=Path, help="where the book is built (default <out>/book)")
    ap.add_argument(
        "--chapter",
        default=DEFAULT_CHAPTER,
        help=f"chapter compared with Voila ({DEFAULT_CHAPTER})",
    )
    ap.add_argument("--moves", type=int, help="slider moves per chart (default 50, quick 20)")
    args = ap.parse_args(argv)

    quick = args.quick
    out_dir = (args.out or REPO / "benchmarks" / "results" / ("quick" if quick else "")).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    build_dir = (args.build_dir or out_dir / "book").resolve()
    n_moves = args.moves or (20 if quick else 50)

    started = time.perf_counter()
    source = snapshot(out_dir / "source", skip=[out_dir, build_dir])
    sys.path.insert(0, str(SRC / "lib"))
    log(f"measuring a copy of the working tree in {SRC}")
    res: dict[str, Any] = {
        "quick": quick,
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/run.py" + (" --quick" if quick else ""),
        "source": source,
        "machine": machine(),
        "targets_wanted": TARGETS,
    }
    failed = []

    pages = toc_pages()
    chapter, note = pick_comparison_chapter(args.chapter, pages)
    res["comparison_chapter"], res["comparison_note"] = chapter, note
    if note:
        log(note)

    log("library")
    try:
        res["library"] = bench_library(quick)
    except Exception as e:  # noqa: BLE001 - report and go on with the other sections
        res["library"] = {"error": f"{type(e).__name__}: {e}"}
        failed.append("library")

    site = args.site.resolve() if args.site else None
    if site:
        res["book"] = {"skipped": f"reused the built site {site}"}
    else:
        try:
            if quick and not chapter:
                raise RuntimeError(note)
            res["book"] = bench_book(build_dir, out_dir, quick, chapter)
            site = Path(res["book"]["site"])
        except Exception as e:  # noqa: BLE001
            res["book"] = {"error": f"{type(e).__name__}: {e}"}
            failed.append("book")

    moves_cmp: list[dict[str, Any]] = []
    if chapter:
        moves_cmp, shared = comparison_moves(chapter, n_moves)
        res["comparison_controls"] = shared
    measured = [chapter] if quick and chapter else pages

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        try:
            if not site or not site.is_dir():
                raise RuntimeError(f"no built site at {site}")
            res["website"] = bench_site(site, measured, quick, chapter, moves_cmp, n_moves, p)
        except Exception as e:  # noqa: BLE001
            res["website"] = {"error": f"{type(e).__name__}: {e}"}
            failed.append("website")
        if not quick and chapter and site and site.is_dir():
            try:
                res["diagnosis"] = [
                    bench_diagnosis(site, page, 5, p) for page in dict.fromkeys([pages[0], chapter])
                ]
            except Exception as e:  # noqa: BLE001
                res["diagnosis"] = {"error": f"{type(e).__name__}: {e}"}
                failed.append("diagnosis")
        try:
            if not chapter:
                raise RuntimeError(note)
            res["live"] = bench_voila(chapter, moves_cmp, quick, p, out_dir)
        except Exception as e:  # noqa: BLE001
            res["live"] = {"error": f"{type(e).__name__}: {e}"}
            failed.append("live")

    res["targets"] = targets(res, quick)
    res["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    res["duration_s"] = time.perf_counter() - started
    res["failed_sections"] = failed
    (out_dir / "results.json").write_text(json.dumps(res, indent=2, default=str) + "\n")
    (out_dir / "results.md").write_text(markdown(res), encoding="utf-8")
    log(f"wrote {out_dir / 'results.md'} and {out_dir / 'results.json'}")
    print()
    print(markdown(res))
    if failed:
        log(f"failed sections: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
