"""An ipywidgets panel, generated from the spec, that recomputes the model live in a kernel.

Why: in Jupyter or Binder a reader can move any assumption, including ones the website's
chart does not expose, and see contributions and the verdict recomputed by Python. On the
static website such a panel would be a dead snapshot, so chapters remove it there (cell tag
`remove-cell`) and say so in a note with the launch button.

Defined for: every chapter ('Run it live' section).
"""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from ..model.compile import Model, default_model
from ..model.evaluate import Result, evaluate, group_verdict
from .controls import check_controls


class Panel:
    """Sliders for chosen assumptions, a live contributions table and the verdict."""

    def __init__(
        self, controls: Sequence[str], group: int | None = None, model: Model | None = None
    ):
        self.model = model or default_model()
        check_controls(self.model, controls)
        allowed = self.model.spec.assumptions
        if group is not None:
            self.model.group_contribution(group)  # validates the group
        self.group = group
        self.sliders = {
            name: w.FloatSlider(
                value=allowed[name].default,
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
        self.verdict = w.HTML()
        self.table = w.HTML()
        for s in self.sliders.values():
            s.observe(self._changed, names="value")
        self.widget = w.VBox([*self.sliders.values(), self.table, self.verdict])
        self.result = self.update()

    def values(self) -> dict[str, float]:
        return {name: s.value for name, s in self.sliders.items()}

    def update(self) -> Result:
        """Recompute from the sliders and refresh the table and the verdict."""
        self.result = evaluate(self.values(), self.model)
        shown = self.result.table[["id", "label", "contribution", "us_marginal"]].rename(
            columns={"us_marginal": "d/d engagement"}
        )
        self.table.value = contributions_html(shown)
        text = (
            self.result.verdict
            if self.group is None
            else group_verdict(self.group, self.values(), self.model)
        )
        self.verdict.value = f"<p><strong>Verdict.</strong> {text}</p>"
        return self.result

    def _changed(self, _change: dict) -> None:
        self.update()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def contributions_html(table: pd.DataFrame) -> str:
    return table.to_html(index=False, float_format=lambda x: f"{x:+.3f}", border=0)


def panel(controls: Sequence[str], group: int | None = None, model: Model | None = None) -> Panel:
    """Build the live panel for a chapter."""
    return Panel(controls, group, model)
