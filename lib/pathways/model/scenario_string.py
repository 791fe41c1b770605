"""The scenario string: a reader's assumptions as one line of text, and as a page's address.

Why: a student cites, sends and reproduces *their* scenario, not the essay's defaults. The
website shows it ("engagement=0.30,threat=0.80"), puts it in the page's address
(``?explorer.engagement=0.30&explorer.threat=0.80``), and the CLI (``evaluate --scenario``)
and the chapters' ipywidgets panel (``scenario=``) take either back. Reading and writing
it live here once, with the same one-line errors as the CLI's ``--set``
(:func:`pathways.model.evaluate.check_assumptions`, names through
:mod:`pathways.model.names`), so the page, the command and the panel agree.

The forms it reads:

* ``engagement=0.3,threat=0.8``: assumption values, comma-separated, each name once;
* a preset's name (``cold_war_1970s``, model.yaml ``presets`` or ``scenarios``), alone or
  as an item ``preset=cold_war_1970s``; the other items go on top of it;
* a page's address whose query holds one chart's scenario, ``CHART.NAME=VALUE`` items
  (``CHART`` is the chart's key on its page: ``explorer``, ``explorer-2``...), with
  ``CHART.preset=NAME`` and ``CHART.variant_DIMENSION=OPTION`` for a menu of the model's
  form; query items without a dot (a search's ``highlight``) are not the scenario's. An
  address with several charts' items names the one it means in its fragment (``#explorer-2``).

Defined for: every chapter's live chart (the website's "Cite and reproduce"), the CLI's
``evaluate --scenario``, and the chapters' live panels.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qsl, quote, urlsplit

from .evaluate import check_assumptions
from .names import lookup
from .spec import NO_SCENARIO, VARIANT_PREFIX, Preset, Scenario, Spec
from .variants import check_variants

#: The item that names a preset, in the string and (after the chart's key) in the address.
PRESET = "preset"
#: The conclusion's caveats chart names its scenario in a menu of this name; its address
#: item is read as a preset, its first option (spec.NO_SCENARIO) as none.
SCENARIO_MENU = "scenario"
#: What separates a chart's key from a control's name in the address's query.
KEY_SEP = "."
#: What separates the items of a scenario string.
ITEM_SEP = ","


@dataclass(frozen=True)
class ScenarioText:
    """What a scenario string says: its preset (or None), then its own values on top
    (both checked, only the names given), and the structure its address chose (dimension
    -> option, only the dimensions named); `menus`: the items that name one of the
    chart's own menus the caller asked for (a map's axes, the diagram's highlight)."""

    preset: str | None
    values: dict[str, float]
    variants: dict[str, str] = field(default_factory=dict)
    menus: dict[str, str] = field(default_factory=dict)


def named(spec: Spec) -> dict[str, Scenario | Preset]:
    """Every name a preset may take: the caveat scenarios, then the period presets."""
    return {**spec.scenarios, **spec.presets}


def preset_values(name: str, spec: Spec) -> dict[str, float]:
    """The values of preset or scenario `name`; an unknown name gets the standard error."""
    return dict(lookup("scenario", name, named(spec)).values)


