"""Altair charts whose sliders, labels, ranges and defaults all come from the spec.

Why: on the website the reader's controls are Vega-Lite params bound to HTML inputs; the
numbers behind every mark are `transform_calculate` expressions printed from the model's
trees (vega), so the browser recomputes exactly what the library computes.

Conventions every chart keeps, so browser tests can read them:
* pathway rows carry `id`; computed fields are `contribution`, `marginal`, `exclusive`,
  `inclusive`, `net`, `verdict` (the exact sentence the library's `to_text` gives);
* one colour language (``common``): blue = cooperation, vermillion = friction (Okabe-Ito),
  wine = an exclusive bloc, khaki = inclusive ties; colour-blind safe (``colour_vision``,
  checked by tests/test_colours.py); every text at least ``FONT_SIZE`` px, never truncated
  (``common.style``, applied to every figure);
* a verdict names a side only when its number does not print as zero (model.verdict);
* every chart has a title and a `description` (its text alternative).

One module per chart family: ``common`` (colours, type, sliders), ``colour_vision`` (how far
apart two colours look, with and without colour-vision deficiency), ``sentence`` (the verdict
panel), ``bars`` (the pathway bars), ``explorers``, ``maps``, ``diagram``,
``distributions``, ``caveats``. This package is what chapters use: ``charts.explorer(...)``.

Defined for: every chapter (explorer); 'The framework' (framework_diagram); 'Synthesis'
(marginal_chart, tipping_map, monte_carlo_chart, sensitivity_chart); 'Conclusion'
(policy_chart, tipping_map with quantity='policy', caveats_chart).
"""

from __future__ import annotations

from .caveats import caveats_chart
from .common import (
    COOPERATION,
    DIAGRAM_WIDTH,
    DIRECTION_SCALE,
    EXCLUSIVE,
    FONT_SIZE,
    FRICTION,
    INCLUSIVE,
    NEUTRAL,
    PALETTE,
    QUANTITIES,
    TITLE_WRAP,
    WIDTH,
    sliders,
    style,
)
from .diagram import framework_diagram
from .distributions import monte_carlo_chart, sensitivity_chart
from .explorers import explorer, marginal_chart, policy_chart
from .maps import tipping_map
from .sentence import LINE_HEIGHT, WRAP, WRAP_AT

__all__ = [
    "COOPERATION",
    "DIAGRAM_WIDTH",
    "DIRECTION_SCALE",
    "EXCLUSIVE",
    "FONT_SIZE",
    "FRICTION",
    "INCLUSIVE",
    "LINE_HEIGHT",
    "NEUTRAL",
    "PALETTE",
    "QUANTITIES",
    "TITLE_WRAP",
    "WIDTH",
    "WRAP",
    "WRAP_AT",
    "caveats_chart",
    "explorer",
    "framework_diagram",
    "marginal_chart",
    "monte_carlo_chart",
    "policy_chart",
    "sensitivity_chart",
    "sliders",
    "style",
    "tipping_map",
]
