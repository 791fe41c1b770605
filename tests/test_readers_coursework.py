"""Coursework: every chapter notebook has 2-4 exercises, each with a dropdown solution, and the
instructors page covers every chapter, a 50-minute plan, Binder and the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
INSTRUCTORS = ROOT / "chapters" / "instructors.md"
COMMAND = "python -m pathways evaluate --set engagement=0.3 --json"
STUB = "(Chapter in progress.)"

DIRECTIVE = re.compile(
    r"^(?:`{3,}|:{3,})\{(?P<kind>exercise|solution)(?:-start)?\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)",
    re.M,
)


def chapter_notebooks() -> list[str]:
    """The notebooks the toc lists, as docnames (chapters/intro, ...)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [c["file"] for c in part.get("chapters", [])]
    return [n for n in names if (ROOT / f"{n}.ipynb").exists()]


def markdown(docname: str) -> str:
    cells = json.loads((ROOT / f"{docname}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def directives(text: str) -> list[dict]:
    found = []
    for m in DIRECTIVE.finditer(text + "\n"):
        options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", m.group("options"), re.M))
        found.append({"kind": m.group("kind"), "arg": m.group("arg").strip(), **options})
    return found


def test_directive_parser():
    text = (
        "```{exercise}\n:label: ex-a-1\nDo it.\n```\n\n"
        "```{solution} ex-a-1\n:class: dropdown\nDone.\n```\n"
        ":::{exercise}\n:label: ex-a-2\n:::\n"
    )
    assert directives(text) == [
        {"kind": "exercise", "arg": "", "label": "ex-a-1"},
        {"kind": "solution", "arg": "ex-a-1", "class": "dropdown"},
        {"kind": "exercise", "arg": "", "label": "ex-a-2"},
    ]


@pytest.mark.parametrize("docname", chapter_notebooks())
def test_chapter_has_two_to_four_exercises_with_dropdown_solutions(docname):
    text = markdown(docname)
    found = directives(text)
    exercises = [d for d in found if d["kind"] == "exercise"]
    solutions = [d for d in found if d["kind"] == "solution"]
    if not exercises and STUB in text:
        pytest.skip(f"{docname} is still a stub ({STUB!r}): its writer adds the exercises")
    assert 2 <= len(exercises) <= 4, f"{docname}: {len(exercises)} exercises"
    labels = [e.get("label") for e in exercises]
    assert all(labels), f"{docname}: an exercise without :label:"
    answered = [s["arg"] for s in solutions]
    assert sorted(answered) == sorted(labels), (
        f"{docname}: exercises {labels} but solutions for {answered}"
    )
    for s in solutions:
        assert "dropdown" in s.get("class", "").split(), (
            f"{docname}: the solution to {s['arg']} is not a dropdown (:class: dropdown)"
        )


def test_exercise_labels_are_unique_across_the_book():
    labels = [
        d["label"]
        for name in chapter_notebooks()
        for d in directives(markdown(name))
        if d["kind"] == "exercise" and "label" in d
    ]
    assert len(labels) == len(set(labels)), sorted(
        label for label in labels if labels.count(label) > 1
    )


@pytest.fixture(scope="module")
def page() -> str:
    return INSTRUCTORS.read_text(encoding="utf-8")


def test_instructors_page_gives_learning_goals_for_every_chapter(page):
    for docname in chapter_notebooks():
        name = docname.removeprefix("chapters/")
        assert re.search(rf"^\{{doc\}}`{name}`\n: \S", page, re.M), (
            f"chapters/instructors.md: no learning goals for {docname}"
        )


def test_class_plan_fills_fifty_minutes(page):
    rows = re.findall(r"^\| (\d+)-(\d+) \| .+ \|$", page, re.M)
    spans = [(int(a), int(b)) for a, b in rows]
    assert spans[0][0] == 0 and spans[-1][1] == 50
    assert all(prev[1] == nxt[0] for prev, nxt in zip(spans, spans[1:], strict=False))


def test_binder_link_example_matches_the_config(page):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = re.search(r"`(https://mybinder\.org/[^`]+)`", page).group(1)
    repo = urlparse(config["repository"]["url"]).path.strip("/")
    parsed = urlparse(url)
    assert parsed.path == f"/v2/gh/{repo}/{config['repository']['branch']}"
    (urlpath,) = parse_qs(parsed.query)["urlpath"]
    assert urlpath.startswith("lab/tree/")
    assert (ROOT / urlpath.removeprefix("lab/tree/")).is_file()


def test_command_line_coursework_runs_and_its_output_is_described(page):
    assert COMMAND in page
    args = COMMAND.split()[1:]  # without "python"
    out = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["assumptions"]["engagement"] == 0.3
    for key in result:
        assert f"`{key}`" in page, f"chapters/instructors.md does not describe `{key}`"
