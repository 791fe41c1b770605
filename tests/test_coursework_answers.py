"""Coursework that tests the argument (issue 17, point 6): the worked answers of the three new
kinds of exercise recomputed with the library, the instructors page's map from learning goals
to exercises, its plan for the long chapters, the chapters' Discussion sections, and exercise
numbers that restart on every page (_ext/exercise_numbers.py).

Why: a worked answer prints its numbers through glue, but its sentences make claims about them
("pathway 4 outweighs pathway 5 more than twice over", "the two rules disagree at the
defaults"); a change of the spec that breaks a sentence fails here by name.
"""

from __future__ import annotations

import re
import sys

import pytest
import yaml
from _data_env import data_env  # noqa: F401  (fixture)
from pathways import (
    compare_yardsticks,
    contribution,
    default_model,
    evaluate,
    flip_point,
    net_without_us,
    p_determinant,
    periodcheck,
    periods,
    quote,
    sample,
    us_flips_direction,
    with_variants,
)
from test_readers_coursework import INSTRUCTORS, ROOT, chapter_notebooks, directives, markdown

sys.path.insert(0, str(ROOT / "_ext"))
import exercise_numbers  # noqa: E402

SPEC = default_model().spec
A = SPEC.assumptions
#: Chapters that end with a Discussion section (the issue's list: not the reference pages).
DISCUSSED = (
    "intro", "framework", "pathway1", "pathway2", "pathway3", "pathway4", "pathway5",
    "pathway6", "synthesis", "conclusion", "evidence",
)  # fmt: skip
REF = re.compile(r"\{ref\}`(?P<text>[^`<]+?)\s*<(?P<label>[^>`]+)>`")
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


# --- pathway 5, exercise 4: Carter's 1977 withdrawal plan coded from the record -------------


@pytest.fixture(scope="module")
def episode(data_env):  # noqa: F811
    """The chapter's cell, recomputed: the record's 1977 inputs, both fears at their top."""
    rec = periodcheck.yearly_inputs(1976, 1977).set_index("year")
    y = rec.loc[1977]
    fears = {n: A[n].max for n in ("fear_japan", "fear_korea")}
    carter = {"threat": y["threat"], "engagement": y["engagement"], **fears}
    signal_model = with_variants(variants={"commitment": "signal"})
    carter_signal = {**carter, "withdrawal_signal": y["withdrawal_signal"]}
    return {
        "rec": rec,
        "carter_signal": carter_signal,
        "signal_model": signal_model,
        "level": evaluate(carter),
        "signal": evaluate(carter_signal, model=signal_model),
    }


def test_episode_sources_are_the_spec_and_the_record(data_env):  # noqa: F811
    """The exercise cites cha1999 and oberdorfer2014 for the top of Korea's fear (1977-79)
    and the literature's coding of 1975-79 as cooperation."""
    ref = A["fear_korea"].reference
    assert "1977" in ref.high and {"cha1999", "oberdorfer2014"} <= set(ref.literature)
    table = periods.periods()
    row = table[(table["period_start"] <= 1977) & (table["period_end"] >= 1977)]
    assert row["coding"].tolist() == ["cooperation"]
    assert "cha1999" in row["sources"].iloc[0]


def test_episode_barely_moves_the_level_of_engagement(episode):
    """'the plan hardly registers ... the troops barely moved' (same value at two decimals
    within 0.01), while the withdrawal signal jumps."""
    rec = episode["rec"]
    assert abs(rec.loc[1977, "engagement"] - rec.loc[1976, "engagement"]) < 0.01
    assert rec.loc[1977, "withdrawal_signal"] > 2 * rec.loc[1976, "withdrawal_signal"]


@pytest.mark.parametrize("reading", ["level", "signal"])
def test_episode_speaks_to_pathway_4(episode, reading):
    """'the shared fear ... outweighs Seoul's fear of an unrestrained Japan more than twice
    over, under either reading'; the model 'still leans, narrowly, toward friction'."""
    r = episode[reading]
    assert contribution(r, "4") > 2 * abs(contribution(r, "5")) > 0
    assert -0.1 < r.net < 0


