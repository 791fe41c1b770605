"""Where each element of the model comes from: the paper, the literature, or the essay.

Why: the essay is read as a rendering of Yoon's paper, which is a short abstract that
argues by logic. A reader (and a test) must be able to tell, for every variable, link,
gate, pathway, policy transform and threshold, whether the paper says it (with a locator
of at most eight of its own words, so the sentence can be found), a cited work supports it,
or the essay assumes it (with one line of why).

Defined for: the model appendix and the page "From the paper to the model".
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .names import unknown

KINDS = ("paper", "literature", "essay")
#: The paper's parts, in order: its opening paragraph, the opening of section 2, the six
#: numbered pathways, and the closing paragraph.
PARTS = ("Introduction", "§2", *(f"§2({k})" for k in range(1, 7)), "Conclusion")
MAX_LOCATOR_WORDS = 8
PAPER_ENV = "PATHWAYS_PAPER"
PAPER_NAME = "yoon-ambivalent-us-roles.txt"
_KEY = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Provenance:
    """The origin of one model element (see the module docstring)."""

    kind: str
    section: str = ""
    locator: str = ""
    literature: tuple[str, ...] = ()
    support: str = ""
    why: str = ""

    @property
    def source(self) -> str:
        """A short citation for tables: '§2(4); cha1999', 'essay; walt1987', 'cha1999'."""
        head = {"paper": self.section, "essay": "essay", "literature": ""}[self.kind]
        return "; ".join(x for x in (head, *self.literature) if x)


Locate = Callable[[Any, str], str]


def parse(m: Mapping[str, Any], where: str, at: Locate) -> Provenance:
    """Read and check a ``provenance:`` mapping; errors name the spot through `at`."""
    kind = m.get("kind")
    if kind not in KINDS:
        raise ValueError(at(m, f"{where}: provenance {unknown('kind', kind, KINDS)}"))
    text = {k: _text(m, k, where, at) for k in ("section", "locator", "support", "why")}
    literature = _keys(m, where, at)
    if text["section"] and text["section"] not in PARTS:
        raise ValueError(at(m, f"{where}: provenance {unknown('section', text['section'], PARTS)}"))
    if text["locator"] and len(text["locator"].split()) > MAX_LOCATOR_WORDS:
        raise ValueError(at(m, f"{where}: locator has more than {MAX_LOCATOR_WORDS} words"))
    needs = {
        "paper": ("section", "locator"),
        "literature": ("support",),
        "essay": ("why",),
    }[kind]
    missing = [k for k in needs if not text[k]]
    if kind == "literature" and not literature:
        missing.append("literature")
    if missing:
        raise ValueError(at(m, f"{where}: {kind} provenance needs {', '.join(missing)}"))
    if text["locator"] and not text["section"]:
        raise ValueError(at(m, f"{where}: a locator needs the section it is found in"))
    return Provenance(kind, literature=literature, **text)


def _text(m: Mapping[str, Any], key: str, where: str, at: Locate) -> str:
    v = m.get(key, "")
    if not isinstance(v, str):
        raise ValueError(at(m, f"{where}: provenance '{key}' must be a string"))
    return " ".join(v.split())


def _keys(m: Mapping[str, Any], where: str, at: Locate) -> tuple[str, ...]:
    v = m.get("literature", [])
    if not isinstance(v, list) or not all(isinstance(k, str) and _KEY.fullmatch(k) for k in v):
        raise ValueError(at(m, f"{where}: provenance 'literature' must be a list of bib keys"))
    return tuple(v)


def normalise(text: str) -> str:
    """Lower case, straight quotes, one space: how locators are matched with the paper."""
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split()).lower()


def paper_path() -> Path | None:
    """The paper's text, if available: $PATHWAYS_PAPER, or shared/paper beside the checkout."""
    if os.environ.get(PAPER_ENV):
        return Path(os.environ[PAPER_ENV])
    root = Path(__file__).resolve().parents[3]
    for base in (root.parent / "shared", Path("/work/shared")):
        if (base / "paper" / PAPER_NAME).is_file():
            return base / "paper" / PAPER_NAME
    return None


_MARKERS = [
    ("§2", r"^\s*2\.\s*The U\.S\. Role"),
    *((f"§2({k})", rf"^\s*\(?{k}\)?\s*(External|U\.S\.)") for k in range(1, 7)),
    ("Conclusion", r"^\s*We cannot categorically say"),
]


def paper_parts(text: str) -> dict[str, str]:
    """The paper's text split into PARTS (normalised), by the headings it has."""
    starts = [("Introduction", 0)]
    for part, pattern in _MARKERS:
        found = re.search(pattern, text, flags=re.M)
        if not found:
            raise ValueError(f"the paper's text has no heading for {part} ({pattern!r})")
        starts.append((part, found.start()))
    bounds = [*(s for _, s in starts[1:]), len(text)]
    return {part: normalise(text[s:e]) for (part, s), e in zip(starts, bounds, strict=True)}


def check_locators(items: Iterable[tuple[str, Provenance]], text: str) -> list[str]:
    """Problems with locators: each must be found in the part of the paper it names."""
    parts = paper_parts(text)
    problems = []
    for where, prov in items:
        if prov.locator and normalise(prov.locator) not in parts[prov.section]:
            problems.append(f"{where}: locator {prov.locator!r} is not in {prov.section}")
    return problems
