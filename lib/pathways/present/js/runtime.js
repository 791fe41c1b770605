/*
 * pathways chart runtime: draws every chart of lib/pathways/present/render.py with Vega,
 * builds its controls in HTML, writes its verdict and its numbers beside it, and keeps it
 * inside its column.
 *
 * Why one runtime: the same code serves the website (loaded once per chart page as a
 * deferred file, _ext/vega_charts.py, next to vega.min.js) and Jupyter/Binder (inlined once
 * per page by the renderer, guarded by `if (!window.pathwaysCharts)`). Each chart's own
 * inline script only queues its element id:
 *     (window.__pathwaysQueue = window.__pathwaysQueue || []).push(id)
 * and the runtime draws every queued chart once it (and Vega) are there.
 *
 * What it does for each chart (a Vega spec compiled at build time, or, in Jupyter, a
 * Vega-Lite spec compiled here with vega-lite from the CDN):
 * - controls: every signal `bind` (range, select, checkbox, radio) is removed before parsing
 *   (Vega draws no inputs) and rebuilt as accessible HTML: a <label> from the bind's name, a
 *   range input with a 44 px touch target, an exact-value field (a typed value out of range
 *   or not a number is refused with a one-line message, never clamped), step buttons
 *   labelled in words, `aria-valuetext` ("US engagement: 0.70 on a 0 to 1 scale"); every
 *   input carries `data-lm-suppress-shortcuts` (JupyterLab leaves the arrow keys to it);
 * - verdict: `usermeta.pathways.verdict` = {mark, field} names the mark whose dataset holds
 *   the sentence Vega computes (charts/sentence.py). That mark's panel is taken out of the
 *   drawing (the sentence must not appear twice) but its dataset still computes; the
 *   sentence is written into an HTML element (role="status", aria-live="polite") once a
 *   control settles (400 ms), and into the figure's aria-label;
 * - numbers: `usermeta.pathways.table` = {caption, columns, rows: [{mark?, cells}]} becomes
 *   a <details> "Show the numbers" table; a cell is a string, {field, format} (from each
 *   datum of the mark's dataset), {signal, format} or {value, format} (fixed when the chart
 *   was made); the full value is kept in `data-value`;
 * - fit: the chart's width signals (`width`, `*_width`, `childWidth`) are set on draw and on
 *   resize (ResizeObserver) so the SVG fits its column (never wider than designed); a chart
 *   with two layouts names in `usermeta.pathways.narrow` a boolean signal, set true (on
 *   draw and on resize) when its wide layout does not fit the column at its design widths.
 *
 * Guarantees other code relies on: the view on el.__vegaView and in window.__pathwaysViews;
 * el's data-pathways-state "ready" or "error" (with a visible role=alert message and
 * console.error); the view element labelled like the figure; data-pathways-pending="true"
 * on el while a change has not yet settled.
 *
 * PLUGIN HOOK (for toolbars: URL state, reset, cite, export, presets):
 *   window.pathwaysCharts = { register(fn) }
 *   fn(ctx) is called for every chart once it is ready, also for charts that were ready
 *   before register was called. ctx = {
 *     el,        the outer role=figure element
 *     view,      the Vega view
 *     key,       stable name unique on the page: usermeta.pathways.family ("chart" if none),
 *                then "-2", "-3", ... for repeats, in document order
 *     family,    usermeta.pathways.family
 *     spec,      the Vega spec as compiled (binds and verdict panel still in it: draw it in
 *                a headless view, e.g. new vega.View(vega.parse(ctx.spec)).toSVG(), to
 *                export the chart with its verdict)
 *     controls,  [{name, kind: "range"|"select"|"checkbox"|"radio", label, min, max, step,
 *                 options, labels, value, default}]  (value is the current value when read)
 *     get(name), the current value of a control
 *     set(values) -> Promise: {name: value}; validated like a typed value (unknown name,
 *                non-number, out of range, not an option: rejected Promise with a one-line
 *                reason, and nothing changes); resolves once the view has run
 *     defaults(), {name: default value}
 *     onChange(cb), cb(values) after a control settles (values: {name: value})
 *     verdict() -> string, the current verdict sentence ("" for a chart without one)
 *     numbers() -> {caption, columns: [...], rows: [[...]]}, the table's current cells as
 *                displayed (rows of strings)
 *     toolbar,   an empty element under the chart (for buttons)
 *     notes      an empty element for one-line notes
 *   }
 */