def decimals(step: float) -> int:
    """How many decimals a value on a slider of this step needs (0.01 -> 2, 0.5 -> 1)."""
    exponent = Decimal(repr(float(step))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def format_value(name: str, value: float, spec: Spec) -> str:
    """One value at its assumption's step precision ("0.30")."""
    a = lookup("assumption", name, spec.assumptions)
    return f"{float(value):.{decimals(a.step)}f}"


def format_scenario(
    values: Mapping[str, float], spec: Spec, variants: Mapping[str, str] | None = None
) -> str:
    """The canonical string: the given names in the spec's order, checked, at step
    precision, then the given structural variants as ``variant_DIMENSION=OPTION`` items."""
    checked = check_assumptions(spec, values)
    check_variants(spec, variants)
    items = [f"{n}={format_value(n, checked[n], spec)}" for n in spec.assumptions if n in values]
    chosen = variants or {}
    items += [f"{spec.variants[d].var}={chosen[d]}" for d in spec.variants if d in chosen]
    return ITEM_SEP.join(items)


def format_query(key: str, values: Mapping[str, float], spec: Spec) -> str:
    """The address's query for one chart's scenario: ``explorer.engagement=0.30&...``."""
    items = format_scenario(values, spec).split(ITEM_SEP) if values else []
    return "&".join(quote(f"{key}{KEY_SEP}{item}", safe="=.") for item in items)


def _is_address(text: str) -> bool:
    return "?" in text or "#" in text or "://" in text


def _pairs(items: list[tuple[str, str]], what: str) -> dict[str, str]:
    """`items` as a mapping; an item without a name, or a name twice, is an error."""
    out: dict[str, str] = {}
    for name, value in items:
        if not name:
            raise ValueError(f"{what} expects NAME=VALUE items, got {f'{name}={value}'!r}")
        if name in out:
            raise ValueError(f"{what} gives {name!r} twice")
        out[name] = value
    return out


def _plain_items(text: str) -> dict[str, str]:
    """``a=1,b=2`` (or a bare preset name) as name -> value text."""
    if text and "=" not in text:
        return {PRESET: text}
    items = []
    for item in text.split(ITEM_SEP):
        name, sep, value = item.strip().partition("=")
        if not sep:
            raise ValueError(f"--scenario expects NAME=VALUE items, got {item.strip()!r}")
        items.append((name.strip(), value.strip()))
    return _pairs(items, "--scenario")


def _address_items(text: str) -> dict[str, str]:
    """The one chart's items of an address's query, without the chart's key."""
    query = urlsplit(text).query
    charts: dict[str, list[tuple[str, str]]] = {}
    for full, value in parse_qsl(query, keep_blank_values=True):
        key, sep, name = full.partition(KEY_SEP)
        if sep and key:
            charts.setdefault(key, []).append((name, value))
    if not charts:
        raise ValueError(
            f"the address holds no scenario; expected CHART{KEY_SEP}NAME=VALUE items in its "
            f"query (e.g. ?explorer{KEY_SEP}engagement=0.30), got {text!r}"
        )
    chosen = urlsplit(text).fragment
    if len(charts) > 1 and chosen not in charts:
        raise ValueError(
            f"the address holds the scenarios of several charts ({', '.join(charts)}); "
            f"end it with #CHART to choose one (e.g. #{next(iter(charts))}), or use one "
            "chart's 'Copy link' or its scenario string"
        )
    return _pairs(
        charts[chosen] if chosen in charts else next(iter(charts.values())), "the address"
    )


def read_scenario(text: str, spec: Spec, menus: Collection[str] = ()) -> ScenarioText:
    """Parse and check a scenario string or a page's address (see the module's forms).

    Items named in `menus` (a chart's own menus, such as a map's ``xaxis``) are returned
    as text in ``menus``, for the caller to check. Raises ValueError with the CLI's
    ``--set`` errors for a bad name or value.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"--scenario expects NAME=VALUE items or a preset's name, got {text!r}")
    items = _address_items(text.strip()) if _is_address(text) else _plain_items(text.strip())
    preset = _preset(items)
    chosen = {n: items.pop(n) for n in list(items) if n in menus}
    given = {n[len(VARIANT_PREFIX) :]: v for n, v in items.items() if n.startswith(VARIANT_PREFIX)}
    own = {n: v for n, v in items.items() if not n.startswith(VARIANT_PREFIX)}
    checked = check_assumptions(spec, own)
    check_variants(spec, given)
    base = preset_values(preset, spec) if preset is not None else {}
    values = {**base, **{n: checked[n] for n in own}}
    return ScenarioText(preset, values, given, chosen)


def _preset(items: dict[str, str]) -> str | None:
    """The preset an item names (``preset=``, or the caveats menu's ``scenario=``), removed."""
    preset, menu = items.pop(PRESET, None), items.pop(SCENARIO_MENU, None)
    if preset is not None and menu is not None:
        raise ValueError(f"--scenario names a preset twice ({PRESET}={preset}, "
                         f"{SCENARIO_MENU}={menu}); give one")  # fmt: skip
    if menu is not None:
        return None if menu == NO_SCENARIO else menu
    return preset


def scenario_values_of(text: str, spec: Spec) -> dict[str, float]:
    """Every assumption's value in the scenario `text` (the defaults where it is silent)."""
    return check_assumptions(spec, read_scenario(text, spec).values)
