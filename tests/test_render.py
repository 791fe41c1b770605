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
from pathways.model import numbers

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


def _libraries(markup: str) -> dict:
    """Where the inline script tells the runtime to find Vega and Vega-Lite."""
    match = re.search(
        r"^window.__pathwaysLibraries = window.__pathwaysLibraries \|\| (.*);$", markup, re.M
    )
    assert match, "no window.__pathwaysLibraries in the script"
    return json.loads(match.group(1))


def _queued(markup: str) -> list[str]:
    """The element ids the markup's scripts queue for the runtime."""
    return re.findall(
        r'\(window.__pathwaysQueue = window.__pathwaysQueue \|\| \[\]\).push\("([^"]+)"\);', markup
    )


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
    libraries = _libraries(_html(_chart()))
    assert libraries["versions"] == render.VERSIONS
    assert libraries["cdn"] == {
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
    assert libraries["vendor"] == {"vega": "_static/vendor/vega.min.js"}


def test_jupyter_output_inlines_the_runtime_once_per_page_and_queues_the_chart():
    markup = _html(_chart())
    element_id = _div_attributes(markup)["id"]
    script = markup.split("\n", 2)[2]
    assert script.startswith(f"<script {render.INLINE_MARK}>\n")
    guard = "if (!window.pathwaysCharts) {\n"
    assert script.count(guard) == 1
    assert guard + render.runtime_source() + "}\n" in script
    # the chart's own call comes after the runtime: the queue is read when the runtime starts
    assert _queued(markup) == [element_id]
    assert script.index(guard) < script.index("window.__pathwaysQueue")


def test_runtime_is_package_data_that_can_be_inlined():
    source = render.runtime_source()
    assert "</script" not in source.lower()
    assert source.lstrip().startswith("/*") and "PLUGIN HOOK" in source
    # the runtime loads what it needs: Vega for compiled specs, Vega-Lite for Jupyter's
    assert '["vega", "vega-lite"]' in source and "vegaLite.compile" in source
    assert "vegaEmbed" not in source and "vega-embed.min.js" not in source


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
    # each inline runtime is shrunk to the call that queues its chart (the site loads the
    # runtime once, as a file); the figures, their labels and the text stay as they were
    assert render.runtime_source() not in out and "__pathwaysLibraries" not in out
    assert _queued(out) == _queued(page) == [i for i, _, _ in specs]
    calls = [f"<script>(window.__pathwaysQueue = window.__pathwaysQueue || []).push(\"{i}\");</script>"
             for i, _, _ in specs]  # fmt: skip
    inline = re.compile(rf"<script {render.INLINE_MARK}>.*?</script>", re.DOTALL)
    rest_page = inline.sub("", _SPEC.sub("", page))
    rest_out = _SPEC.sub("", out)
    for call in calls:
        assert rest_out.count(call) == 1
        rest_out = rest_out.replace(call, "")
    assert rest_out == rest_page
    assert render.compile_charts(out, _fake_vega) == out  # compiled pages are left alone


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


# --------------------------------------------------------------------------- what charts declare


def _family_specs() -> dict[str, dict]:
    """A chart of every family whose page readout the runtime builds, as Vega-Lite."""
    from pathways import charts, evidence_charts, sample

    s = sample(2000, seed=1)
    made = {
        "explorer": charts.explorer(["engagement", "threat"], group=2),
        "marginal": charts.marginal_chart(["engagement"], variants=["commitment"]),
        "policy": charts.policy_chart(["engagement"]),
        "map": charts.tipping_map(["engagement", "threat"], "engagement", "threat"),
        "diagram": charts.framework_diagram(),
        "caveats": charts.caveats_chart(),
        "monte-carlo": charts.monte_carlo_chart(s),
        "sensitivity": charts.sensitivity_chart(s),
        "check": evidence_charts.check_chart(["animosity"]),
    }
    return {family: chart.to_dict() for family, chart in made.items()}


def _marks(node) -> dict[str, dict]:
    out = {}
    for mark in node.get("marks", []):
        out[mark.get("name")] = mark
        out.update(_marks(mark))
    return out


def test_every_family_declares_what_the_runtime_reads_and_vega_keeps_it():
    """The compiled Vega carries `usermeta.pathways`; the verdict's mark, every mark a
    table reads and every signal a table reads exist in it (the runtime refuses a chart
    whose declaration names a missing mark, and a missing signal would print nothing)."""
    compile_spec = _ext("vega_charts").compiler()
    verdicts = {"explorer", "marginal", "policy", "map", "diagram", "caveats", "check"}
    for family, spec in _family_specs().items():
        vega = compile_spec(spec)
        meta = vega["usermeta"]["pathways"]
        assert meta["family"] == family
        marks = _marks(vega)
        signals = {s["name"] for s in vega.get("signals", [])}
        assert ("verdict" in meta) == (family in verdicts), family
        if "verdict" in meta:
            verdict = marks[meta["verdict"]["mark"]]
            assert verdict["type"] == "text" and "data" in verdict["from"], family
        table = meta["table"]
        assert table["caption"] and table["columns"] == ["Quantity", "Value"], family
        assert table["rows"], family
        for row in table["rows"]:
            assert row.get("mark") is None or row["mark"] in marks, (family, row)
            assert len(row["cells"]) == 2, (family, row)
            for cell in row["cells"]:
                if isinstance(cell, dict) and "signal" in cell:
                    assert cell["signal"] in signals, (family, cell)
                if isinstance(cell, dict) and "format" in cell:
                    assert cell["format"] in numbers.FORMATS.values(), (family, cell)


def test_explorer_numbers_are_the_model_trees():
    """The explorer's table signals print the model's own trees: each pathway's contribution,
    the net, both options' totals and the margin, in that order and with the spec's labels."""
    from pathways import default_model
    from pathways.model.expr import to_vega
    from pathways.present.charts import readout
    from pathways.present.vega import param_ref

    m = default_model()
    spec = charts_explorer(["engagement", "threat"])
    params = {p["name"]: p["expr"] for p in spec["params"] if "expr" in p}
    rows = spec["usermeta"]["pathways"]["table"]["rows"]
    ref = param_ref(m, ["engagement", "threat"], None)
    trees = [*(m.contributions[p.id] for p in m.spec.pathways), m.net,
             m.policy_net["exclusive"], m.policy_net["inclusive"], m.policy_margin]  # fmt: skip
    labels = [*(p.label for p in m.spec.pathways), m.spec.quantities["net"].label]
    assert [r["cells"][0] for r in rows][: len(labels)] == labels
    assert len(rows) == len(trees)
    for row, tree in zip(rows, trees, strict=True):
        name = row["cells"][1]["signal"]
        assert name.startswith(readout.SIGNAL_PREFIX)
        assert params[name] == to_vega(tree, ref)


def charts_explorer(controls: list[str]) -> dict:
    from pathways import charts

    return charts.explorer(controls).to_dict()


def test_declare_refuses_nothing_silently():
    """A chart without rows gets no table; without a verdict no verdict entry."""
    from pathways.present.charts import readout

    chart = _chart()
    meta = readout.declare(chart, "plain", "caption", verdict=False).to_dict()["usermeta"]
    assert meta == {"pathways": {"family": "plain"}}
    meta = readout.declare(chart, "plain", "c", extra=[readout.value_row("n", 3, None)])
    table = meta.to_dict()["usermeta"]["pathways"]["table"]
    assert table["rows"] == [{"cells": ["n", {"value": 3.0}]}]
    assert meta.to_dict()["usermeta"]["pathways"]["verdict"]["mark"] == "verdict_marks"
