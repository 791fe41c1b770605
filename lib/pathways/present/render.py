"""An Altair renderer that works offline in the built book and online in Jupyter/Binder.

Register and switch to it with::

    from pathways import render
    render.enable()

Every chart is rendered as a ``<div id=...>`` (``role="figure"``, ``aria-label`` from the
spec's ``description`` or ``title``) holding the ``<div>`` that Vega draws into, followed by
a ``<script>`` that

* looks for the Sphinx page's static root in ``<html data-content_root="...">`` (Sphinx 7)
  and loads Vega, Vega-Lite and Vega-Embed from ``<content_root>_static/vendor/`` there
  (copied by ``scripts/vendor.py``); without that attribute (Jupyter, Binder) it loads the
  same exact versions from the jsDelivr CDN;
* loads the three libraries once per page, one after the other, through one promise kept
  on ``window`` that all charts of the page share;
* calls ``vegaEmbed('#<id> > .pathways-chart-view', spec, {actions: false, renderer:
  'svg'})`` and keeps the resulting view on the outer element (``el.__vegaView``, with
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
"""

from __future__ import annotations

import html
import json
import uuid
from importlib import resources
from typing import Any

import altair as alt

__all__ = [
    "CDN_URLS",
    "NAME",
    "VERSIONS_FILE",
    "VENDOR_PATHS",
    "VERSIONS",
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


def _read_versions() -> dict[str, str]:
    text = resources.files(__package__).joinpath(VERSIONS_FILE).read_text(encoding="utf-8")
    pins = json.loads(text)
    missing = [name for name in _LIBRARIES if name not in pins]
    if missing:
        raise RuntimeError(f"pathways/present/{VERSIONS_FILE} does not pin {', '.join(missing)}")
    return {name: pins[name] for name in _LIBRARIES}


#: Exact versions of vega, vega-lite and vega-embed, from package.json.
VERSIONS: dict[str, str] = _read_versions()

#: Where the built book serves the libraries, relative to the page's content root.
VENDOR_PATHS: dict[str, str] = {
    name: "_static/vendor/" + _BUILD_FILES[name].rsplit("/", 1)[1] for name in _LIBRARIES
}

#: Where Jupyter/Binder loads them from: the same exact versions on jsDelivr.
CDN_URLS: dict[str, str] = {
    name: f"https://cdn.jsdelivr.net/npm/{name}@{VERSIONS[name]}/{_BUILD_FILES[name]}"
    for name in _LIBRARIES
}

_DEFAULT_EMBED_OPTIONS: dict[str, Any] = {"actions": False, "renderer": "svg"}


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


_SCRIPT = """\
(function () {
  "use strict";
  var id = %(id)s;
  var spec = %(spec)s;
  var embedOptions = %(options)s;
  var versions = %(versions)s;
  var vendorPaths = %(vendor)s;
  var cdnUrls = %(cdn)s;
  var label = %(label)s;
  var el = document.getElementById(id);
  var names = ["vega", "vega-lite", "vega-embed"];
  var globals = {"vega": "vega", "vega-lite": "vegaLite", "vega-embed": "vegaEmbed"};

  function sources() {
    var root = document.documentElement.dataset.content_root;
    return names.map(function (name) {
      return root !== undefined ? root + vendorPaths[name] : cdnUrls[name];
    });
  }

  function present() {
    return names.every(function (name) {
      var lib = window[globals[name]];
      return lib && lib.version === versions[name];
    });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      // The UMD builds register as AMD modules when RequireJS is on the page (classic
      // notebook, pages with widgets): hide `define` so they set their globals instead.
      var define = window.define;
      var hide = typeof define === "function" && define.amd;
      if (hide) { window.define = undefined; }
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = function () {
        if (hide) { window.define = define; }
        resolve();
      };
      script.onerror = function () {
        if (hide) { window.define = define; }
        reject(new Error("could not load " + src));
      };
      document.head.appendChild(script);
    });
  }

  if (!window.__pathwaysVegaReady) {
    window.__pathwaysVegaReady = present() ? Promise.resolve() :
      sources().reduce(function (chain, src) {
        return chain.then(function () { return loadScript(src); });
      }, Promise.resolve());
    window.__pathwaysVegaReady.catch(function () { window.__pathwaysVegaReady = null; });
  }

  window.__pathwaysVegaReady
    .then(function () {
      return window.vegaEmbed("#" + id + " > .pathways-chart-view", spec, embedOptions);
    })
    .then(function (result) {
      var target = el.querySelector(".pathways-chart-view");
      if (target) { target.setAttribute("aria-label", label); }
      el.__vegaView = result.view;
      (window.__pathwaysViews = window.__pathwaysViews || []).push(result.view);
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
        "spec": _script_json(spec),
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
        f"<script>\n{script}</script>"
    )
    return {"text/html": markup}


def enable() -> None:
    """Register the renderer under ``NAME`` (once) and make it Altair's active renderer."""
    alt.renderers.register(NAME, render)
    alt.renderers.enable(NAME)
