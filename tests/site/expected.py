"""What the library says a chart in the built book must show, for the scenario the browser holds.

Each chart of the book is a Vega-Lite spec (lib/pathways/present/charts/), compiled to Vega at
build time (_ext/vega_charts.py) and embedded in the page (lib/pathways/present/render.py); its
computed fields are `calculate` expressions printed from the model's trees, which the compiled
spec keeps as `formula` transforms, and its sliders are params bound to inputs, which it keeps
as bound signals. `analyse` reads either form. `analyse(spec)` identifies every computed field of the spec
(`contribution`, `marginal`, `value`, `verdict`, ...) as one of the library's trees, by
printing each candidate tree with placeholders where the assumptions go and matching the
chart's expression against it. What stands at a placeholder says where the browser reads
that assumption: a slider's signal (the name itself), a constant (the spec's default or a
chart's `fixed` value) or, on a tipping map, the cell's position on one of the two axes.
A chart with structural-variant menus (params named `variant_<dimension>`, model.yaml
`variants`) is matched against the trees with those dimensions left free
(`pathways.with_variants(free=...)`), whose conditions read the menu's option by name.

`check(chart, signals, datasets)` then recomputes every computed field of every row the
Vega view holds with `expr.to_numpy` / `expr.to_text` on that environment (defaults +
constants + the view's signals) and lists every difference (numbers to 1e-9, sentences
exactly). Two sentences are made by the chart rather than by `pathways.model.verdict` (the
framework diagram's sum of highlighted pathways, the tipping map's share of the map); they
are recomputed here from the library's numbers and the wording in charts.py.

An expression that matches no known tree is reported as a problem, never ignored: if a
chart type is added to charts.py, teach `_candidates` (or the chart-made sentences) here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pathways import verdict as verdicts
from pathways.model import Model, default_model, numbers
from pathways.model.compile import with_variants
from pathways.model.evaluate import check_assumptions
from pathways.model.expr import Call, Const, Node, format_number, to_numpy, to_text, to_vega
from pathways.present.vega import by_id

#: Computed fields the charts name by convention (see the docstring of lib/pathways/present/charts/).
COMPUTED = ("contribution", "marginal", "value", "verdict", "exclusive", "inclusive", "net")
#: Numbers from the browser must equal the library's to this absolute tolerance.
TOLERANCE = 1e-9
#: The two signals a tipping map's axis menus are bound to (charts._axis_ref).
AXIS_SIGNALS = {"u": "xaxis", "v": "yaxis"}
#: A tipping map draws nothing when both menus pick the same assumption (charts.tipping_map).
AXIS_GUARD = "xaxis === yaxis ? NaN : "

_MARK = "\x00"
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)?")
_AXIS = re.compile(
    r"^\(xaxis === '(?P<x>\w+)' \? \((?P<xlo>[^ ()]+) \+ datum\.u \* (?P<xspan>[^ ()]+)\) : "
    r"\(yaxis === '(?P<y>\w+)' \? \((?P<ylo>[^ ()]+) \+ datum\.v \* (?P<yspan>[^ ()]+)\) : "
    r"(?P<base>[^ ()]+)\)\)$"
)
#: An assumption a menu of named scenarios sets (charts.caveats_chart's `scenario_ref`):
#: ``(scenario === 'a' ? 0.1 : <the same form or the constant default>)``.
_MENU = re.compile(
    r"^\((?P<menu>\w+) === '(?P<option>\w+)' \? (?P<value>[^ ()]+) : (?P<rest>.+)\)$"
)


def _placeholder(name: str) -> str:
    return f"{_MARK}{name}{_MARK}"


# --------------------------------------------------------------------------- bindings


@dataclass(frozen=True)
class Binding:
    """Where the chart reads one assumption: a signal, a constant, or a tipping-map axis."""

    name: str
    signal: str | None = None  # the slider's param name
    constant: float | None = None
    row_field: str | None = None  # read from each row (evidence.check_chart's proxies)
    axis: tuple[float, float] | None = None  # (low, span) on the map's axes
    base: Binding | None = None  # an axis (or menu) assumption when the menus pick others
    menu: str | None = None  # a menu of named scenarios that sets it ...
    choices: tuple[tuple[str, float], ...] = ()  # ... to these values for these options
    option: bool = False  # a structural variant's menu: the signal holds an option's name

    def value(self, row: Mapping[str, Any] | None, signals: Mapping[str, Any]) -> float | str:
        if self.option:
            if self.signal not in signals:
                raise KeyError(f"the view has no signal {self.signal!r}")
            return str(signals[self.signal])
        if self.menu is not None and self.base is not None:
            if self.menu not in signals:
                raise KeyError(f"the view has no signal {self.menu!r}")
            chosen = dict(self.choices).get(signals[self.menu])
            return chosen if chosen is not None else self.base.value(row, signals)
        if self.signal is not None:
            if self.signal not in signals:
                raise KeyError(f"the view has no signal {self.signal!r}")
            return float(signals[self.signal])
        if self.constant is not None:
            return self.constant
        if self.row_field is not None:
            if row is None or row.get(self.row_field) is None:
                raise KeyError(
                    f"{self.name} is read from each row: needs a row with {self.row_field!r}"
                )
            return float(row[self.row_field])
        assert self.axis is not None and self.base is not None
        lo, span = self.axis
        for coord, sig in AXIS_SIGNALS.items():
            if signals.get(sig) == self.name:
                if row is None or coord not in row:
                    raise KeyError(f"{self.name} is on the map's axis: needs a row with {coord!r}")
                return lo + float(row[coord]) * span
        return self.base.value(row, signals)

    def describe(self) -> str:
        if self.option:
            return f"variant menu {self.signal}"
        if self.signal is not None:
            return f"slider {self.signal}"
        if self.constant is not None:
            return f"constant {self.constant!r}"
        if self.row_field is not None:
            return f"each row's {self.row_field}"
        if self.menu is not None:
            return f"menu {self.menu} {dict(self.choices)} (else {self.base.describe() if self.base else '?'})"
        return f"map axis (else {self.base.describe() if self.base else '?'})"


def _operand_end(text: str, pos: int) -> int | None:
    """End of the operand starting at `pos`: a parenthesised group, a number or a name."""
    if pos >= len(text):
        return None
    if text[pos] == "(":
        depth, i, quote = 0, pos, None
        while i < len(text):
            ch = text[i]
            if quote:
                if ch == "\\":
                    i += 1
                elif ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return None
    for pattern in (_NUMBER, _IDENT):
        m = pattern.match(text, pos)
        if m:
            return m.end()
    return None


def match(template: str, actual: str) -> dict[str, str] | None:
    """Match `actual` against a tree printed with placeholders; return what fills each one."""
    parts = template.split(_MARK)
    pos, found = 0, {}
    for i, part in enumerate(parts):
        if i % 2 == 0:
            if not actual.startswith(part, pos):
                return None
            pos += len(part)
            continue
        end = _operand_end(actual, pos)
        if end is None:
            return None
        text = actual[pos:end]
        if found.setdefault(part, text) != text:
            return None  # the same assumption read in two different ways
        pos = end
    return found if pos == len(actual) else None


def _variant_vars(model: Model) -> dict[str, str]:
    """A structural variant's variable (and menu param) -> its dimension."""
    return {v.var: d for d, v in model.spec.variants.items()}


