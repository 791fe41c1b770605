"""4. Live: benchmarks/voila_panel.ipynb, i.e. the comparison chapter's `widgets.panel([...],
group=k)`, served by Voila on 127.0.0.1: time until interactive (every slider and the verdict
drawn), and the round trip of the same slider moves as on the static site, typed into the
slider's readout and sent with Enter, from the keydown until the verdict HTML changed. The
live panel must show the library's sentence after every move, as the static chart does.

Defined for: benchmarks/run.py (the report's "Static site vs live panel" table).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from builtsite import free_port, launch

from bench.browser import TIMEOUT_MS, call, cold_load, js
from bench.chapters import chapter_widgets
from bench.context import Run, data_env, log
from bench.fmt import fmt_ms, fmt_s
from bench.stats import median, summarise_moves
from bench.text import squash

#: Seconds Voila may take to listen.
START_TIMEOUT_S = 120
#: What the report takes from the first cold load (as it does for the static site).
FIRST_LOAD = ("bytes", "websocket_bytes", "requests", "external_requests", "largest", "errors")


def voila_command(src: Path, port: int) -> list[str]:
    exe = Path(sys.executable).parent / "voila"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "voila"]
    return [
        *base,
        str(src / "benchmarks" / "voila_panel.ipynb"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]


def process_tree_rss(pid: int) -> dict[str, Any]:
    """Memory of the Voila server and of its kernels (empty without psutil)."""
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


def wait_for_port(proc: subprocess.Popen, port: int, logfile: Path) -> None:
    """Return once something listens on `port`; fail if the server exits or is too slow."""
    deadline = time.time() + START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with {proc.returncode}; see {logfile}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if time.time() > deadline:
            raise RuntimeError(f"voila did not listen on port {port} within {START_TIMEOUT_S} s")
        time.sleep(0.05)


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


def load_with_retries(
    browser: Any, url: str, cond: str, i: int, retries: list[str]
) -> tuple[Any, Any, dict[str, Any]]:
    """Cold load number `i`, tried up to three times (noted in `retries`)."""
    for attempt in range(3):
        try:
            return cold_load(browser, url, cond, "127.0.0.1")
        except Exception as e:  # noqa: BLE001 - e.g. a kernel port taken by another process
            retries.append(f"load {i + 1}: {type(e).__name__}: {str(e)[:200]}")
            log(f"voila: load {i + 1} failed ({type(e).__name__}); trying again")
            with contextlib.suppress(Exception):
                browser.contexts[-1].close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def close_page(context: Any, page: Any) -> None:
    """Close a Voila page so that its kernel is shut down, then its context."""
    with contextlib.suppress(Exception):
        page.close(run_before_unload=True)
    context.close()


def voila_loads(
    browser: Any, url: str, n_controls: int, loads: int, pid: int
) -> tuple[Any, Any, list[dict[str, Any]], list[str]]:
    """Cold loads of the panel, each with the server's memory after it; the last page open."""
    cond = call("voila_ready", str(n_controls))
    runs: list[dict[str, Any]] = []
    retries: list[str] = []
    context = page = None
    for i in range(loads):
        if context:
            close_page(context, page)
        context, page, info = load_with_retries(browser, url, cond, i, retries)
        info.pop("_urls", None)
        info["memory"] = process_tree_rss(pid)
        runs.append(info)
        log(f"voila: load {i + 1}: interactive after {fmt_ms(info['ready_ms'])}")
    return context, page, runs, retries


def live_moves(
    page: Any, panel: dict[str, Any], moves_cmp: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The comparison moves typed into the panel's slider readouts, each timed until the
    verdict changed and compared with the library's sentence."""
    res = []
    index = {name: i for i, name in enumerate(panel["controls"])}
    for mv in moves_cmp:
        page.evaluate(js("voila_arm"))
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
    return res


def live_summary(
    runs: list[dict[str, Any]], retries: list[str], res: list[dict[str, Any]]
) -> dict[str, Any]:
    """results.json's "live" numbers from the loads and the moves."""
    per_kernel = [x for r in runs for x in r["memory"].get("kernel_rss", [])]
    first = runs[0]
    return {
        "cold_loads": len(runs),
        "retries": retries,
        "ready_ms": median([r["ready_ms"] for r in runs]),
        "ready_runs_ms": [r["ready_ms"] for r in runs],
        **{k: first[k] for k in FIRST_LOAD},
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


def voila_pages(
    run: Run, url: str, panel: dict[str, Any], moves_cmp: list[dict[str, Any]], pid: int,
    playwright: Any,
) -> dict[str, Any]:  # fmt: skip
    browser = launch(playwright)
    try:
        loads = 1 if run.quick else 3
        context, page, runs, retries = voila_loads(browser, url, len(panel["controls"]), loads, pid)
        res = live_moves(page, panel, moves_cmp)
        close_page(context, page)
        return live_summary(runs, retries, res)
    finally:
        browser.close()


def bench_voila(
    run: Run, chapter: str, moves_cmp: list[dict[str, Any]], playwright: Any
) -> dict[str, Any]:
    panel = chapter_widgets(run.src, chapter)["panel"]
    env = data_env(run.src)
    env["PATHWAYS_BENCH_PANEL"] = json.dumps(panel)
    port = free_port()
    logfile = run.out_dir / "voila.log"
    out: dict[str, Any] = {"chapter": chapter, "panel": panel, "log": str(logfile)}
    with logfile.open("w", encoding="utf-8") as lf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            voila_command(run.src, port), cwd=run.src, env=env, stdout=lf,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_port(proc, port, logfile)
            out["server_start_s"] = time.perf_counter() - t0
            log(f"voila: listening after {fmt_s(out['server_start_s'])}")
            url = f"http://127.0.0.1:{port}/"
            out.update(voila_pages(run, url, panel, moves_cmp, proc.pid, playwright))
        finally:
            out["after_close"] = process_tree_rss(proc.pid)
            stop(proc)
    return out
