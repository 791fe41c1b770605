"""Sphinx extension: exercise numbers restart on every page, so each chapter's first exercise
is "Exercise 1".

Why: sphinx-exercise numbers its exercises with Sphinx's figure numbering, which counts
across the whole book unless the table of contents is numbered: the synthesis's first
exercise was "Exercise 27". Instructors assign work as "pathway 3, exercise 2" (the For
instructors page maps learning goals to exercises by chapter and label), so a page-local
number is the one a reader needs. A numbered table of contents would also restart them, but
it prefixes every chapter title and exercise with section numbers, and sphinx-exercise has no
option of its own for this. Solutions ("Solution to Exercise 2") and references read the
same numbers, since they come from the environment this handler rewrites.
Enabled in ``_config.yml`` with ``sphinx: local_extensions: {exercise_numbers: _ext}``.

Defined for: every chapter's exercises.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: sphinx-exercise's enumerable node type.
FIGTYPES = ("exercise",)
#: After Sphinx's toctree collector (priority 500), which assigns the book-wide numbers.
PRIORITY = 900

Numbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]


def renumber(fignumbers: Numbers, figtypes: tuple[str, ...] = FIGTYPES) -> list[str]:
    """Number each page's nodes of `figtypes` 1, 2, ... in their book-wide order (their
    order on the page), in place; return the pages whose numbers changed."""
    changed = []
    for docname, by_type in fignumbers.items():
        for figtype in figtypes:
            numbers = by_type.get(figtype)
            if not numbers:
                continue
            ordered = sorted(numbers, key=numbers.__getitem__)
            local = {node_id: (i,) for i, node_id in enumerate(ordered, start=1)}
            if local != numbers:
                by_type[figtype] = local
                changed.append(docname)
    return changed


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return renumber(env.toc_fignumbers)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-updated", _on_env_get_updated, priority=PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