def _binding(model: Model, name: str, text: str, controls: Sequence[str]) -> Binding:
    """Interpret what stands where the tree reads assumption `name` (or a variant's choice)."""
    if name in _variant_vars(model):
        if text != name or name not in controls:
            raise ValueError(f"the structure {name} is read from {text!r}, not from its menu")
        return Binding(name, signal=name, option=True)
    a = model.spec.assumptions[name]
    if _NUMBER.fullmatch(text):
        value = float(text)
        if name in controls:
            raise ValueError(
                f"reads {name} as the constant {text} although the chart has a slider for it"
            )
        check_assumptions(model.spec, {name: value})  # a constant outside the range is a bug
        return Binding(name, constant=value)
    if text == f"datum.{name}":
        return Binding(name, row_field=name)
    if _IDENT.fullmatch(text):
        if text != name:
            raise ValueError(
                f"{name} is read from signal {text!r}, not from a slider named {name!r}"
            )
        if name not in controls:
            raise ValueError(
                f"{name} is read from a signal but the chart binds no control {name!r}"
            )
        return Binding(name, signal=name)
    menu = _menu_binding(model, name, text, controls)
    if menu is not None:
        return menu
    m = _AXIS.match(text)
    if not m or m["x"] != name or m["y"] != name:
        raise ValueError(f"{name} is read by an expression the tests do not know: {text[:120]}")
    lo, span = float(m["xlo"]), float(m["xspan"])
    if (lo, span) != (float(m["ylo"]), float(m["yspan"])) or (lo, span) != (
        float(a.min),
        float(a.max - a.min),
    ):
        raise ValueError(
            f"{name}: the map spans {lo} + {span}·u, but the spec's range is [{a.min}, {a.max}]"
        )
    return Binding(name, axis=(lo, span), base=_binding(model, name, m["base"], controls))


