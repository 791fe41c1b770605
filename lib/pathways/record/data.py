"""Public data files, fetched by pinned URL and verified by sha256 before anything reads them.

Why: the essay's evidence chapter must chart exactly the bytes its citations name, so every
file is listed once in ``data/registry.csv`` (key, OWNER/REPO/COMMIT/PATH, sha256, licence,
citation) and nothing is read that does not match its hash. Files are never committed.

Where the bytes come from (first use only; afterwards the verified copy in the cache is used):

* by default, ``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`` via pooch;
* if the environment variable ``PATHWAYS_DATA_MIRROR`` is set, from the local folder it
  names, laid out as ``$PATHWAYS_DATA_MIRROR/OWNER/REPO/COMMIT/PATH`` (like
  ``../shared/data/mirror``); no network is used. CI and offline builds set it.

The cache folder is ``$PATHWAYS_DATA_CACHE`` if set, else ``pooch.os_cache("pathways")``.
Any problem (hash mismatch, file missing from the mirror, no network, a renamed column, an
empty selection) raises :class:`DataError` (a ``ValueError``) naming the file and the fault.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import os
import pickle
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pooch

#: The one list of pinned files, shipped as package data beside this module.
REGISTRY_PATH = Path(str(resources.files(__package__).joinpath("registry.csv")))
RAW_BASE = "https://raw.githubusercontent.com/"
MIRROR_ENV = "PATHWAYS_DATA_MIRROR"
CACHE_ENV = "PATHWAYS_DATA_CACHE"
REGISTRY_COLUMNS = ("key", "path", "sha256", "description", "licence", "citation")


class DataError(ValueError):
    """A data file cannot be trusted or used; the message names the file and the fault."""


class HashMismatchError(DataError):
    """The bytes of a file differ from the sha256 pinned in the registry."""


class MissingFileError(DataError):
    """The file (or the mirror folder) is absent, or could not be downloaded."""


class SchemaError(DataError):
    """A file lacks a column or object the series needs (e.g. it was renamed upstream)."""


class EmptySeriesError(DataError):
    """A selection from a file came out empty, so there is nothing honest to chart."""


@dataclass(frozen=True)
class Entry:
    """One row of the registry: a public file pinned to a commit and a hash."""

    key: str
    path: str  # OWNER/REPO/COMMIT/PATH
    sha256: str
    description: str
    licence: str
    citation: str

    @property
    def url(self) -> str:
        return RAW_BASE + self.path

    @property
    def name(self) -> str:
        """How error messages name the file: registry key and pinned path."""
        return f"{self.key!r} ({self.path})"


@functools.lru_cache(maxsize=1)
def registry() -> dict[str, Entry]:
    """Read registry.csv (package data), the one list of files, URLs and hashes."""
    if not REGISTRY_PATH.is_file():
        raise MissingFileError(
            f"data registry not found at {REGISTRY_PATH}; it ships with the pathways "
            "package (pathways/record/registry.csv): reinstall the package"
        )
    with REGISTRY_PATH.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = set(REGISTRY_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise SchemaError(f"{REGISTRY_PATH} lacks columns {sorted(missing)}")
        entries = [Entry(**{c: row[c].strip() for c in REGISTRY_COLUMNS}) for row in reader]
    for e in entries:
        if len(e.sha256) != 64 or len(e.path.split("/")) < 4:
            raise SchemaError(f"{REGISTRY_PATH}: bad path or sha256 for {e.key!r}")
    return {e.key: e for e in entries}


def entry(key: str) -> Entry:
    try:
        return registry()[key]
    except KeyError:
        raise DataError(f"no data file {key!r} in {REGISTRY_PATH}") from None


def cache_dir() -> Path:
    """Where verified copies (and parsed pickles) live."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(pooch.os_cache("pathways"))


def mirror_dir() -> Path | None:
    env = os.environ.get(MIRROR_ENV)
    return Path(env) if env else None


def _mirror_downloader(e: Entry, mirror: Path) -> Callable[..., None]:
    """A pooch downloader that copies from the local mirror instead of the network."""

    def download(url: str, output_file: Any, pooch_obj: Any, check_only: bool = False) -> None:
        source = mirror / e.path
        if not source.is_file():
            raise MissingFileError(
                f"data file {e.name} is missing from the mirror: {source} does not exist "
                f"({MIRROR_ENV}={mirror})"
            )
        if hasattr(output_file, "write"):
            with source.open("rb") as src:
                shutil.copyfileobj(src, output_file)
        else:
            shutil.copyfile(source, output_file)

    return download


