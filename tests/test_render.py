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


def _div_attributes(markup: str) -> dict[str, str]:
    match = re.match(
        r'<div ([^>]*)><div class="pathways-chart-view"></div></div>\n<script>', markup
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
    assert _script_value(markup, "vendorPaths") == {
        "vega": "_static/vendor/vega.min.js",
        "vega-lite": "_static/vendor/vega-lite.min.js",
        "vega-embed": "_static/vendor/vega-embed.min.js",
    }


def test_vendor_script_copies_the_files_render_loads():
    from importlib.util import module_from_spec, spec_from_file_location

    loader = spec_from_file_location("vendor", ROOT / "scripts" / "vendor.py")
    vendor = module_from_spec(loader)
    loader.loader.exec_module(vendor)
    copied = {
        name: "_static/vendor/" + Path(files[0]).name for name, files in vendor.VEGA_FILES.items()
    }
    assert copied == render.VENDOR_PATHS
    for name, files in vendor.VEGA_FILES.items():
        expected = f"https://cdn.jsdelivr.net/npm/{name}@{render.VERSIONS[name]}/{files[0]}"
        assert render.CDN_URLS[name] == expected


def test_bundle_carries_the_spec_unchanged():
    chart = _chart(description="Friction over time", title="Friction")
    spec = chart.to_dict()
    markup = _html(spec)
    assert _script_value(markup, "spec") == spec
    assert spec["$schema"].endswith(f"/vega-lite/{alt.SCHEMA_VERSION}.json")


def test_embed_options_and_view_hooks():
    markup = _html(_chart())
    assert _script_value(markup, "embedOptions") == {"actions": False, "renderer": "svg"}
    div_id = _div_attributes(markup)["id"]
    assert _script_value(markup, "id") == div_id
    assert 'window.vegaEmbed("#" + id + " > .pathways-chart-view", spec, embedOptions)' in markup
    assert "el.__vegaView = result.view" in markup
    assert "window.__pathwaysViews" in markup
    assert "console.error" in markup
    assert "document.documentElement.dataset.content_root" in markup
    # one promise per page, shared by all charts
    assert markup.count("window.__pathwaysVegaReady =") >= 1
    assert "if (!window.__pathwaysVegaReady)" in markup


def test_libraries_load_in_order_vega_lite_after_vega():
    markup = _html(_chart())
    assert 'var names = ["vega", "vega-lite", "vega-embed"];' in markup


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
    script = markup.split("<script>", 1)[1]
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert _script_value(markup, "spec")["description"] == spec["description"]


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