def _menu_binding(model: Model, name: str, text: str, controls: Sequence[str]) -> Binding | None:
    """An assumption a menu of named scenarios sets: each option's value, else the base."""
    choices, menu = [], None
    while (m := _MENU.match(text)) is not None:
        if menu not in (None, m["menu"]):
            raise ValueError(f"{name} is read from two menus, {menu!r} and {m['menu']!r}")
        menu = m["menu"]
        value = float(m["value"])
        check_assumptions(model.spec, {name: value})  # a scenario value outside the range is a bug
        choices.append((m["option"], value))
        text = m["rest"]
    if menu is None:
        return None
    if menu not in controls:
        raise ValueError(f"{name} is read from a menu {menu!r} but the chart binds no such control")
    return Binding(name, menu=menu, choices=tuple(choices),
                   base=_binding(model, name, text, controls))  # fmt: skip


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidate:
    """A library quantity a computed field may hold, and how to recompute it for a row."""

    label: str
    kind: str  # "number" or "text"
    template: str
    compute: Callable[[Mapping[str, Any] | None, Mapping[str, float]], Any]
    deciders: tuple[tuple[str, Node], ...] = ()  # thresholds its sentence turns on
    quantity: str | None = None  # for a tipping map's `value`: net / policy / marginal
    tree: Node | None = None  # a single numeric tree: rows can be computed at once (numpy)


def _number(tree: Node) -> Callable[[Mapping[str, Any] | None, Mapping[str, float]], float]:
    return lambda row, env: float(to_numpy(tree, env))


def _by_row(trees: Mapping[str, Node], key: str = "id"):
    def compute(row, env):
        if row is None or row.get(key) not in trees:
            raise KeyError(f"row has no known {key!r}: {row!r}")
        return float(to_numpy(trees[row[key]], env))

    return compute


