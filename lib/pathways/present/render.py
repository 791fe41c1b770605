"""An Altair renderer that works offline in the built book and online in Jupyter/Binder.

Register and switch to it with::

    from pathways import render
    render.enable()

Every chart is rendered as a ``<div id=...>`` (``role="figure"``, ``aria-label`` from the
spec's ``description`` or ``title``) holding the ``<div>`` that Vega draws into, then the
spec in a ``<script type="application/json" id="<id>-spec">`` element (its
``data-pathways-format`` says ``vega-lite`` or ``vega``) and a small ``<script>`` that

* in the built book (``<html data-content_root="...">``, Sphinx 7) draws a spec that
  ``_ext/vega_charts.py`` compiled to Vega at build time (``compile_charts`` below), with
  Vega alone: the page head loads ``vega.min.js`` early (``defer``), the sliders are Vega's
  own signal bindings, and neither Vega-Lite nor Vega-Embed is ever fetched;
* in Jupyter and Binder (no content root, no build step) draws the Vega-Lite spec with
  Vega-Embed, loading Vega, Vega-Lite and Vega-Embed from the jsDelivr CDN (the exact
  pinned versions, downloaded in parallel, run in order) once per page: the kernel needs no
  Vega-Lite compiler there, and a kernel start costs far more than the download;
* keeps the resulting view on the outer element (``el.__vegaView``, with
  ``data-pathways-state="ready"``) and in ``window.__pathwaysViews`` so browser tests can
  read the view's data;
* writes any error visibly into the outer ``<div>`` (``data-pathways-state="error"``) and to
  ``console.error``.

The text alternative sits on the outer element because Vega overwrites the role and label
of the element it draws into (with "Vega visualization" when the spec has no description);
the script gives that element the same label.

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

_DEFAULT_EMBED_OPTIONS: dict[str, Any] = {"actions": False, "renderer": "svg"}

#: The spec element of a chart, as `render` writes it (and `compile_charts` rewrites it).
_SPEC_ELEMENT = re.compile(
    r'<script type="application/json" id="(?P<id>pathways-chart-[0-9a-f]+)-spec" '
    r'data-pathways-format="(?P<format>vega-lite|vega)">(?P<json>.*?)</script>',
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


_SCRIPT = """\
(function () {
  "use strict";
  var id = %(id)s;
  var embedOptions = %(options)s;
  var versions = %(versions)s;
  var vendorPaths = %(vendor)s;
  var cdnUrls = %(cdn)s;
  var label = %(label)s;
  var el = document.getElementById(id);
  var specEl = document.getElementById(id + "-spec");
  var compiled = specEl.getAttribute("data-pathways-format") === "vega";
  var globals = {"vega": "vega", "vega-lite": "vegaLite", "vega-embed": "vegaEmbed"};
  var root = document.documentElement.dataset.content_root;

  function present(name) {
    var lib = window[globals[name]];
    return !!lib && lib.version === versions[name];
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;  // downloaded in parallel, run in the order added
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  // The missing libraries, all requested at once. The UMD builds register as AMD modules
  // when RequireJS is on the page (classic notebook, pages with widgets): `define` is
  // hidden until they have run, so they set their globals instead.
  function load(names) {
    var missing = names.filter(function (name) { return !present(name); });
    if (!missing.length) { return Promise.resolve(); }
    var define = window.define;
    var hide = typeof define === "function" && define.amd;
    if (hide) { window.define = undefined; }
    var loads = missing.map(function (name) {
      return loadScript(root !== undefined && vendorPaths[name] ?
        root + vendorPaths[name] : cdnUrls[name]);
    });
    return Promise.all(loads).finally(function () { if (hide) { window.define = define; } });
  }

  // One promise per page and set of libraries. In the book the page head loads Vega with
  // `defer`: it has run by DOMContentLoaded, so nothing is fetched here.
  function libraries() {
    var key = compiled ? "__pathwaysVegaReady" : "__pathwaysEmbedReady";
    if (!window[key]) {
      var names = compiled ? ["vega"] : ["vega", "vega-lite", "vega-embed"];
      var parsed = document.readyState !== "loading" ? Promise.resolve() :
        new Promise(function (resolve) {
          document.addEventListener("DOMContentLoaded", resolve, {once: true});
        });
      window[key] = parsed.then(function () { return load(names); });
      window[key].catch(function () { window[key] = null; });
    }
    return window[key];
  }

  function draw(target, spec) {
    if (!compiled) {
      return window.vegaEmbed(target, spec, embedOptions).then(function (r) { return r.view; });
    }
    // What Vega-Embed would do for a compiled spec with these options: an SVG view, its
    // element styled as `.vega-embed` (print.css), the sliders bound by Vega itself.
    target.classList.add("vega-embed");
    target.style.cssText = "position: relative; display: inline-block; box-sizing: border-box;";
    var view = new window.vega.View(window.vega.parse(spec), {renderer: embedOptions.renderer});
    return view.initialize(target).runAsync();
  }

  libraries()
    .then(function () {
      return draw(el.querySelector(".pathways-chart-view"), JSON.parse(specEl.textContent));
    })
    .then(function (view) {
      var target = el.querySelector(".pathways-chart-view");
      if (target) { target.setAttribute("aria-label", label); }
      el.__vegaView = view;
      (window.__pathwaysViews = window.__pathwaysViews || []).push(view);
      el.setAttribute("data-pathways-state", "ready");
    })
    .catch(function (error) {
      console.error("pathways chart " + id + ":", error);
      el.setAttribute("data-pathways-state", "error");
      var message = document.createElement("p");
      message.className = "pathways-chart-error";
      message.setAttribute("role", "alert");
      message.textContent = "This chart could not be drawn: " + (error && error.message || error);
      el.appendChild(message);
    });
})();
"""


def render(spec: dict[str, Any], embed_options: dict[str, Any] | None = None, **_: Any):
    """Altair renderer: a Vega-Lite spec (dict) -> ``{"text/html": html}``."""
    element_id = f"pathways-chart-{uuid.uuid4().hex}"
    options = {**_DEFAULT_EMBED_OPTIONS, **(embed_options or {})}
    script = _SCRIPT % {
        "id": _script_json(element_id),
        "options": _script_json(options),
        "versions": _script_json(VERSIONS),
        "vendor": _script_json(VENDOR_PATHS),
        "cdn": _script_json(CDN_URLS),
        "label": _script_json(_label(spec)),
    }
    label = html.escape(_label(spec), quote=True)
    markup = (
        f'<div id="{element_id}" class="pathways-chart" role="figure" aria-label="{label}">'
        '<div class="pathways-chart-view"></div></div>\n'
        f"{_spec_element(element_id, spec, 'vega-lite')}\n"
        f"<script>\n{script}</script>"
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

    return _SPEC_ELEMENT.sub(one, page)


def chart_count(page: str) -> int:
    """How many charts of this renderer a page's HTML holds."""
    return len(_SPEC_ELEMENT.findall(page))


def enable() -> None:
    """Register the renderer under ``NAME`` (once) and make it Altair's active renderer."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
