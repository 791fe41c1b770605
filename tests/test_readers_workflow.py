"""Publishing: .github/workflows/book.yml passes actionlint, runs the README's test command and
nothing else, and deploys the site that command builds to GitHub Pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
ON_MAIN = "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def actionlint() -> str:
    exe = Path(sys.executable).with_name("actionlint")
    found = str(exe) if exe.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is not installed: pip install -r requirements.txt", pytrace=False)
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    # Shell and Python checks of run: steps off, so the result does not depend on whether
    # shellcheck or pyflakes happen to be installed.
    return subprocess.run(
        [actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def workflow() -> dict:
    # PyYAML reads the key `on` as True.
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    return [line.split("#")[0].strip() for b in blocks for line in b.splitlines() if line.strip()]


def test_workflow_passes_actionlint():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "book.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("timeout-minutes: 90", "timeout-minute: 90"), encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "timeout-minute" in result.stdout


def test_the_only_command_is_the_readmes_test_command(workflow):
    runs = [
        step["run"].strip()
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]
    assert runs == ["bash scripts/test.sh"]
    assert "bash scripts/test.sh" in readme_commands()


def test_triggers_and_python(workflow):
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in workflow["on"]
    test = workflow["jobs"]["test"]
    assert test["container"] == "python:3.11-bookworm"
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11"
    assert "python3.11" in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")


def test_deploys_the_site_the_test_command_built(workflow):
    test, deploy = workflow["jobs"]["test"], workflow["jobs"]["deploy"]
    (upload,) = [s for s in test["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert upload["if"] == ON_MAIN
    assert upload["with"]["path"] == "_build/html"
    assert "_build/html" in (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8")
    # The upload comes after the tests: a failing test publishes nothing.
    steps = test["steps"]
    assert steps.index(upload) > next(i for i, s in enumerate(steps) if "run" in s)

    assert deploy["needs"] == "test"
    assert deploy["if"] == ON_MAIN
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}
