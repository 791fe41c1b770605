/*
 * pathways scenario toolbar: the reader's scenario in the page's address, a reset, period
 * presets, "Cite and reproduce this scenario", and export (SVG, PNG, CSV) under each chart.
 *
 * Why: a student cites, sends and reproduces *their* scenario. This file is a plugin of
 * the chart runtime (runtime.js, window.pathwaysCharts.register): it is served and inlined
 * with it (render.runtime_source), so it runs wherever a chart does, and it touches a
 * chart only through the runtime's ctx (set, get, defaults, onChange, verdict, numbers,
 * toolbar, notes). What it writes comes from the chart's `usermeta.pathways.scenario`
 * (lib/pathways/present/scenario_meta.py: names and decimals in the spec's order, fixed
 * values, the menus' defaults, the period presets, the command and code templates with
 * their `fills`: which control fills each placeholder, quoted for a shell or for Python,
 * and which values leave it out) and,
 * on the website, from the chapter's citation (`<script id="pathways-cite">`, written by
 * _ext/cite_chapter.py from CITATION.cff).
 *
 * THE ADDRESS (one scheme for the whole book, on the website only; Jupyter's address is
 * the notebook server's and is never touched): the query holds one item per control that
 * is off its default, `?KEY.NAME=VALUE` (KEY is the chart's ctx.key, "explorer",
 * "explorer-2", ...; NAME a control the chart declares), and `KEY.preset=NAME` may name a
 * period preset (its values for the chart's sliders, explicit items on top). A slider move
 * replaces the address once the control settles (history.replaceState: no entry per step);
 * loading a preset or resetting adds an entry (pushState), so Back undoes it; the address
 * is read on load and on popstate (back/forward). Untrusted input: only the chart's own
 * names are read; a name it does not declare, a value that is not a number (or not an
 * option), out of range, or an unknown preset is not applied (the valid items are), and a
 * one-line note under the chart says which item was ignored and why, written as text.
 * Reading the address never rewrites it: the reader's link stays as given until a control
 * moves.
 */
