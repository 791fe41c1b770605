"""Page layout at a phone's and a laptop's size (390 x 844 and 1366 x 900): every page of the
built book, as a reader opens it.

On every page, at both sizes: the page never scrolls sideways; every table, code block and
display equation fits the column or scrolls inside its own box with the cue visible (a
caption and a fade, _theme/pages.js); the launch and download buttons say what they do in
words; every citation block has a visible copy button that copies the citation; a chapter's
numbers at the default assumptions sit in a labelled box, never bare under a chart; no
heading announces the live panel (it is a note, _ext/binder_url.py). The introduction shows
a drawn chart and its one-line invitation on the first screen. On the long pages, each chart
is within one laptop screen of its heading. A viewport-sized PNG of every page at both sizes
goes to screenshots/layout/<width>x<height>/ for a person to look at (written, never compared).

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site/test_page_layout.py
"""

from __future__ import annotations

import re

import builtsite
import pytest
import sitekit

SIZES = [(390, 844), (1366, 900)]
SHOTS = sitekit.SCREENSHOTS / "layout"
#: The pages the issue measured as too long (10 and 21 laptop screens).
LONG_PAGES = ("chapters/synthesis.html", "chapters/appendix.html")
INTRO = "chapters/intro.html"
#: The pages that end with a "Cite this chapter" line: the chapters (notebooks).
CHAPTERS_WITH_LINE = [
    f"{doc}.html"
    for doc in builtsite.toc_pages(sitekit.REPO)
    if (sitekit.REPO / f"{doc}.ipynb").exists()
]
#: The header buttons that must say what they do in words: (selector, the word).
LABELLED_BUTTONS = [
    (".dropdown-launch-buttons > .dropdown-toggle", "Launch"),
    (".dropdown-download-buttons > .dropdown-toggle", "Download"),
]

#: Open every fold (details, hidden cell outputs, dropdown solutions) and measure again.
_OPEN_FOLDS = """async () => {
  document.querySelectorAll('article details').forEach((d) => { d.open = true; });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  if (window.pathwaysScrollCues) window.pathwaysScrollCues();
}"""

#: Every block that could widen the column, and how it is held.
_BLOCKS = """() => {
  const W = document.documentElement.clientWidth;
  const visible = (el) => !!el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && el.getBoundingClientRect().width > 0;
  const sel = "article.bd-article table, article.bd-article pre, "
    + "article.bd-article mjx-container[display='true']";
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  return [...document.querySelectorAll(sel)]
    .filter((el) => visible(el) && !el.closest('.pathways-chart') && !el.parentElement.closest('table'))
    .map((el) => {
      const box = el.closest('.pathways-scroll-box');
      const frame = box && box.parentElement;
      const cue = frame && frame.querySelector(':scope > .pathways-scroll-cue');
      const r = el.getBoundingClientRect();
      const selfWide = el.scrollWidth > el.clientWidth + 1;
      return {
        what: el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40)
          + ': ' + el.textContent.trim().slice(0, 50),
        right: r.right, left: r.left, W,
        ownOverflow: selfWide && !scrolls(el) && !box,
        selfScrolls: selfWide && scrolls(el),
        inBox: !!box,
        boxRight: box ? box.getBoundingClientRect().right : null,
        boxScrolls: box ? box.scrollWidth > box.clientWidth + 1 || selfWide : false,
        cueVisible: visible(cue),
        fade: frame ? getComputedStyle(frame, '::after').content !== 'none' : false,
      };
    });
}"""

_AFTER_TEXT = "(el) => getComputedStyle(el, '::after').content.replace(/^\"|\"$/g, '')"

#: The header buttons: visible, the word shown, right edge, accessible name.
_BUTTONS = """(sels) => sels.map(([sel, word]) => {
  const b = document.querySelector('.article-header-buttons ' + sel);
  if (!b) return null;
  const r = b.getBoundingClientRect();
  return {word, shown: getComputedStyle(b, '::after').content.replace(/^"|"$/g, ''),
          visible: b.checkVisibility() && r.width > 0, right: r.right,
          name: b.getAttribute('aria-label') || ''};
})"""

