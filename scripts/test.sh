#!/usr/bin/env bash
# Everything CI checks, in order; stops at the first failure.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --browser
export PATH="$PWD/.venv/bin:$PATH"
# shellcheck source=scripts/data_mirror.sh
. scripts/data_mirror.sh

echo "== lint"
ruff check .
ruff format --check .

echo "== types"
# Strict for pathways.model, check_untyped_defs for the rest (pyproject.toml [tool.mypy]).
mypy

echo "== library tests"
pytest tests --ignore=tests/site

echo "== notebooks (nbval)"
# Every code cell must run; cells marked `# NBVAL_CHECK_OUTPUT` must reproduce their output.
pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg chapters/

echo "== book"
bash scripts/build.sh

if [ -d tests/site ]; then
  echo "== site tests"
  pytest tests/site
fi
