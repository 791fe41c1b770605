"""Sphinx extension: the theme's few icons as a small stylesheet, without Font Awesome's
1.5 MB script or its webfonts.

Why: pydata-sphinx-theme loads ``fontawesome.js`` (1.45 MB of JavaScript) on every page to
turn its ``<i class="fa-solid fa-bars">`` elements into SVG, and its stylesheet would
otherwise draw them with two webfonts (270 KB). The book shows about fifteen icons. At
build time this takes each one's outline from the theme's own ``fontawesome.js`` (so the
icons stay exactly the theme's, version for version; Font Awesome Free, icons CC BY 4.0)
and writes ``_static/pathways-icons.css``: each icon is an SVG mask painted in the text
colour, sized like the glyph it replaces; the pseudo-element that would ask for the
webfont is switched off. ``_templates/layout.html`` drops the script tag. The icons are
decorative (``<i>`` with no text); every button keeps its own ``title`` / ``aria-label``.

An icon the book uses but ``ICONS`` lacks is drawn as an empty box: ``tests/site`` checks
that every ``fa-*`` icon on every page has an outline here. Enabled in ``_config.yml`` with
``sphinx: local_extensions: {svg_icons: _ext}``.

Defined for: every page of the book (the website build).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pydata_sphinx_theme
from sphinx.application import Sphinx

#: Where pydata-sphinx-theme keeps the script whose outlines are used.
FONTAWESOME_JS = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme"
    / "pydata_sphinx_theme"
    / "static"
    / "scripts"
    / "fontawesome.js"
)
#: The icons the theme draws in this book, by Font Awesome style prefix.
ICONS: dict[str, tuple[str, ...]] = {
    "fas": (
        "angle-left", "angle-right", "arrow-up", "bars", "download", "expand", "file",
        "file-pdf", "list", "magnifying-glass", "outdent", "rocket", "xmark",
    ),
    "fab": ("github",),
}  # fmt: skip
#: The style classes of each prefix (the theme writes both spellings).
STYLE_CLASSES = {"fas": ("fa-solid", "fas"), "fab": ("fa-brands", "fab")}
CSS_FILE = "pathways-icons.css"

_PACK = re.compile(r'\bd\("(fa[a-z]+)",')
_ICON = r'[,{{]"?{name}"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","(M[^"]+)"\]'


def outlines(script: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(prefix, name) -> (width, height, SVG path) for every icon in ICONS.

    fontawesome.js defines each style in its own block ending with ``d("fas", icons)``;
    an icon belongs to the first such call after its definition. Raises ValueError naming
    the icons the script does not define.
    """
    packs = [(m.start(), m[1]) for m in _PACK.finditer(script)]
    found: dict[tuple[str, str], tuple[int, int, str]] = {}
    for prefix, names in ICONS.items():
        for name in names:
            for m in re.finditer(_ICON.format(name=re.escape(name)), script):
                pack = next((p for pos, p in packs if pos > m.start()), None)
                if pack == prefix:
                    found[(prefix, name)] = (int(m[1]), int(m[2]), m[3])
                    break
    missing = [f"{p} {n}" for p, names in ICONS.items() for n in names if (p, n) not in found]
    if missing:
        raise ValueError(f"{FONTAWESOME_JS} defines no icon {', '.join(missing)}")
    return found


def stylesheet(icons: dict[tuple[str, str], tuple[int, int, str]]) -> str:
    """CSS drawing each icon as a mask in the text colour, sized like its glyph."""
    styled = ", ".join(f"i.{c}" for classes in STYLE_CLASSES.values() for c in classes)
    lines = [
        "/* Icons: Font Awesome Free (https://fontawesome.com, icons CC BY 4.0), outlines",
        "   taken from the theme's fontawesome.js by _ext/svg_icons.py. */",
        f"{styled} {{ display: inline-block; height: 1em; vertical-align: -0.125em;",
        "  background-color: currentColor; -webkit-mask: var(--pathways-icon) center / 100% 100%",
        "  no-repeat; mask: var(--pathways-icon) center / 100% 100% no-repeat; }",
        f"{styled.replace(', ', '::before, ')}::before {{ content: none !important; }}",
    ]
    for (prefix, name), (width, height, path) in sorted(icons.items()):
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
            f'<path d="{path}"/></svg>'
        )
        selector = ", ".join(f"i.{c}.fa-{name}" for c in STYLE_CLASSES[prefix])
        lines.append(
            f"{selector} {{ width: {width / height:.4g}em; "
            f'--pathways-icon: url("data:image/svg+xml,{quote(svg, safe=" =/:")}"); }}'
        )
    return "\n".join(lines) + "\n"


def _write(app: Sphinx) -> None:
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    css = stylesheet(outlines(FONTAWESOME_JS.read_text(encoding="utf-8")))
    (static / CSS_FILE).write_text(css, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _write)
    app.add_css_file(CSS_FILE)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
