"""Glossary: every entry gives its Korean and Japanese term and a citation, every {term} in the
chapters names an entry, and the book's build command fails on a term that does not."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "chapters" / "glossary.md"

#: The terms chapters link with {term}; their names must not change.
TERMS = [
    "seikei bunri",
    "quasi-alliance",
    "abandonment",
    "entrapment",
    "alliance security dilemma",
    "adversary security dilemma",
    "double containment",
    "collective goods",
    "free-riding",
    "balancing",
    "reverse course",
    "historical perception gap",
]

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def glossary_entries(text: str) -> dict[str, str]:
    """Term -> definition text, from the {glossary} directive of a MyST page."""
    body = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S).group(1)
    entries: dict[str, list[str]] = {}
    current = None
    for line in body.splitlines():
        if line and not line[0].isspace():
            current = line.strip()
            entries[current] = []
        elif current is not None:
            entries[current].append(line.strip())
    return {term: " ".join(lines).strip() for term, lines in entries.items()}


def term_target(role_text: str) -> str:
    """The term a {term} role points at: `text <target>` or `target`."""
    role_text = " ".join(role_text.split())
    explicit = re.fullmatch(r".*<(.+)>", role_text)
    return (explicit.group(1) if explicit else role_text).strip()


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    return files


def page_texts() -> dict[str, str]:
    """The MyST text of every page in the toc (notebook markdown cells joined)."""
    texts = {}
    for name in _toc_files():
        nb, md = ROOT / f"{name}.ipynb", ROOT / f"{name}.md"
        if nb.exists():
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            texts[name] = "\n\n".join(
                "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
            )
        else:
            texts[name] = md.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def entries() -> dict[str, str]:
    return glossary_entries(GLOSSARY.read_text(encoding="utf-8"))


def test_glossary_keeps_the_terms_chapters_link(entries):
    assert list(entries) == TERMS


@pytest.mark.parametrize("term", TERMS)
def test_entry_gives_korean_and_japanese_terms_and_a_citation(entries, term):
    text = entries[term]
    korean = re.findall(r'<span lang="ko">([^<]+)</span>', text)
    japanese = re.findall(r'<span lang="ja">([^<]+)</span>', text)
    assert korean and all(HANGUL.search(k) or KANA_OR_KANJI.search(k) for k in korean), term
    assert any(HANGUL.search(k) for k in korean), f"{term}: no Korean (hangul) term"
    assert japanese and all(KANA_OR_KANJI.search(j) for j in japanese), term
    assert text.startswith("Korean "), f"{term}: the entry opens with the Korean term"
    assert "; Japanese " in text
    assert re.search(r"\{cite\}`[a-z0-9]+`", text), f"{term}: no citation"


def test_seikei_bunri_gives_the_papers_characters(entries):
    text = entries["seikei bunri"]
    for form in ("정경분리", "政經分離", "政経分離"):
        assert form in text


def test_every_term_role_names_a_glossary_entry(entries):
    known = {t.lower() for t in entries}  # Sphinx matches terms case-insensitively
    unknown = {
        (page, target)
        for page, text in page_texts().items()
        for target in map(term_target, TERM_ROLE.findall(text))
        if target.lower() not in known
    }
    assert not unknown, f"{{term}} roles naming no glossary entry: {sorted(unknown)}"


def test_term_target_parsing():
    assert term_target("seikei bunri") == "seikei bunri"
    assert term_target("fears of abandonment <abandonment>") == "abandonment"
    assert term_target("alliance security\ndilemma") == "alliance security dilemma"


def _build_command(book: Path) -> list[str]:
    """scripts/build.sh's jupyter-book command, pointed at another book."""
    line = next(
        line.strip()
        for line in (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("jupyter-book build ")
    )
    args = shlex.split(line)
    assert args[-1] == ".", line
    assert "-W" in args and "-n" in args, f"build.sh must fail on warnings: {line}"
    exe = Path(sys.executable).with_name("jupyter-book")
    return [str(exe), *args[1:-1], str(book)]


def _scratch_book(path: Path, term: str) -> Path:
    path.mkdir()
    (path / "_config.yml").write_text(
        "title: scratch\nexecute:\n  execute_notebooks: 'off'\nonly_build_toc_files: true\n",
        encoding="utf-8",
    )
    (path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: glossary\n", encoding="utf-8"
    )
    (path / "intro.md").write_text(f"# Intro\n\nSee {{term}}`{term}`.\n", encoding="utf-8")
    (path / "glossary.md").write_text(
        "# Glossary\n\n```{glossary}\nseikei bunri\n  Separation of politics and economics.\n```\n",
        encoding="utf-8",
    )
    return path


def test_build_command_fails_on_a_broken_term_reference(tmp_path):
    good = subprocess.run(
        _build_command(_scratch_book(tmp_path / "good", "seikei bunri")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert good.returncode == 0, good.stdout[-2000:] + good.stderr[-2000:]

    broken = subprocess.run(
        _build_command(_scratch_book(tmp_path / "broken", "seikei bunry")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert broken.returncode != 0
    assert "term not in glossary: 'seikei bunry'" in broken.stdout + broken.stderr
