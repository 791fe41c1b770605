"""The Altair renderer of lib/pathways/present/render.py: what it emits, not how a browser runs it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from pathways import render

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def restore_renderer():
    previous = alt.renderers.active
    yield
    alt.renderers.enable(previous)


def _chart(**kwargs) -> alt.Chart:
    data = pd.DataFrame({"year": [1965, 1998, 2015], "score": [0.2, 0.7, -0.3]})
    return alt.Chart(data, **kwargs).mark_line().encode(x="year:O", y="score:Q")


def _html(chart_or_spec) -> str:
    spec = chart_or_spec if isinstance(chart_or_spec, dict) else chart_or_spec.to_dict()
    bundle = render.render(spec)
    assert set(bundle) == {"text/html"}
    return bundle["text/html"]


def _script_value(markup: str, name: str):
    match = re.search(rf"^  var {name} = (.*);$", markup, flags=re.MULTILINE)
    assert match, f"no `var {name}` in the script"
    return json.loads(match.group(1))


_SPEC = re.compile(
    r'<script type="application/json" id="(pathways-chart-[0-9a-f]+)-spec" '
    r'data-pathways-format="([\w-]+)">(.*?)</script>',
    flags=re.DOTALL,
)


def _specs(markup: str) -> list[tuple[str, str, dict]]:
    """(element id, format, spec) of every chart spec element in the markup."""
    return [(i, fmt, json.loads(text)) for i, fmt, text in _SPEC.findall(markup)]


def _div_attributes(markup: str) -> dict[str, str]:
    match = re.match(
        r'<div ([^>]*)><div class="pathways-chart-view"></div></div>\n<script type="application/json"',
        markup,
    )
    assert match, markup[:200]
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', match.group(1))}


def test_versions_come_from_package_json():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    for name in ("vega", "vega-lite", "vega-embed"):
        assert render.VERSIONS[name] == package["dependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", render.VERSIONS[name]), "pins must be exact"


def test_vega_lite_version_is_the_one_altair_writes():
    assert "v" + render.VERSIONS["vega-lite"] == alt.SCHEMA_VERSION


def test_versions_in_the_emitted_script_match_package_json():
    markup = _html(_chart())
    assert _script_value(markup, "versions") == render.VERSIONS
    cdn = _script_value(markup, "cdnUrls")
    assert cdn == {
        "vega": f"https://cdn.jsdelivr.net/npm/vega@{render.VERSIONS['vega']}/build/vega.min.js",
        "vega-lite": (
            f"https://cdn.jsdelivr.net/npm/vega-lite@{render.VERSIONS['vega-lite']}"
            "/build/vega-lite.min.js"
        ),
        "vega-embed": (
            f"https://cdn.jsdelivr.net/npm/vega-embed@{render.VERSIONS['vega-embed']}"
            "/build/vega-embed.min.js"
        ),
    }
    # the book serves Vega alone: its charts are compiled at build time
    assert _script_value(markup, "vendorPaths") == {"vega": "_static/vendor/vega.min.js"}


def test_vendor_script_copies_the_files_render_loads():
    from importlib.util import module_from_spec, spec_from_file_location

    loader = spec_from_file_location("vendor", ROOT / "scripts" / "vendor.py")
    vendor = module_from_spec(loader)
    loader.loader.exec_module(vendor)
    copied = {
        name: "_static/vendor/" + Path(files[0]).name for name, files in vendor.VEGA_FILES.items()
    }
    assert copied == render.VENDOR_PATHS
    assert set(vendor.PINNED) == set(render.VERSIONS)
    for name, files in vendor.VEGA_FILES.items():
        expected = f"https://cdn.jsdelivr.net/npm/{name}@{render.VERSIONS[name]}/{files[0]}"
        assert render.CDN_URLS[name] == expected


def test_bundle_carries_the_spec_unchanged():
    chart = _chart(description="Friction over time", title="Friction")
    spec = chart.to_dict()
    markup = _html(spec)
    [(element_id, fmt, carried)] = _specs(markup)
    assert carried == spec and fmt == "vega-lite"
    assert element_id == _div_attributes(markup)["id"] == _script_value(markup, "id")
    assert spec["$schema"].endswith(f"/vega-lite/{alt.SCHEMA_VERSION}.json")


def test_embed_options_and_view_hooks():
    markup = _html(_chart())
    assert _script_value(markup, "embedOptions") == {"actions": False, "renderer": "svg"}
    assert "window.vegaEmbed(target, spec, embedOptions)" in markup
    assert "new window.vega.View(window.vega.parse(spec)" in markup
    assert "el.__vegaView = view" in markup
    assert "window.__pathwaysViews" in markup
    assert "console.error" in markup
    assert "document.documentElement.dataset.content_root" in markup
    # one promise per page and set of libraries, shared by all charts
    assert 'var key = compiled ? "__pathwaysVegaReady" : "__pathwaysEmbedReady";' in markup
    assert "if (!window[key])" in markup


def test_libraries_by_format_and_requested_at_once():
    markup = _html(_chart())
    assert 'var compiled = specEl.getAttribute("data-pathways-format") === "vega";' in markup
    assert 'var names = compiled ? ["vega"] : ["vega", "vega-lite", "vega-embed"];' in markup
    # parallel downloads that run in order, not one request after the other
    assert "script.async = false;" in markup and "Promise.all(loads)" in markup
    assert ".then(function () { return loadScript(" not in markup


def test_ids_are_unique_and_html_safe():
    ids = {_div_attributes(_html(_chart()))["id"] for _ in range(50)}
    assert len(ids) == 50
    assert all(re.fullmatch(r"pathways-chart-[0-9a-f]{32}", i) for i in ids)


def test_figure_role_and_label_from_description():
    attrs = _div_attributes(_html(_chart(description='US "pressure" & <friction>')))
    assert attrs["role"] == "figure"
    assert attrs["aria-label"] == 'US "pressure" & <friction>'


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Friction", "Friction"),
        (["Two", "lines"], "Two lines"),
        ({"text": "From a dict"}, "From a dict"),
    ],
)
def test_label_falls_back_to_title(title, label):
    spec = _chart().to_dict()
    spec["title"] = title
    assert _div_attributes(_html(spec))["aria-label"] == label


def test_label_has_a_default():
    assert _div_attributes(_html(_chart()))["aria-label"] == "Chart"


def test_label_is_also_given_to_the_element_vega_draws_into():
    markup = _html(_chart(title="Only a title"))
    assert _script_value(markup, "label") == "Only a title"
    assert 'target.setAttribute("aria-label", label)' in markup


def test_spec_cannot_close_the_script_element():
    spec = _chart(description="</script><script>alert(1)</script>").to_dict()
    markup = _html(spec)
    assert markup.count("</script>") == 2 and markup.endswith("</script>")
    assert _specs(markup)[0][2]["description"] == spec["description"]


def test_registered_in_altairs_public_registry(restore_renderer):
    render.enable()
    render.enable()  # idempotent
    assert render.NAME == "pathways"
    assert "pathways" in alt.renderers.names()
    assert alt.renderers.active == "pathways"
    bundle = _chart(description="via registry")._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {"text/html"}
    assert 'aria-label="via registry"' in bundle["text/html"]


def test_packaged_versions_agree_with_package_json():
    """versions.json (package data) is generated from package.json; they must not drift."""
    pins = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert render.VERSIONS == {name: pins[name] for name in ("vega", "vega-lite", "vega-embed")}


# --------------------------------------------------------------------------- build-time compile


def _fake_vega(spec: dict) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega/v6.json", "from": spec["mark"]}


def test_compile_charts_replaces_every_vega_lite_spec():
    charts = [_html(_chart(title=f"Chart {i}")) for i in range(3)]
    page = "<p>text</p>\n" + "\n<p>between</p>\n".join(charts)
    assert render.chart_count(page) == 3
    out = render.compile_charts(page, _fake_vega)
    specs = _specs(out)
    assert [fmt for _, fmt, _ in specs] == ["vega"] * 3
    assert all(spec == _fake_vega(_chart().to_dict()) for _, _, spec in specs)
    assert [i for i, _, _ in specs] == [i for i, _, _ in _specs(page)]
    # only the spec elements change: the figure, its label and the script stay as they were
    assert _SPEC.sub("", out) == _SPEC.sub("", page)
    assert render.compile_charts(out, _fake_vega) == out  # compiled specs are left alone


def test_compile_charts_refuses_a_compiler_that_returns_no_vega():
    page = _html(_chart())
    with pytest.raises(ValueError, match=r"the compiler returned no Vega spec .*allowed: "):
        render.compile_charts(page, lambda spec: spec)  # still Vega-Lite


def test_a_page_without_charts_is_unchanged():
    page = '<script type="application/json" id="other">{"a": 1}</script><p>no chart</p>'
    assert render.chart_count(page) == 0
    assert render.compile_charts(page, _fake_vega) == page


# --------------------------------------------------------------------------- _ext modules


def _ext(name: str):
    from importlib.util import module_from_spec, spec_from_file_location

    loader = spec_from_file_location(f"_ext_{name}", ROOT / "_ext" / f"{name}.py")
    module = module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def _book_specs() -> list[dict]:
    """A chart of every family the chapters draw, as Vega-Lite."""
    from pathways import charts, sample

    s = sample(2000, seed=1)
    made = [
        charts.explorer(["engagement", "threat"], group=2),
        charts.framework_diagram(),
        charts.marginal_chart(["engagement"]),
        charts.policy_chart(["engagement"]),
        charts.tipping_map(["engagement", "threat", "animosity"], "engagement", "threat"),
        charts.tipping_map(["engagement", "threat"], "engagement", "threat", quantity="policy"),
        charts.monte_carlo_chart(s),
        charts.sensitivity_chart(s),
    ]
    return [c.to_dict() for c in made]


_NODE_COMPILE = """
import * as vl from "vega-lite";
let input = "";
for await (const chunk of process.stdin) input += chunk;
const specs = JSON.parse(input);
process.stdout.write(JSON.stringify({version: vl.version, specs: specs.map((s) => vl.compile(s).spec)}));
"""


def test_build_compiler_is_the_pinned_vega_lite():
    """vl-convert's Vega equals node_modules/vega-lite's (package.json's pin) for every
    chart family of the book: the site's compiled specs come from the pinned Vega-Lite."""
    import subprocess

    from _vega_node import node_executable

    vega_charts = _ext("vega_charts")
    assert vega_charts.vega_lite_pin() == render.VERSIONS["vega-lite"]
    specs = _book_specs()
    proc = subprocess.run(
        [node_executable(), "--input-type=module", "-e", _NODE_COMPILE],
        input=json.dumps(specs), capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    node = json.loads(proc.stdout)
    assert node["version"] == render.VERSIONS["vega-lite"]
    compiled = [vega_charts.compiler()(spec) for spec in specs]
    assert compiled == node["specs"]
    assert all(c["$schema"].startswith("https://vega.github.io/schema/vega/v6") for c in compiled)


def test_build_compiler_names_the_versions_it_lacks():
    vega_charts = _ext("vega_charts")
    with pytest.raises(
        RuntimeError, match=r"bundles no Vega-Lite 1\.2 \(package.json pins 1\.2\.3\); allowed: "
    ):
        vega_charts.compiler("1.2.3")


def test_icons_come_from_the_themes_own_script():
    icons = _ext("svg_icons")
    script = icons.FONTAWESOME_JS.read_text(encoding="utf-8")
    found = icons.outlines(script)
    assert set(found) == {(p, n) for p, names in icons.ICONS.items() for n in names}
    admonitions = icons.admonition_outlines(script, icons.THEME_CSS.read_text(encoding="utf-8"))
    assert {"default", "note", "tip", "warning"} <= set(admonitions)
    assert admonitions["note"] != admonitions["tip"]
    css = icons.stylesheet(found, admonitions)
    for prefix, name in found:
        assert f".{icons.STYLE_CLASSES[prefix][0]}.fa-{name}" in css
    assert ".admonition.note > .admonition-title::after" in css
    assert "content: none !important" in css  # the webfont glyph is never asked for
    uris = re.findall(r'url\("(data:image/svg\+xml,[^"]*)"\)', css)
    assert len(uris) == len(found) + len(admonitions) and not any("<" in u for u in uris)
    with pytest.raises(
        ValueError, match="defines no icon fas angle-left, .*fas bars, .*fab github"
    ):
        icons.outlines("(no icons here)")
    with pytest.raises(
        ValueError, match=r"no outline for the admonition icons \['note \(info-circle\)'\]"
    ):
        icons.admonition_outlines(
            "",
            '--pst-icon-info-circle:"\uf05a";--pst-icon-admonition-note:var(--pst-icon-info-circle)',
        )


def test_mathjax_scripts_are_recognised():
    static_math = _ext("static_math")

    class Script(str):
        def __new__(cls, filename, **attributes):
            obj = super().__new__(cls, filename)
            obj.filename, obj.attributes = filename, attributes
            return obj

    path = "mathjax/tex-chtml.js"
    assert static_math.is_mathjax(Script(path, defer="defer"), path)
    assert static_math.is_mathjax(Script(f"_static/{path}", defer="defer"), path)  # as filed
    assert static_math.is_mathjax(Script("", body="window.MathJax = {}"), path)
    assert not static_math.is_mathjax(Script("_static/vendor/vega.min.js"), path)
    assert not static_math.is_mathjax(Script("", body="let toggleHintShow = 1"), path)


_MATH_BODY = (
    '<p>Inline <span class="math notranslate nohighlight">\\(x &lt; 2\\)</span> and</p>\n'
    '<div class="math notranslate nohighlight" id="equation-net">\n'
    '<span class="eqno">(1)<a class="headerlink" href="#equation-net">#</a></span>'
    "\\[\\mathrm{net} = \\sum_k c_k\\]</div>"
)


def test_formulas_are_read_from_sphinx_math_elements():
    static_math = _ext("static_math")
    assert static_math.formulas(_MATH_BODY) == [
        ("x < 2", False),
        ("\\mathrm{net} = \\sum_k c_k", True),
    ]
    assert static_math.formulas("<p>no math</p>") == []
    with pytest.raises(ValueError, match="holds no"):
        static_math.formulas('<span class="math notranslate nohighlight">x</span>')


def test_equations_are_typeset_with_their_mathml():
    static_math = _ext("static_math")
    items = static_math.formulas(_MATH_BODY)
    rendered, defs, css = static_math.typeset(items)
    assert len(rendered) == 2 and "mjx-container" in css
    for svg in rendered:
        assert svg.startswith('<mjx-container class="MathJax" jax="SVG"')
        assert 'aria-hidden="true"' in svg and "<mjx-assistive-mml" in svg and "<math" in svg
        for glyph in re.findall(r'xlink:href="#([\w-]+)"', svg):
            assert f'id="{glyph}"' in defs  # the shared outlines hold every glyph used
    assert 'display="true"' in rendered[1] and 'display="true"' not in rendered[0]
    assert 'tabindex="0"' in rendered[1] and "tabindex" not in rendered[0]  # scrolls by keyboard
    out = static_math.replace(_MATH_BODY, rendered, defs)
    assert out.startswith('<svg style="display: none" aria-hidden="true"')
    assert "notranslate nohighlight" not in out and "\\(" not in out and "\\[" not in out
    assert '<div class="math" id="equation-net">\n' not in out  # the eqno moved before the svg
    assert '<div class="math" id="equation-net"><span class="eqno">(1)' in out
    for bad, why in (("\\frac{", "Missing close brace"), ("\\nosuchmacro x", "Undefined control")):
        with pytest.raises(ValueError, match=f"{why}.* in "):
            static_math.typeset([("x", False), (bad, True)])


def test_no_page_loads_mathjax_and_equations_are_static(tmp_path):
    """A two-page Sphinx build: the page with the equation has it as SVG, no page loads
    MathJax (not even the page whose toctree lists the one with the equation)."""
    from sphinx.cmd.build import build_main

    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['sphinx.ext.mathjax', 'static_math']\n"
        "mathjax_path = 'mathjax/tex-chtml.js'\nmathjax3_config = {'a': 1}\n",
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   two\n", "utf-8")
    (tmp_path / "two.rst").write_text("Two\n===\n\n:math:`x^2`\n", encoding="utf-8")
    out = tmp_path / "_build"
    assert build_main(["-q", "-b", "html", str(tmp_path), str(out)]) == 0
    index, two = ((out / f"{n}.html").read_text(encoding="utf-8") for n in ("index", "two"))
    for page in (index, two):
        assert "tex-chtml.js" not in page and "window.MathJax" not in page
    assert "<mjx-container" in two and "pathways-math.css" in two
    assert "<mjx-container" not in index and "pathways-math.css" not in index
    assert "mjx-container" in (out / "_static" / "pathways-math.css").read_text(encoding="utf-8")
