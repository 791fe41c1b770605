"""Copy the browser libraries the book serves itself from node_modules into _vendor/.

Run after `npm ci`. Only the standard library is used, so any Python 3.11 runs it.

What is copied (and nothing else):

* _vendor/vendor/vega.min.js: the minified browser build that the book's pages load (from
  `<content_root>_static/vendor/`) to draw their charts, compiled to Vega at build time
  (_ext/vega_charts.py), so the site ships no Vega-Lite and no Vega-Embed.
* lib/pathways/present/versions.json: the pins of vega, vega-lite and vega-embed, package
  data for the renderer's CDN URLs in Jupyter and Binder (which compile in the browser).
* _vendor/mathjax/: MathJax 3's tex-chtml component with the files it loads on demand
  (fonts, TeX extensions, accessibility and menu components), so pages with equations
  need no CDN. `_config.yml` points Sphinx's `mathjax_path` at it.

`_config.yml` lists `_vendor` in `html_static_path`, so these end up under
`_build/html/_static/`. They are deliberately not under a root `_static/`: Jupyter Book 1
injects every *.js found there into every page.

The versions copied are the ones pinned in package.json (the one source of truth); the
script refuses to copy if node_modules holds a different version.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "_vendor"
# The chart libraries' versions as package data, read by pathways.present.render (so an
# installed package needs no checkout); regenerated here, checked against package.json by
# tests/test_render.py.
VERSIONS_JSON = ROOT / "lib" / "pathways" / "present" / "versions.json"

# package name -> files (relative to the package folder) copied flat into _vendor/vendor/
VEGA_FILES = {
    "vega": ["build/vega.min.js"],
}
# The chart libraries whose pins go into versions.json (Jupyter and Binder load all three).
PINNED = ("vega", "vega-lite", "vega-embed")

# MathJax: the entry point plus the folders it loads lazily, copied with their layout
# (MathJax finds them relative to the entry point's own URL).
MATHJAX_ENTRY = "es5/tex-chtml.js"
MATHJAX_DIRS = [
    "es5/output/chtml/fonts/woff-v2",
    "es5/input/tex/extensions",
    "es5/a11y",
    "es5/ui",
    "es5/sre",
]


def pinned_versions() -> dict[str, str]:
    package_json = ROOT / "package.json"
    if not package_json.is_file():
        sys.exit(f"vendor: {package_json} is missing")
    return json.loads(package_json.read_text(encoding="utf-8"))["dependencies"]


def check_installed(name: str, wanted: str) -> Path:
    folder = NODE_MODULES / name
    meta = folder / "package.json"
    if not meta.is_file():
        sys.exit(f"vendor: {name} is not in node_modules; run `npm ci` first")
    installed = json.loads(meta.read_text(encoding="utf-8"))["version"]
    if installed != wanted:
        sys.exit(
            f"vendor: node_modules has {name}@{installed} but package.json pins {wanted}; "
            "run `npm ci`"
        )
    return folder


def write_versions(versions: dict[str, str]) -> None:
    """Write the Vega pins into the package's versions.json, only if they changed."""
    text = json.dumps({name: versions[name] for name in PINNED}, indent=2) + "\n"
    if not VERSIONS_JSON.is_file() or VERSIONS_JSON.read_text(encoding="utf-8") != text:
        VERSIONS_JSON.write_text(text, encoding="utf-8")
        print(f"vendor: wrote {VERSIONS_JSON.relative_to(ROOT).as_posix()}")


def main() -> int:
    versions = pinned_versions()
    write_versions(versions)

    out = VENDOR / "vendor"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name, files in VEGA_FILES.items():
        folder = check_installed(name, versions[name])
        for rel in files:
            shutil.copy2(folder / rel, out / Path(rel).name)

    mathjax = check_installed("mathjax", versions["mathjax"])
    mj_out = VENDOR / "mathjax"
    if mj_out.exists():
        shutil.rmtree(mj_out)
    mj_out.mkdir(parents=True)
    shutil.copy2(mathjax / MATHJAX_ENTRY, mj_out / Path(MATHJAX_ENTRY).name)
    for rel in MATHJAX_DIRS:
        shutil.copytree(mathjax / rel, mj_out / Path(rel).relative_to("es5"))

    copied = sorted(p.relative_to(ROOT).as_posix() for p in out.iterdir())
    print("vendor: copied " + ", ".join(copied))
    where = mj_out.relative_to(ROOT).as_posix()
    print(f"vendor: copied MathJax {versions['mathjax']} (tex-chtml) into {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
