"""What a citation in the record's tables may be: a key of references.bib, an http(s) URL, or
a named primary document the table's test lists. Shared by the timeline and period tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pybtex.database import parse_file

REPO = Path(__file__).resolve().parents[1]
_URL = re.compile(r"https?://[^\s,]+")


def bib_keys() -> set[str]:
    """The keys of the book's references.bib."""
    return set(parse_file(str(REPO / "references.bib")).entries)


def unresolved(citations: Iterable[str], keys: set[str], named: set[str]) -> list[str]:
    """The citations that are none of a bib key, a URL or one of the `named` documents."""
    return [c for c in citations if c not in keys and not _URL.fullmatch(c) and c not in named]
