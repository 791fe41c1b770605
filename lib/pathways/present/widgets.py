"""An ipywidgets panel, generated from the spec, that recomputes the model live in a kernel.

Why: in Jupyter or Binder a reader can move any assumption, including ones the website's
chart does not expose, and see contributions and the verdict recomputed by Python. On the
static website such a panel would be a dead snapshot, so a chapter's last cell calls
:func:`live`, which shows the panel in a kernel and, during the website build, the short
note of :mod:`pathways.present.live_note` instead (no chapter says it in its own words).

A panel can start at a reader's scenario (``scenario="engagement=0.30,threat=0.80"``, a
preset's name, or a page's address: the string the website's "Cite and reproduce" shows,
read by :mod:`pathways.model.scenario_string` with the CLI's errors); values it sets for
assumptions without a slider here stay fixed at the scenario's, and say so in the header.

A panel may also offer a dropdown per structural variant (model.yaml `variants`: the
same dimension and option names as ``evaluate(..., variants=...)`` and the CLI's
``--variant``), so a reader can switch the model's form as well as its numbers.

Defined for: every chapter with a live panel (its last cell).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from ..model.compile import Model, default_model, with_variants
from ..model.evaluate import Result, evaluate, group_verdict
from ..model.scenario_string import format_scenario, read_scenario
from ..model.variants import check_dims
from .controls import check_controls
from .live_note import LiveNote, live_note, site_binder_url

#: The panel's one-line header: what a reader in Jupyter or Binder can do with it.
HEADER = "Move any assumption; the verdict is recomputed in Python."
#: Before the values a scenario sets for assumptions the panel has no slider for.
FIXED_WORDS = "Also set by the scenario, with no slider here:"


class Panel:
    """Sliders for chosen assumptions, dropdowns for chosen structural variants, a live
    contributions table and the verdict."""

    def __init__(
        self,
        controls: Sequence[str],
        group: int | None = None,
        model: Model | None = None,
        variants: Sequence[str] = (),
        scenario: str | None = None,
    ):
        self.model = model or default_model()
        check_controls(self.model, controls)
        start, self.fixed, structure = _start(self.model, controls, scenario)
        self.model = with_variants(self.model, structure)
        self.menus = _menus(self.model, check_dims(self.model.spec, variants))
        allowed = self.model.spec.assumptions
        if group is not None:
            self.model.group_contribution(group)  # validates the group
        self.group = group
        self.sliders = {
            name: w.FloatSlider(
                value=start.get(name, allowed[name].default),
                min=allowed[name].min,
                max=allowed[name].max,
                step=getattr(allowed[name], "step", 0.01),
                description=allowed[name].label,
                style={"description_width": "initial"},
                layout=w.Layout(width="520px"),
                continuous_update=False,
            )
            for name in controls
        }
        self.header = w.HTML(_header(self.model, self.fixed))
        self.verdict = w.HTML()
        self.table = w.HTML()
        for s in [*self.sliders.values(), *self.menus.values()]:
            s.observe(self._changed, names="value")
        # The verdict beside the sliders, so it stays in view while they move; it wraps
        # below them where the notebook is narrower than both.
        self.controls = w.VBox([*self.sliders.values(), *self.menus.values()])
        self.verdict.layout = w.Layout(flex="1 1 240px", min_width="240px", max_width="520px")
        row = w.Layout(flex_flow="row wrap", align_items="flex-start")
        self.widget = w.VBox(
            [self.header, w.HBox([self.controls, self.verdict], layout=row), self.table]
        )
        self.result = self.update()

    def values(self) -> dict[str, float]:
        return {name: s.value for name, s in self.sliders.items()}

    def structure(self) -> dict[str, str]:
        """The dropdowns' choices: dimension -> option (the others keep the model's own)."""
        return {name: str(menu.value) for name, menu in self.menus.items()}

    def update(self) -> Result:
        """Recompute from the sliders and dropdowns; refresh the table and the verdict."""
        model = with_variants(self.model, self.structure())
        self.result = evaluate({**self.fixed, **self.values()}, model)
        shown = self.result.table[["id", "label", "contribution", "us_marginal"]].rename(
            columns={"us_marginal": "d/d engagement"}
        )
        self.table.value = contributions_html(shown)
        text = (
            self.result.verdict
            if self.group is None
            else group_verdict(self.group, {**self.fixed, **self.values()}, model)
        )
        self.verdict.value = f"<p><strong>Verdict.</strong> {text}</p>"
        return self.result

    def _changed(self, _change: dict) -> None:
        self.update()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _start(
    model: Model, controls: Sequence[str], scenario: str | None
) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """A scenario string's values for the sliders, those it fixes without a slider here,
    and the structure it chooses (all empty without one); a bad string raises the CLI's
    error."""
    if scenario is None:
        return {}, {}, {}
    read = read_scenario(scenario, model.spec)
    start = {n: v for n, v in read.values.items() if n in controls}
    fixed = {n: v for n, v in read.values.items() if n not in controls}
    return start, fixed, read.variants


def _header(model: Model, fixed: dict[str, float]) -> str:
    """The panel's header, and the values the scenario fixes without a slider here."""
    head = f"<p><strong>{HEADER}</strong></p>"
    if not fixed:
        return head
    text = html.escape(format_scenario(fixed, model.spec))
    return f"{head}<p>{FIXED_WORDS} <code>{text}</code></p>"


def _menus(model: Model, dims: Sequence[str]) -> dict[str, w.Dropdown]:
    """One dropdown per dimension: its options by label, at the model's own option."""
    menus = {}
    for name in dims:
        v = model.spec.variants[name]
        menus[name] = w.Dropdown(
            options=[(o.label, o.name) for o in v.options.values()],
            value=model.variants.get(name, v.default),
            description=v.label,
            style={"description_width": "initial"},
            layout=w.Layout(width="520px"),
        )
    return menus


def contributions_html(table: pd.DataFrame) -> str:
    return table.to_html(index=False, float_format=lambda x: f"{x:+.3f}", border=0)


def panel(
    controls: Sequence[str],
    group: int | None = None,
    model: Model | None = None,
    variants: Sequence[str] = (),
    scenario: str | None = None,
) -> Panel:
    """Build the live panel for a chapter (with a dropdown per dimension in `variants`),
    starting at `scenario` when given (a scenario string, a preset's name or a page's
    address)."""
    return Panel(controls, group, model, variants, scenario)


def live(
    controls: Sequence[str],
    group: int | None = None,
    model: Model | None = None,
    variants: Sequence[str] = (),
    scenario: str | None = None,
) -> Panel | LiveNote:
    """A chapter's last cell: the live panel in a kernel, the website's note in the site build.

    The website build is told apart by ``PATHWAYS_SITE_BINDER_URL`` (set by
    ``_ext/binder_url.py``); the controls are checked the same way in both cases, so a bad
    name fails the website build as it fails in Jupyter.
    """
    url = site_binder_url()
    if url is None:
        return panel(controls, group, model, variants, scenario)
    m = model or default_model()
    _start(m, controls, scenario)  # a bad scenario fails the website build too
    if group is not None:
        m.group_contribution(group)  # validates the group, as the panel does
    check_dims(m.spec, variants)  # and the variants
    return live_note(controls, url, m)
