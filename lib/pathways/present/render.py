"""An Altair renderer that works offline in the built book and online in Jupyter/Binder.

Register and switch to it with::

    from pathways import render
    render.enable()

Every chart is rendered as a ``<div id=...>`` (``role="figure"``, ``aria-label`` from the
spec's ``description`` or ``title``) holding the ``<div>`` that Vega draws into, then the
spec in a ``<script type="application/json" id="<id>-spec">`` element (its
``data-pathways-format`` says ``vega-lite`` or ``vega``) and a script that queues the chart
for the chart runtime, ``js/runtime.js`` (package data, `runtime_source`):

* in Jupyter and Binder (no content root, no build step) the script also carries the
  runtime, run once per page (``if (!window.pathwaysCharts)``), and where the libraries come
  from (``window.__pathwaysLibraries``): the runtime loads Vega and Vega-Lite from the
  jsDelivr CDN (the exact pinned versions, in parallel) and compiles the Vega-Lite spec in
  the browser;
* in the built book (``<html data-content_root="...">``) ``_ext/vega_charts.py`` compiles
  each spec to Vega at build time and `compile_charts` shrinks each script to the call that
  queues the chart; the page head loads ``vega.min.js`` and the runtime (`RUNTIME_PATH`)
  with ``defer``, so neither Vega-Lite nor Vega-Embed is ever fetched.

The runtime (see its header comment) draws each chart with Vega, builds its controls in HTML
from the spec's signal bindings (44 px touch targets, an exact-value field, step buttons,
``aria-valuetext``, ``data-lm-suppress-shortcuts`` for JupyterLab), writes the verdict the
chart computes into a ``role="status"`` element and the figure's label, fills the "Show the
numbers" table a chart declares in its ``usermeta`` (``charts/readout.py``), fits the
drawing to its column, and offers ``window.pathwaysCharts.register(fn)`` to plugins. It
keeps what browser tests rely on: the view on the outer element (``el.__vegaView``, with
``data-pathways-state="ready"``) and in ``window.__pathwaysViews``; any error written
visibly into the outer ``<div>`` (``data-pathways-state="error"``, ``role="alert"``) and to
``console.error``; the element Vega draws into labelled like the figure.

The library versions have one source of truth: the repository's ``package.json`` (the
versions ``npm ci`` installs and ``scripts/vendor.py`` copies); ``scripts/vendor.py`` writes
them into the package data file ``versions.json``, read when this module is imported.

Defined for: every chapter with a chart (the book's renderer, ``pathways.render``).
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable
from importlib import resources
from typing import Any

import altair as alt

__all__ = [
    "CDN_URLS",
    "NAME",
    "VERSIONS_FILE",
    "VENDOR_PATHS",
    "VERSIONS",
    "chart_count",
    "compile_charts",
    "enable",
    "render",
]

#: The name under which the renderer is registered in ``alt.renderers``.
NAME = "pathways"

#: The pinned versions, package data generated from the repository's package.json by
#: ``scripts/vendor.py`` at setup (``tests/test_render.py`` checks that the two agree).
VERSIONS_FILE = "versions.json"

_LIBRARIES = ("vega", "vega-lite", "vega-embed")
_BUILD_FILES = {
    "vega": "build/vega.min.js",
    "vega-lite": "build/vega-lite.min.js",
    "vega-embed": "build/vega-embed.min.js",
}
#: What the built book serves: Vega alone (its charts are compiled to Vega at build time).
_SITE_LIBRARIES = ("vega",)


def _read_versions() -> dict[str, str]:
    text = resources.files(__package__).joinpath(VERSIONS_FILE).read_text(encoding="utf-8")
    pins = json.loads(text)
    missing = [name for name in _LIBRARIES if name not in pins]
    if missing:
        raise RuntimeError(f"pathways/present/{VERSIONS_FILE} does not pin {', '.join(missing)}")
    return {name: pins[name] for name in _LIBRARIES}


#: Exact versions of vega, vega-lite and vega-embed, from package.json.
VERSIONS: dict[str, str] = _read_versions()

#: Where the built book serves Vega, relative to the page's content root.
VENDOR_PATHS: dict[str, str] = {
    name: "_static/vendor/" + _BUILD_FILES[name].rsplit("/", 1)[1] for name in _SITE_LIBRARIES
}

#: Where Jupyter/Binder loads the libraries from: the same exact versions on jsDelivr.
CDN_URLS: dict[str, str] = {
    name: f"https://cdn.jsdelivr.net/npm/{name}@{VERSIONS[name]}/{_BUILD_FILES[name]}"
    for name in _LIBRARIES
}

#: The spec element of a chart, as `render` writes it (and `compile_charts` rewrites it).
_SPEC_ELEMENT = re.compile(
    r'<script type="application/json" id="(?P<id>pathways-chart-[0-9a-f]+)-spec" '
    r'data-pathways-format="(?P<format>vega-lite|vega)">(?P<json>.*?)</script>',
    flags=re.DOTALL,
)


#: A chart's inline script as `render` writes it (the website shrinks it to the call).
_INLINE_SCRIPT = re.compile(
    r"<script data-pathways-inline>\n.*?"
    r"\.push\(\"(?P<id>pathways-chart-[0-9a-f]+)\"\);\n</script>",
    flags=re.DOTALL,
)


def _title_text(title: Any) -> str | None:
    if isinstance(title, str):
        return title
    if isinstance(title, list):
        return " ".join(str(part) for part in title)
    if isinstance(title, dict):
        return _title_text(title.get("text"))
    return None


def _label(spec: dict[str, Any]) -> str:
    """The chart's text alternative: its description, else its title."""
    for candidate in (spec.get("description"), _title_text(spec.get("title"))):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return "Chart"


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _spec_element(element_id: str, spec: dict[str, Any], fmt: str) -> str:
    return (
        f'<script type="application/json" id="{element_id}-spec" '
        f'data-pathways-format="{fmt}">{_script_json(spec)}</script>'
    )