(function () {
  "use strict";
  if (window.pathwaysCharts && window.pathwaysCharts.runtime) { return; }

  var SETTLE_MS = 400;
  var NARROW = 640;  // px: below this column width, legends go under the drawing
  var MIN_WIDTH = 80;  // px: the narrowest plot a width signal is given
  var MINUS = "\u2212";
  // characters: a narrow legend's entries sit two a row only when none is longer than this
  // ("cooperation"): two longer entries side by side overrun a 320 px phone's column when
  // the legend starts under the plot, right of the chart's axis labels
  var LONG_LABEL = 11;
  // the legend properties that may name the scale whose domain its entries are
  var LEGEND_SCALES = ["fill", "stroke", "shape", "strokeDash", "size", "opacity", "strokeWidth"];
  var contexts = [];
  var plugins = [];
  var keyCounts = {};
  var libs = window.__pathwaysLibraries || {};

  // ------------------------------------------------------------------ libraries

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

  var GLOBALS = {"vega": "vega", "vega-lite": "vegaLite"};

  function present(name) {
    var lib = window[GLOBALS[name]];
    var want = libs.versions && libs.versions[name];
    return !!lib && (!want || lib.version === want);
  }

  // The missing libraries, all requested at once. The UMD builds register as AMD modules
  // when RequireJS is on the page (classic notebook): `define` is hidden until they have
  // run, so they set their globals instead.
  function load(names) {
    var missing = names.filter(function (name) { return !present(name); });
    if (!missing.length) { return Promise.resolve(); }
    var root = document.documentElement.dataset.content_root;
    var define = window.define;
    var hide = typeof define === "function" && define.amd;
    if (hide) { window.define = undefined; }
    var loads = missing.map(function (name) {
      var local = root !== undefined && libs.vendor && libs.vendor[name];
      var src = local ? root + libs.vendor[name] : libs.cdn && libs.cdn[name];
      if (!src) { return Promise.reject(new Error("no source for " + name)); }
      return loadScript(src);
    });
    return Promise.all(loads).finally(function () { if (hide) { window.define = define; } });
  }

  var ready = {};
  function libraries(compiled) {
    var key = compiled ? "vega" : "vega-lite";
    if (!ready[key]) {
      ready[key] = load(compiled ? ["vega"] : ["vega", "vega-lite"]);
      ready[key].catch(function () { ready[key] = null; });
    }
    return ready[key];
  }

  // ------------------------------------------------------------------ numbers

  function decimalsOf(step) {
    var s = String(step);
    if (s.indexOf("e-") >= 0) { return parseInt(s.split("e-")[1], 10); }
    return s.indexOf(".") < 0 ? 0 : s.split(".")[1].length;
  }

  // The d3-format specifiers the library uses (".2f", "+.2f", ".0%"), with d3's minus sign.
  function formatNumber(x, spec) {
    if (typeof x !== "number") { return String(x); }
    if (!isFinite(x)) { return isNaN(x) ? "undefined" : (x < 0 ? MINUS : "") + "\u221e"; }
    var m = /^(\+)?\.(\d+)([f%])$/.exec(spec || ".3f") || [null, null, "3", "f"];
    var digits = parseInt(m[2], 10);
    var s = m[3] === "%" ? (Math.abs(x) * 100).toFixed(digits) + "%" : Math.abs(x).toFixed(digits);
    var zero = parseFloat(s) === 0;
    var negative = x < 0 || (x === 0 && 1 / x < 0);
    if (negative && zero && !m[1]) { negative = false; }
    if (negative) { return MINUS + s; }
    return m[1] ? "+" + s : s;
  }

  function plain(x) { return String(Math.round(x * 1e9) / 1e9); }

  // ------------------------------------------------------------------ spec

  function walkMarks(node, fn, parent) {
    (node.marks || []).forEach(function (mark) {
      fn(mark, node);
      walkMarks(mark, fn);
    });
  }

  function findMark(spec, name) {
    var found = null;
    walkMarks(spec, function (mark, parent) {
      if (!found && mark.name === name) { found = {mark: mark, parent: parent}; }
    });
    return found;
  }

  function dataOf(mark) {
    var from = mark.from || {};
    return from.data || (from.facet && from.facet.data) || null;
  }

  // The verdict's panel (the top-level group holding the mark) leaves the drawing; its
  // dataset stays in spec.data, so Vega still computes the sentence.
  function dropPanel(spec, markName) {
    (spec.marks || []).forEach(function (group, i) {
      if (findMark(group, markName)) { spec.marks.splice(i, 1); }
    });
  }

  function controlOf(signal) {
    var b = signal.bind;
    var kind = b.input === "range" ? "range" : b.input === "select" ? "select" :
      b.input === "checkbox" ? "checkbox" : b.input === "radio" ? "radio" : null;
    if (!kind) { return null; }
    var label = String(b.name || signal.name).trim();
    var c = {name: signal.name, kind: kind, label: label, default: signal.value,
      value: signal.value};
    if (kind === "range") {
      c.min = b.min !== undefined ? b.min : 0;
      c.max = b.max !== undefined ? b.max : 100;
      c.step = b.step !== undefined ? b.step : (c.max - c.min) / 100;
    }
    if (kind === "select" || kind === "radio") {
      c.options = (b.options || []).slice();
      c.labels = (b.labels || c.options).map(String);
    }
    return c;
  }

  function widthSignals(spec) {
    return (spec.signals || []).filter(function (s) {
      return typeof s.value === "number" && !s.update &&
        (s.name === "width" || s.name === "childWidth" || /_width$/.test(s.name));
    }).map(function (s) { return {name: s.name, design: s.value}; });
  }

  function titleText(title) {
    if (typeof title === "string") { return title; }
    if (Array.isArray(title)) { return title.join(" "); }
    return title && title.text !== undefined ? titleText(title.text) : "";
  }

  // In a narrow column a legend beside the drawing (or one long row of entries) takes the
  // width the data needs: every legend goes below it, its title above its entries, its
  // symbols in two columns (the figures' own choice on wide screens is kept).
  // Two columns only when every entry is short (a fixed list of at most LONG_LABEL
  // characters each): longer entries side by side would be wider than a phone's column.
  // (An entry list computed from data, with no literal domain, keeps two columns.)
  function legendsBelow(node, domains) {
    if (!node || typeof node !== "object") { return; }
    if (Array.isArray(node)) { node.forEach(function (n) { legendsBelow(n, domains); }); return; }
    (node.legends || []).forEach(function (legend) {
      legend.orient = "bottom";
      legend.titleOrient = "top";
      if (typeof legend.title === "string") { legend.title = lines(legend.title, 36); }
      if (legend.type !== "gradient") {
        legend.direction = "vertical";
        legend.columns = longEntries(legend, domains) ? 1 : 2;
      }
    });
    // a panel's own title (not the figure's, which is HTML) breaks into lines too
    var title = node.title;
    if (title && typeof title === "object" && typeof title.text === "string") {
      title.text = lines(title.text, 36);
    } else if (typeof title === "string" && node.type === "group") {
      node.title = lines(title, 36);
    }
    legendsBelow(node.marks, domains);
  }

  // {scale name: its domain} for every scale in the spec with a literal list as domain.
  function scaleDomains(node, out) {
    if (!node || typeof node !== "object") { return out; }
    (node.scales || []).forEach(function (s) {
      if (Array.isArray(s.domain)) { out[s.name] = s.domain; }
    });
    (node.marks || []).forEach(function (m) { scaleDomains(m, out); });
    return out;
  }

  // Whether any entry of the legend is longer than LONG_LABEL, whichever channel it shows
  // (a legend of line styles names only its strokeDash scale).
  function longEntries(legend, domains) {
    return LEGEND_SCALES.some(function (key) {
      var domain = domains[legend[key]];
      return !!domain && domain.some(function (v) { return String(v).length > LONG_LABEL; });
    });
  }

  // `text` broken into lines of at most `width` characters, at spaces (Vega draws an array
  // of strings as lines).
  function lines(text, width) {
    var out = [""];
    text.split(" ").forEach(function (word) {
      var last = out[out.length - 1];
      if (last && (last + " " + word).length > width) { out.push(word); }
      else { out[out.length - 1] = last ? last + " " + word : word; }
    });
    return out.length > 1 ? out : text;
  }

  function narrowConfig(spec) {
    spec.config = spec.config || {};
    spec.config.legend = Object.assign({}, spec.config.legend,
      {orient: "bottom", titleOrient: "top"});
    legendsBelow(spec, scaleDomains(spec, {}));
  }

  function prepare(vg, narrow) {
    var spec = JSON.parse(JSON.stringify(vg));
    var meta = (spec.usermeta && spec.usermeta.pathways) || {};
    // The title is written as HTML above the drawing, where it wraps in a narrow column.
    var title = titleText(spec.title);
    delete spec.title;
    if (typeof spec.width === "number") {
      spec.signals = spec.signals || [];
      spec.signals.unshift({name: "width", value: spec.width});
      delete spec.width;
    }
    if (narrow) { narrowConfig(spec); }
    var controls = [];
    (spec.signals || []).forEach(function (s) {
      if (!s.bind) { return; }
      var c = controlOf(s);
      if (c) { controls.push(c); delete s.bind; }
    });
    var verdict = null;
    if (meta.verdict && meta.verdict.mark) {
      var hit = findMark(spec, meta.verdict.mark);
      if (!hit) { throw new Error("the verdict mark " + meta.verdict.mark + " is not in the spec"); }
      verdict = {data: dataOf(hit.mark), field: meta.verdict.field || "verdict"};
      dropPanel(spec, meta.verdict.mark);
    }
    var table = null;
    if (meta.table) {
      table = {caption: meta.table.caption, columns: meta.table.columns, rows: []};
      meta.table.rows.forEach(function (r) {
        var data = null;
        if (r.mark) {
          var m = findMark(spec, r.mark) || findMark(vg, r.mark);
          if (!m) { throw new Error("the table's mark " + r.mark + " is not in the spec"); }
          data = dataOf(m.mark);
        }
        table.rows.push({data: data, cells: r.cells});
      });
    }
    return {spec: spec, meta: meta, title: title, controls: controls, verdict: verdict,
      table: table, widths: widthSignals(spec)};
  }

  // ------------------------------------------------------------------ small DOM helpers

  var uid = 0;
  function make(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); }
    });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function input(attrs) {
    var e = make("input", attrs);
    e.setAttribute("data-lm-suppress-shortcuts", "");
    return e;
  }

  // ------------------------------------------------------------------ validation

  // The value `raw` would set control `c` to, or throws an Error with a one-line reason.
  function checked(c, raw) {
    if (c.kind === "range") {
      var text = typeof raw === "string" ? raw.trim().replace(MINUS, "-") : raw;
      var v = typeof text === "number" ? text :
        (typeof text === "string" && text !== "" && isFinite(Number(text)) ? Number(text) : NaN);
      if (typeof v !== "number" || !isFinite(v)) {
        throw new Error(c.label + ": '" + raw + "' is not a number; allowed: " + c.min +
          " to " + c.max);
      }
      if (v < c.min || v > c.max) {
        throw new Error(c.label + ": " + v + " is out of range; allowed: " + c.min + " to " +
          c.max);
      }
      return v;
    }
    if (c.kind === "checkbox") {
      if (raw === true || raw === "true") { return true; }
      if (raw === false || raw === "false") { return false; }
      throw new Error(c.label + ": '" + raw + "' is not allowed; allowed: true, false");
    }
    for (var i = 0; i < c.options.length; i++) {
      if (String(c.options[i]) === String(raw)) { return c.options[i]; }
    }
    throw new Error(c.label + ": '" + raw + "' is not an option; allowed: " +
      c.options.map(String).join(", "));
  }

  // ------------------------------------------------------------------ one chart

  function Chart(el, vg, prepared) {
    this.el = el;
    this.vg = vg;
    this.p = prepared;
    this.listeners = [];
    this.widgets = {};
    this.timer = null;
    this.label = el.getAttribute("aria-label") || "Chart";
  }

  Chart.prototype.layout = function () {
    var el = this.el;
    var id = el.id;
    this.target = el.querySelector(".pathways-chart-view");
    this.controlsEl = make("div", {"class": "pathways-controls"});
    this.status = make("p", {"class": "pathways-verdict", role: "status",
      "aria-live": "polite", id: id + "-verdict"});
    this.toolbar = make("div", {"class": "pathways-toolbar"});
    this.notes = make("div", {"class": "pathways-notes"});
    var after = this.target;
    var self = this;
    if (this.p.title) {
      this.target.parentNode.insertBefore(make("p", {"class": "pathways-chart-title"},
        this.p.title), this.target);
    }
    [this.controlsEl, this.status, this.toolbar, this.notes].forEach(function (node) {
      after.parentNode.insertBefore(node, after.nextSibling);
      after = node;
    });
    if (!this.p.verdict) { this.status.hidden = true; }
    if (!this.p.controls.length) { this.controlsEl.hidden = true; }
    if (this.p.table) {
      this.details = make("details", {"class": "pathways-numbers"});
      this.details.appendChild(make("summary", {}, "Show the numbers"));
      this.tableEl = make("table", {});
      this.details.appendChild(this.tableEl);
      after.parentNode.insertBefore(this.details, after.nextSibling);
    }
    this.p.controls.forEach(function (c) { self.controlsEl.appendChild(self.control(c)); });
  };

  Chart.prototype.control = function (c) {
    var self = this;
    var base = this.el.id + "-" + c.name;
    var box = make("div", {"class": "pathways-control pathways-control-" + c.kind});
    var message = make("p", {"class": "pathways-control-message", id: base + "-message"});
    message.hidden = true;
    var w = {c: c, message: message};
    this.widgets[c.name] = w;
    if (c.kind === "range") {
      this.rangeControl(c, base, box, w);
    } else if (c.kind === "checkbox") {
      w.input = input({type: "checkbox", id: base, name: c.name, "data-pathways-control": c.name});
      w.input.checked = !!c.value;
      w.input.addEventListener("change", function () { self.change(c, w.input.checked); });
      box.appendChild(w.input);
      box.appendChild(make("label", {"for": base}, c.label));
    } else if (c.kind === "select") {
      box.appendChild(make("label", {"for": base}, c.label));
      w.input = make("select", {id: base, name: c.name, "data-lm-suppress-shortcuts": "",
        "data-pathways-control": c.name});
      c.options.forEach(function (o, i) {
        w.input.appendChild(make("option", {value: String(o)}, c.labels[i]));
      });
      w.input.value = String(c.value);
      w.input.addEventListener("change", function () {
        self.change(c, checked(c, w.input.value));
      });
      box.appendChild(w.input);
    } else {
      var set = make("fieldset", {});
      set.appendChild(make("legend", {}, c.label));
      w.radios = c.options.map(function (o, i) {
        var r = input({type: "radio", id: base + "-" + i, name: base, value: String(o),
          "data-pathways-control": c.name});
        r.checked = String(o) === String(c.value);
        r.addEventListener("change", function () { if (r.checked) { self.change(c, o); } });
        var lab = make("label", {"for": base + "-" + i}, c.labels[i]);
        set.appendChild(r);
        set.appendChild(lab);
        return r;
      });
      box.appendChild(set);
    }
    box.appendChild(message);
    return box;
  };

  Chart.prototype.rangeControl = function (c, base, box, w) {
    var self = this;
    var digits = decimalsOf(c.step);
    w.digits = digits;
    box.appendChild(make("label", {"for": base, id: base + "-label"}, c.label));
    var row = make("div", {"class": "pathways-range-row"});
    w.down = make("button", {type: "button", "class": "pathways-step",
      "aria-label": "Decrease " + c.label + " by " + c.step, "data-lm-suppress-shortcuts": ""},
      MINUS);
    w.input = input({type: "range", id: base, name: c.name, min: c.min, max: c.max,
      step: c.step, value: c.value, "data-pathways-control": c.name});
    w.up = make("button", {type: "button", "class": "pathways-step",
      "aria-label": "Increase " + c.label + " by " + c.step, "data-lm-suppress-shortcuts": ""},
      "+");
    w.field = input({type: "text", inputmode: "decimal", "class": "pathways-exact",
      id: base + "-exact", name: c.name + "-exact", "aria-label": c.label + ", exact value",
      "aria-describedby": base + "-message", autocomplete: "off", size: 6});
    [w.down, w.input, w.up, w.field].forEach(function (n) { row.appendChild(n); });
    box.appendChild(row);
    w.input.addEventListener("input", function () {
      self.change(c, Number(w.input.value));
    });
    function step(sign) {
      var v = Number((self.get(c.name) + sign * c.step).toFixed(digits));
      if (v < c.min || v > c.max) { return; }
      self.change(c, v);
    }
    w.down.addEventListener("click", function () { step(-1); });
    w.up.addEventListener("click", function () { step(1); });
    function typed() {
      try {
        self.change(c, checked(c, w.field.value));
      } catch (error) {
        self.refuse(w, error.message);
      }
    }
    w.field.addEventListener("change", typed);
    w.field.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); typed(); }
    });
  };

  Chart.prototype.refuse = function (w, text) {
    w.message.textContent = text;
    w.message.hidden = false;
    w.message.setAttribute("role", "alert");
    if (w.field) { w.field.setAttribute("aria-invalid", "true"); }
  };

  Chart.prototype.valueText = function (c, v) {
    return c.label + ": " + formatNumber(v, "." + decimalsOf(c.step) + "f") + " on a " +
      c.min + " to " + c.max + " scale";
  };

  // Show value v in control c's widgets (without touching the view).
  Chart.prototype.show = function (c, v) {
    var w = this.widgets[c.name];
    w.message.hidden = true;
    w.message.textContent = "";
    w.message.removeAttribute("role");
    if (c.kind === "range") {
      if (Number(w.input.value) !== v) { w.input.value = String(v); }
      w.input.setAttribute("aria-valuetext", this.valueText(c, v));
      w.field.value = formatNumber(v, "." + w.digits + "f").replace(MINUS, "-");
      if (Number(w.field.value) !== v) { w.field.value = plain(v); }
      w.field.removeAttribute("aria-invalid");
      w.down.disabled = v - c.step < c.min - 1e-12;
      w.up.disabled = v + c.step > c.max + 1e-12;
    } else if (c.kind === "checkbox") {
      w.input.checked = !!v;
    } else if (c.kind === "select") {
      w.input.value = String(v);
    } else {
      w.radios.forEach(function (r) { r.checked = r.value === String(v); });
    }
  };

  Chart.prototype.get = function (name) { return this.view.signal(name); };

  Chart.prototype.values = function () {
    var self = this;
    var out = {};
    this.p.controls.forEach(function (c) { out[c.name] = self.get(c.name); });
    return out;
  };

  Chart.prototype.change = function (c, v) {
    this.show(c, v);
    this.view.signal(c.name, v);
    this.schedule();
    return this.view.runAsync();
  };

  Chart.prototype.set = function (values) {
    var self = this;
    var byName = {};
    this.p.controls.forEach(function (c) { byName[c.name] = c; });
    var chosen = [];
    try {
      if (!values || typeof values !== "object") {
        throw new Error("set() takes an object {name: value}");
      }
      Object.keys(values).forEach(function (name) {
        var c = byName[name];
        if (!c) {
          throw new Error("unknown control '" + name + "'; allowed: " +
            Object.keys(byName).join(", "));
        }
        chosen.push([c, checked(c, values[name])]);
      });
    } catch (error) {
      return Promise.reject(error);
    }
    chosen.forEach(function (pair) {
      self.show(pair[0], pair[1]);
      self.view.signal(pair[0].name, pair[1]);
    });
    this.schedule();
    return this.view.runAsync().then(function () { return self.values(); });
  };

  // Announce once the controls have been still for SETTLE_MS (not on every drag pixel).
  Chart.prototype.schedule = function () {
    var self = this;
    this.el.setAttribute("data-pathways-pending", "true");
    clearTimeout(this.timer);
    this.timer = setTimeout(function () {
      self.view.runAsync().then(function () { self.settle(); });
    }, SETTLE_MS);
  };

  Chart.prototype.settle = function () {
    var self = this;
    this.announce();
    this.el.removeAttribute("data-pathways-pending");
    var values = this.values();
    this.listeners.forEach(function (cb) {
      try { cb(values); } catch (error) { console.error("pathways onChange:", error); }
    });
  };

  Chart.prototype.verdict = function () {
    var v = this.p.verdict;
    if (!v) { return ""; }
    var rows = this.view.data(v.data) || [];
    return rows.length ? String(rows[0][v.field]) : "";
  };

  Chart.prototype.announce = function () {
    var text = this.verdict();
    if (this.p.verdict && this.status.textContent !== text) { this.status.textContent = text; }
    var label = text ? this.label + " Current verdict: " + text : this.label;
    this.el.setAttribute("aria-label", label);
    this.target.setAttribute("aria-label", label);
    this.fillTable();
  };

  // The table's cells: [{text, value?}] rows.
  Chart.prototype.cells = function () {
    var self = this;
    var out = [];
    if (!this.p.table) { return out; }
    this.p.table.rows.forEach(function (r) {
      var data = r.data ? self.view.data(r.data) || [] : [null];
      data.forEach(function (datum) {
        out.push(r.cells.map(function (cell) { return self.cell(cell, datum); }));
      });
    });
    return out;
  };

  Chart.prototype.cell = function (cell, datum) {
    if (typeof cell === "string") { return {text: cell}; }
    var value = cell.signal !== undefined ? this.view.signal(cell.signal) :
      cell.value !== undefined ? cell.value : (datum ? datum[cell.field] : undefined);
    if (typeof value === "number") {
      var source = cell.signal !== undefined ? "signal:" + cell.signal :
        cell.value !== undefined ? "value" : "field:" + cell.field;
      return {text: cell.format ? formatNumber(value, cell.format) : plain(value), value: value,
        source: source};
    }
    return {text: value === undefined || value === null ? "" : String(value)};
  };

  Chart.prototype.fillTable = function () {
    if (!this.tableEl) { return; }
    var t = this.p.table;
    var table = make("table", {});
    table.appendChild(make("caption", {}, t.caption));
    var head = make("tr", {});
    t.columns.forEach(function (col) { head.appendChild(make("th", {scope: "col"}, col)); });
    table.appendChild(make("thead", {})).appendChild(head);
    var body = table.appendChild(make("tbody", {}));
    this.cells().forEach(function (row) {
      var tr = body.appendChild(make("tr", {}));
      row.forEach(function (cell, i) {
        var td = tr.appendChild(make(i === 0 ? "th" : "td", i === 0 ? {scope: "row"} : {},
          cell.text));
        if (cell.value !== undefined) {
          td.setAttribute("data-value", String(cell.value));
          td.setAttribute("data-source", cell.source);
          td.className = "pathways-number";
        }
      });
    });
    this.tableEl.replaceChildren.apply(this.tableEl, Array.from(table.childNodes));
  };

  Chart.prototype.numbers = function () {
    var t = this.p.table;
    if (!t) { return {caption: "", columns: [], rows: []}; }
    return {caption: t.caption, columns: t.columns.slice(),
      rows: this.cells().map(function (row) { return row.map(function (c) { return c.text; }); })};
  };

  // A chart drawn in two layouts names a boolean signal in `usermeta.pathways.narrow`: it
  // is false while the wide layout at its designed widths fits the column, else true (the
  // chart's narrow layout then fits by its width signals like any other).
  Chart.prototype.pickLayout = function (avail, svgWidth) {
    var self = this;
    var name = this.p.meta.narrow;
    if (!name) { return Promise.resolve(); }
    this.p.widths.forEach(function (w) { self.view.signal(w.name, w.design); });
    this.view.signal(name, false);
    return this.view.resize().runAsync().then(function () {
      if (svgWidth() <= avail) { return null; }
      self.view.signal(name, true);
      return self.view.resize().runAsync();
    });
  };

  // Width signals set so the drawing fits its column: each shrinks by what the SVG
  // overflows (a few rounds: axis labels may change with the width), never past its design.
  Chart.prototype.fit = function () {
    var self = this;
    var widths = this.p.widths;
    var avail = this.el.clientWidth - 1;
    if (!widths.length || !avail) { return Promise.resolve(); }
    function svgWidth() {
      var svg = self.target.querySelector("svg");
      return svg ? svg.getBoundingClientRect().width : 0;
    }
    return this.pickLayout(avail, svgWidth).then(function () {
      return self.fitWidths(avail, svgWidth);
    });
  };

  Chart.prototype.fitWidths = function (avail, svgWidth) {
    var self = this;
    var widths = this.p.widths;
    function apply(values) {
      widths.forEach(function (w, i) { self.view.signal(w.name, values[i]); });
      // autosize is recomputed only when asked (Vega's `resize` flag is off by default)
      return self.view.resize().runAsync();
    }
    // Each round every width shrinks (or grows back) by what the SVG overflows; a round that
    // does not bring the SVG closer (content of fixed size) is undone and ends the fit.
    function round(n, before) {
      var over = svgWidth() - avail;
      if (n > 5 || Math.abs(over) < 1) { return Promise.resolve(); }
      var old = widths.map(function (w) { return self.view.signal(w.name); });
      var next = widths.map(function (w, i) {
        return Math.max(MIN_WIDTH, Math.min(w.design, Math.floor(old[i] - over)));
      });
      if (next.every(function (v, i) { return v === old[i]; })) { return Promise.resolve(); }
      return apply(next).then(function () {
        var now = svgWidth();
        if (over > 0 && now > before - 1) { return apply(old); }
        return round(n + 1, now);
      });
    }
    return round(0, svgWidth());
  };

  Chart.prototype.watch = function () {
    var self = this;
    if (typeof ResizeObserver === "undefined") { return; }
    var last = this.el.clientWidth;
    var frame = null;
    new ResizeObserver(function () {
      var now = self.el.clientWidth;
      if (now === last || frame) { return; }
      frame = requestAnimationFrame(function () {
        frame = null;
        last = self.el.clientWidth;
        self.fit();
      });
    }).observe(this.el);
  };

  Chart.prototype.draw = function () {
    var self = this;
    this.layout();
    var view = new window.vega.View(window.vega.parse(this.p.spec), {renderer: "svg",
      hover: true});
    this.view = view;
    this.target.classList.add("vega-embed");
    return view.initialize(this.target).runAsync().then(function () {
      return self.fit();
    }).then(function () {
      self.p.controls.forEach(function (c) { self.show(c, view.signal(c.name)); });
      self.announce();
      self.watch();
      return view;
    });
  };

  Chart.prototype.context = function () {
    var self = this;
    var family = this.p.meta.family || "chart";
    keyCounts[family] = (keyCounts[family] || 0) + 1;
    var key = keyCounts[family] === 1 ? family : family + "-" + keyCounts[family];
    var controls = this.p.controls.map(function (c) {
      var out = {name: c.name, kind: c.kind, label: c.label, min: c.min, max: c.max,
        step: c.step, options: c.options, labels: c.labels, default: c.default};
      Object.defineProperty(out, "value", {enumerable: true,
        get: function () { return self.get(c.name); }});
      return out;
    });
    return {
      el: this.el, view: this.view, key: key, family: family, spec: this.vg,
      controls: controls,
      get: function (name) { return self.get(name); },
      set: function (values) { return self.set(values); },
      defaults: function () {
        var out = {};
        self.p.controls.forEach(function (c) { out[c.name] = c.default; });
        return out;
      },
      onChange: function (cb) { self.listeners.push(cb); },
      verdict: function () { return self.verdict(); },
      numbers: function () { return self.numbers(); },
      toolbar: this.toolbar,
      notes: this.notes
    };
  };

  // ------------------------------------------------------------------ boot

  function fail(el, id, error) {
    console.error("pathways chart " + id + ":", error);
    el.setAttribute("data-pathways-state", "error");
    var message = make("p", {"class": "pathways-chart-error", role: "alert"},
      "This chart could not be drawn: " + (error && error.message || error));
    el.appendChild(message);
  }

  function spec(specEl) {
    var raw = JSON.parse(specEl.textContent);
    if (specEl.getAttribute("data-pathways-format") === "vega") { return raw; }
    return window.vegaLite.compile(raw).spec;
  }

  function boot(id) {
    var el = document.getElementById(id);
    var specEl = document.getElementById(id + "-spec");
    if (!el || !specEl || el.__pathwaysBooted) { return; }
    el.__pathwaysBooted = true;
    var compiled = specEl.getAttribute("data-pathways-format") === "vega";
    var chart = null;
    var order = contexts.length;
    contexts.push(null);  // keys in document (queue) order, whatever finishes first
    libraries(compiled)
      .then(function () {
        var vg = spec(specEl);
        chart = new Chart(el, vg, prepare(vg, el.clientWidth < NARROW));
        return chart.draw();
      })
      .then(function (view) {
        el.__vegaView = view;
        el.__pathwaysChart = chart;
        (window.__pathwaysViews = window.__pathwaysViews || []).push(view);
        el.setAttribute("data-pathways-state", "ready");
        contexts[order] = chart;
        flush();
      })
      .catch(function (error) {
        fail(el, id, error);
        contexts[order] = {failed: true};
        flush();
      });
  }

  // Contexts are made (and keys given) in document order: a chart waits for those before it.
  var made = 0;
  function flush() {
    while (made < contexts.length && contexts[made]) {
      var chart = contexts[made];
      made++;
      if (chart.failed) { continue; }
      chart.ctx = chart.context();
      plugins.forEach(function (fn) { call(fn, chart.ctx); });
    }
  }

  function call(fn, ctx) {
    try { fn(ctx); } catch (error) { console.error("pathways plugin:", error); }
  }

  window.pathwaysCharts = {
    runtime: "1",
    register: function (fn) {
      plugins.push(fn);
      for (var i = 0; i < made; i++) {
        if (contexts[i].ctx) { call(fn, contexts[i].ctx); }
      }
    },
    formatNumber: formatNumber,
    minWidth: MIN_WIDTH  // the narrowest plot the fit gives (tests: no plot squeezed to it)
  };

  function start() {
    var queue = window.__pathwaysQueue || [];
    window.__pathwaysQueue = {push: function (id) { boot(id); }};
    queue.forEach(boot);
    // Charts whose inline script did not run (e.g. a page that strips scripts) are found too.
    Array.prototype.forEach.call(document.querySelectorAll(".pathways-chart[id]"),
      function (el) { boot(el.id); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, {once: true});
  } else {
    start();
  }
})();