(function () {
  "use strict";
  if (!window.pathwaysCharts || window.pathwaysCharts.scenario) { return; }
  window.pathwaysCharts.scenario = "1";

  var MAX_SHOWN = 40;  // characters of an ignored value shown in its note
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var onSite = document.documentElement.dataset.content_root !== undefined;
  var entries = [];

  // ------------------------------------------------------------------ small helpers

  function make(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    // JupyterLab leaves the keys of a marked control to it (as the runtime's own controls).
    if (/^(input|select|button|textarea)$/.test(tag)) {
      e.setAttribute("data-lm-suppress-shortcuts", "");
    }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function button(label, onClick, attrs) {
    var b = make("button", Object.assign({type: "button", "class": "pathways-action"}, attrs),
      label);
    b.addEventListener("click", onClick);
    return b;
  }

  function shown(value) {
    var s = String(value);
    return s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) + "\u2026" : s;
  }

  function citation() {
    var el = document.getElementById("pathways-cite");
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (error) { return null; }
  }

  function metaOf(ctx) {
    var p = ctx.spec && ctx.spec.usermeta && ctx.spec.usermeta.pathways;
    return (p && p.scenario) || null;
  }

  // ------------------------------------------------------------------ checking a value

  // The value `raw` (text from the address) gives control c, or throws a one-line reason.
  function valueFor(c, raw) {
    if (c.kind === "range") {
      if (!NUMBER.test(raw)) {
        throw new Error("not a number; allowed: a number from " + c.min + " to " + c.max);
      }
      var v = Number(raw);
      if (!isFinite(v)) { throw new Error("not finite; allowed: " + c.min + " to " + c.max); }
      if (v < c.min || v > c.max) {
        throw new Error("out of range; allowed: " + c.min + " to " + c.max);
      }
      return v;
    }
    if (c.kind === "checkbox") {
      if (raw === "true" || raw === "false") { return raw === "true"; }
      throw new Error("not allowed; allowed: true, false");
    }
    for (var i = 0; i < c.options.length; i++) {
      if (String(c.options[i]) === raw) { return c.options[i]; }
    }
    throw new Error("not an option; allowed: " + c.options.map(String).join(", "));
  }

  // ------------------------------------------------------------------ the scenario string

  function valueText(v, digits) {
    var s = Number(v).toFixed(digits);
    return Number(s) === v ? s : String(v);
  }

  // The library's scenario string (scenario_string.format_scenario) for the chart's state.
  function scenarioString(entry) {
    var meta = entry.meta;
    var ctx = entry.ctx;
    if (!meta) { return ""; }
    var items = Object.keys(meta.names).map(function (n) {
      var v = n in meta.fixed ? meta.fixed[n] : valueText(ctx.get(n), meta.names[n]);
      return n + "=" + v;
    });
    Object.keys(meta.variants).forEach(function (signal) {
      var option = ctx.get(signal);
      if (option !== meta.variants[signal]) { items.push(signal + "=" + option); }
    });
    return items.join(",");
  }

  // ------------------------------------------------------------------ the address

  function ownItems(ctx) {
    var out = [];
    var prefix = ctx.key + ".";
    new URLSearchParams(window.location.search).forEach(function (value, name) {
      if (name.indexOf(prefix) === 0) { out.push([name.slice(prefix.length), value]); }
    });
    return out;
  }

  // The address with this chart's items replaced by `values` (those off their defaults).
  function addressFor(ctx, values) {
    var params = new URLSearchParams(window.location.search);
    var prefix = ctx.key + ".";
    Array.from(params.keys()).forEach(function (name) {
      if (name.indexOf(prefix) === 0) { params.delete(name); }
    });
    var defaults = ctx.defaults();
    ctx.controls.forEach(function (c) {
      var v = values[c.name];
      if (v === undefined || v === defaults[c.name]) { return; }
      var digits = c.kind === "range" ? decimalsOf(c.step) : 0;
      params.append(prefix + c.name, c.kind === "range" ? valueText(v, digits) : String(v));
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  function decimalsOf(step) {
    var s = String(step);
    if (s.indexOf("e-") >= 0) { return parseInt(s.split("e-")[1], 10); }
    return s.indexOf(".") < 0 ? 0 : s.split(".")[1].length;
  }

  function write(entry, values, push) {
    if (!onSite) { return; }
    var next = addressFor(entry.ctx, values);
    var now = window.location.pathname + window.location.search + window.location.hash;
    if (next === now) { return; }
    if (push) {
      window.history.pushState(window.history.state, "", next);
    } else {
      window.history.replaceState(window.history.state, "", next);
    }
  }

  function linkTo(entry) {
    var ctx = entry.ctx;
    var path = addressFor(ctx, ctx.controls.reduce(function (acc, c) {
      acc[c.name] = ctx.get(c.name);
      return acc;
    }, {}));
    // only this chart's items: another chart's values are not this scenario's
    var url = new URL(path, window.location.href);
    var own = new URLSearchParams();
    url.searchParams.forEach(function (v, n) {
      if (n.indexOf(ctx.key + ".") === 0) { own.append(n, v); }
    });
    url.search = own.toString();
    url.hash = "";
    return url.href;
  }

  // ------------------------------------------------------------------ notes

  function note(entry, text) {
    entry.notes.appendChild(make("p", {"class": "pathways-note"}, text));
  }

  function ignored(entry, name, raw, why) {
    note(entry, "Ignored \u201c" + entry.ctx.key + "." + shown(name) + "=" + shown(raw) +
      "\u201d in the address: " + why + ". The chart keeps its default there.");
  }

  // ------------------------------------------------------------------ reading the address

  function presetNamed(entry, name) {
    var list = (entry.meta && entry.meta.presets) || [];
    for (var i = 0; i < list.length; i++) { if (list[i].name === name) { return list[i]; } }
    return null;
  }

  // What the address asks of this chart: {values, preset}; ignored items get their note.
  function wanted(entry) {
    var ctx = entry.ctx;
    var byName = {};
    ctx.controls.forEach(function (c) { byName[c.name] = c; });
    var values = {};
    var preset = null;
    var seen = {};
    ownItems(ctx).forEach(function (item) {
      var name = item[0];
      var raw = item[1];
      if (seen[name]) { return ignored(entry, name, raw, "the name is given twice"); }
      seen[name] = true;
      if (name === "preset") {
        preset = presetNamed(entry, raw);
        if (!preset) { ignored(entry, name, raw, "no such period preset for this chart"); }
        return;
      }
      var c = Object.prototype.hasOwnProperty.call(byName, name) ? byName[name] : null;
      if (!c) {
        return ignored(entry, name, raw, "this chart has no such control; allowed: " +
          Object.keys(byName).join(", "));
      }
      try { values[name] = valueFor(c, raw); } catch (error) {
        ignored(entry, name, raw, error.message);
      }
    });
    return {values: values, preset: preset};
  }

  function restore(entry, always) {
    entry.notes.replaceChildren();
    var want = wanted(entry);
    if (!always && !want.preset && !Object.keys(want.values).length) { return Promise.resolve(); }
    var target = Object.assign({}, entry.ctx.defaults(),
      want.preset ? want.preset.values : {}, want.values);
    entry.skip = JSON.stringify(target);
    return entry.ctx.set(target).then(function () { refresh(entry); }, function (error) {
      note(entry, "The address was not applied: " + error.message);
    });
  }

  // ------------------------------------------------------------------ actions

  function status(entry, text) {
    entry.status.textContent = "";
    window.setTimeout(function () { entry.status.textContent = text; }, 50);
  }

  function copy(entry, text, what) {
    function fallback() {
      var area = make("textarea", {"aria-hidden": "true", readonly: ""});
      area.value = text;
      area.style.cssText = "position:fixed;opacity:0;left:0;top:0;";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      area.remove();
      status(entry, ok ? "Copied the " + what + "." :
        "Could not copy; select the " + what + " under \u201cCite and reproduce\u201d.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status(entry, "Copied the " + what + ".");
      }, fallback);
    } else {
      fallback();
    }
  }

  function reset(entry) {
    var ctx = entry.ctx;
    entry.notes.replaceChildren();
    entry.skip = JSON.stringify(ctx.defaults());
    return ctx.set(ctx.defaults()).then(function () {
      write(entry, ctx.defaults(), true);
      refresh(entry);
      status(entry, "Back to the essay\u2019s defaults.");
    }, function (error) { status(entry, "Could not reset: " + error.message); });
  }

  function loadPreset(entry, name) {
    var preset = presetNamed(entry, name);
    if (!preset) { return Promise.resolve(); }
    var ctx = entry.ctx;
    var target = Object.assign({}, ctx.defaults(), preset.values);
    entry.skip = JSON.stringify(target);
    return ctx.set(target).then(function () {
      write(entry, target, true);
      refresh(entry);
      var rest = preset.left_out.length ? " It also sets " + preset.left_out.join(", ") +
        ", which this chart has no slider for; they keep their defaults here." : "";
      entry.presetNote.textContent = "Loaded \u201c" + preset.label + "\u201d (" +
        preset.period + "), the essay\u2019s reading: " + preset.rationale + rest;
    }, function (error) { status(entry, "Could not load the preset: " + error.message); });
  }

  // ------------------------------------------------------------------ cite and reproduce

  // The published address of this chapter with the chart's items (what a citation gives).
  function published(entry, cite) {
    var here = new URL(linkTo(entry));
    return cite.url + here.search;
  }

  // The chart's controls as NAME=VALUE words, for a chart that declares no scenario.
  function controlWords(entry) {
    var ctx = entry.ctx;
    return ctx.controls.map(function (c) { return c.name + "=" + controlText(ctx, c); }).join(", ");
  }

  function controlText(ctx, c) {
    var v = ctx.get(c.name);
    return c.kind === "range" ? valueText(v, decimalsOf(c.step)) : String(v);
  }

  // The scenario as words for a citation: the scenario string's items, then the chart's
  // other menus (a map's axes, the diagram's highlight, the check's period) off their
  // defaults.
  function scenarioWords(entry) {
    var s = scenarioString(entry);
    var meta = entry.meta;
    var ctx = entry.ctx;
    var defaults = ctx.defaults();
    var words = s ? s.split(",") : [];
    ctx.controls.forEach(function (c) {
      if (c.name in meta.names || c.name in meta.variants) { return; }
      if (ctx.get(c.name) !== defaults[c.name]) { words.push(c.name + "=" + controlText(ctx, c)); }
    });
    return words.join(", ");
  }

  // A value in a command: in double quotes when it holds only plain characters, else in
  // single quotes with each single quote closed, escaped and reopened (nothing breaks out).
  function shellQuote(text) {
    if (/^[A-Za-z0-9_.,=:+\/ -]*$/.test(text)) { return "\"" + text + "\""; }
    return "'" + text.replace(/'/g, "'\\''") + "'";
  }

  // A fill's value as the template's `kind` ("cli" or "code") writes it, or null when the
  // chart leaves that argument out (the scenario string empty, a menu's "none").
  function fillText(entry, fill, kind) {
    var ctx = entry.ctx;
    var raw = fill.from === null ? scenarioString(entry) : ctx.get(fill.from);
    if (fill.omit.indexOf(String(raw)) >= 0) { return null; }
    var text;
    if (typeof raw === "number") {
      var c = ctx.controls.filter(function (k) { return k.name === fill.from; })[0];
      text = valueText(raw, c ? decimalsOf(c.step) : 0);
    } else {
      text = kind === "cli" ? shellQuote(String(raw)) : JSON.stringify(String(raw));
    }
    return fill[kind].replace("{}", function () { return text; });
  }

  // The meta's command (`kind` "cli") or code ("code") at the chart's current controls.
  // Only the chart's accepted control values reach it; each placeholder is filled once.
  function reproduce(entry, kind) {
    var meta = entry.meta;
    var template = meta[kind];
    if (!meta.fills) { return template.replace("{scenario}", scenarioString(entry)); }
    return template.replace(/\{(\w+)\}/g, function (whole, token) {
      if (!Object.prototype.hasOwnProperty.call(meta.fills, token)) { return whole; }
      var text = fillText(entry, meta.fills[token], kind);
      return text === null ? "" : text;
    });
  }

  function citeTexts(entry) {
    var s = scenarioString(entry);
    var cite = citation();
    var out = onSite ? {link: linkTo(entry)} : {};
    var link = cite ? published(entry, cite) : linkTo(entry);
    if (entry.meta) {
      if (s) { out.scenario = s; }
      out.command = reproduce(entry, "cli");
      out.code = reproduce(entry, "code");
    }
    if (cite) {
      var words = entry.meta ? scenarioWords(entry) : controlWords(entry);
      out.citation = cite.authors + " (" + cite.year + "). \u201c" + cite.title + ".\u201d In " +
        cite.book + (cite.version ? " (version " + cite.version + ")" : "") +
        ", scenario " + (words || "at the defaults") + " (" + entry.ctx.key + "). " + link;
      out.bibtex = "@incollection{pathways_essay_" + cite.docname.replace(/\W+/g, "_") +
        "_scenario,\n  author    = {{" + cite.authors + "}},\n  title     = {" + cite.title +
        "},\n  booktitle = {" + cite.book + "},\n  year      = {" + cite.year +
        "},\n  version   = {" + cite.version + "},\n  url       = {" + link +
        "},\n  note      = {Scenario " + (words || "at the defaults") + " (chart " +
        entry.ctx.key + ")}\n}";
    }
    return out;
  }

  var CITE_ROWS = [
    ["link", "Link to this scenario", "link"],
    ["scenario", "Scenario", "scenario string"],
    ["citation", "Citation", "citation"],
    ["bibtex", "BibTeX", "BibTeX entry"],
    ["command", "Command line", "command"],
    ["code", "Python (the chapter\u2019s live panel)", "code"]
  ];

  function citePanel(entry) {
    var details = make("details", {"class": "pathways-scenario-cite"});
    details.appendChild(make("summary", {}, "Cite and reproduce this scenario"));
    entry.cite = {};
    CITE_ROWS.forEach(function (row) {
      var box = make("div", {"class": "pathways-scenario-cite-item"});
      var id = entry.ctx.el.id + "-cite-" + row[0];
      var label = row[0] === "code" && entry.meta && entry.meta.code_label ?
        entry.meta.code_label : row[1];
      box.appendChild(make("p", {"class": "pathways-scenario-cite-label", id: id + "-label"}, label));
      var pre = make("pre", {id: id, "data-pathways-cite": row[0], tabindex: "0",
        "aria-labelledby": id + "-label"});
      box.appendChild(pre);
      box.appendChild(button("Copy the " + row[2], function () {
        copy(entry, pre.textContent, row[2]);
      }));
      entry.cite[row[0]] = {box: box, pre: pre};
      details.appendChild(box);
    });
    details.addEventListener("toggle", function () { refresh(entry); });
    return details;
  }

  function refresh(entry) {
    if (!entry.cite) { return; }
    var texts = citeTexts(entry);
    Object.keys(entry.cite).forEach(function (k) {
      var item = entry.cite[k];
      item.box.hidden = texts[k] === undefined;
      if (texts[k] !== undefined && item.pre.textContent !== texts[k]) {
        item.pre.textContent = texts[k];
      }
    });
  }

  // ------------------------------------------------------------------ export

  function fileBase(entry) {
    var page = window.location.pathname.split("/").pop().replace(/\.html?$/, "") || "chart";
    return page + "-" + entry.ctx.key;
  }

  function save(name, href) {
    var a = make("a", {href: href, download: name});
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function blobUrl(text, type) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    return url;
  }

  // A view of the chart as compiled (title and verdict panel in it) at the reader's values.
  function offscreen(entry) {
    var ctx = entry.ctx;
    var view = new window.vega.View(window.vega.parse(ctx.spec), {renderer: "none"});
    ctx.controls.forEach(function (c) { view.signal(c.name, ctx.get(c.name)); });
    return view.runAsync();
  }

  function footer(entry) {
    var s = scenarioString(entry);
    var cite = citation();
    var lines = [];
    if (s) { lines.push("Scenario: " + s.split(",").join(", ")); }
    if (!entry.verdictInSpec && entry.ctx.verdict()) { lines.push(entry.ctx.verdict()); }
    if (cite) {
      lines.push(cite.book + " (version " + cite.version + ")");
      lines.push(published(entry, cite));
    }
    return lines;
  }

  var LINE = 16;

  function svgWithFooter(svg, lines) {
    var doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    var root = doc.documentElement;
    var w = parseFloat(root.getAttribute("width"));
    var h = parseFloat(root.getAttribute("height"));
    var extra = lines.length * LINE + 8;
    root.setAttribute("height", String(h + extra));
    var box = (root.getAttribute("viewBox") || ("0 0 " + w + " " + h)).split(/[ ,]+/).map(Number);
    root.setAttribute("viewBox", [box[0], box[1], box[2], box[3] + extra].join(" "));
    var ns = "http://www.w3.org/2000/svg";
    var g = doc.createElementNS(ns, "g");
    g.setAttribute("font-family", "sans-serif");
    g.setAttribute("font-size", "11");
    lines.forEach(function (line, i) {
      var t = doc.createElementNS(ns, "text");
      t.setAttribute("x", "5");
      t.setAttribute("y", String(box[1] + h + (i + 1) * LINE));
      t.textContent = line;
      g.appendChild(t);
    });
    root.appendChild(g);
    return new XMLSerializer().serializeToString(doc);
  }

  function exportSvg(entry) {
    return offscreen(entry).then(function (view) { return view.toSVG(); }).then(function (svg) {
      var text = svgWithFooter(svg, footer(entry));
      save(fileBase(entry) + ".svg", blobUrl(text, "image/svg+xml"));
      status(entry, "Saved the chart as SVG.");
      return text;
    });
  }

  function exportPng(entry) {
    var scale = 2;
    return offscreen(entry).then(function (view) { return view.toCanvas(scale); })
      .then(function (chart) {
        var lines = footer(entry);
        var canvas = document.createElement("canvas");
        canvas.width = chart.width;
        canvas.height = chart.height + (lines.length * LINE + 8) * scale;
        var g = canvas.getContext("2d");
        g.fillStyle = "#ffffff";
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(chart, 0, 0);
        g.fillStyle = "#000000";
        g.font = (11 * scale) + "px sans-serif";
        lines.forEach(function (line, i) {
          g.fillText(line, 5 * scale, chart.height + (i + 1) * LINE * scale);
        });
        var url = canvas.toDataURL("image/png");
        save(fileBase(entry) + ".png", url);
        status(entry, "Saved the chart as PNG.");
        return url;
      });
  }

  function csvField(v) { return "\"" + String(v).replace(/"/g, "\"\"") + "\""; }

  // The table's rows with each number in full: from the signals the table reads.
  function exactRows(entry) {
    var ctx = entry.ctx;
    var t = ctx.spec.usermeta && ctx.spec.usermeta.pathways && ctx.spec.usermeta.pathways.table;
    var shown = ctx.numbers();
    if (!t || !t.rows.every(function (r) { return !r.mark; })) { return shown.rows; }
    return t.rows.map(function (r) {
      return r.cells.map(function (cell) {
        if (typeof cell === "string") { return cell; }
        return cell.signal !== undefined ? ctx.view.signal(cell.signal) : "";
      });
    });
  }

  function csvText(entry) {
    var ctx = entry.ctx;
    var rows = [["section", "name", "label", "value"]];
    ctx.controls.forEach(function (c) {
      rows.push(["scenario", c.name, c.label, ctx.get(c.name)]);
    });
    var meta = entry.meta;
    Object.keys((meta && meta.fixed) || {}).forEach(function (n) {
      rows.push(["scenario", n, "fixed by the chart", meta.fixed[n]]);
    });
    exactRows(entry).forEach(function (r) { rows.push(["number", "", r[0], r[1]]); });
    if (ctx.verdict()) { rows.push(["verdict", "", "", ctx.verdict()]); }
    if (meta) {
      rows.push(["reproduce", "", "command", reproduce(entry, "cli")]);
      rows.push(["reproduce", "", meta.code_label || "code", reproduce(entry, "code")]);
    }
    return rows.map(function (r) { return r.map(csvField).join(","); }).join("\r\n") + "\r\n";
  }

  function exportCsv(entry) {
    var text = csvText(entry);
    save(fileBase(entry) + ".csv", blobUrl(text, "text/csv"));
    status(entry, "Saved the data as CSV.");
    return Promise.resolve(text);
  }

  // ------------------------------------------------------------------ the toolbar

  function presetMenu(entry) {
    var list = (entry.meta && entry.meta.presets) || [];
    var box = make("div", {"class": "pathways-presets"});
    if (!list.length || !entry.ctx.controls.length) { return null; }
    var id = entry.ctx.el.id + "-preset";
    box.appendChild(make("label", {"for": id}, "Period preset (the essay\u2019s reading)"));
    var row = make("div", {"class": "pathways-actions"});
    var select = make("select", {id: id});
    list.forEach(function (p) {
      select.appendChild(make("option", {value: p.name}, p.label + " (" + p.period + ")"));
    });
    row.appendChild(select);
    row.appendChild(button("Load the preset", function () { loadPreset(entry, select.value); }));
    box.appendChild(row);
    entry.presetNote = make("p", {"class": "pathways-preset-note", role: "status"});
    box.appendChild(entry.presetNote);
    return box;
  }

  function toolbar(entry) {
    var ctx = entry.ctx;
    var live = ctx.controls.length > 0;
    var box = make("div", {"class": "pathways-scenario"});
    var menu = presetMenu(entry);
    if (menu) { box.appendChild(menu); }
    var row = make("div", {"class": "pathways-actions"});
    if (live) {
      row.appendChild(button("Reset to the defaults", function () { reset(entry); }));
    }
    if (live && onSite) {  // in Jupyter the address is the notebook server's, not a scenario
      row.appendChild(button("Copy link to this scenario", function () {
        copy(entry, linkTo(entry), "link");
      }));
    }
    row.appendChild(button("Save as SVG", function () { exportSvg(entry); }));
    row.appendChild(button("Save as PNG", function () { exportPng(entry); }));
    row.appendChild(button("Save data as CSV", function () { exportCsv(entry); }));
    box.appendChild(row);
    entry.status = make("p", {"class": "pathways-scenario-status", role: "status"});
    box.appendChild(entry.status);
    if (live) { box.appendChild(citePanel(entry)); }
    ctx.toolbar.appendChild(box);
  }

  var STYLE = [
    ".pathways-scenario{margin:0.5rem 0;max-width:100%;}",
    ".pathways-actions{display:flex;flex-wrap:wrap;gap:0.5rem;align-items:center;}",
    ".pathways-action{min-height:44px;min-width:44px;padding:0.4rem 0.8rem;font:inherit;",
    "color:inherit;background:var(--pst-color-surface,#f3f4f5);",
    "border:1px solid var(--pst-color-border,#8a8a8a);border-radius:0.375rem;cursor:pointer;}",
    ".pathways-presets select{min-height:44px;font:inherit;max-width:100%;flex:1 1 12rem;}",
    ".pathways-presets{margin-bottom:0.5rem;}",
    ".pathways-presets label{display:block;margin-bottom:0.25rem;}",
    ".pathways-preset-note:empty,.pathways-scenario-status:empty{display:none;}",
    ".pathways-preset-note,.pathways-scenario-status,.pathways-note{margin:0.25rem 0;",
    "font-size:0.9rem;overflow-wrap:anywhere;}",
    ".pathways-note{color:var(--pst-color-danger,#b00020);}",
    ".pathways-scenario-cite summary{min-height:44px;padding:0.6rem 0;cursor:pointer;}",
    ".pathways-scenario-cite pre{white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;",
    "margin:0.25rem 0;padding:0.5rem;font-size:0.85rem;}",
    ".pathways-scenario-cite-label{margin:0.5rem 0 0;font-weight:600;}",
    ".pathways-scenario :focus-visible{outline:3px solid var(--pst-color-accent,#c75000);",
    "outline-offset:2px;}"
  ].join("");

  function style() {
    if (document.getElementById("pathways-scenario-style")) { return; }
    var s = make("style", {id: "pathways-scenario-style"});
    s.textContent = STYLE;
    document.head.appendChild(s);
  }

  // ------------------------------------------------------------------ each chart

  function attach(ctx) {
    style();
    var entry = {ctx: ctx, meta: metaOf(ctx), skip: null};
    entry.verdictInSpec = !!(ctx.spec.usermeta && ctx.spec.usermeta.pathways &&
      ctx.spec.usermeta.pathways.verdict);
    entry.notes = make("div", {"class": "pathways-scenario-notes"});
    ctx.notes.appendChild(entry.notes);
    toolbar(entry);
    entries.push(entry);
    ctx.onChange(function (values) {
      var mine = entry.skip !== null && JSON.stringify(values) === entry.skip;
      entry.skip = null;
      if (!mine) { write(entry, values, false); }
      refresh(entry);
    });
    // the API the site tests (and a console) use: the same functions as the buttons
    ctx.el.__pathwaysScenario = {
      scenario: function () { return scenarioString(entry); },
      link: function () { return linkTo(entry); },
      texts: function () { return citeTexts(entry); },
      csv: function () { return csvText(entry); },
      svg: function () { return exportSvg(entry); },
      png: function () { return exportPng(entry); }
    };
    if (onSite) {
      restore(entry, false).then(function () {
        ctx.el.setAttribute("data-pathways-scenario", "ready");
      });
    } else {
      ctx.el.setAttribute("data-pathways-scenario", "ready");
    }
  }

  if (onSite) {
    window.addEventListener("popstate", function () {
      entries.forEach(function (entry) { restore(entry, true); });
    });
  }

  window.pathwaysCharts.register(attach);
})();
