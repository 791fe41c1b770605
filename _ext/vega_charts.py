"""Sphinx extension: every chart of the website compiled to Vega at build time, and Vega
loaded early, only on pages with charts.

Why: a chart's script (``lib/pathways/present/render.py``) used to fetch Vega, Vega-Lite
and Vega-Embed one after the other once the page had been parsed, then compile the chart
in the reader's browser. Here each page's HTML has its Vega-Lite specs replaced by Vega
specs (``render.compile_charts``), compiled by vl-convert (``requirements.txt`` pins the
release whose bundled Vega-Lite is the one ``package.json`` pins; ``tests/test_render.py``
checks that Node's ``node_modules/vega-lite`` compiles every chart of the book to the same
Vega), and the page head gets ``<script defer src="_static/vendor/vega.min.js">`` and then the
chart runtime (``lib/pathways/present/js/runtime.js``, copied to
``_static/vendor/pathways-runtime.js`` when the build finishes): the downloads start with
the theme's own files and both have run by DOMContentLoaded. Each chart's inline script is
shrunk to the call that queues it for the runtime (``render.compile_charts``). The runtime
builds the sliders in HTML; the site ships no Vega-Lite and no Vega-Embed.

Pages without a chart load no Vega. Enabled in ``_config.yml`` with
``sphinx: local_extensions: {vega_charts: _ext}``.

Defined for: every chapter with a chart (the website build).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from pathways.present import render
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
#: The attribute that marks the page head's Vega script (tests/site look for it).
MARKER = "data-pathways-vega"
#: The attribute that marks the page head's chart-runtime script.
RUNTIME_MARKER = "data-pathways-runtime"


def vega_lite_pin() -> str:
    """The Vega-Lite version package.json pins (e.g. "6.4.1")."""
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    return str(package["dependencies"]["vega-lite"])


@functools.cache
def compiler(pin: str | None = None) -> Any:
    """A function Vega-Lite spec -> Vega spec, by vl-convert's bundled Vega-Lite `pin`.

    Raises RuntimeError naming the versions when vl-convert bundles no Vega-Lite of the
    pinned major.minor (its patch level is checked by tests/test_render.py against Node).
    """
    import vl_convert

    pin = pin or vega_lite_pin()
    wanted = ".".join(pin.split(".")[:2])
    bundled = list(vl_convert.get_vegalite_versions())
    if wanted not in bundled:
        raise RuntimeError(
            f"vl-convert bundles no Vega-Lite {wanted} (package.json pins {pin}); "
            f"allowed: {', '.join(bundled)}"
        )

    def compile_spec(spec: dict[str, Any]) -> dict[str, Any]:
        return dict(vl_convert.vegalite_to_vega(spec, vl_version=wanted))

    return compile_spec


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    body = context.get("body")
    if not isinstance(body, str) or not render.chart_count(body):
        return
    context["body"] = render.compile_charts(body, compiler())
    path = render.VENDOR_PATHS["vega"].removeprefix("_static/")
    app.add_js_file(path, priority=200, loading_method="defer", **{MARKER: "true"})
    runtime = render.RUNTIME_PATH.removeprefix("_static/")
    app.add_js_file(runtime, priority=201, loading_method="defer", **{RUNTIME_MARKER: "true"})


def _copy_runtime(app: Sphinx, exception: Exception | None) -> None:
    """The chart runtime (package data) written next to vega.min.js in the built site."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / render.RUNTIME_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render.runtime_source(), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", lambda _app: compiler())  # fail early, before any page
    app.connect("html-page-context", _page)
    app.connect("build-finished", _copy_runtime)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
