#!/usr/bin/env bash
# Install everything the book needs to build and test. Safe to run again: it only redoes a
# step whose inputs changed.
#
#   bash scripts/setup.sh            # .venv (Python 3.11) + requirements.txt, npm ci, vendor
#   bash scripts/setup.sh --browser  # also Debian's chromium, for the browser tests
#
# Environment: PYTHON (default python3.11) is the interpreter the venv is made from.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) browser=1 ;;
    -h | --help)
      sed -n '2,9p' "$0"
      exit 0
      ;;
    *)
      echo "setup.sh: unknown option $arg" >&2
      exit 2
      ;;
  esac
done

sha() { cat "$@" | sha256sum | cut -d' ' -f1; }

# 1. Python: .venv with the exact pins of requirements.txt (and the library, editable).
python=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "setup.sh: $python not found; install Python 3.11 or set PYTHON=/path/to/python3.11" >&2
    exit 1
  fi
  echo "setup: creating .venv with $("$python" --version 2>&1)"
  "$python" -m venv .venv
fi
want=$(sha requirements.txt pyproject.toml)
if [ "$(cat .venv/.requirements.sha256 2>/dev/null || true)" != "$want" ]; then
  echo "setup: pip install -r requirements.txt"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" >.venv/.requirements.sha256
else
  echo "setup: .venv is up to date with requirements.txt"
fi

# 2. JavaScript: node_modules exactly as package-lock.json says.
want=$(sha package.json package-lock.json)
if [ "$(cat node_modules/.package-lock.sha256 2>/dev/null || true)" != "$want" ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  echo "$want" >node_modules/.package-lock.sha256
else
  echo "setup: node_modules is up to date with package-lock.json"
fi

# 3. Copy the browser builds the pages load into _vendor/ (served as _static/).
.venv/bin/python scripts/vendor.py

# 4. Optionally, a browser for tests/site.
if [ "$browser" = 1 ]; then
  if [ -x /usr/bin/chromium ]; then
    echo "setup: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) is installed"
  else
    echo "setup: installing Debian's chromium"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
  fi
fi