@contextmanager
def _quiet_pooch() -> Iterator[None]:
    """Keep pooch's per-file log lines out of rendered notebook output."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def fetch(key: str) -> Path:
    """Path of the verified local copy of a registry file, fetching it on first use."""
    import requests  # pooch's own dependency; only its exception types are used here

    e = entry(key)
    mirror = mirror_dir()
    if mirror is not None and not mirror.is_dir():
        raise MissingFileError(
            f"cannot fetch data file {e.name}: {MIRROR_ENV} is set to {mirror}, "
            "which is not a folder"
        )
    downloader = _mirror_downloader(e, mirror) if mirror else pooch.HTTPDownloader(timeout=60)
    owner_repo_commit, _, filename = e.path.rpartition("/")
    target = cache_dir() / owner_repo_commit
    try:
        with _quiet_pooch():
            local = pooch.retrieve(
                e.url,
                known_hash=f"sha256:{e.sha256}",
                fname=filename,
                path=target,
                downloader=downloader,
            )
    except DataError:
        raise
    except ValueError as exc:
        where = mirror / e.path if mirror else e.url
        if "hash" not in str(exc):
            raise DataError(f"cannot fetch data file {e.name} from {where}: {exc}") from exc
        raise HashMismatchError(
            f"data file {e.name} from {where} does not match its pinned sha256 "
            f"{e.sha256}; refusing to use it ({exc})"
        ) from exc
    except (requests.exceptions.RequestException, OSError) as exc:
        if mirror:
            raise MissingFileError(
                f"could not copy data file {e.name} from {mirror / e.path} into {target}: {exc}"
            ) from exc
        raise MissingFileError(
            f"could not download data file {e.name} from {e.url}: {exc}. Without internet, "
            f"set {MIRROR_ENV} to a local mirror folder laid out as OWNER/REPO/COMMIT/PATH "
            "(e.g. ../shared/data/mirror)"
        ) from exc
    return Path(local)


def check_columns(frame: pd.DataFrame, key: str, columns: Iterable[str]) -> pd.DataFrame:
    """Fail loudly, naming the file, if any needed column is absent (renamed upstream)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SchemaError(
            f"data file {entry(key).name} lacks column(s) {missing}; found {list(frame.columns)}"
        )
    return frame


def check_nonempty(frame: pd.DataFrame, key: str, what: str) -> pd.DataFrame:
    """Fail loudly, naming the file, if a selection has no rows."""
    if frame.empty:
        raise EmptySeriesError(f"data file {entry(key).name} gives no rows for {what}")
    return frame


def read_csv(key: str, columns: Iterable[str]) -> pd.DataFrame:
    """A registry CSV file, with its needed columns checked."""
    frame = pd.read_csv(fetch(key))
    return check_nonempty(check_columns(frame, key, columns), key, "the whole file")


def read_json(key: str) -> Any:
    path = fetch(key)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(f"data file {entry(key).name} is not valid JSON: {exc}") from exc


def read_rda(key: str, obj: str, columns: Iterable[str]) -> pd.DataFrame:
    """One data frame from a registry .rda file, with its needed columns checked.

    Parsing the larger files takes seconds, so the parsed frame is pickled in the cache
    folder under the file's sha256; a changed file has a new hash and is parsed afresh.
    """
    import pyreadr

    path = fetch(key)
    e = entry(key)
    parsed = cache_dir() / "parsed" / f"{e.sha256}-{obj}-pandas{pd.__version__}.pkl"
    frame: pd.DataFrame | None = None
    if parsed.is_file():
        try:
            frame = pd.read_pickle(parsed)
        except Exception:  # a stale or truncated pickle: parse again
            frame = None
    if frame is None:
        try:
            objects = pyreadr.read_r(str(path))
        except Exception as exc:
            raise SchemaError(f"data file {e.name} cannot be read as R data: {exc}") from exc
        if obj not in objects:
            raise SchemaError(f"data file {e.name} has no R object {obj!r}; found {list(objects)}")
        frame = objects[obj]
        parsed.parent.mkdir(parents=True, exist_ok=True)
        tmp = parsed.with_suffix(f".tmp{os.getpid()}")
        frame.to_pickle(tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, parsed)
    return check_nonempty(check_columns(frame, key, columns), key, f"object {obj!r}")