#: The chart runtime (package data): drawn charts, HTML controls, verdict, numbers, fit.
RUNTIME_FILE = "js/runtime.js"
#: Its plugins, served and inlined with it (js/scenario.js: address, reset, cite, export).
PLUGIN_FILES = ("js/scenario.js",)
#: Where the built book serves the runtime, relative to the page's content root (copied
#: there by ``_ext/vega_charts.py``, next to Vega).
RUNTIME_PATH = "_static/vendor/pathways-runtime.js"
#: The attribute marking a chart's inline script (the one ``compile_charts`` shrinks).
INLINE_MARK = "data-pathways-inline"


def runtime_source() -> str:
    """The chart runtime's JavaScript (what Jupyter inlines and the website serves)."""
    files = (RUNTIME_FILE, *PLUGIN_FILES)
    text = "\n".join(
        resources.files(__package__).joinpath(f).read_text(encoding="utf-8") for f in files
    )
    if "</script" in text.lower():
        raise RuntimeError(f"{RUNTIME_FILE} must not contain '</script' (it is inlined)")
    return text


def _queue(element_id: str) -> str:
    """The per-chart call: queue the chart for the runtime (drawn once it is there)."""
    return (
        f"(window.__pathwaysQueue = window.__pathwaysQueue || []).push({_script_json(element_id)});"
    )


def _inline_script(element_id: str) -> str:
    """Jupyter's script: where the libraries come from, the runtime once per page, the call."""
    libraries = {"versions": VERSIONS, "vendor": VENDOR_PATHS, "cdn": CDN_URLS}
    return (
        f"<script {INLINE_MARK}>\n"
        f"window.__pathwaysLibraries = window.__pathwaysLibraries || {_script_json(libraries)};\n"
        f"if (!window.pathwaysCharts) {{\n{runtime_source()}}}\n"
        f"{_queue(element_id)}\n</script>"
    )


def render(spec: dict[str, Any], embed_options: dict[str, Any] | None = None, **_: Any):
    """Altair renderer: a Vega-Lite spec (dict) -> ``{"text/html": html}``.

    `embed_options` is accepted for Altair's renderer protocol; the runtime always draws SVG.
    """
    element_id = f"pathways-chart-{uuid.uuid4().hex}"
    label = html.escape(_label(spec), quote=True)
    markup = (
        f'<div id="{element_id}" class="pathways-chart" role="figure" aria-label="{label}">'
        '<div class="pathways-chart-view"></div></div>\n'
        f"{_spec_element(element_id, spec, 'vega-lite')}\n"
        f"{_inline_script(element_id)}"
    )
    return {"text/html": markup}


def compile_charts(page: str, compile_spec: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    """Every Vega-Lite chart spec in a page's HTML replaced by `compile_spec`'s Vega spec.

    Why: the browser then needs neither the Vega-Lite compiler nor Vega-Embed, and starts
    from a compiled spec. `compile_spec` is the build's compiler (``_ext/vega_charts.py``:
    vl-convert with the Vega-Lite version package.json pins); a spec it returns without
    Vega's ``$schema`` is refused, so a page can never claim a format it does not hold.

    Defined for: every chapter with a chart (the website build).
    """

    def one(m: re.Match[str]) -> str:
        if m["format"] == "vega":
            return m[0]
        compiled = compile_spec(json.loads(m["json"]))
        schema = compiled.get("$schema", "") if isinstance(compiled, dict) else ""
        if "/schema/vega/" not in schema:
            raise ValueError(
                f"chart {m['id']}: the compiler returned no Vega spec "
                f"($schema {schema!r}; allowed: https://vega.github.io/schema/vega/...)"
            )
        return _spec_element(m["id"], compiled, "vega")

    page = _SPEC_ELEMENT.sub(one, page)
    return _INLINE_SCRIPT.sub(lambda m: f"<script>{_queue(m['id'])}</script>", page)


def chart_count(page: str) -> int:
    """How many charts of this renderer a page's HTML holds."""
    return len(_SPEC_ELEMENT.findall(page))


def enable() -> None:
    """Register the renderer under ``NAME`` (once) and make it Altair's active renderer."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
