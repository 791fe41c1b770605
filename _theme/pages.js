/*
 * Wide blocks scroll inside their own box, with a visible cue, instead of widening the page.
 *
 * Why: on a phone (390 px) the appendix's tables, the concordance's and evidence's tables and
 * long display equations are wider than the text column. CSS lets them scroll inside a box
 * (screen.css, "Pages: ..."), but a reader cannot see that a box scrolls; so each wide block
 * is put in a frame with a caption ("Scroll sideways ...") and a fade at the cut edge, shown
 * only while the block is wider than its box and removed at the end of the scroll.
 * Blocks that fit get no frame, no caption. Loaded on every page (_config.yml html_js_files).
 * tests/site/test_page_layout.py checks the result at 390 and 1366 px.
 */
(function () {
  "use strict";
  // What may be wider than the column: tables (Markdown or a notebook's HTML output) and
  // display equations. Code and citation blocks wrap instead (screen.css).
  var WIDE = "article.bd-article table, article.bd-article mjx-container[display='true']";
  var CUE = "Scroll sideways to see all of it \u2192";

  function frame(block) {
    var box = block.closest(".pathways-scroll-box");
    if (box) return box.parentElement;
    // A display equation is framed with its div.math, whose rules centre it.
    var holder = block.closest(".pst-scrollable-table-container, div.math") || block;
    var outer = document.createElement("div");
    outer.className = "pathways-scroll";
    var cue = document.createElement("p");
    cue.className = "pathways-scroll-cue";
    cue.textContent = CUE;
    box = document.createElement("div");
    box.className = "pathways-scroll-box";
    holder.parentNode.insertBefore(outer, holder);
    outer.appendChild(cue);
    outer.appendChild(box);
    box.appendChild(holder);
    box.addEventListener("scroll", function () { mark(outer); }, { passive: true });
    return outer;
  }

  function mark(outer) {
    var box = outer.querySelector(".pathways-scroll-box");
    var wide = box.scrollWidth > box.clientWidth + 1;
    outer.classList.toggle("is-wide", wide);
    outer.classList.toggle("at-end", !wide || box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    // A scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
    // A named group (a name is not allowed on a plain div).
    if (wide) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", CUE);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function update() {
    document.querySelectorAll(WIDE).forEach(function (block) {
      if (block.parentElement.closest("table")) return; // a table inside a table cell
      mark(frame(block));
    });
  }

  // myst-nb names the summary of a folded cell output "Toggle hidden content" whatever it
  // shows ("Show the table of variables"); a reader using speech input says what they see,
  // so the summary is named by its visible text (axe: label-content-name-mismatch).
  function nameFolds() {
    document.querySelectorAll('details.hide > summary[aria-label="Toggle hidden content"]')
      .forEach(function (s) { s.removeAttribute("aria-label"); });
  }

  function start() {
    nameFolds();
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  window.addEventListener("resize", update);
  window.addEventListener("load", update);
  // A folded table (a dropdown or a hidden cell output) is measured when it opens.
  document.addEventListener("toggle", function () { requestAnimationFrame(update); }, true);
  document.addEventListener("click", function () { requestAnimationFrame(update); });
  // Paper has no fold: every folded box prints open (sphinx-togglebutton does the same for
  // its dropdowns).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("article.bd-article details").forEach(function (d) { d.open = true; });
  });
  window.pathwaysScrollCues = update; // for print and the PDF build: re-measure after layout changes
})();