def test_episode_signal_reading_moves_toward_cooperation(episode):
    """'Under the signal reading pathway 4 grows ... and pathway 5 [grows]'; the net moves up."""
    level, signal = episode["level"], episode["signal"]
    assert contribution(signal, "4") > contribution(level, "4")
    assert abs(contribution(signal, "5")) > abs(contribution(level, "5"))
    assert level.net < signal.net < 0


def test_episode_animosity_flip_is_below_its_default(episode):
    """'historical animosity below X (its default is Y)': cooperation below the flip point."""
    x = flip_point("animosity", values=episode["carter_signal"], model=episode["signal_model"])
    assert x < A["animosity"].default
    assert quote("flip point", x) != f"{A['animosity'].default:.2f}"
    below = evaluate(
        {**episode["carter_signal"], "animosity": A["animosity"].min},
        model=episode["signal_model"],
    )
    assert below.net > 0


# --- concordance, exercise 3: another yardstick for "determinant" ---------------------------


def test_yardsticks_disagree_at_the_defaults():
    """The share rule says important but not determinant; the counterfactual rule says
    determinant, because the other forces lean toward cooperation and the whole toward friction."""
    r = evaluate()
    assert SPEC.minor_share <= r.us_share < SPEC.determinant_share
    assert r.net < 0 < net_without_us(r)
    assert us_flips_direction()


def test_yardsticks_across_the_synthesis_worlds():
    """'not determinant survives as a claim about most plausible worlds under either rule ...
    and the two rules pick out different worlds'; the share rule's number is the synthesis's."""
    y = compare_yardsticks(100_000, seed=0)
    assert y.by_share == p_determinant(sample(100_000, seed=0))
    assert y.by_share < 0.5 and y.by_flip < 0.5
    assert y.both < min(y.by_share, y.by_flip)
    assert quote("share", y.by_share) != quote("share", y.by_flip)


def test_concordance_glues_the_yardsticks_on_the_synthesis_worlds():
    """The chapter's call is the one recomputed above (the synthesis's seed and size)."""
    text = (ROOT / "chapters" / "concordance.ipynb").read_text(encoding="utf-8")
    assert "compare_yardsticks(100_000, seed=0)" in text
    synthesis = (ROOT / "chapters" / "synthesis.ipynb").read_text(encoding="utf-8")
    assert "SEED = 0" in synthesis and "sample(100_000, seed=SEED)" in synthesis


# --- concordance, exercise 4: the paper's redundancy remark against the default model -------


def test_redundancy_decides_what_a_withdrawal_does():
    """Engagement at zero: cooperation with pathway 4 in full, friction with pathway 4 only
    as far as free-riding persists (which is then nothing)."""
    full = evaluate({"engagement": 0.0}, variants={"redundancy": "full"})
    red = evaluate({"engagement": 0.0}, variants={"redundancy": "while_free_riding"})
    assert contribution(full, "4") > 0 and full.net > 0
    assert contribution(red, "4") == 0 and red.net < 0
    assert SPEC.variants["redundancy"].default == "full"


# --- the instructors page: goals to exercises, the long chapters ---------------------------


def _exercises(name: str) -> list[str]:
    return [d["label"] for d in directives(markdown(f"chapters/{name}")) if d["kind"] == "exercise"]


