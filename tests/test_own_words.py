"""The essay speaks in its own words: no run of eight or more consecutive words of Yoon's paper
appears in its prose (chapter markdown cells, .md pages, README.md) outside quotation marks.

Why: the essay paraphrases and attributes; a long verbatim run outside quotes either copies the
paper unmarked or speaks for it in its own phrasing. Short quoted phrases are allowed.
Defined for: every chapter (issue 11, "Say only what the paper says").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAPER_NAME = "yoon-ambivalent-us-roles.txt"
PAPER_PLACES = [
    ROOT.parent / "shared" / "paper" / PAPER_NAME,
    Path("/work/shared/paper") / PAPER_NAME,
]
RUN = 8  # words: a shared run this long or longer counts as copying

FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)
HIDDEN_ROLE = re.compile(r"\{(?:cite|glue)[\w:-]*\}`[^`]*`")
SHOWN_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")
TAG = re.compile(r"<[^>\n]+>")
# A quotation stays inside one paragraph (no blank line), so a stray quote mark cannot hide
# a whole page.
QUOTED = re.compile(r'"[^"]*?"|“[^”]*?”')
ABBREVIATION = re.compile(r"\b[a-z](?:\.[a-z])+\.?")  # u.s. -> us, u.s -> us
APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
NON_WORD = re.compile(r"[^\w]+")


def words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped: "U.S.-Korea's" -> ["us", "koreas"]."""
    text = ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text.lower())
    text = APOSTROPHE.sub("", text)
    return [w for w in NON_WORD.sub(" ", text).replace("_", " ").split() if w]


def unquoted(markdown: str) -> list[str]:
    """The prose of a MyST page outside quotation marks, one string per quote-free stretch.

    Code blocks, {cite} and {glue} roles and HTML tags are dropped; {term} and {doc} roles keep
    their shown text. Quotes are matched within a paragraph only.
    """
    text = TAG.sub(" ", SHOWN_ROLE.sub(r"\1", HIDDEN_ROLE.sub(" ", FENCE.sub("\n\n", markdown))))
    pieces = []
    for paragraph in re.split(r"\n\s*\n", text):
        pieces += QUOTED.split(paragraph)
    return pieces


def shared_runs(paper: str, prose: str, run: int = RUN) -> list[str]:
    """Every maximal stretch of `run` or more consecutive words of `prose` found in `paper`.

    Each stretch of prose (a string from `unquoted`) is matched separately, so a run never
    bridges a quotation.
    """
    paper_words = words(paper)
    grams = {tuple(paper_words[i : i + run]) for i in range(len(paper_words) - run + 1)}
    prose_words = words(prose)
    hits, i = [], 0
    while i + run <= len(prose_words):
        if tuple(prose_words[i : i + run]) in grams:
            j = i + run
            while j < len(prose_words) and tuple(prose_words[j - run + 1 : j + 1]) in grams:
                j += 1
            hits.append(" ".join(prose_words[i:j]))
            i = j
        else:
            i += 1
    return hits


def pages() -> dict[str, str]:
    """Every page's MyST prose: notebook markdown cells, .md pages, and README.md."""
    found = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
        found[f"chapters/{path.name}"] = "\n\n".join(markdown)
    for path in sorted((ROOT / "chapters").glob("*.md")):
        found[f"chapters/{path.name}"] = path.read_text(encoding="utf-8")
    found["README.md"] = (ROOT / "README.md").read_text(encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def paper() -> str:
    for place in PAPER_PLACES:
        if place.is_file():
            return place.read_text(encoding="utf-8")
    tried = ", ".join(str(p) for p in PAPER_PLACES)
    pytest.skip(f"the paper's text {PAPER_NAME} is not on this machine (looked in: {tried})")


PAPER_SAMPLE = (
    "If external common threats increase, Korea-Japan’s cooperative incentives might "
    "increase. This correlationship is consistent with the Realist logic of balancing."
)


def test_words_normalise_case_punctuation_and_abbreviations():
    assert words("The U.S. role, Korea-Japan’s “fight”!") == [
        "the",
        "us",
        "role",
        "korea",
        "japans",
        "fight",
    ]
    assert words("U.S disengagement") == words("US disengagement")


def test_a_planted_eight_word_copy_is_found():
    prose = "We read it so: if external common threats increase, Korea-Japan's cooperative ones."
    assert shared_runs(PAPER_SAMPLE, prose) == [
        "if external common threats increase korea japans cooperative"
    ]


def test_a_seven_word_run_is_allowed():
    prose = "Indeed external common threats increase, Korea-Japan's cooperative ties too."
    assert shared_runs(PAPER_SAMPLE, prose) == []


def test_a_copy_inside_quotation_marks_is_allowed_outside_is_not():
    quoted = 'Yoon writes that "if external common threats increase, Korea-Japan’s cooperative'
    quoted += ' incentives might increase" ({cite}`yoon`).'
    curly = "He says “this correlationship is consistent with the Realist logic of balancing”."
    for text in (quoted, curly):
        assert not [hit for part in unquoted(text) for hit in shared_runs(PAPER_SAMPLE, part)]
    bare = quoted.replace('"', "")
    assert [hit for part in unquoted(bare) for hit in shared_runs(PAPER_SAMPLE, part)]


def test_a_stray_quote_mark_does_not_hide_the_next_paragraph():
    text = 'A stray " mark.\n\nIf external common threats increase, Korea-Japan’s cooperative.'
    assert [hit for part in unquoted(text) for hit in shared_runs(PAPER_SAMPLE, part)]


def test_roles_code_and_tags_are_not_prose():
    text = (
        "See {term}`shared fears <abandonment>` and {doc}`pathway4`, {cite}`cha1999`, "
        '<span lang="ko">방기</span>.\n\n```bash\npython -m pathways\n```\n'
    )
    assert words(" ".join(unquoted(text))) == [
        "see",
        "shared",
        "fears",
        "and",
        "pathway4",
        "방기",
    ]


def test_the_essay_uses_its_own_words(paper):
    copied = {
        page: hits
        for page, text in pages().items()
        if (hits := [hit for part in unquoted(text) for hit in shared_runs(paper, part)])
    }
    assert not copied, (
        f"runs of {RUN}+ words of the paper outside quotation marks (paraphrase them, or quote "
        f"a short phrase with {{cite}}`yoon`): {copied}"
    )