def _candidates(model: Model) -> Iterator[Candidate]:
    ph = _placeholder
    spec = model.spec
    yield Candidate("contribution of each pathway (by id)", "number",
                    by_id(model.contributions, ph), _by_row(model.contributions))  # fmt: skip
    yield Candidate("marginal effect of engagement on each pathway (by id)", "number",
                    by_id(model.marginal, ph), _by_row(model.marginal))  # fmt: skip
    pol = model.policy_contributions
    excl, incl = by_id(pol["exclusive"], ph), by_id(pol["inclusive"], ph)

    def policy_row(row, env):
        if row is None or row.get("policy") not in pol:
            raise KeyError(f"row has no known 'policy': {row!r}")
        return _by_row(pol[row["policy"]])(row, env)

    yield Candidate("contribution of each pathway under each policy", "number",
                    f"datum.policy === 'exclusive' ? {excl} : {incl}", policy_row)  # fmt: skip
    nets = model.policy_net
    e_net, i_net = to_vega(nets["exclusive"], ph), to_vega(nets["inclusive"], ph)

    def policy_total(row, env):  # charts.policy_chart's two totals, one row per option
        if row is None or row.get("policy") not in nets:
            raise KeyError(f"row has no known 'policy': {row!r}")
        return float(to_numpy(nets[row["policy"]], env))

    yield Candidate("net outcome under each policy (the totals)", "number",
                    f"datum.policy === 'exclusive' ? {e_net} : {i_net}", policy_total)  # fmt: skip
    scalars: dict[str, Node] = {
        "net outcome": model.net,
        "marginal effect of engagement (total)": model.marginal_total,
        "US-dependent share": model.us_share,
        "policy margin (inclusive minus exclusive)": model.policy_margin,
        **{f"net outcome under {k} ties": t for k, t in model.policy_net.items()},
        **{f"contribution of pathway {i}": t for i, t in model.contributions.items()},
        **{f"marginal effect through pathway {i}": t for i, t in model.marginal.items()},
        **{f"contribution of group {g}": model.group_contribution(g)
           for g in sorted({p.group for p in spec.pathways})},
    }  # fmt: skip
    quantity = {"net outcome": "net", "policy margin (inclusive minus exclusive)": "policy",
                "marginal effect of engagement (total)": "marginal"}  # fmt: skip
    for label, tree in scalars.items():
        yield Candidate(label, "number", to_vega(tree, ph), _number(tree),
                        quantity=quantity.get(label), tree=tree)  # fmt: skip

    def text(tree: Node):
        return lambda row, env: to_text(tree, env)

    share_gap = model.us_share - Const(spec.determinant_share)
    minor_gap = model.us_share - Const(spec.minor_share)
    # A margin names a side only beyond a tie at the printed precision (verdict.py), so the
    # sentence turns where |margin| crosses the tie bound, not where the margin changes sign.
    bound = Const(numbers.tie_bound("size"))

    def beyond_tie(tree: Node) -> Node:
        return Call("abs", (tree,)) - bound

    policy = ("policy margin beyond a tie", beyond_tie(model.policy_margin))
    yield Candidate("overall verdict (pathways.model.evaluate(...).verdict)", "text",
                    to_vega(verdicts.overall(model), ph), text(verdicts.overall(model)),
                    deciders=(("net beyond a tie", beyond_tie(model.net)),
                              ("marginal_total beyond a tie", beyond_tie(model.marginal_total)),
                              ("us_share - determinant_share", share_gap),
                              ("us_share - minor_share", minor_gap), policy))  # fmt: skip
    for g in sorted({p.group for p in spec.pathways}):
        tree = verdicts.for_group(model, g)
        ids = [p.id for p in spec.pathways if p.group == g]
        part = verdicts.policy_difference(model, ids)
        yield Candidate(f"pathway {g} verdict (pathways.group_verdict({g}, ...))", "text",
                        to_vega(tree, ph), text(tree),
                        deciders=((f"group {g} push beyond a tie",
                                   beyond_tie(model.group_contribution(g))),
                                  (f"group {g} part of the policy margin beyond a tie",
                                   beyond_tie(part)),
                                  ("net beyond a tie", beyond_tie(model.net)), policy))  # fmt: skip
    tree = verdicts.policy_comparison(model)
    yield Candidate("policy comparison sentence", "text", to_vega(tree, ph), text(tree),
                    deciders=(policy,))  # fmt: skip


# --------------------------------------------------------------------------- chart analysis


@dataclass(frozen=True)
class Control:
    name: str
    kind: str  # "range" or "select"
    label: str
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple[Any, ...] = ()
    labels: tuple[str, ...] = ()

    def grid(self) -> list[float]:
        """Every value the HTML range input can take (min + k * step)."""
        assert self.kind == "range" and self.min is not None and self.max is not None
        step = self.step or 1.0
        n = round((self.max - self.min) / step)
        return [round(self.min + k * step, 12) for k in range(n + 1)]


@dataclass
class Field:
    name: str
    expr: str
    candidate: Candidate | None
    bindings: dict[str, Binding] = field(default_factory=dict)
    guarded: bool = False  # NaN when both map axes pick the same assumption

    def empty(self, signals: Mapping[str, Any]) -> bool:
        """A tipping map with the same assumption on both axes draws nothing."""
        return self.guarded and signals.get("xaxis") == signals.get("yaxis")

    def compute(self, chart: Chart, row: Mapping[str, Any] | None, signals: Mapping[str, Any]):
        assert self.candidate is not None
        if self.empty(signals):
            return math.nan
        return self.candidate.compute(row, chart.env(signals, row, self))

    def compute_rows(self, chart: Chart, rows: list[dict], signals: Mapping[str, Any]) -> list:
        """`compute` for every row; one numpy evaluation when the field is a single tree."""
        assert self.candidate is not None
        tree = self.candidate.tree
        if tree is None or self.empty(signals) or not rows:
            return [self._safe(chart, r, signals) for r in rows]
        try:
            env: dict[str, Any] = check_assumptions(chart.model.spec, {})
            for name, b in self.bindings.items():
                if b.axis is None and b.row_field is None:
                    env[name] = b.value(None, signals)
                else:
                    env[name] = np.array([b.value(r, signals) for r in rows], dtype=float)
            out = np.broadcast_to(np.asarray(to_numpy(tree, env), dtype=float), (len(rows),))
            return [float(x) for x in out]
        except (KeyError, ValueError):
            return [self._safe(chart, r, signals) for r in rows]  # say which row

    def _safe(self, chart: Chart, row: Mapping[str, Any], signals: Mapping[str, Any]):
        try:
            return self.compute(chart, row, signals)
        except (KeyError, ValueError) as e:
            return f"<cannot recompute: {e}>"