def _section(page: str, heading: str) -> str:
    start = page.index(f"## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start : end if end >= 0 else None]


def _goal_rows(page: str) -> dict[str, list[tuple[str, str]]]:
    rows = re.findall(
        r"^\| \{doc\}`(\w+)` \|(.+)\|$", _section(page, "Which exercises test which goal"), re.M
    )
    return {name: REF.findall(rest) for name, rest in rows}


def test_every_goal_has_exercises_and_every_exercise_a_goal():
    page = INSTRUCTORS.read_text(encoding="utf-8")
    rows = _goal_rows(page)
    goals = re.findall(r"^\{doc\}`(\w+)`\n: \S", page, re.M)
    assert goals and set(goals) <= set(rows), set(goals) - set(rows)
    for name, refs in rows.items():
        labels = _exercises(name)
        assert refs, f"{name}: no exercise tests its learning goal"
        for text, label in refs:
            assert label in labels, f"{name}: {label} is not an exercise of the chapter"
            assert text == str(labels.index(label) + 1), f"{label} is exercise {text}?"
        assert sorted(label for _, label in refs) == sorted(labels), f"{name}: not all listed"


def test_new_kinds_of_exercise_are_named_on_the_page():
    page = INSTRUCTORS.read_text(encoding="utf-8")
    for label in ("ex-pathway5-4", "ex-concordance-3", "ex-concordance-4"):
        assert f"<{label}>`" in page


def prose_words(name: str) -> int:
    """Words of a chapter's prose before its exercises; a role (a glued number) is one word."""
    text = markdown(f"chapters/{name}").split("## Exercises")[0]
    return len(re.findall(r"\w+", ROLE.sub("x", text)))


def _about(n: int) -> str:
    return f"about {round(n, -2):,}"


def test_long_chapter_plan_matches_the_word_counts():
    page = INSTRUCTORS.read_text(encoding="utf-8")
    section = _section(page, "The four long chapters")
    names = [n.removeprefix("chapters/") for n in chapter_notebooks()]
    counts = {n: prose_words(n) for n in names}
    long = sorted(counts, key=counts.get, reverse=True)[:4]
    rows = dict(re.findall(r"^\| \{doc\}`(\w+)` \| (about [\d,]+) \|", section, re.M))
    assert set(rows) == set(long)
    for name in long:
        assert rows[name] == _about(counts[name]), name
    short = [counts[n] for n in names if n not in long and n != "concordance"]
    assert f"about {round(min(short), -2):,} to {round(max(short), -2):,} words" in section
    assert f"concordance about {round(counts['concordance'], -2):,}" in " ".join(section.split())
    assert min(counts[n] for n in long) > 2 * max(short)
    lo, hi = (round(counts[n] / 150, -1) for n in (long[-1], long[0]))
    assert f"{lo:.0f} to {hi:.0f} minutes" in section


# --- Discussion sections -------------------------------------------------------------------


@pytest.mark.parametrize("name", DISCUSSED)
def test_chapter_ends_with_two_or_three_discussion_questions(name):
    text = markdown(f"chapters/{name}")
    assert text.count("\n## Discussion\n") == 1, f"{name}: no Discussion section"
    after = text.split("\n## Discussion\n")[1]
    assert text.index("## Exercises") < text.index("## Discussion")
    questions = re.findall(r"^\d+\. \S", after, re.M)
    assert 2 <= len(questions) <= 3, f"{name}: {len(questions)} questions"
    assert "essay's questions" in after


def test_refs_in_discussions_and_answers_name_exercises():
    labels = {lab for n in chapter_notebooks() for lab in _exercises(n.removeprefix("chapters/"))}
    for docname in chapter_notebooks():
        for _, label in REF.findall(markdown(docname)):
            if label.startswith("ex-"):
                assert label in labels, f"{docname}: {{ref}} to a missing exercise {label}"


# --- exercise numbers restart on every page ------------------------------------------------


def test_renumber_restarts_each_page_in_page_order():
    numbers = {
        "a": {"exercise": {"x": (2,), "y": (1,)}, "figure": {"f": (1,)}},
        "b": {"exercise": {"z": (4,), "w": (3,)}},
        "c": {"figure": {"g": (2,)}},
    }
    assert exercise_numbers.renumber(numbers) == ["b"]
    assert numbers["a"]["exercise"] == {"y": (1,), "x": (2,)}
    assert numbers["b"]["exercise"] == {"w": (1,), "z": (2,)}
    assert numbers["c"]["figure"] == {"g": (2,)}  # other kinds keep the book-wide count


def test_exercise_numbers_extension_is_enabled():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]
    assert sphinx["local_extensions"]["exercise_numbers"] == "_ext"
    extensions = sphinx["config"]["extensions"]
    assert extensions.index("exercise_numbers") > extensions.index("sphinx_exercise")


LINK_ROLE = re.compile(r"\{(?:cite|doc|ref|term)(?::\w+)?\}`")
STATEMENT = re.compile(r"^```\{exercise\}\n:label: (?P<label>\S+)\n(?P<body>.*?)^```", re.M | re.S)


@pytest.mark.parametrize("docname", chapter_notebooks())
def test_exercise_statements_hold_no_links(docname):
    """A link on an exercise's tinted background fails axe's colour-contrast check (the site's
    a11y test); sources and cross-references go in the answer, whose background is white."""
    for m in STATEMENT.finditer(markdown(docname)):
        assert not LINK_ROLE.search(m.group("body")), f"{m.group('label')}: a link in the statement"
