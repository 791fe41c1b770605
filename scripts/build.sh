#!/usr/bin/env bash
# Build the book into _build/html, running every notebook again.
#
#   bash scripts/build.sh          # set up, then build (fails on any warning or notebook error)
#   bash scripts/build.sh --serve  # ... then serve _build/html on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."

serve=0
for arg in "$@"; do
  case "$arg" in
    --serve) serve=1 ;;
    -h | --help)
      sed -n '2,5p' "$0"
      exit 0
      ;;
    *)
      echo "build.sh: unknown option $arg" >&2
      exit 2
      ;;
  esac
done

# --browser: the PDF step below prints with Debian's chromium (installed when missing).
bash scripts/setup.sh --browser
export PATH="$PWD/.venv/bin:$PATH"
# shellcheck source=scripts/data_mirror.sh
. scripts/data_mirror.sh

# --all: read every page again, so every notebook is executed again (execute_notebooks:
# force only applies to the pages Sphinx reads). -W --keep-going: report every warning,
# then fail; a notebook that raises is such a warning.
jupyter-book build --all -W -n --keep-going .

# The whole book as one PDF for instructors (linked from the For instructors page): every
# page printed by the Debian Chromium once its charts are drawn, joined with a contents page,
# an outline and internal links. Fails the build if it cannot be made.
python tools/bookpdf.py _build/html

echo
echo "The book is in $PWD/_build/html; open $PWD/_build/html/index.html,"
echo "or serve it with: bash scripts/build.sh --serve"

if [ "$serve" = 1 ]; then
  echo "Serving on http://127.0.0.1:8000 (Ctrl-C to stop)"
  exec python -m http.server 8000 --bind 127.0.0.1 --directory _build/html
fi