_DEFAULT_NUMBERS = """() => ({
  loose: [...document.querySelectorAll('article pre')]
    .filter((p) => /net outcome [+\u2212-]/.test(p.textContent))
    .filter((p) => !p.closest('details.pathways-default-numbers')).length,
  summaries: [...document.querySelectorAll('details.pathways-default-numbers > summary')]
    .map((s) => ({text: s.textContent, visible: s.checkVisibility()})),
  headings: [...document.querySelectorAll('article h2, article h3, nav.bd-toc-nav a')]
    .map((h) => h.textContent.trim()),
})"""

_FIRST_SCREEN = """() => {
  window.scrollTo(0, 0);
  const chart = document.querySelector('.pathways-chart');
  const h1 = document.querySelector('article h1');
  const invite = h1 && h1.closest('section').querySelector(':scope > p');
  return chart && invite ? {chart: chart.getBoundingClientRect().top,
          state: chart.getAttribute('data-pathways-state'),
          invite: invite.getBoundingClientRect().bottom, inviteText: invite.textContent} : null;
}"""

_CHART_GAPS = """() => {
  const heads = [...document.querySelectorAll('article h2, article h3')];
  return [...document.querySelectorAll('.pathways-chart')].map((c) => {
    const top = c.getBoundingClientRect().top;
    const above = heads.filter((h) => h.getBoundingClientRect().top < top).pop();
    return {id: c.id, heading: above ? above.textContent : '',
            gap: above ? top - above.getBoundingClientRect().top : top};
  });
}"""


def _copy(page, target, button) -> dict:
    """Click a citation block's copy button; what it showed and what the clipboard got."""
    button.scroll_into_view_if_needed()
    facts = {"visible": button.is_visible(), "word": button.evaluate(_AFTER_TEXT)}
    page.evaluate("() => navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    facts["copied"] = " ".join(page.evaluate("() => navigator.clipboard.readText()").split())
    facts["expected"] = " ".join(target.inner_text().split())
    return facts


def _copies(page) -> list[dict]:
    out = []
    blocks = page.locator(".pathways-cite")
    for i in range(blocks.count()):
        block = blocks.nth(i)
        target = block.locator("pre, blockquote").first
        out.append({"kind": "cite", **_copy(page, target, block.locator("button.copybtn"))})
    line = page.locator(".cite-chapter")
    if line.count():
        facts = _copy(page, line.locator(".cite-chapter-text"), line.locator("button.copybtn"))
        out.append({"kind": "chapter", **facts})
    return out


def _measure(page) -> dict:
    """Everything the tests below check, from one load of the page."""
    wide = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
    facts = {"scroll": {"as loaded": page.evaluate(wide)}}
    facts["first_screen"] = page.evaluate(_FIRST_SCREEN)
    facts["buttons"] = page.evaluate(_BUTTONS, LABELLED_BUTTONS)
    facts["numbers"] = page.evaluate(_DEFAULT_NUMBERS)
    facts["gaps"] = page.evaluate(_CHART_GAPS)
    facts["copies"] = _copies(page)
    page.evaluate(_OPEN_FOLDS)
    facts["scroll"]["every fold open"] = page.evaluate(wide)
    facts["blocks"] = page.evaluate(_BLOCKS)
    return facts


_facts: dict[tuple[str, int, int], dict] = {}


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def layout(request, page_path: str, site, base_url: str, browser) -> dict:
    """What one load of the page at one size shows (screenshot written on the way)."""
    if page_path == "<no built site>":
        pytest.fail(sitekit.missing_site_message(site), pytrace=False)
    width, height = request.param
    key = (page_path, width, height)
    if key not in _facts:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            service_workers="block",
            permissions=["clipboard-read", "clipboard-write"],
        )
        try:
            page = context.new_page()
            page.goto(base_url + page_path, wait_until="load")
            page.wait_for_function(sitekit.CHARTS_SETTLED, timeout=sitekit.CHART_TIMEOUT_MS)
            page.evaluate("() => window.pathwaysScrollCues && window.pathwaysScrollCues()")
            folder = SHOTS / f"{width}x{height}"
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / sitekit.screenshot_name(page_path)))
            _facts[key] = {"path": page_path, "width": width, "height": height, **_measure(page)}
        finally:
            context.close()
    return _facts[key]