@dataclass
class Chart:
    """One chart as the tests understand it."""

    title: str
    controls: dict[str, Control]
    fields: list[Field]
    problems: list[str]
    model: Model

    def identified(self, name: str) -> list[Field]:
        return [f for f in self.fields if f.name == name and f.candidate is not None]

    def bindings(self) -> dict[str, Binding]:
        out: dict[str, Binding] = {}
        for f in self.fields:
            out.update(f.bindings)
        return out

    def env(
        self,
        signals: Mapping[str, Any],
        row: Mapping[str, Any] | None = None,
        f: Field | None = None,
    ) -> dict[str, Any]:
        """Defaults + the chart's constants + the view's signals (+ the row's map position;
        a variant menu's option by name)."""
        env = check_assumptions(self.model.spec, {})
        for name, b in (f.bindings if f else self.bindings()).items():
            env[name] = b.value(row, signals)
        return env

    def fixed(self) -> dict[str, float]:
        """Constants that differ from the spec's defaults (a chart's `fixed` values)."""
        defaults = check_assumptions(self.model.spec, {})
        return {
            n: b.constant
            for n, b in self.bindings().items()
            if b.constant is not None and b.constant != defaults[n]
        }

    def verdict_candidate(self) -> Candidate | None:
        for f in self.identified("verdict"):
            if f.candidate and f.candidate.kind == "text":
                return f.candidate
        return None

    def has_highlight_sentence(self) -> bool:
        return "highlight" in self.controls and any(f.name == "verdict" for f in self.fields)

    def deciders(self, signals: Mapping[str, Any]) -> list[tuple[str, Callable[[Mapping], float]]]:
        """The thresholds the chart's verdict turns on, as functions of the signals."""
        cand = self.verdict_candidate()
        if cand is not None:
            return [
                (label, lambda s, t=tree: float(to_numpy(t, self.env(s))))
                for label, tree in cand.deciders
            ]
        if self.has_highlight_sentence():
            bound = numbers.tie_bound("margin")
            return [("sum of the highlighted pathways beyond a tie",
                     lambda s: abs(self._highlight_total(s)[0]) - bound)]  # fmt: skip
        return []

    def _highlight_total(self, signals: Mapping[str, Any]) -> tuple[float, int]:
        env = self.env(signals)
        lit = [p for p in self.model.spec.pathways if _lit(str(signals.get("highlight")), p)]
        total = sum(float(to_numpy(self.model.contributions[p.id], env)) for p in lit)
        return total, len(lit)


def _lit(highlight: str, p) -> bool:
    """charts.framework_diagram's `lit` predicate."""
    return (
        highlight == "all pathways"
        or (highlight == "toward cooperation" and p.sign > 0)
        or (highlight == "toward friction" and p.sign < 0)
        or (highlight.startswith("driver: ") and highlight[len("driver: ") :] == p.driver_kind)
    )


def _walk(spec: Any) -> Iterator[dict]:
    if isinstance(spec, dict):
        yield spec
        for v in spec.values():
            yield from _walk(v)
    elif isinstance(spec, list):
        for v in spec:
            yield from _walk(v)


def _title(spec: dict) -> str:
    t = spec.get("title")
    if isinstance(t, dict):
        t = t.get("text")
    if isinstance(t, list):
        t = " ".join(map(str, t))
    return str(t or "(untitled chart)")


def controls_of(spec: dict) -> dict[str, Control]:
    out = {}
    for node in _walk(spec):
        # Vega-Lite `params`, or the Vega `signals` they compile to
        params = [
            x for k in ("params", "signals") if isinstance(node.get(k), list) for x in node[k]
        ]
        for p in params:
            bind = p.get("bind") if isinstance(p, dict) else None
            if not isinstance(bind, dict) or "input" not in bind:
                continue
            out[p["name"]] = Control(
                name=p["name"],
                kind=bind["input"],
                label=str(bind.get("name", "")).strip(),
                default=p.get("value"),
                min=bind.get("min"),
                max=bind.get("max"),
                step=bind.get("step"),
                options=tuple(bind.get("options", ())),
                labels=tuple(bind.get("labels", ())),
            )
    return out


