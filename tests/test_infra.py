"""The build configuration agrees with itself: pins, vendored files, book settings, citations."""

from __future__ import annotations

import json
import os
import re
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import altair as alt
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

NPM_PINS = {
    "vega": "6.4.0",
    "vega-lite": "6.4.1",
    "vega-embed": "7.3.0",
    "axe-core": "4.14.1",
}


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.strip()
    return pins


def _vendor_module():
    spec = spec_from_file_location("vendor", ROOT / "scripts" / "vendor.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_package_json_is_private_with_exact_pins():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert package["private"] is True
    deps = package["dependencies"]
    for name, version in NPM_PINS.items():
        assert deps[name] == version
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in deps.values()), deps
    assert "v" + deps["vega-lite"] == alt.SCHEMA_VERSION


def test_lock_file_matches_package_json():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert lock["packages"][""]["dependencies"] == package["dependencies"]


def test_binder_pins_agree_with_requirements():
    main = _pins(ROOT / "requirements.txt")
    binder_file = ROOT / "binder" / "requirements.txt"
    binder = _pins(binder_file)
    assert binder.pop("jupyterlab") == "4.6.6"
    # JupyterLab's MyST renderer: only Binder's JupyterLab needs it (tests/test_jupyterlab.py).
    assert binder.pop("jupyterlab-myst") == "2.7.0"
    for name, version in binder.items():
        assert main.get(name) == version, f"{name}: binder {version}, requirements {main.get(name)}"
    lines = [line.strip() for line in binder_file.read_text(encoding="utf-8").splitlines()]
    assert "-e ." in lines
    for needed in ("numpy", "pandas", "altair", "ipywidgets", "ipykernel"):
        assert needed in binder
    assert (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"


def test_book_executes_every_notebook_and_fails_on_errors(config):
    execute = config["execute"]
    assert execute["execute_notebooks"] == "force"
    assert execute["timeout"] == 300
    assert execute.get("allow_errors", False) is False
    build = (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8")
    assert re.search(r"jupyter-book build --all -W -n --keep-going \.", build)


def test_static_files_come_from_vendor_not_a_root_static(config):
    sphinx = config["sphinx"]["config"]
    assert "_vendor" in sphinx["html_static_path"]
    assert "_static" not in sphinx["html_static_path"]
    vendor = _vendor_module()
    assert vendor.VENDOR == ROOT / "_vendor"
    # MathJax: Sphinx resolves a relative mathjax_path against _static/
    assert sphinx["mathjax_path"] == "mathjax/" + Path(vendor.MATHJAX_ENTRY).name
    assert not (ROOT / "_static").exists(), "Jupyter Book injects every _static/*.js"
    # no RequireJS / ipywidgets HTML manager from CDNs on pages whose notebook has widgets
    assert sphinx["nb_ipywidgets_js"] == {}


def test_no_thebe_and_one_repository_setting(config):
    assert config["launch_buttons"]["thebe"] is False
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["notebook_interface"] == "jupyterlab"
    assert config["repository"] == {
        "url": "https://github.com/pathways-essay/ambivalent-us-roles",
        "branch": "main",
        "path_to_book": "",
    }
    assert config["only_build_toc_files"] is True


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("root", "file"):
                files.append(value)
            else:
                files.extend(_toc_files(value))
    elif isinstance(node, list):
        for item in node:
            files.extend(_toc_files(item))
    return files


def test_toc_lists_existing_files_and_ends_with_references():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    assert toc["root"] == "chapters/intro"
    files = _toc_files(toc)
    for name in files:
        found = [p for p in ROOT.glob(name + ".*") if p.suffix in (".md", ".ipynb")]
        assert found, f"_toc.yml lists {name}, which does not exist"
    assert files[-1] == "chapters/references"


def test_references_bib_has_the_cited_works():
    from pybtex.database import parse_file

    bib = parse_file(str(ROOT / "references.bib"))
    expected = {
        "yoon": ("misc", "2015"),
        "cha1999": ("book", "1999"),
        "snyder1984": ("article", "1984"),
        "walt1987": ("book", "1987"),
        "olson1966": ("article", "1966"),
        "lind2008": ("book", "2008"),
        "glosserman2015": ("book", "2015"),
        "jervis1978": ("article", "1978"),
        "dower1999": ("book", "1999"),
    }
    assert set(expected) <= set(bib.entries)
    for key, (kind, year) in expected.items():
        entry = bib.entries[key]
        assert entry.type == kind, key
        if year:
            assert entry.fields["year"] == year, key
    assert bib.entries["snyder1984"].fields["pages"] == "461--495"
    assert bib.entries["olson1966"].fields["pages"] == "266--279"
    assert bib.entries["jervis1978"].fields["pages"] == "167--214"
    assert str(bib.entries["yoon"].persons["author"][0]) == "Yoon, Tae-Ryong"


def test_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == "MIT"
    assert "CC BY 4.0" in cff["message"]
    assert cff["title"].startswith("Ambivalent US Roles in Korea-Japan Relations")
    assert cff["authors"]
    (yoon,) = [r for r in cff["references"] if r["authors"][0].get("family-names") == "Yoon"]
    assert yoon["title"] == "Ambivalent US Roles in Korea-Japan Relations"
    assert "Copyright (c) 2026 The Ambivalent US Roles essay authors" in (
        ROOT / "LICENSE"
    ).read_text(encoding="utf-8")


def test_ci_entry_point():
    run = ROOT / ".ci" / "run"
    assert os.access(run, os.X_OK)
    text = run.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\nset -euo pipefail\n")
    assert 'cd "$(dirname "$0")/.."' in text
    assert text.rstrip().endswith("exec bash scripts/test.sh")
    # The mirror lookup lives in one sourced script, shared with build.sh and test.sh.
    assert ". scripts/data_mirror.sh" in text
    mirror = (ROOT / "scripts" / "data_mirror.sh").read_text(encoding="utf-8")
    assert "PATHWAYS_DATA_MIRROR" in mirror and "../shared/data/mirror" in mirror
    for script in ("build.sh", "test.sh"):
        assert ". scripts/data_mirror.sh" in (ROOT / "scripts" / script).read_text(encoding="utf-8")
