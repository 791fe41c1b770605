"""Execute chapter notebooks and keep only the outputs nbval checks.

Why: cells marked `# NBVAL_CHECK_OUTPUT` store the essay's key numbers, so a model change
that changes a printed claim fails `pytest --nbval-lax` until the prose is re-read and this
script is run again. Every other output is cleared: the book re-executes every notebook
at build time, and committed chart HTML would only bloat diffs.

Usage: python scripts/refresh_outputs.py [chapters/NAME.ipynb ...]   (default: all chapters)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
MARK = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    kept = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(MARK):
            kept += 1
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return kept


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb"))
    for p in paths:
        print(f"{p}: kept outputs of {refresh(p.resolve())} checked cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
