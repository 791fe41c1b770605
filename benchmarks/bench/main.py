"""The order of a benchmark run: copy the tree, then each section; a section that fails is
reported (its error in results.json, its name in failed_sections) and the others go on.

Defined for: benchmarks/run.py (the entry point calls `main`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builtsite import toc_pages

from bench.book import bench_book
from bench.chapters import DEFAULT_CHAPTER, comparison_moves, pick_comparison_chapter
from bench.context import REPO, Run, log
from bench.diagnosis import bench_diagnosis
from bench.library import bench_library
from bench.live import bench_voila
from bench.machine import loadavg, machine
from bench.report import markdown
from bench.source import snapshot
from bench.targets import TARGETS, targets
from bench.website import bench_site


def parse_args(argv: list[str] | None, description: str | None) -> argparse.Namespace:
    """benchmarks/run.py's options (its --help shows `description`, run.py's first line)."""
    ap = argparse.ArgumentParser(description=description)
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
    return ap.parse_args(argv)


def prepare(args: argparse.Namespace) -> tuple[Run, dict[str, Any]]:
    """The run's folders and the copy of the working tree; results.json's opening fields."""
    quick = args.quick
    out_dir = (args.out or REPO / "benchmarks" / "results" / ("quick" if quick else "")).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    build_dir = (args.build_dir or out_dir / "book").resolve()
    source = snapshot(out_dir / "source", skip=[out_dir, build_dir])
    run = Run(quick, Path(source["path"]), out_dir, build_dir, args.moves or (20 if quick else 50))
    # The sections import the library from the copy (the kernels do, through PYTHONPATH).
    sys.path.insert(0, str(run.src / "lib"))
    log(f"measuring a copy of the working tree in {run.src}")
    res: dict[str, Any] = {
        "quick": quick,
        "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/run.py" + (" --quick" if quick else ""),
        "source": source,
        "machine": machine(),
        "targets_wanted": TARGETS,
    }
    return run, res


class Sections:
    """The results so far, and the names of the sections that failed."""

    def __init__(self, res: dict[str, Any]):
        self.res = res
        self.failed: list[str] = []

    def run(self, key: str, measure: Callable[[], Any]) -> None:
        """res[key] = measure(), or its error; a failure never stops the other sections."""
        try:
            self.res[key] = measure()
        except Exception as e:  # noqa: BLE001 - report and go on with the other sections
            self.res[key] = {"error": f"{type(e).__name__}: {e}"}
            self.failed.append(key)


def require(condition: Any, message: str) -> None:
    """Fail a section whose input is missing, with the reason."""
    if not condition:
        raise RuntimeError(message)


def book_and_site(
    run: Run, sections: Sections, site_arg: Path | None, chapter: str | None, note: str
) -> Path | None:
    """The built site to measure: the one given with --site, else the book built here."""
    if site_arg:
        site = site_arg.resolve()
        sections.res["book"] = {"skipped": f"reused the built site {site}"}
        return site

    def build() -> dict[str, Any]:
        require(not (run.quick and not chapter), note)
        return bench_book(run, chapter)

    sections.run("book", build)
    book = sections.res["book"]
    return Path(book["site"]) if "site" in book else None


def in_browser(
    run: Run, sections: Sections, site: Path | None, pages: list[str], chapter: str | None,
    note: str,
) -> None:  # fmt: skip
    """Sections 3 to 5, with one Playwright."""
    moves_cmp: list[dict[str, Any]] = []
    if chapter:
        moves_cmp, shared = comparison_moves(run.src, chapter, run.n_moves)
        sections.res["comparison_controls"] = shared
    measured = [chapter] if run.quick and chapter else pages
    have_site = bool(site and site.is_dir())

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:

        def website() -> dict[str, Any]:
            require(have_site, f"no built site at {site}")
            return bench_site(run, site, measured, chapter, moves_cmp, p)

        def diagnosis() -> list[dict[str, Any]]:
            # the first page, the compared chapter, and the page with the most charts
            chosen = dict.fromkeys([pages[0], chapter, *[pg for pg in pages if "synthesis" in pg]])
            return [bench_diagnosis(site, page, 5, p) for page in chosen]

        def live() -> dict[str, Any]:
            require(chapter, note)
            return bench_voila(run, chapter, moves_cmp, p)

        sections.run("website", website)
        if not run.quick and chapter and have_site:
            sections.run("diagnosis", diagnosis)
        sections.run("live", live)


def finish(run: Run, sections: Sections, started: float) -> int:
    """Targets, the closing fields, results.json and results.md; 1 if a section failed."""
    res, failed = sections.res, sections.failed
    res["targets"] = targets(res, run.quick)
    res["machine"]["loadavg_end"] = loadavg()
    res["duration_s"] = time.perf_counter() - started
    res["failed_sections"] = failed
    (run.out_dir / "results.json").write_text(json.dumps(res, indent=2, default=str) + "\n")
    (run.out_dir / "results.md").write_text(markdown(res), encoding="utf-8")
    log(f"wrote {run.out_dir / 'results.md'} and {run.out_dir / 'results.json'}")
    print()
    print(markdown(res))
    if failed:
        log(f"failed sections: {', '.join(failed)}")
        return 1
    return 0


def main(argv: list[str] | None = None, description: str | None = None) -> int:
    """Run every section and write the results; the exit code (1 if a section failed)."""
    args = parse_args(argv, description)
    started = time.perf_counter()
    run, res = prepare(args)
    sections = Sections(res)
    pages = toc_pages(run.src)
    chapter, note = pick_comparison_chapter(run.src, args.chapter, pages)
    res["comparison_chapter"], res["comparison_note"] = chapter, note
    if note:
        log(note)
    log("library")
    sections.run("library", lambda: bench_library(run))
    site = book_and_site(run, sections, args.site, chapter, note)
    in_browser(run, sections, site, pages, chapter, note)
    return finish(run, sections, started)
