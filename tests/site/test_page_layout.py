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

import contextlib
import re

import pytest
import sitekit

SIZES = [(390, 844), (1366, 900)]
SHOTS = sitekit.SCREENSHOTS / "layout"
#: The pages the issue measured as too long (10 and 21 laptop screens).
LONG_PAGES = ("chapters/synthesis.html", "chapters/appendix.html")
INTRO = "chapters/intro.html"
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
  return [...document.querySelectorAll(sel)]
    .filter((el) => visible(el) && !el.closest('.pathways-chart') && !el.parentElement.closest('table'))
    .map((el) => {
      const box = el.closest('.pathways-scroll-box');
      const frame = box && box.parentElement;
      const cue = frame && frame.querySelector(':scope > .pathways-scroll-cue');
      const r = el.getBoundingClientRect();
      return {
        what: el.tagName.toLowerCase() + '.' + String(el.className).slice(0, 40)
          + ': ' + el.textContent.trim().slice(0, 50),
        right: r.right, left: r.left, W,
        ownOverflow: el.scrollWidth > el.clientWidth + 1
          && getComputedStyle(el).overflowX !== 'auto' && getComputedStyle(el).overflowX !== 'scroll',
        inBox: !!box,
        boxRight: box ? box.getBoundingClientRect().right : null,
        boxScrolls: box ? box.scrollWidth > box.clientWidth + 1 : false,
        cueVisible: visible(cue),
        fade: frame ? getComputedStyle(frame, '::after').content !== 'none' : false,
      };
    });
}"""

_AFTER_TEXT = "(el) => getComputedStyle(el, '::after').content.replace(/^\"|\"$/g, '')"


@contextlib.contextmanager
def _opened(browser, base_url: str, page_path: str, size: tuple[int, int]):
    """`page_path` loaded at `size` (clipboard allowed), charts settled, screenshot written."""
    width, height = size
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
        yield page, width, height
    finally:
        context.close()


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def page_at(request, page_path: str, site, base_url: str, browser):
    """Every page at both sizes."""
    if page_path == "<no built site>":
        pytest.fail(sitekit.missing_site_message(site), pytrace=False)
    with _opened(browser, base_url, page_path, request.param) as loaded:
        yield loaded


@pytest.fixture(params=SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def intro_at(request, site, base_url: str, browser):
    """The introduction at both sizes."""
    with _opened(browser, base_url, INTRO, request.param) as loaded:
        yield loaded


@pytest.fixture(params=LONG_PAGES)
def long_page(request, site, base_url: str, browser):
    """The long pages at the laptop's size, where "a screen" is what the issue measured."""
    with _opened(browser, base_url, request.param, SIZES[1]) as loaded:
        yield request.param, loaded


def test_no_horizontal_scroll(page_at, page_path: str) -> None:
    page, width, _ = page_at
    for state in ("as loaded", "every fold open"):
        if state == "every fold open":
            page.evaluate(_OPEN_FOLDS)
        wide = page.evaluate("() => document.scrollingElement.scrollWidth")
        inner = page.evaluate("() => window.innerWidth")
        assert wide <= inner, f"{page_path} at {width} px ({state}): page is {wide} px wide"


def test_blocks_fit_or_scroll_with_a_cue(page_at, page_path: str) -> None:
    page, width, _ = page_at
    page.evaluate(_OPEN_FOLDS)
    problems = []
    for b in page.evaluate(_BLOCKS):
        if b["ownOverflow"]:
            problems.append(f"{b['what']} cuts its own content (no wrap, no scroll)")
        if b["inBox"]:
            if b["boxRight"] > b["W"] + 1:
                problems.append(f"{b['what']}: its scroll box ends at {b['boxRight']:.0f} px")
            if b["boxScrolls"] and not (b["cueVisible"] and b["fade"]):
                problems.append(f"{b['what']} scrolls sideways without a visible cue")
        elif b["right"] > b["W"] + 1 or b["left"] < -1:
            problems.append(f"{b['what']} runs to {b['right']:.0f} px, past {b['W']} px")
    assert not problems, f"{page_path} at {width} px:\n" + "\n".join(problems)


