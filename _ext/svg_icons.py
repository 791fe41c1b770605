"""Sphinx extension: the theme's few icons as a small stylesheet, without Font Awesome's
1.5 MB script or its webfonts.

Why: pydata-sphinx-theme loads ``fontawesome.js`` (1.45 MB of JavaScript) on every page to
turn its ``<i class="fa-solid fa-bars">`` elements into SVG, and its stylesheet would
otherwise draw them, and the icon of each admonition's title, with two webfonts (270 KB).
The book shows about fifteen icons. At build time this takes each one's outline from the
theme's own ``fontawesome.js`` (so the icons stay exactly the theme's, version for version;
Font Awesome Free, icons CC BY 4.0), the admonitions' icons by the code points the theme's
stylesheet gives them, and writes ``_static/pathways-icons.css``: each icon is an SVG mask
painted in the text colour, sized like the glyph it replaces; the glyph that would ask for
the webfont is switched off. ``_templates/layout.html`` drops the script tag. The icons are
decorative (elements with no text); every button keeps its own ``title`` / ``aria-label``.

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

_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
#: The script whose outlines are used (pydata-sphinx-theme's own Font Awesome).
FONTAWESOME_JS = _STATIC / "scripts" / "fontawesome.js"
#: The theme's stylesheet, which names each admonition's icon by its code point.
THEME_CSS = _STATIC / "styles" / "pydata-sphinx-theme.css"
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

Outline = tuple[int, int, str]  # width, height, SVG path

_PACK = re.compile(r'\bd\("(fa[a-z]+)",')
_ICON = r'[,{{]"?{name}"?:\[(\d+),(\d+),\[[^\]]*\],"{code}","(M[^"]+)"\]'
_ADMONITION = re.compile(r"--pst-icon-admonition-([\w-]+):var\(--pst-icon-([\w-]+)\)")
_PST_ICON = re.compile(r'--pst-icon-([\w-]+):"(.)"')
_TITLE = (
    ".admonition{kind} > .admonition-title::after, div.admonition{kind} > .admonition-title::after"
)
_MASK = (
    "background-color: currentColor; -webkit-mask: var(--pathways-icon) center / contain "
    "no-repeat; mask: var(--pathways-icon) center / contain no-repeat;"
)


def _find(script: str, prefix: str, name: str, code: str) -> Outline | None:
    """The first definition of an icon (by name or code point) in the `prefix` style.

    fontawesome.js defines each style in its own block ending with ``d("fas", icons)``;
    an icon belongs to the first such call after its definition.
    """
    packs = [(m.start(), m[1]) for m in _PACK.finditer(script)]
    for m in re.finditer(_ICON.format(name=name, code=code), script):
        if next((p for pos, p in packs if pos > m.start()), None) == prefix:
            return int(m[1]), int(m[2]), m[3]
    return None


def outlines(script: str) -> dict[tuple[str, str], Outline]:
    """(prefix, name) -> outline for every icon in ICONS.

    Raises ValueError naming the icons the script does not define.
    """
    found = {}
    for prefix, names in ICONS.items():
        for name in names:
            outline = _find(script, prefix, re.escape(name), "[0-9a-f]+")
            if outline:
                found[(prefix, name)] = outline
    missing = [f"{p} {n}" for p, names in ICONS.items() for n in names if (p, n) not in found]
    if missing:
        raise ValueError(f"{FONTAWESOME_JS} defines no icon {', '.join(missing)}")
    return found


def admonition_outlines(script: str, theme_css: str) -> dict[str, Outline]:
    """Admonition type (``note``, ``tip``, ..., ``default``) -> its icon's outline.

    The theme's stylesheet gives each type an icon variable whose value is a Font Awesome
    solid code point. Raises ValueError naming the types whose icon the script lacks.
    """
    codes = {name: f"{ord(char):x}" for name, char in _PST_ICON.findall(theme_css)}
    found, missing = {}, []
    for kind, icon in sorted(set(_ADMONITION.findall(theme_css))):
        outline = _find(script, "fas", r"[\w-]+", codes.get(icon, "none"))
        if outline is None:
            missing.append(f"{kind} ({icon})")
        else:
            found[kind] = outline
    if missing or not found:
        raise ValueError(f"{FONTAWESOME_JS} has no outline for the admonition icons {missing}")
    return found


def _data_uri(outline: Outline) -> str:
    width, height, path = outline
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
        f'<path d="{path}"/></svg>'
    )
    return f'url("data:image/svg+xml,{quote(svg, safe=" =/:")}")'


def _admonition_rules(admonitions: dict[str, Outline]) -> list[str]:
    """The admonition titles' icons (drawn by the theme as a webfont glyph in ::after)."""
    lines = [f'{_TITLE.format(kind="")} {{ content: "" !important; font: inherit; {_MASK} }}']
    for kind, outline in sorted(admonitions.items()):
        cls = {"default": "", "todo": ".admonition-todo"}.get(kind, f".{kind}")
        lines.append(f"{_TITLE.format(kind=cls)} {{ --pathways-icon: {_data_uri(outline)}; }}")
    return lines


def stylesheet(icons: dict[tuple[str, str], Outline], admonitions: dict[str, Outline]) -> str:
    """CSS drawing each icon as a mask in the text colour, sized like its glyph."""
    styled = [f".{c}" for classes in STYLE_CLASSES.values() for c in classes]
    lines = [
        "/* Icons: Font Awesome Free (https://fontawesome.com, icons CC BY 4.0), outlines",
        "   taken from the theme's fontawesome.js by _ext/svg_icons.py. */",
        f"{', '.join(styled)} {{ display: inline-block; height: 1em; vertical-align: -0.125em;",
        f"  {_MASK} }}",
        f"{'::before, '.join(styled)}::before {{ content: none !important; }}",
    ]
    for (prefix, name), outline in sorted(icons.items()):
        selector = ", ".join(f".{c}.fa-{name}" for c in STYLE_CLASSES[prefix])
        lines.append(
            f"{selector} {{ width: {outline[0] / outline[1]:.4g}em; "
            f"--pathways-icon: {_data_uri(outline)}; }}"
        )
    return "\n".join(lines + _admonition_rules(admonitions)) + "\n"


def _write(app: Sphinx) -> None:
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    script = FONTAWESOME_JS.read_text(encoding="utf-8")
    theme_css = THEME_CSS.read_text(encoding="utf-8")
    css = stylesheet(outlines(script), admonition_outlines(script, theme_css))
    (static / CSS_FILE).write_text(css, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _write)
    app.add_css_file(CSS_FILE)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
