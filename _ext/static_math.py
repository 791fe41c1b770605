"""Sphinx extension: every equation typeset at build time, so no page loads MathJax.

Why: MathJax (1.1 MB of JavaScript, plus its fonts) was the largest file on the three
pages with equations (the framework, pathway 4, the appendix) and typeset them only after
the page had loaded; Sphinx also loaded it on the first page, whose toctree lists the
appendix, though that page has no equation. Here the pinned MathJax of ``node_modules``
(package.json) runs once per page with equations, in Node, and turns each of Sphinx's math
elements (``<span|div class="math notranslate nohighlight">\\(...\\)</span>``) into its SVG
with the hidden MathML MathJax adds for screen readers (``a11y/assistive-mml``), the same
output the browser made; MathJax's SVG stylesheet goes to ``_static/pathways-math.css``,
linked from those pages. MathJax's two scripts are then removed from every page. A formula
MathJax cannot read fails the build, naming it. Enabled in ``_config.yml`` with
``sphinx: local_extensions: {static_math: _ext}``.

Defined for: the framework, pathway 4 and the appendix (every page, for the scripts).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
MATHJAX = ROOT / "node_modules" / "mathjax" / "es5" / "node-main.js"
CSS_FILE = "pathways-math.css"

#: A math element as Sphinx's HTML writer (MathJax renderer) writes it.
MATH = re.compile(
    r'<(?P<tag>span|div) class="math notranslate nohighlight"(?P<attrs>[^>]*)>'
    r"(?P<inner>.*?)</(?P=tag)>",
    flags=re.DOTALL,
)
_EQNO = re.compile(r'<span class="eqno">.*?</span>(?=\s*\\\[)', flags=re.DOTALL)
_DELIMITED = re.compile(r"^\s*\\\((?P<inline>.*)\\\)\s*$|^\s*\\\[(?P<display>.*)\\\]\s*$", re.S)

#: Node: [{"tex", "display"}] on stdin -> {"html": [...], "defs", "css"} on stdout. The glyph
#: outlines are shared by the page's formulas (fontCache "global": one hidden <svg> of defs);
#: a TeX error, an undefined macro too, stops with the formula that caused it. A displayed
#: formula is focusable (tabindex 0), so that one wider than the column scrolls by keyboard.
_NODE = """
const mathjax = require(process.argv[1]);  // not `MathJax`: node-main.js sets that global
let input = "";
process.stdin.on("data", (c) => (input += c)).on("end", async () => {
  const mj = await mathjax.init({
    loader: {load: ["input/tex", "output/svg", "a11y/assistive-mml"]},
    tex: {packages: {"[-]": ["noundefined"]}, formatError: (jax, err) => { throw err; }},
    svg: {fontCache: "global"}, startup: {typeset: false},
  });
  const a = mj.startup.adaptor;
  const out = [];
  for (const m of JSON.parse(input)) {
    try {
      const node = mj.tex2svg(m.tex, {display: m.display});
      // a wide equation scrolls sideways (the theme's CSS): reachable by keyboard, as the
      // browser's MathJax made every formula
      if (m.display) a.setAttribute(node, "tabindex", "0");
      out.push(a.outerHTML(node));
    }
    catch (e) { process.stderr.write(`${e.message} in ${JSON.stringify(m.tex)}`); process.exit(3); }
  }
  const defs = a.outerHTML(mj.startup.output.fontCache.getCache());
  process.stdout.write(JSON.stringify({html: out, defs, css: a.textContent(mj.svgStylesheet())}));
});
"""


def formulas(body: str) -> list[tuple[str, bool]]:
    """(TeX, display) of every math element of a page's HTML body, in page order.

    Raises ValueError naming an element whose content is not one \\(...\\) or \\[...\\].
    """
    found = []
    for m in MATH.finditer(body):
        inner = _EQNO.sub("", m["inner"])
        d = _DELIMITED.match(inner)
        if d is None:
            raise ValueError(f"a math element holds no \\(...\\) or \\[...\\]: {m[0][:120]!r}")
        display = d["display"] is not None
        found.append((html.unescape(d["display"] if display else d["inline"]).strip(), display))
    return found


def typeset(items: list[tuple[str, bool]]) -> tuple[list[str], str, str]:
    """SVG (with assistive MathML) of each formula, the hidden SVG of glyph outlines they
    share, and MathJax's SVG stylesheet. Raises ValueError naming a formula MathJax
    cannot read."""
    node = shutil.which("node")
    if node is None or not MATHJAX.is_file():
        raise RuntimeError(f"typesetting equations needs Node.js and {MATHJAX} (npm ci)")
    jobs = json.dumps([{"tex": tex, "display": display} for tex, display in items])
    proc = subprocess.run(
        [node, "-e", _NODE, str(MATHJAX)], input=jobs, capture_output=True, text=True, timeout=300
    )
    if proc.returncode == 3:
        raise ValueError(f"MathJax cannot typeset: {proc.stderr.strip()}")
    if proc.returncode != 0:
        raise RuntimeError(f"MathJax in Node failed:\n{proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    hidden = f'<svg style="display: none" aria-hidden="true" focusable="false">{out["defs"]}</svg>'
    return out["html"], hidden, out["css"]


def replace(body: str, rendered: list[str], defs: str) -> str:
    """The body with each math element's content replaced by its typeset SVG (in order),
    after the hidden SVG of the glyph outlines they use."""
    parts = iter(rendered)

    def one(m: re.Match[str]) -> str:
        eqno = "".join(_EQNO.findall(m["inner"]))
        return f'<{m["tag"]} class="math"{m["attrs"]}>{eqno}{next(parts)}</{m["tag"]}>'

    return defs + MATH.sub(one, body)


def is_mathjax(script: Any, mathjax_path: str) -> bool:
    """Whether a page script is MathJax itself or the configuration Sphinx writes for it."""
    filename = str(getattr(script, "filename", script))
    body = str(getattr(script, "attributes", {}).get("body", ""))
    # the builder files a relative mathjax_path under _static/
    return filename in (mathjax_path, f"_static/{mathjax_path}") or body.startswith(
        "window.MathJax"
    )


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if "script_files" in context:
        path = app.config.mathjax_path
        context["script_files"] = [s for s in context["script_files"] if not is_mathjax(s, path)]
    body = context.get("body")
    items = formulas(body) if isinstance(body, str) else []
    if not items:
        return
    rendered, defs, css = typeset(items)
    context["body"] = replace(body, rendered, defs)
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / CSS_FILE).write_text(css, encoding="utf-8")
    app.add_css_file(CSS_FILE)


def setup(app: Sphinx) -> dict[str, Any]:
    # after sphinx.ext.mathjax's handler (priority 500), which adds the scripts
    app.connect("html-page-context", _page, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