def _menu_problems(model: Model, controls: Mapping[str, Control]) -> list[str]:
    """A variant menu must offer the spec's options, labelled as the spec labels them."""
    problems = []
    for var, dim in _variant_vars(model).items():
        c = controls.get(var)
        if c is None:
            continue
        v = model.spec.variants[dim]
        if c.kind != "select" or c.options != tuple(v.options):
            problems.append(f"menu {var}: options {c.options}, the spec's {tuple(v.options)}")
        labels = tuple(o.label for o in v.options.values())
        if c.labels != labels:
            problems.append(f"menu {var}: labels {c.labels}, the spec's {labels}")
    return problems


def _computed(node: dict) -> tuple[str, str] | None:
    """(field, expression) of a Vega-Lite `calculate` or a Vega `formula` transform."""
    if isinstance(node.get("calculate"), str) and "as" in node:
        return node["as"], node["calculate"]
    if node.get("type") == "formula" and isinstance(node.get("expr"), str) and "as" in node:
        return node["as"], node["expr"]
    return None


def analyse(spec: dict, model: Model | None = None) -> Chart:
    """Identify every computed field of a Vega (or Vega-Lite) spec as a library quantity
    (with the dimensions the chart has menus for left free in the library's trees)."""
    model = model or default_model()
    controls = controls_of(spec)
    menus = [d for var, d in _variant_vars(model).items() if var in controls]
    problems = _menu_problems(model, controls)
    model = with_variants(model, free=menus) if menus else model
    fields = []
    seen = set()
    for node in _walk(spec):
        key = _computed(node)
        if key is None or key[0] not in COMPUTED or key in seen:
            continue
        seen.add(key)
        f = Field(key[0], key[1], None)
        expr = f.expr
        if expr.startswith(AXIS_GUARD):
            f.guarded, expr = True, expr[len(AXIS_GUARD) :]
        for cand in _candidates(model):
            found = match(cand.template, expr)
            if found is None:
                continue
            for n, t in found.items():
                try:
                    f.bindings[n] = _binding(model, n, t, list(controls))
                except ValueError as e:
                    problems.append(f"field {f.name!r} ({cand.label}): {e}")
                    if n in controls:  # the library reads the slider: compare with that
                        f.bindings[n] = Binding(n, signal=n)
            f.candidate = cand
            break
        if f.candidate is None and not _chart_made_sentence(f.name, f.expr):
            problems.append(
                f"field {f.name!r} is computed by an expression that matches no library "
                "quantity (a site built from another version of lib/pathways? else teach "
                f"tests/site/expected.py): {f.expr[:200]}"
            )
        fields.append(f)
    chart = Chart(_title(spec), controls, fields, problems, model)
    merged: dict[str, Binding] = {}
    for f in fields:
        for n, b in f.bindings.items():
            if merged.setdefault(n, b) != b:
                problems.append(f"{n} is read as {merged[n].describe()} and as {b.describe()}")
    return chart


def _chart_made_sentence(name: str, expr: str) -> bool:
    """Sentences a chart makes from aggregated numbers rather than from a library tree: the
    framework's highlighted sum (`datum.count`, `datum.total`), the tipping map's share
    (`datum.share`), and evidence.check_chart's period summary (`datum.nf`, `datum.nc`)."""
    return name == "verdict" and any(f in expr for f in ("datum.share", "datum.total", "datum.nf"))


# --------------------------------------------------------------------------- checking


def _close(a: Any, b: float) -> bool:
    return isinstance(a, int | float) and not isinstance(a, bool) and abs(a - b) <= TOLERANCE


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, str):
        return not want.startswith("<cannot") and got == want
    if isinstance(want, float) and math.isnan(want):
        return isinstance(got, float) and math.isnan(got)
    return _close(got, want)


