"""Helpers for the browser tests of the built book: the site folder, loads, chart state, report.

The site folder comes from PATHWAYS_SITE (default: <repo>/_build/html). Its pages, the local
server and Chromium come from tools/builtsite.py (shared with the benchmark): pages are every
.html file of the built site except Sphinx's search and index pages and the static folders;
a page that only redirects (the book's index.html) is checked as a redirect.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
SITE_ENV = "PATHWAYS_SITE"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "screenshots"
REPORT = REPO / "_build" / "site-report.md"
#: Own weight of a page (its HTML with any embedded chart data) must stay under this.
PAGE_LIMIT = 1_000_000
CHART_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1280, "height": 900}

# Uncaught errors a page may raise, each with the reason it cannot be fixed here. Empty:
# every page must load without any uncaught error or console error.
ALLOWED_PAGE_ERRORS: dict[str, str] = {}

#: Lines for the report's notes (e.g. a chart whose sliders cannot cross a threshold).
NOTES: list[str] = []


def note(text: str) -> None:
    if text not in NOTES:
        NOTES.append(text)


def site_dir() -> Path:
    return Path(os.environ.get(SITE_ENV) or REPO / "_build" / "html").resolve()


def missing_site_message(site: Path) -> str:
    return (
        f"The built site is not at {site}: build the book first (bash scripts/build.sh, "
        f"or jupyter-book build ... --path-output DIR) or point {SITE_ENV} at a built "
        "_build/html folder."
    )


# --------------------------------------------------------------------------- chart specs

_CHART_SPEC = re.compile(
    r'<script type="application/json" id="(?P<id>pathways-chart-[0-9a-f]+)-spec" '
    r'data-pathways-format="(?P<format>[\w-]+)">(?P<spec>.*?)</script>',
    flags=re.DOTALL,
)
_CHART_DIV = re.compile(r'<div id="(pathways-chart-[0-9a-f]+)" class="pathways-chart"')


def chart_specs(page_file: Path) -> dict[str, dict]:
    """The spec every chart of a built page draws, by element id (page order): the Vega
    spec compiled at build time (lib/pathways/present/render.py, _ext/vega_charts.py)."""
    text = page_file.read_text(encoding="utf-8")
    specs = {m["id"]: json.loads(m["spec"]) for m in _CHART_SPEC.finditer(text)}
    ids = _CHART_DIV.findall(text)
    return {i: specs.get(i) for i in ids}


def chart_formats(page_file: Path) -> dict[str, str]:
    """The format of every chart spec of a built page (``vega`` once compiled), by id."""
    text = page_file.read_text(encoding="utf-8")
    return {m["id"]: m["format"] for m in _CHART_SPEC.finditer(text)}


# --------------------------------------------------------------------------- in the page

#: Installed before any page script: chart-ready timestamps and helpers to read views.
INIT_SCRIPT = r"""
(() => {
  const times = (window.__siteTestTimes = { ready: [] });
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.attributeName === "data-pathways-state") times.ready.push(performance.now());
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-pathways-state"] });

  function plain(row) {
    const out = {};
    for (const k of Object.keys(row)) {
      const v = row[k];
      if (v === null || ["number", "string", "boolean"].includes(typeof v)) out[k] = v;
      else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v;
    }
    return out;
  }

  window.__siteTest = {
    view(id) {
      const el = document.getElementById(id);
      if (!el || !el.__vegaView) throw new Error("no Vega view on #" + id);
      return el.__vegaView;
    },
    // Every named dataset of the view with its rows (scenegraph datasets left out).
    datasets(id) {
      const view = this.view(id);
      const state = view.getState({ data: () => true, signals: () => false, recurse: true });
      const out = {};
      for (const name of Object.keys(state.data || {}).sort()) {
        let rows;
        try { rows = view.data(name); } catch (e) { continue; }
        if (!Array.isArray(rows)) continue;
        if (rows.some((r) => r && typeof r === "object" && ("mark" in r || "items" in r))) continue;
        out[name] = rows.map(plain);
      }
      return out;
    },
    signals(id, names) {
      const view = this.view(id);
      const out = {};
      for (const n of names) out[n] = view.signal(n);
      return out;
    },
    // The chart's own controls (built by lib/pathways/present/js/runtime.js), one per signal.
    controls(id) {
      const el = document.getElementById(id);
      return Array.from(el.querySelectorAll("[data-pathways-control]")).map((c) => ({
        name: c.getAttribute("data-pathways-control"),
        tag: c.tagName.toLowerCase(),
        type: c.getAttribute("type"),
        value: c.value,
        min: c.getAttribute("min"), max: c.getAttribute("max"), step: c.getAttribute("step"),
        options: c.tagName === "SELECT" ? Array.from(c.options).map((o) => o.value) : [],
      }));
    },
    // Set a control as a reader would, fire the event Vega listens to, wait for the view.
    async set(id, name, value) {
      const el = document.getElementById(id);
      const input = el.querySelector('[data-pathways-control="' + name + '"]');
      if (!input) throw new Error("no control named " + name + " in #" + id);
      input.value = String(value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      if (input.tagName === "SELECT") input.dispatchEvent(new Event("change", { bubbles: true }));
      await this.view(id).runAsync();
      return input.value;
    },
    async settle(id) { await this.view(id).runAsync(); },
    // Until the runtime has announced the last change (its verdict, table and label follow
    // the controls once they settle, not on every step of a drag).
    async announced(id) {
      const el = document.getElementById(id);
      await this.view(id).runAsync();
      for (let i = 0; i < 100 && el.hasAttribute("data-pathways-pending"); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (el.hasAttribute("data-pathways-pending")) throw new Error("#" + id + " never settled");
    },
    // The chart's visible text, for what the reader sees: the drawing's (SVG) text and the
    // verdict the runtime writes beside it (once announced).
    async text(id) {
      await this.announced(id);
      const el = document.getElementById(id);
      const svg = el.querySelector("svg");
      const texts = svg ? Array.from(svg.querySelectorAll("text")).map((t) => t.textContent) : [];
      const status = el.querySelector(".pathways-verdict");
      return status && status.textContent ? [...texts, status.textContent] : texts;
    },
  };
})();
"""

CHARTS_SETTLED = """() => {
  const charts = document.querySelectorAll('.pathways-chart');
  return Array.from(charts).every((c) => c.hasAttribute('data-pathways-state'));
}"""

CHART_STATES = """() => Array.from(document.querySelectorAll('.pathways-chart')).map((c) => ({
  id: c.id,
  state: c.getAttribute('data-pathways-state'),
  error: (c.querySelector('.pathways-chart-error') || {}).textContent || null,
  hasView: !!c.__vegaView,
  role: c.getAttribute('role'),
  label: c.getAttribute('aria-label'),
  controls: Array.from(c.querySelectorAll('[data-pathways-control]')).map((ctl) => {
    const label = ctl.labels && ctl.labels[0] || ctl.closest('fieldset') && ctl.closest('fieldset').querySelector('legend');
    const name = label;
    const visible = (el) => !!el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
      && el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
    return {
      name: ctl.getAttribute('data-pathways-control'),
      tag: ctl.tagName.toLowerCase(),
      inLabel: !!label,
      labelText: name ? name.textContent.trim() : '',
      labelVisible: visible(name),
      controlVisible: visible(ctl),
    };
  }),
}))"""


#: Every Font Awesome icon element of the page: its classes and how it is drawn.
ICON_STATES = """() => Array.from(document.querySelectorAll('i[class*="fa-"]')).map((i) => {
  const style = getComputedStyle(i);
  return {
    classes: i.className,
    mask: style.maskImage || style.webkitMaskImage || 'none',
    width: parseFloat(style.width) || 0,
  };
})"""


def is_local(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (
        parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1" and url.startswith(base)
    )


@dataclass
class Watch:
    """Everything a page did while loading: requests, failures, errors, console."""

    base: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, context, page) -> None:
        def route(r):
            if is_local(r.request.url, self.base):
                r.continue_()
            else:
                self.foreign.append(r.request.url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on(
            "requestfailed",
            lambda r: (
                self.failed.append(f"{r.url} ({r.failure})") if is_local(r.url, self.base) else None
            ),
        )
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None,
        )
        page.on(
            "pageerror",
            lambda e: self.page_errors.append(str(e.message if hasattr(e, "message") else e)),
        )
        page.on(
            "console",
            lambda m: (
                self.console_errors.append(f"{m.text} [{m.location.get('url', '')}]")
                if m.type == "error"
                else None
            ),
        )

    def unexpected_page_errors(self) -> list[str]:
        return [e for e in self.page_errors if e not in ALLOWED_PAGE_ERRORS]


def open_page(browser, base: str, rel: str):
    """A fresh context (cold cache) with a page loading `rel`; charts settled."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    watch = Watch(base)
    watch.attach(context, page)
    start = time.perf_counter()
    page.goto(base + rel, wait_until="load")
    page.wait_for_function(CHARTS_SETTLED, timeout=CHART_TIMEOUT_MS)
    settled = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    return context, page, watch, settled


# --------------------------------------------------------------------------- weights

CATEGORIES = ("page", "theme", "fonts", "vega", "mathjax", "search index")


def category(url_path: str) -> str:
    """Which share of a page's weight a request belongs to."""
    p = url_path.lstrip("/")
    name = p.rsplit("/", 1)[-1]
    if re.search(r"\.(woff2?|ttf|otf|eot)$", name):
        return "fonts"
    if p.startswith("_static/mathjax/"):
        return "mathjax"
    if p.startswith("_static/vendor/"):  # Vega and the chart runtime
        return "vega"
    if p == "searchindex.js":
        return "search index"
    if p.startswith("_static/"):
        return "theme"
    return "page"


@dataclass
class PageLoad:
    """One cold load of a page: what the page tests, the a11y tests and the report read."""

    rel: str
    html_bytes: int
    watch: Watch
    charts: list[dict]
    views: int
    bytes_by_category: dict[str, int]
    gzip_by_category: dict[str, int]
    resources: dict[str, tuple[str, int, int]]  # url path -> (category, raw, gzip)
    load_ms: float
    charts_ms: float | None
    screenshot: Path | None
    axe: dict | None = None
    error: str | None = None
    icons: list[dict] = field(default_factory=list)


def iter_report_rows(loads: dict[str, PageLoad]) -> Iterator[PageLoad]:
    yield from (loads[k] for k in sorted(loads))


def kb(n: int | float) -> str:
    return f"{n / 1024:,.0f} KB" if n >= 1024 else f"{n} B"


def report_markdown(loads: dict[str, PageLoad], notes: list[str], site: Path) -> str:
    lines = [
        "# Site report: weight and speed",
        "",
        f"Site: `{site}`. Cold load of each page in a fresh browser context (no cache), "
        "served by Python's http.server on 127.0.0.1 (no compression: bytes are the files' "
        "sizes; `gzip` is what a host compressing with gzip -6 would send). Times are from "
        "navigation start, on this machine: reported, not asserted.",
        "",
        "| page | HTML | own bytes | shared bytes (gzip) | requests | charts | charts ready | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    shared: dict[str, tuple[str, int, int]] = {}
    for ld in iter_report_rows(loads):
        own = ld.bytes_by_category.get("page", 0)
        sh = sum(v for k, v in ld.bytes_by_category.items() if k != "page")
        shg = sum(v for k, v in ld.gzip_by_category.items() if k != "page")
        ready = f"{ld.charts_ms:,.0f} ms" if ld.charts_ms is not None else "—"
        lines.append(
            f"| {ld.rel} | {kb(ld.html_bytes)} | {kb(own)} | {kb(sh)} ({kb(shg)}) | "
            f"{len(ld.resources)} | {len(ld.charts)} | {ready} | {ld.load_ms:,.0f} ms |"
        )
        for path, v in ld.resources.items():
            if v[0] != "page":
                shared[path] = v
    if shared:
        lines += ["", "## Shared assets (union over all pages)", "",
                  "| category | files | bytes | gzip |", "|---|---:|---:|---:|"]  # fmt: skip
        for cat in CATEGORIES[1:]:
            items = [v for v in shared.values() if v[0] == cat]
            if items:
                lines.append(
                    f"| {cat} | {len(items)} | {kb(sum(i[1] for i in items))} | "
                    f"{kb(sum(i[2] for i in items))} |"
                )
        total_raw = sum(v[1] for v in shared.values())
        total_gz = sum(v[2] for v in shared.values())
        lines.append(f"| **all** | {len(shared)} | {kb(total_raw)} | {kb(total_gz)} |")
        lines += ["", "Largest shared files:", ""]
        for path, v in sorted(shared.items(), key=lambda kv: -kv[1][1])[:12]:
            lines.append(f"- `{path}` ({v[0]}): {kb(v[1])}, gzip {kb(v[2])}")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def screenshot_name(rel: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "__", rel.removesuffix(".html")) + ".png"
