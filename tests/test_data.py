"""pathways.record.data: the registry, verified fetching, and a clear error for every kind of bad file."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pooch
import pyreadr
import pytest
from _data_env import REPO, data_env  # noqa: F401  (fixture)
from pathways import data, series

KEYS = {
    "troops",
    "nk_missiles",
    "atop",
    "mids",
    "cow_nmc",
    "un_votes",
    "un_roll_calls",
    "icews",
    "parlgov_cabinets",
}
pytestmark = pytest.mark.usefixtures("data_env")


@dataclasses.dataclass
class Fresh:
    mirror: Path  # an empty private mirror folder
    original: Callable[[str], Path]  # a verified copy of a real file, from the session cache


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Fresh]:
    """An empty cache and a private mirror; the series caches are cleared before and after."""
    session = {k: os.environ.get(k) for k in (data.CACHE_ENV, data.MIRROR_ENV)}

    def original(key: str) -> Path:
        with pytest.MonkeyPatch.context() as mp:
            for k, v in session.items():
                if v:
                    mp.setenv(k, v)
                else:
                    mp.delenv(k, raising=False)
            return data.fetch(key)

    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    series.cache_clear()
    yield Fresh(mirror, original)
    series.cache_clear()


def _place(mirror: Path, e: data.Entry, source: Path) -> Path:
    target = mirror / e.path
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _swap(monkeypatch: pytest.MonkeyPatch, mirror: Path, key: str, content: Path) -> data.Entry:
    """Register `content` under `key` (at a test-only path, with its true hash) in `mirror`."""
    fake = dataclasses.replace(
        data.entry(key),
        path=f"test-owner/test-repo/{'0' * 40}/{content.name}",
        sha256=pooch.file_hash(str(content)),
    )
    _place(mirror, fake, content)
    entries = dict(data.registry())
    entries[key] = fake
    monkeypatch.setattr(data, "registry", lambda: entries)
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    return fake


def test_registry_lists_the_nine_files_with_pinned_urls() -> None:
    reg = data.registry()
    assert set(reg) == KEYS
    for e in reg.values():
        assert re.fullmatch(r"[0-9a-f]{64}", e.sha256), e.key
        owner, repo, commit, *rest = e.path.split("/")
        assert owner and repo and rest and re.fullmatch(r"[0-9a-f]{40}", commit), e.key
        assert e.url == f"https://raw.githubusercontent.com/{e.path}"
        assert e.licence and e.citation and e.description, e.key


def test_registry_is_package_data() -> None:
    assert data.REGISTRY_PATH == REPO / "lib" / "pathways" / "record" / "registry.csv"
    assert data.REGISTRY_PATH.is_file()


def test_no_mirrored_file_is_in_the_repository() -> None:
    hashes = {e.sha256 for e in data.registry().values()}
    for path in [*(REPO / "data").rglob("*"), *(REPO / "lib").rglob("*")]:
        if path.is_file():
            assert pooch.file_hash(str(path)) not in hashes, path


def test_every_file_fetches_into_the_cache_and_matches_its_hash(data_env: Path) -> None:  # noqa: F811
    for key, e in data.registry().items():
        path = data.fetch(key)
        assert path == data_env / e.path
        assert pooch.file_hash(str(path)) == e.sha256, key


def test_corrupted_file_in_mirror_is_refused(fresh: Fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    e = data.entry("troops")
    target = _place(fresh.mirror, e, fresh.original("troops"))
    with target.open("ab") as fh:
        fh.write(b"Japan,2025,740,JPN,East Asia,999999\n")
    monkeypatch.setenv(data.MIRROR_ENV, str(fresh.mirror))
    with pytest.raises(data.HashMismatchError) as err:
        data.fetch("troops")
    message = str(err.value)
    assert "'troops'" in message and e.path in message and "sha256" in message
    assert not (Path(data.cache_dir()) / e.path).exists()  # nothing unverified is kept


def test_file_absent_from_mirror_is_named(fresh: Fresh, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data.MIRROR_ENV, str(fresh.mirror))
    with pytest.raises(data.MissingFileError) as err:
        data.fetch("icews")
    message = str(err.value)
    assert "'icews'" in message and "missing from the mirror" in message
    assert str(fresh.mirror / data.entry("icews").path) in message


def test_mirror_folder_that_does_not_exist_is_named(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(data.MIRROR_ENV, str(fresh.mirror / "nowhere"))
    with pytest.raises(data.MissingFileError, match="PATHWAYS_DATA_MIRROR.*not a folder"):
        data.fetch("mids")


def test_no_mirror_and_no_network_says_how_to_fix_it(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(data.MIRROR_ENV, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # a port nothing listens on
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with pytest.raises(data.MissingFileError) as err:
        data.fetch("mids")
    message = str(err.value)
    assert "could not download" in message and "'mids'" in message
    assert "PATHWAYS_DATA_MIRROR" in message


def test_tampered_cache_copy_is_replaced_by_verified_bytes(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = data.fetch("mids")  # from the session's mirror, into the empty cache
    good.write_bytes(b"tampered")
    assert pooch.file_hash(str(data.fetch("mids"))) == data.entry("mids").sha256


def test_renamed_column_in_csv_is_named(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    frame = pd.read_csv(fresh.original("troops")).rename(columns={"troops_ad": "troops_active"})
    changed = tmp_path / "troops-renamed.csv"
    frame.to_csv(changed, index=False)
    fake = _swap(monkeypatch, fresh.mirror, "troops", changed)
    with pytest.raises(data.SchemaError) as err:
        series.us_troops()
    message = str(err.value)
    assert "troops_ad" in message and fake.path in message and "'troops'" in message


def test_renamed_column_in_rda_is_named(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    small = pd.DataFrame(
        {"i": ["Japan"], "j": ["Korea, Republic Of"], "year": [2002.0], "verbalCoop": [1.0]}
    )
    changed = tmp_path / "icews-renamed.rda"
    pyreadr.write_rdata(str(changed), small, df_name="icews")
    fake = _swap(monkeypatch, fresh.mirror, "icews", changed)
    with pytest.raises(data.SchemaError) as err:
        series.icews_events()
    message = str(err.value)
    assert "verbCoop" in message and fake.path in message


def test_missing_r_object_is_named(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    changed = tmp_path / "mids-renamed.rda"
    pyreadr.write_rdata(str(changed), pd.DataFrame({"x": [1.0]}), df_name="mids_v2")
    _swap(monkeypatch, fresh.mirror, "mids", changed)
    with pytest.raises(data.SchemaError, match="no R object 'gml_mid_ddydisps'.*mids_v2"):
        series.rok_japan_disputes()


def test_empty_selection_is_named(
    fresh: Fresh, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    frame = pd.read_csv(fresh.original("troops"))
    changed = tmp_path / "troops-without-east-asia.csv"
    frame[~frame["ccode"].isin([732, 740])].to_csv(changed, index=False)
    fake = _swap(monkeypatch, fresh.mirror, "troops", changed)
    with pytest.raises(data.EmptySeriesError) as err:
        series.us_troops()
    message = str(err.value)
    assert "no rows" in message and "Japan and ROK" in message and fake.path in message


def test_empty_file_is_named(fresh: Fresh, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    changed = tmp_path / "cabinets-header-only.csv"
    header = pd.read_csv(fresh.original("parlgov_cabinets"), nrows=0)
    header.to_csv(changed, index=False)
    _swap(monkeypatch, fresh.mirror, "parlgov_cabinets", changed)
    with pytest.raises(data.EmptySeriesError, match="parlgov_cabinets"):
        series.japan_pm_party()


def test_errors_are_value_errors() -> None:
    for cls in (
        data.HashMismatchError,
        data.MissingFileError,
        data.SchemaError,
        data.EmptySeriesError,
    ):
        assert issubclass(cls, data.DataError) and issubclass(cls, ValueError)


def test_parsed_rda_is_cached_by_hash(data_env: Path) -> None:  # noqa: F811
    frame = data.read_rda("mids", "gml_mid_ddydisps", ["year"])
    e = data.entry("mids")
    pickles = list((data_env / "parsed").glob(f"{e.sha256}-gml_mid_ddydisps-*.pkl"))
    assert len(pickles) == 1
    assert pd.read_pickle(pickles[0]).equals(frame)
