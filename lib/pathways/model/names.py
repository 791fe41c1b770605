"""Looking up a named thing (assumption, pathway, quantity, control...) with one error style.

Why: every public function takes names from readers, chapters or the command line; a bad
name must always be answered the same way, "unknown KIND 'x'; allowed: a, b, c", so the
CLI, the charts and the widgets print errors a reader can act on.

Defined for: every layer (the model's own lookups, the charts' controls, the CLI).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

T = TypeVar("T")


def unknown(kind: str, name: object, allowed: Iterable[object]) -> ValueError:
    """The error for a name that is not one of `allowed` (in their order)."""
    return ValueError(f"unknown {kind} {name!r}; allowed: {', '.join(map(str, allowed))}")


def lookup(kind: str, name: str, table: Mapping[str, T]) -> T:
    """``table[name]``, or the standard error naming `kind` and the allowed names."""
    try:
        return table[name]
    except KeyError:
        raise unknown(kind, name, table) from None


def check_names(kind: str, names: Iterable[str], allowed: Iterable[str]) -> None:
    """Raise the standard error for the first of `names` that is not in `allowed`."""
    pool = list(allowed)
    for name in names:
        if name not in pool:
            raise unknown(kind, name, pool)
