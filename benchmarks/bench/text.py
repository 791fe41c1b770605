"""Comparing sentences as a reader reads them, whatever the line breaks.

Defined for: benchmarks/run.py (the verdict in the static chart, the live panel, the library).
"""

from __future__ import annotations

import re


def squash(text: str) -> str:
    """Text without whitespace, to compare sentences however they were broken into lines."""
    return re.sub(r"\s+", "", text)