def check(
    chart: Chart,
    signals: Mapping[str, Any],
    datasets: Mapping[str, list[dict]],
    problems: bool = True,
) -> list[str]:
    """Every difference between the view's computed fields and the library's numbers
    (and, with `problems`, what `analyse` found wrong with the spec itself)."""
    errors = list(chart.problems) if problems else []
    checked: set[str] = set()
    for dname, rows in datasets.items():
        for fname in COMPUTED:
            carrying = [(i, r) for i, r in enumerate(rows) if fname in r]
            if not carrying:
                continue
            if fname == "verdict" and not chart.identified("verdict"):
                for i, row in carrying:
                    msg = _check_chart_sentence(chart, signals, datasets, row)
                    if msg:
                        errors.append(f"{dname}[{i}].verdict: {msg}")
                checked.add(fname)
                continue
            options = chart.identified(fname)
            if not options:
                continue  # not computed by this chart (a folded value), or a reported problem
            checked.add(fname)
            wanted = [f.compute_rows(chart, [r for _, r in carrying], signals) for f in options]
            shown = 0
            for k, (i, row) in enumerate(carrying):
                got, expected = row[fname], [w[k] for w in wanted]
                if any(_same(got, e) for e in expected):
                    continue
                shown += 1
                if shown > 3:
                    continue
                labels = ", ".join(f.candidate.label for f in options)
                errors.append(
                    f"{dname}[{i}] (id={row.get('id', row.get('u', '-'))!r}) {fname}: browser "
                    f"{got!r}, library {expected[0]!r} ({labels})"
                )
            if shown > 3:
                errors.append(f"{dname} {fname}: {shown - 3} more rows differ")
    for f in chart.fields:
        if f.name not in checked and not any(
            g.empty(signals) for g in chart.fields if g.name == f.name
        ):
            errors.append(f"no row of the view carries the computed field {f.name!r}")
    return errors


def _check_chart_sentence(
    chart: Chart, signals: Mapping[str, Any], datasets: Mapping[str, list[dict]], row: Mapping
) -> str | None:
    """Sentences the chart words itself: its numbers must be the library's, and the sentence
    must state them (the wording is the chart's and is not pinned here)."""
    got = row["verdict"]
    if not isinstance(got, str) or not got.strip():
        return f"empty verdict {got!r}"
    if "count" in row and "total" in row:  # framework_diagram: the highlighted pathways
        total, count = chart._highlight_total(signals)
        if row["count"] != count or not _close(row["total"], total):
            return f"count/total {row['count']}/{row['total']!r}, library {count}/{total!r}"
        # a total that prints as zero names no side and has no sign (verdict.direction)
        facts = [
            str(count),
            numbers.quote("margin", total),
            to_text(verdicts.direction(Const(total)), {}),
        ]
        missing = [f for f in facts if f not in got]
        return f"{got!r} does not state {missing}" if missing else None
    if "share" in row:  # tipping_map: share of the map on the positive side
        values = [f for f in chart.identified("value") if f.candidate.quantity]
        if not values:
            return "a tipping map's sentence needs an identified `value` field"
        f = values[0]
        x, y = signals.get("xaxis"), signals.get("yaxis")
        labels = chart.model.spec.assumptions
        if x == y:
            # Both menus on one assumption: the map is empty and the sentence says so.
            return None if labels[x].label not in got else f"{got!r} describes an empty map"
        grid = [r for r in _source_grid(datasets)]
        if not grid:
            return "no map cells (u, v) in the view"
        # a cell is positive where the verdict names the positive side: beyond a tie at the
        # printed precision (verdict.side_tests)
        bound = numbers.tie_bound(verdicts.PRINTED_AS[f.candidate.quantity])
        positive = 0
        for c in grid:
            v = f.compute(chart, c, signals)
            if abs(v - bound) <= TOLERANCE:  # within the tolerance of it: the browser's side
                v = next(
                    (r["value"] for r in _cells(datasets) if (r["u"], r["v"]) == (c["u"], c["v"])),
                    v,
                )
            positive += v >= bound
        share = positive / len(grid)
        if not _close(row["share"], share):
            return f"share {row['share']!r}, library {share!r}"
        facts = [labels[x].label, labels[y].label]
        if 0 < share < 1:
            facts.append(format_number(share, ".0%"))
        missing = [f for f in facts if f not in got]
        return f"{got!r} does not state {missing}" if missing else None
    if "nf" in row and "nc" in row and "n" in row:  # evidence.check_chart: a period's summary
        return _check_period_summary(chart, signals, row)
    return f"a verdict the tests cannot recompute: {got!r}"