def test_header_buttons_say_what_they_do(page_at, page_path: str) -> None:
    page, width, _ = page_at
    found = 0
    for selector, word in LABELLED_BUTTONS:
        button = page.locator(f".article-header-buttons {selector}")
        if button.count() == 0:
            continue
        found += 1
        assert button.first.is_visible(), f"{page_path} at {width} px: {word} button hidden"
        assert button.first.evaluate(_AFTER_TEXT) == word
        box = button.first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width + 1, f"{word} off-screen"
        assert word.lower() in (button.first.get_attribute("aria-label") or "").lower()
    assert found, f"{page_path}: no launch or download button"


def _copies(page, block, button) -> str:
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    assert button.evaluate(_AFTER_TEXT) == "Copy", "the copy button shows no word"
    page.evaluate("() => navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    expected = block.inner_text()
    assert " ".join(copied.split()) == " ".join(expected.split())
    return copied


def test_citation_blocks_have_a_copy_button_that_copies(page_at, page_path: str) -> None:
    page, _, _ = page_at
    blocks = page.locator(".pathways-cite")
    for i in range(blocks.count()):
        block = blocks.nth(i)
        target = block.locator("pre, blockquote").first
        _copies(page, target, block.locator("button.copybtn"))
    line = page.locator(".cite-chapter")
    if line.count():
        text = _copies(page, line.locator(".cite-chapter-text"), line.locator("button.copybtn"))
        assert text.strip().endswith(".html."), text
    if page_path.endswith("cite.html"):
        assert blocks.count() >= 5, "How to cite: the BibTeX and APA blocks are not marked"


def test_default_numbers_are_labelled(page_at, page_path: str) -> None:
    page, _, _ = page_at
    loose = page.evaluate(
        """() => [...document.querySelectorAll('article pre')]
          .filter((p) => /net outcome [+\u2212-]/.test(p.textContent))
          .filter((p) => !p.closest('details.pathways-default-numbers')).length"""
    )
    assert loose == 0, f"{page_path}: a default-numbers block outside its labelled box"
    for summary in page.locator("details.pathways-default-numbers > summary").all():
        assert summary.is_visible() and "do not follow the sliders" in summary.inner_text()


def test_live_panel_is_not_a_section(page_at, page_path: str) -> None:
    page, _, _ = page_at
    headings = page.locator("article h2, article h3, nav.bd-toc-nav a").all_inner_texts()
    assert not [h for h in headings if re.search(r"\blive\b", h, re.I)], headings


def test_intro_first_screen_has_a_chart_and_the_invitation(intro_at) -> None:
    page, width, height = intro_at
    page.evaluate("() => window.scrollTo(0, 0)")
    first = page.evaluate(
        """() => {
          const chart = document.querySelector('.pathways-chart');
          const h1 = document.querySelector('article h1');
          const invite = h1.closest('section').querySelector(':scope > p');
          return {chart: chart.getBoundingClientRect().top,
                  state: chart.getAttribute('data-pathways-state'),
                  invite: invite.getBoundingClientRect().bottom,
                  inviteText: invite.textContent};
        }"""
    )
    assert first["state"] == "ready"
    assert first["invite"] <= height, f"at {width} px the invitation ends at {first['invite']}"
    assert "move" in first["inviteText"].lower() and "slider" in first["inviteText"].lower()
    # At least 200 px of the chart (its first bars) on the first screen.
    assert first["chart"] + 200 <= height, f"at {width} px the chart starts at {first['chart']}"


def test_long_pages_keep_each_chart_near_its_heading(long_page) -> None:
    page_path, (page, _, height) = long_page
    gaps = page.evaluate(
        """() => {
          const heads = [...document.querySelectorAll('article h2, article h3')];
          return [...document.querySelectorAll('.pathways-chart')].map((c) => {
            const top = c.getBoundingClientRect().top;
            const above = heads.filter((h) => h.getBoundingClientRect().top < top).pop();
            return {id: c.id, heading: above ? above.textContent : '',
                    gap: above ? top - above.getBoundingClientRect().top : top};
          });
        }"""
    )
    far = [g for g in gaps if g["gap"] > height]
    assert not far, f"{page_path}: charts more than a screen below their heading: {far}"
