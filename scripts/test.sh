#!/usr/bin/env bash
# Everything CI checks, in order; stops at the first failure.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --browser
export PATH="$PWD/.venv/bin:$PATH"

echo "== lint"
ruff check .
ruff format --check .

echo "== library tests"
pytest tests --ignore=tests/site

echo "== notebooks (nbval)"
# Every code cell must run; cells marked `# NBVAL_CHECK_OUTPUT` must reproduce their output.
# While no chapter has a code cell, pytest would collect nothing (exit 5): skip instead.
code_cells=$(python - <<'PY'
import glob, json
print(sum(c["cell_type"] == "code"
          for f in glob.glob("chapters/**/*.ipynb", recursive=True)
          for c in json.load(open(f, encoding="utf-8"))["cells"]))
PY
)
if [ "$code_cells" -gt 0 ]; then
  pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg chapters/
else
  echo "nbval: no chapter has a code cell yet; nothing to run"
fi

echo "== book"
bash scripts/build.sh

if [ -d tests/site ]; then
  echo "== site tests"
  pytest tests/site
fi
