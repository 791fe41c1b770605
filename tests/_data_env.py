"""Point pathways.record.data at the local mirror and a throwaway cache, for the data tests.

Why: tests must run on machines without internet (CI here has none) yet exercise the same
fetch-and-verify path as a real build. The mirror is $PATHWAYS_DATA_MIRROR if set, else
../shared/data/mirror beside the repository. If neither exists the mirror is left unset and
the tests try the network; with no network they fail with the loader's message naming
PATHWAYS_DATA_MIRROR, never skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pathways import data, series

REPO = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = REPO.parent / "shared" / "data" / "mirror"


def mirror() -> Path | None:
    env = os.environ.get(data.MIRROR_ENV)
    if env:
        return Path(env)
    return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None


@pytest.fixture(scope="module")
def data_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Mirror as above; cache in this test session's temporary folder (shared by modules)."""
    cache = tmp_path_factory.getbasetemp() / "pathways-data-cache"
    with pytest.MonkeyPatch.context() as mp:
        found = mirror()
        if found is not None:
            mp.setenv(data.MIRROR_ENV, str(found))
        else:
            mp.delenv(data.MIRROR_ENV, raising=False)
        mp.setenv(data.CACHE_ENV, str(cache))
        yield cache
    series.cache_clear()