def _check_period_summary(chart: Chart, signals: Mapping[str, Any], row: Mapping) -> str | None:
    """evidence.check_chart's sentence must be `evidence.summary(start, end, values).sentence`."""
    try:
        from pathways import evidence
    except ImportError as e:
        return f"cannot import pathways.record.evidence to recompute the sentence: {e}"
    start, end = signals.get(evidence.START), signals.get(evidence.END)
    if start is None or end is None:
        return f"the period sliders {evidence.START}/{evidence.END} are missing"
    if start > end:
        # An empty period: no Python twin (summary refuses it); the chart must say so.
        ok = row["n"] == 0 and bool(row["verdict"].strip())
        return None if ok else f"an empty period ({start} > {end}) gives {row['verdict']!r}"
    values = {
        n: b.value(None, signals)
        for n, b in chart.bindings().items()
        if b.row_field is None and n not in evidence.PROXIED
    }
    defaults = check_assumptions(chart.model.spec, {})
    values = {n: v for n, v in values.items() if v != defaults[n] or n in chart.controls}
    want = evidence.summary(int(start), int(end), values, chart.model)
    if row["n"] != want.years or row["nf"] != want.friction or row["nc"] != want.cooperation:
        return (
            f"years/friction/cooperation {row['n']}/{row['nf']}/{row['nc']}, library "
            f"{want.years}/{want.friction}/{want.cooperation}"
        )
    return (
        None
        if row["verdict"] == want.sentence
        else (f"browser {row['verdict']!r}, library (evidence.summary) {want.sentence!r}")
    )


def _cells(datasets: Mapping[str, list[dict]]) -> list[dict]:
    return [r for rs in datasets.values() for r in rs if {"u", "v", "value"} <= r.keys()]


def _source_grid(datasets: Mapping[str, list[dict]]) -> list[dict]:
    """The map's grid as given to the chart (the dataset holding only u and v)."""
    for rows in datasets.values():
        if rows and all(r.keys() == {"u", "v"} for r in rows):
            return rows
    return []


def verdicts_of(datasets: Mapping[str, list[dict]]) -> list[str]:
    """The distinct verdict sentences the view holds, in order."""
    out: list[str] = []
    for rows in datasets.values():
        for r in rows:
            v = r.get("verdict")
            if isinstance(v, str) and v not in out:
                out.append(v)
    return out


def find_crossing(chart: Chart, signals: Mapping[str, Any]) -> tuple[str, str, float, float] | None:
    """A slider and two neighbouring values of it on either side of one of the verdict's
    thresholds (the others held at `signals`): (threshold, slider, below, above).

    The first threshold (the net, or the chapter's group) is preferred; within it, the
    crossing nearest to the slider's current value.
    """
    for label, fn in chart.deciders(signals):
        best = None
        for c in chart.controls.values():
            if c.kind != "range":
                continue
            grid = c.grid()
            vals = [fn({**signals, c.name: g}) for g in grid]
            for i in range(len(grid) - 1):
                a, b = vals[i], vals[i + 1]
                if a * b < 0 and min(abs(a), abs(b)) > 1e-9:
                    dist = abs(grid[i] - float(signals[c.name]))
                    if best is None or dist < best[0]:
                        best = (dist, (label, c.name, grid[i], grid[i + 1]))
        if best:
            return best[1]
    return None


def scalar_value(chart: Chart, expr: str, signals: Mapping[str, Any]) -> float:
    """What the library computes for a number the chart prints from one of its trees (a
    "Show the numbers" signal, lib/pathways/present/charts/readout.py), for the view's
    signals; an expression that matches no library quantity is an error."""
    for cand in _candidates(chart.model):
        found = None if cand.tree is None else match(cand.template, expr)
        if found is None:
            continue
        env = check_assumptions(chart.model.spec, {})
        try:  # a template may match with its placeholders holding what no reading allows
            bindings = {
                n: _binding(chart.model, n, t, list(chart.controls)) for n, t in found.items()
            }
        except ValueError:
            continue
        for n, b in bindings.items():
            env[n] = b.value(None, signals)
        return float(cand.compute(None, env))
    raise ValueError(f"matches no library quantity: {expr[:200]}")


def is_finite_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
