# Sourced by scripts/build.sh, scripts/test.sh and .ci/run (not run on its own).
#
# The data module (lib/pathways/record/data.py) reads its pinned public files from a local mirror
# when PATHWAYS_DATA_MIRROR names one, verifying every sha256 as it would for a download.
# Without the variable it downloads from the files' pinned URLs. On this machine the mirror
# sits beside the checkout (../shared/data/mirror); a clone elsewhere on the machine finds
# it at /work/shared/data/mirror. A variable you set yourself is left alone.
if [ -z "${PATHWAYS_DATA_MIRROR:-}" ]; then
  for candidate in "$(pwd)/../shared/data/mirror" /work/shared/data/mirror; do
    if [ -d "$candidate" ]; then
      PATHWAYS_DATA_MIRROR="$(cd "$candidate" && pwd)"
      export PATHWAYS_DATA_MIRROR
      break
    fi
  done
fi
