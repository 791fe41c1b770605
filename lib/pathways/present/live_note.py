"""The website's short note in place of a chapter's live panel, and how a kernel knows it
runs for the website.

Why: an ipywidgets panel needs a kernel; on the static website it would be a dead snapshot.
So a chapter's last cell, ``widgets.live([...], group=k)``, shows the panel in Jupyter and
Binder, and during the website build shows this note instead: one sentence saying the panel
runs in Jupyter or Binder, which assumptions it puts on sliders (their labels, from the
spec) and a link that opens this chapter in Binder. The note is made here, once, for every
chapter, so no chapter repeats a paragraph about it.

The website build says it is running, and where this chapter launches, through one
environment variable, ``PATHWAYS_SITE_BINDER_URL``: the book's Sphinx extension
``_ext/binder_url.py`` sets it to the chapter's Binder launch URL just before myst-nb runs
the chapter's kernel. Unset (Jupyter, Binder, nbval, Voila), the panel is shown.

Defined for: every chapter with a live panel (its last cell).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from ..model.compile import Model, default_model
from .controls import check_controls

#: The environment variable the website build sets: this chapter's Binder launch URL.
BINDER_URL_ENV = "PATHWAYS_SITE_BINDER_URL"
#: The note's class on the website (for the site tests and print CSS).
CSS_CLASS = "pathways-live-note"


def site_binder_url() -> str | None:
    """This chapter's Binder URL while the website build runs it; None anywhere else.

    A value that is not an https URL is refused, not ignored: the website would otherwise
    show a dead link or a dead panel.
    """
    value = os.environ.get(BINDER_URL_ENV, "")
    if not value:
        return None
    parts = urlparse(value)
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(
            f"{BINDER_URL_ENV}={value!r} is not a launch URL; allowed: unset or empty "
            "(Jupyter shows the live panel) or an https:// Binder URL (the website's note)"
        )
    return value


@dataclass(frozen=True)
class LiveNote:
    """The website's note: the panel's slider labels and this chapter's Binder link."""

    labels: tuple[str, ...]
    url: str

    def text(self) -> str:
        """The sentence after the note's title, without the link."""
        return (
            "This chapter's live panel runs in Jupyter or Binder, not on the website. It puts "
            "these assumptions on sliders and recomputes the verdict in Python as you move "
            f"them: {'; '.join(self.labels)}."
        )

    def _repr_html_(self) -> str:
        return (
            f'<div class="admonition note {CSS_CLASS}">'
            '<p class="admonition-title">Live panel</p>'
            f"<p>{html.escape(self.text())} "
            f'<a href="{html.escape(self.url)}">Open this chapter in Binder</a>.</p></div>'
        )

    def _repr_markdown_(self) -> str:
        return f"**Live panel.** {self.text()} [Open this chapter in Binder]({self.url})."

    def __repr__(self) -> str:
        return f"Live panel. {self.text()} Open this chapter in Binder: {self.url}"


def live_note(controls: Sequence[str], url: str, model: Model | None = None) -> LiveNote:
    """The note for a panel with `controls` (checked as the panel checks them)."""
    m = model or default_model()
    check_controls(m, controls)
    return LiveNote(tuple(m.spec.assumptions[name].label for name in controls), url)
