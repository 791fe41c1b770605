"""The built site's exercise numbers restart on every page (_ext/exercise_numbers.py): each
chapter's exercises read "Exercise 1", "Exercise 2", ... in page order, each solution names its
own exercise's number, and the For instructors page's links, which show an exercise's number,
point to the exercise that has it.

    PATHWAYS_SITE=/path/to/_build/html pytest tests/site/test_exercise_numbers.py
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from test_readers_site import CHAPTERS, soup

NUMBER = re.compile(r"Exercise (\d+)")


def _numbers(docname: str) -> dict[str, int]:
    """Exercise id -> the number its title shows, in page order."""
    found = {}
    for ex in soup(docname).select("div.exercise"):
        title = ex.select_one(".admonition-title").get_text(" ", strip=True)
        found[ex["id"]] = int(NUMBER.search(title).group(1))
    return found


@pytest.mark.parametrize("docname", CHAPTERS)
def test_exercises_are_numbered_from_one_on_each_page(docname):
    numbers = _numbers(docname)
    assert list(numbers.values()) == list(range(1, len(numbers) + 1)), numbers


@pytest.mark.parametrize("docname", CHAPTERS)
def test_solutions_name_their_own_exercise_number(docname):
    numbers = _numbers(docname)
    for sol in soup(docname).select("div.solution"):
        link = sol.select_one(".admonition-title a")
        target = urlparse(link["href"]).fragment
        assert NUMBER.search(link.get_text()).group(1) == str(numbers[target]), target


def test_instructors_links_show_the_number_of_the_exercise_they_open():
    links = [
        a
        for a in soup("chapters/instructors").select("td a.reference")
        if urlparse(a["href"]).fragment.startswith("ex-")
    ]
    assert len(links) > 20  # the goals table links every exercise of the book
    for a in links:
        url = urlparse(a["href"])
        page = "chapters/" + url.path.removesuffix(".html")
        assert a.get_text(strip=True) == str(_numbers(page)[url.fragment]), a["href"]