def test_no_horizontal_scroll(layout: dict) -> None:
    for state, (wide, inner) in layout["scroll"].items():
        assert wide <= inner, f"{layout['path']} at {inner} px ({state}): page is {wide} px wide"


def test_blocks_fit_or_scroll_with_a_cue(layout: dict) -> None:
    problems = []
    for b in layout["blocks"]:
        if b["ownOverflow"]:
            problems.append(f"{b['what']} cuts its own content (no wrap, no scroll)")
        if b["inBox"]:
            if b["boxRight"] > b["W"] + 1:
                problems.append(f"{b['what']}: its scroll box ends at {b['boxRight']:.0f} px")
            if b["boxScrolls"] and not (b["cueVisible"] and b["fade"]):
                problems.append(f"{b['what']} scrolls sideways without a visible cue")
        elif b["selfScrolls"]:
            problems.append(f"{b['what']} scrolls sideways in itself, without the cue")
        elif b["right"] > b["W"] + 1 or b["left"] < -1:
            problems.append(f"{b['what']} runs to {b['right']:.0f} px, past {b['W']} px")
    assert not problems, f"{layout['path']} at {layout['width']} px:\n" + "\n".join(problems)


def test_header_buttons_say_what_they_do(layout: dict) -> None:
    buttons = [b for b in layout["buttons"] if b is not None]
    assert buttons, f"{layout['path']}: no launch or download button"
    for b in buttons:
        where = f"{layout['path']} at {layout['width']} px, {b['word']} button"
        assert b["visible"] and b["shown"] == b["word"], f"{where}: shows {b['shown']!r}"
        assert b["right"] <= layout["width"] + 1, f"{where}: off-screen"
        assert b["word"].lower() in b["name"].lower(), f"{where}: named {b['name']!r}"


def test_citation_blocks_have_a_copy_button_that_copies(layout: dict) -> None:
    for c in layout["copies"]:
        assert c["visible"] and c["word"] == "Copy", f"{layout['path']}: {c}"
        assert c["copied"] == c["expected"], f"{layout['path']}: copied {c['copied']!r}"
        if c["kind"] == "chapter":
            assert c["copied"].endswith(".html."), c["copied"]
    if layout["path"].endswith("cite.html"):
        assert len(layout["copies"]) >= 5, "How to cite: the BibTeX and APA blocks are not marked"
    if layout["path"] in CHAPTERS_WITH_LINE:
        assert [c for c in layout["copies"] if c["kind"] == "chapter"], "no copy on its line"


def test_default_numbers_are_labelled(layout: dict) -> None:
    numbers = layout["numbers"]
    assert numbers["loose"] == 0, f"{layout['path']}: default numbers outside their box"
    for s in numbers["summaries"]:
        assert s["visible"] and "do not follow the sliders" in s["text"], s


def test_live_panel_is_not_a_section(layout: dict) -> None:
    headings = layout["numbers"]["headings"]
    assert not [h for h in headings if re.search(r"\blive\b", h, re.I)], headings


def test_intro_first_screen_has_a_chart_and_the_invitation(layout: dict) -> None:
    if layout["path"] != INTRO:
        pytest.skip("only the introduction opens with a chart")
    first, width, height = layout["first_screen"], layout["width"], layout["height"]
    assert first is not None and first["state"] == "ready"
    assert first["invite"] <= height, f"at {width} px the invitation ends at {first['invite']}"
    text = first["inviteText"].lower()
    assert "move" in text and "slider" in text, first["inviteText"]
    # At least 200 px of the chart (its first bars) on the first screen.
    assert first["chart"] + 200 <= height, f"at {width} px the chart starts at {first['chart']}"


def test_long_pages_keep_each_chart_near_its_heading(layout: dict) -> None:
    if layout["path"] not in LONG_PAGES or layout["width"] < 1000:
        pytest.skip("measured on the long pages at the laptop's size, as the issue did")
    far = [g for g in layout["gaps"] if g["gap"] > layout["height"]]
    assert not far, f"{layout['path']}: charts more than a screen below their heading: {far}"
