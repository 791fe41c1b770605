"""Tidy yearly series from the registry's public files, for checking the pathways against the record.

Why: the chapter compares what the model predicts with what happened, so each series is one
small function returning a pandas DataFrame with an integer ``year`` column and documented
columns and units, built only from hash-verified files (:mod:`pathways.data`). Anything
unexpected in a file raises :class:`pathways.data.DataError`; nothing is silently filled.
Each frame records the registry keys it came from in ``frame.attrs["sources"]``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import data
from .data import DataError, EmptySeriesError, SchemaError

USA, ROK, JAPAN = 2, 732, 740  # Correlates of War country codes
SUSPECT_TROOP_YEARS = (2008,)  # troops_ad nearly doubles for most hosts in 2008 alone
THREAT_REFERENCE = (1984, 2024)  # min-max period for the threat proxy
ENGAGEMENT_REFERENCE = (1965, 2024)  # the engagement proxy is troops / the peak of this period
#: The Cold War threat composite's states (Correlates of War codes): USSR/Russia, China, DPRK.
RIVALS = {"russia": 365, "china": 710, "north_korea": 731}
THREAT_SPAN = (1965, 2024)  # threat_since_1965: normalisation to the last full year
MIN_UN_VOTES = 20  # fewer common roll calls in a year give no agreement figure
TIMELINE_PATH = Path(str(resources.files(__package__).joinpath("timeline.csv")))
PATHWAY_IDS = ("1a", "1b", "2", "3", "4", "5", "6", "")
DIRECTIONS = ("cooperation", "friction")
BIB_KEYS = ("yoon", "cha1999", "lind2008", "glosserman2015", "dower1999", "snyder1984")

_CACHED: list[functools._lru_cache_wrapper[pd.DataFrame]] = []


def _cached(fn: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """Parse once per process; hand out copies so callers cannot alter the cached frame."""
    inner = functools.lru_cache(maxsize=1)(fn)
    _CACHED.append(inner)

    @functools.wraps(fn)
    def wrapper() -> pd.DataFrame:
        frame = inner()
        out = frame.copy()
        out.attrs = dict(frame.attrs)
        return out

    return wrapper


def cache_clear() -> None:
    """Forget parsed series (tests swap the registry; a long session may want fresh data)."""
    for fn in _CACHED:
        fn.cache_clear()


def _tag(frame: pd.DataFrame, *keys: str) -> pd.DataFrame:
    frame.attrs["sources"] = list(keys)
    return frame.reset_index(drop=True)


@_cached
def us_troops() -> pd.DataFrame:
    """US active-duty military personnel stationed in Japan and South Korea, 1950-2024.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``japan``, ``south_korea``, ``total`` (int, persons: troopdata's
    ``troops_ad``, active duty of all services; ``total`` = Japan + South Korea);
    ``suspect`` (bool, True in :data:`SUSPECT_TROOP_YEARS`: in 2008 the file nearly doubles
    the count for most host countries at once, a reporting artefact, kept but flagged).
    Source: troopdata (Allen, Flynn & Martinez Machain 2022), registry key ``troops``.
    """
    key = "troops"
    raw = data.read_csv(key, ["ccode", "year", "troops_ad"])
    rows = data.check_nonempty(raw[raw["ccode"].isin([JAPAN, ROK])], key, "Japan and ROK")
    wide = rows.pivot_table(index="year", columns="ccode", values="troops_ad", aggfunc="sum")
    wide = wide.reindex(columns=[JAPAN, ROK])
    if wide.isna().any().any():
        gaps = wide[wide.isna().any(axis=1)].index.tolist()
        raise DataError(f"data file {data.entry(key).name} lacks troop counts for {gaps}")
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "japan": wide[JAPAN].astype(int).to_numpy(),
            "south_korea": wide[ROK].astype(int).to_numpy(),
        }
    )
    out["total"] = out["japan"] + out["south_korea"]
    out["suspect"] = out["year"].isin(SUSPECT_TROOP_YEARS)
    return _tag(out, key)


@_cached
def nk_missile_tests() -> pd.DataFrame:
    """North Korean missile tests per calendar year, 1984 to the file's last year.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``tests`` (int, missiles launched that year as listed in the CNS
    database, each missile one test); ``successful`` (int, those recorded with outcome "success"; "unknown", common in
    recent years, is not counted).
    Years without a test inside the covered span are 0. The snapshot's last test date is in
    ``attrs["last_test"]``; the final year is partial (2026 up to that date).
    Source: CNS North Korea Missile Test Database via nagix/nk-missile-tests, key ``nk_missiles``.
    """
    key = "nk_missiles"
    doc = data.read_json(key)
    try:
        records = [rec for b in doc["timeBins"] for rec in b["data"]]
    except (KeyError, TypeError) as exc:
        raise SchemaError(
            f"data file {data.entry(key).name} lacks timeBins[].data[] ({exc!r})"
        ) from exc
    tests = data.check_nonempty(pd.DataFrame(records), key, "missile tests")
    data.check_columns(tests, key, ["date", "outcome"])
    dates = tests["date"].astype(str)
    bad = ~dates.str.fullmatch(r"\d{4}-\d{2}(-\d{2})?")  # early tests are dated to the month
    if bad.any():
        raise SchemaError(
            f"data file {data.entry(key).name} has unreadable dates {dates[bad].head(3).tolist()}"
        )
    tests = tests.assign(year=dates.str[:4].astype(int), ok=tests["outcome"].eq("success"))
    per_year = tests.groupby("year").agg(tests=("ok", "size"), successful=("ok", "sum"))
    years = range(int(per_year.index.min()), int(per_year.index.max()) + 1)
    out = per_year.reindex(years, fill_value=0).astype(int).rename_axis("year").reset_index()
    out = _tag(out, key)
    out.attrs["last_test"] = dates.max()
    return out


@_cached
def alliances() -> pd.DataFrame:
    """Alliance structure of the triangle by year, 1950-2018 (ATOP v5).

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``us_japan_defense``, ``us_rok_defense`` (bool, an ATOP defence
    obligation in either direction of the dyad: from 1951 and 1953 in this file);
    ``rok_japan_defense`` (bool, a ROK-Japan defence pact: never); ``rok_japan_any`` (bool,
    any ATOP obligation between ROK and Japan, including consultation or non-aggression; in
    this file only from 2004, through a multilateral non-aggression treaty both joined).
    Source: ATOP (Leeds et al. 2002) via peacesciencer, key ``atop``.
    """
    key = "atop"
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    raw = data.read_rda(key, "atop_alliance", ["ccode1", "ccode2", "year", *kinds])
    years = range(1950, int(raw["year"].max()) + 1)

    def dyad(a: int, b: int, cols: list[str]) -> pd.Series:
        pair = raw[raw["ccode1"].isin([a, b]) & raw["ccode2"].isin([a, b])]
        flag = pair[cols].fillna(0).gt(0).any(axis=1).groupby(pair["year"].astype(int)).any()
        return flag.reindex(years, fill_value=False).astype(bool)

    us_japan = dyad(USA, JAPAN, ["atop_defense"])
    us_rok = dyad(USA, ROK, ["atop_defense"])
    if not us_japan.any() or not us_rok.any():
        raise EmptySeriesError(
            f"data file {data.entry(key).name} gives no US-Japan or US-ROK defence pact"
        )
    out = pd.DataFrame(
        {
            "year": list(years),
            "us_japan_defense": us_japan.to_numpy(),
            "us_rok_defense": us_rok.to_numpy(),
            "rok_japan_defense": dyad(ROK, JAPAN, ["atop_defense"]).to_numpy(),
            "rok_japan_any": dyad(ROK, JAPAN, kinds).to_numpy(),
        }
    )
    return _tag(out, key)


@_cached
def rok_japan_disputes() -> pd.DataFrame:
    """ROK-Japan militarized interstate disputes by year, 1952-2010 (GML MID data).

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, from 1952, when Japan regained sovereignty); ``ongoing`` (bool, a
    dispute between the two was under way that year); ``onsets`` (int, disputes that began
    that year); ``hostility`` (int, highest hostility level reached, 0 = no dispute, else the
    MID scale 1-5: 1 no militarized action ... 5 war). Mostly fishing and Dokdo/Takeshima
    incidents (the Rhee line in the 1950s and early 1960s).
    Source: Gibler, Miller & Little (2016) via peacesciencer, key ``mids``.
    """
    key = "mids"
    cols = ["dispnum", "ccode1", "ccode2", "year", "gmlmidonset", "hostlev"]
    raw = data.read_rda(key, "gml_mid_ddydisps", cols)
    pair = raw[(raw["ccode1"] == ROK) & (raw["ccode2"] == JAPAN)]
    pair = data.check_nonempty(pair, key, "ROK-Japan disputes")
    by_year = pair.groupby(pair["year"].astype(int)).agg(
        onsets=("gmlmidonset", "sum"), hostility=("hostlev", "max")
    )
    years = range(1952, int(raw["year"].max()) + 1)
    by_year = by_year.reindex(years)
    out = pd.DataFrame(
        {
            "year": list(years),
            "ongoing": by_year["hostility"].notna().to_numpy(),
            "onsets": by_year["onsets"].fillna(0).astype(int).to_numpy(),
            "hostility": by_year["hostility"].fillna(0).astype(int).to_numpy(),
        }
    )
    return _tag(out, key)


@_cached
def icews_events() -> pd.DataFrame:
    """ROK-Japan cooperation and conflict event counts per year, 2002-2014 (ICEWS).

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``verbal_coop``, ``material_coop``, ``verbal_conflict``,
    ``material_conflict`` (int, coded news events, both directions summed: ROK→Japan plus
    Japan→ROK); ``coop_share`` (float 0-1, cooperative events / all four kinds).
    Source: ICEWS (Boschee et al.) via netify, key ``icews``.
    """
    key = "icews"
    kinds = {"verbCoop": "verbal_coop", "matlCoop": "material_coop"}
    kinds |= {"verbConf": "verbal_conflict", "matlConf": "material_conflict"}
    raw = data.read_rda(key, "icews", ["i", "j", "year", *kinds])
    names = {"Japan", "Korea, Republic Of"}
    pair = raw[raw["i"].isin(names) & raw["j"].isin(names) & (raw["i"] != raw["j"])]
    pair = data.check_nonempty(pair, key, "Japan-ROK dyads")
    out = pair.groupby(pair["year"].astype(int))[list(kinds)].sum().rename(columns=kinds)
    out = out.astype(int).rename_axis("year").reset_index()
    coop = out["verbal_coop"] + out["material_coop"]
    out["coop_share"] = coop / (coop + out["verbal_conflict"] + out["material_conflict"])
    return _tag(out, key)


@_cached
def un_voting_agreement() -> pd.DataFrame:
    """How often Japan and the ROK voted alike in the UN General Assembly, 1991-2019.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, of the roll call's date; the ROK joined the UN in 1991);
    ``votes`` (int, roll calls on which both cast yes, no or abstain); ``agreement``
    (float 0-1, share of those on which both cast the same vote). Years with fewer than
    :data:`MIN_UN_VOTES` common roll calls are left out (2020 has one).
    Source: Voeten et al. UNGA voting data via unvotes, keys ``un_votes``, ``un_roll_calls``.
    """
    votes = data.read_rda("un_votes", "un_votes", ["rcid", "country_code", "vote"])
    calls = data.read_rda("un_roll_calls", "un_roll_calls", ["rcid", "date"])
    jp = votes.loc[votes["country_code"] == "JP", ["rcid", "vote"]]
    kr = votes.loc[votes["country_code"] == "KR", ["rcid", "vote"]]
    both = jp.merge(kr, on="rcid", suffixes=("_jp", "_kr"))
    both = data.check_nonempty(both, "un_votes", "roll calls with both Japan and ROK votes")
    dates = pd.to_datetime(calls["date"].astype(str), errors="coerce")
    year_of = pd.Series(dates.dt.year.to_numpy(), index=calls["rcid"].astype(float))
    both["year"] = both["rcid"].astype(float).map(year_of)
    if both["year"].isna().any():
        raise SchemaError(
            f"data file {data.entry('un_roll_calls').name} lacks dates for "
            f"{int(both['year'].isna().sum())} roll calls Japan and the ROK voted on"
        )
    both["same"] = both["vote_jp"].astype(str) == both["vote_kr"].astype(str)
    out = both.groupby(both["year"].astype(int)).agg(
        votes=("same", "size"), agreement=("same", "mean")
    )
    out = out[out["votes"] >= MIN_UN_VOTES].rename_axis("year").reset_index()
    return _tag(data.check_nonempty(out, "un_votes", "years"), "un_votes", "un_roll_calls")


@_cached
def japan_pm_party() -> pd.DataFrame:
    """The Japanese prime minister's party by year, 1946-2017 (ParlGov cabinets).

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``pm_party`` (str, ParlGov short name of the party whose prime
    minister held office longest that year, e.g. "LDP", "JSP", "DPJ"); ``ldp_share`` (float
    0-1, share of the year's days under an LDP prime minister); ``ldp_rule`` (bool,
    ``ldp_share >= 0.5``). A cabinet runs until the next one starts; the last (Abe V,
    November 2017) is counted to the end of 2017; 1946 counts from Yoshida I (22 May).
    Source: ParlGov (Döring & Manow), key ``parlgov_cabinets``.
    """
    key = "parlgov_cabinets"
    cols = ["country_name", "start_date", "prime_minister", "party_name_short", "cabinet_id"]
    raw = data.read_csv(key, cols)
    pms = raw[(raw["country_name"] == "Japan") & (raw["prime_minister"] == 1)]
    pms = data.check_nonempty(pms, key, "Japanese prime ministers")
    pms = pms.drop_duplicates("cabinet_id").copy()
    pms["start"] = pd.to_datetime(pms["start_date"], format="%d/%m/%Y", errors="coerce")
    if pms["start"].isna().any():
        raise SchemaError(f"data file {data.entry(key).name} has unreadable cabinet start dates")
    pms = pms.sort_values("start")
    last_year = int(pms["start"].dt.year.max())
    ends = pms["start"].shift(-1).fillna(pd.Timestamp(f"{last_year + 1}-01-01"))
    spans = list(zip(pms["start"], ends, pms["party_name_short"].astype(str), strict=True))
    rows = []
    for year in range(int(pms["start"].dt.year.min()), last_year + 1):
        lo, hi = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year + 1}-01-01")
        days: dict[str, int] = {}
        for start, end, party in spans:
            overlap = (min(end, hi) - max(start, lo)).days
            if overlap > 0:
                days[party] = days.get(party, 0) + overlap
        share = days.get("LDP", 0) / sum(days.values())
        rows.append((year, max(days, key=lambda p: days[p]), share))
    out = pd.DataFrame(rows, columns=["year", "pm_party", "ldp_share"])
    out["ldp_rule"] = out["ldp_share"] >= 0.5
    return _tag(out, key)


@_cached
def military_expenditure() -> pd.DataFrame:
    """Military expenditure of the United States, Japan and South Korea by year, from 1950.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``usa``, ``japan``, ``south_korea`` (float, thousands of
    current US dollars, COW NMC ``milex``; NaN where COW has no figure, e.g. Japan before
    1952). Source: COW National Material Capabilities via peacesciencer, key ``cow_nmc``.
    """
    key = "cow_nmc"
    raw = data.read_rda(key, "cow_nmc", ["ccode", "year", "milex"])
    rows = raw[raw["ccode"].isin([USA, JAPAN, ROK]) & (raw["year"] >= 1950)]
    rows = data.check_nonempty(rows, key, "US, Japan and ROK since 1950")
    wide = rows.pivot_table(index="year", columns="ccode", values="milex", aggfunc="first")
    wide = wide.reindex(columns=[USA, JAPAN, ROK])
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "usa": wide[USA].to_numpy(dtype=float),
            "japan": wide[JAPAN].to_numpy(dtype=float),
            "south_korea": wide[ROK].to_numpy(dtype=float),
        }
    )
    return _tag(out, key)


def timeline() -> pd.DataFrame:
    """Events the paper and its literature turn on, from data/timeline.csv, validated.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``date`` (str, ISO YYYY-MM-DD, or "" when not certain);
    ``label`` (str, short); ``pathway`` (str, one of :data:`PATHWAY_IDS`: "1a" balancing,
    "1b" seikei-bunri conflict of interests, "2" free-riding, "3" US mediation/pressure,
    "4" symmetric abandonment fears, "5" collapse of double containment, "6" reverse course,
    conservative rule and the history gap; "" none); ``direction`` ("cooperation" or
    "friction"); ``citation`` (a key of references.bib, an http(s) URL or a named primary
    document); ``reading`` ("paper" where the paper itself names the episode or policy, such as
    the occupation's "reversal" or the security treaties; "essay" where placing the event on a
    pathway is the essay's reading, which is every other row, since the paper names no dated
    episode).
    """
    name = str(TIMELINE_PATH)
    if not TIMELINE_PATH.is_file():
        raise DataError(f"timeline file {name} is missing")
    frame = pd.read_csv(TIMELINE_PATH, dtype=str, keep_default_na=False)
    cols = ["year", "date", "label", "pathway", "direction", "citation", "reading"]
    readings = ("essay", "paper")
    if list(frame.columns) != cols:
        raise SchemaError(f"timeline file {name} has columns {list(frame.columns)}, not {cols}")
    if frame.empty:
        raise EmptySeriesError(f"timeline file {name} has no events")
    problems: list[str] = []
    for i, row in frame.iterrows():
        where = f"row {int(i) + 2} ({row['label'] or 'no label'})"
        if not row["year"].isdigit() or not 1900 <= int(row["year"]) <= 2100:
            problems.append(f"{where}: bad year {row['year']!r}")
        if row["date"]:
            date = pd.to_datetime(row["date"], format="%Y-%m-%d", errors="coerce")
            if pd.isna(date) or str(date.year) != row["year"]:
                problems.append(f"{where}: date {row['date']!r} is not ISO or not in its year")
        if not row["label"].strip():
            problems.append(f"{where}: empty label")
        if row["pathway"] not in PATHWAY_IDS:
            problems.append(f"{where}: pathway {row['pathway']!r} not in {PATHWAY_IDS}")
        if row["direction"] not in DIRECTIONS:
            problems.append(f"{where}: direction {row['direction']!r} not in {DIRECTIONS}")
        if not row["citation"].strip():
            problems.append(f"{where}: no citation")
        if row["reading"] not in readings:
            problems.append(f"{where}: reading {row['reading']!r} not in {readings}")
    if problems:
        raise DataError(f"timeline file {name}: " + "; ".join(problems))
    frame["year"] = frame["year"].astype(int)
    return frame.sort_values(["year", "date"], kind="stable").reset_index(drop=True)


class Peak(NamedTuple):
    """The largest value of a series over a reference period, and the (first) year of it."""

    year: int
    value: float


def _peak(values: pd.Series, years: pd.Series, ref: tuple[int, int]) -> Peak:
    """The reference peak a proxy is scaled by (one rule for every proxy and the prose)."""
    in_ref = values[years.between(*ref)]
    if in_ref.empty or not float(in_ref.max()) > 0:
        raise EmptySeriesError(f"no positive value in {ref[0]}-{ref[1]} to scale by")
    top = in_ref.idxmax()
    return Peak(int(years[top]), float(in_ref[top]))


def _scale(values: pd.Series, years: pd.Series, ref: tuple[int, int], peak: Peak) -> pd.Series:
    """Min-max scale to [0, 1]: the reference years' minimum -> 0, `peak` -> 1, clipped."""
    lo = float(values[years.between(*ref)].min())
    return ((values - lo) / (peak.value - lo)).clip(0.0, 1.0)


def _ratio_to_peak(values: pd.Series, peak: Peak) -> pd.Series:
    """Share of the reference peak, clipping values above it to 1.

    Why: the model's variables read 0 as absent, so a count proxy must keep zero at zero;
    min-max scaling would turn the period's lowest (still large) count into "none".
    """
    return (values / peak.value).clip(0.0, 1.0)


def troop_totals() -> pd.DataFrame:
    """US troops in Japan and South Korea together, per year, as the engagement proxy counts them.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int); ``total`` (float, persons: :func:`us_troops` ``total``, except
    that each year of :data:`SUSPECT_TROOP_YEARS` is replaced by the mean of the years
    either side when both exist, since its count is a reporting artefact).
    """
    troops = us_troops().set_index("year")["total"].astype(float)
    for y in SUSPECT_TROOP_YEARS:
        if y - 1 in troops.index and y + 1 in troops.index:
            troops[y] = (troops[y - 1] + troops[y + 1]) / 2
    out = pd.DataFrame({"year": troops.index, "total": troops.to_numpy()})
    out.attrs["sources"] = ["troops"]
    return out


def troop_reference_peak() -> Peak:
    """The troop count the engagement proxy divides by: the peak of :func:`troop_totals`
    over :data:`ENGAGEMENT_REFERENCE` (1969, 151,333 in the pinned file).

    Defined for: chapter 'Checking the pathways against the record'.
    """
    t = troop_totals()
    return _peak(t["total"], t["year"], ENGAGEMENT_REFERENCE)


def threat_reference_peak() -> Peak:
    """The missile-test count the threat proxy maps to 1: the most tests in a year of
    :data:`THREAT_REFERENCE` (2022, 69 in the pinned file).

    Defined for: chapter 'Checking the pathways against the record'.
    """
    tests = nk_missile_tests()
    return _peak(tests["tests"], tests["year"], THREAT_REFERENCE)


def check_span(start: int, end: int, span: tuple[int, int], what: str) -> tuple[int, int]:
    """`start` and `end` as integer years inside `span`, start <= end; the error names `what`
    and the allowed span (nothing is clipped to it).

    Defined for: chapter 'Checking the pathways against the record'.
    """
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"{what}: {name} must be an integer year, got {value!r}")
    lo, hi = int(start), int(end)
    if lo > hi:
        raise ValueError(f"{what}: start {lo} is after end {hi}")
    if lo < span[0] or hi > span[1]:
        raise ValueError(f"{what}: years {lo}-{hi} lie outside {span[0]}-{span[1]}")
    return lo, hi


def _years(start: int, end: int) -> pd.DataFrame:
    if start > end:
        raise DataError(f"empty year range: start {start} is after end {end}")
    return pd.DataFrame({"year": range(start, end + 1)})


def proxies(start: int, end: int) -> pd.DataFrame:
    """Observed stand-ins for the model's inputs, per year, on the model's 0-1 scale.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, ``start``..``end``); ``threat`` (North Korean missile tests per
    year, min-max scaled over :data:`THREAT_REFERENCE` 1984-2024, where 0 tests -> 0 and the
    2022 peak of 69 -> 1, i.e. tests / 69 since the period's minimum is 0; NaN before 1984
    and after the file's last year, since the CNS database starts with the first test in
    1984); ``engagement`` (US active-duty troops in Japan + ROK as a share of their peak over
    :data:`ENGAGEMENT_REFERENCE` 1965-2024, the span since normalisation: troops / 151,333,
    the 1969 level, so no troops -> 0 and the 2007 low of 62,817 -> about 0.42; the flagged
    2008 count is replaced by the mean of 2007 and 2009; pre-1965 Korean-War-era levels are
    clipped to 1; NaN outside 1950-2024). Names match the model's variables, and 0 means
    absent, as in the model (no tests, no troops); 2026 is a partial year.
    """
    out = _years(start, end)
    tests = nk_missile_tests()
    tests["threat"] = _scale(
        tests["tests"], tests["year"], THREAT_REFERENCE, threat_reference_peak()
    )
    eng = troop_totals()
    eng["engagement"] = _ratio_to_peak(eng["total"], troop_reference_peak())
    out = out.merge(tests[["year", "threat"]], on="year", how="left")
    out = out.merge(eng[["year", "engagement"]], on="year", how="left")
    if out[["threat", "engagement"]].isna().all().all():
        raise EmptySeriesError(f"no proxy data for {start}-{end} (threat 1984-, troops 1950-)")
    out.attrs["sources"] = ["nk_missiles", "troops"]
    return out


def observed_relations(start: int, end: int) -> pd.DataFrame:
    """Observed indicators of the state of Korea-Japan relations, per year.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, ``start``..``end``); ``un_agreement`` (float 0-1, share of UN
    General Assembly roll calls on which they voted alike, 1991-2019); ``icews_coop_share``
    (float 0-1, cooperative share of their ICEWS events, 2002-2014); ``mid`` (float, 1.0 in
    a year with a ROK-Japan militarized dispute under way, 0.0 without, 1952-2010). NaN
    where a source does not cover the year: higher agreement and cooperation and a 0 ``mid``
    mean better relations.
    """
    out = _years(start, end)
    un = un_voting_agreement()[["year", "agreement"]].rename(columns={"agreement": "un_agreement"})
    ic = icews_events()[["year", "coop_share"]].rename(columns={"coop_share": "icews_coop_share"})
    mid = rok_japan_disputes()[["year", "ongoing"]]
    mid = mid.assign(mid=mid["ongoing"].astype(float))[["year", "mid"]]
    for part in (un, ic, mid):
        out = out.merge(part, on="year", how="left")
    if out.drop(columns="year").isna().all().all():
        raise EmptySeriesError(f"no observed indicators for {start}-{end}")
    out.attrs["sources"] = ["un_votes", "un_roll_calls", "icews", "mids"]
    return out


@_cached
def rival_capabilities() -> pd.DataFrame:
    """Material capabilities of the Soviet Union/Russia, China and North Korea, from 1965.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, 1965 to the file's last year, 2022 in the pinned file); ``russia``
    (the Soviet Union to 1991), ``china``, ``north_korea`` (float 0-1, the COW CINC score: the
    state's share of the world's military spending, military personnel, iron and steel, energy
    use, population and urban population, averaged); ``composite`` (float, their sum: the
    three rivals' combined share of world capabilities). A share needs no currency or price
    conversion, unlike ``milex`` in current dollars, which in this file drops by about three
    quarters for China in 1985 and by about three fifths for the Soviet Union in 1989.
    Source: COW National Material Capabilities via peacesciencer, key ``cow_nmc``.
    """
    key = "cow_nmc"
    raw = data.read_rda(key, "cow_nmc", ["ccode", "year", "cinc"])
    rows = raw[raw["ccode"].isin(list(RIVALS.values())) & (raw["year"] >= THREAT_SPAN[0])]
    rows = data.check_nonempty(rows, key, "the Soviet Union/Russia, China and North Korea")
    wide = rows.pivot_table(index="year", columns="ccode", values="cinc", aggfunc="first")
    wide = wide.reindex(index=range(THREAT_SPAN[0], int(rows["year"].max()) + 1))
    wide = wide.reindex(columns=list(RIVALS.values()))
    if wide.isna().any().any():
        gaps = wide[wide.isna().any(axis=1)].index.tolist()
        raise DataError(f"data file {data.entry(key).name} lacks CINC scores for {gaps}")
    out = pd.DataFrame({"year": wide.index.astype(int)})
    for name, code in RIVALS.items():
        out[name] = wide[code].to_numpy(dtype=float)
    out["composite"] = out[list(RIVALS)].sum(axis=1)
    return _tag(out, key)


class ThreatJoin(NamedTuple):
    """How the Cold War composite is put on the missile-test proxy's scale."""

    switch_year: int  # the first year of the missile-test segment
    overlap: tuple[int, int]  # first and last year both series cover: the rescaling's base
    correlation: float  # Pearson r of composite and proxy over the overlap
    composite_mean: float
    composite_sd: float
    proxy_mean: float
    proxy_sd: float

    def rescale(self, composite: pd.Series) -> pd.Series:
        """The composite with the proxy's overlap mean and standard deviation."""
        ratio = self.proxy_sd / self.composite_sd
        return self.proxy_mean + (composite - self.composite_mean) * ratio


def threat_join() -> ThreatJoin:
    """The join of :func:`rival_capabilities` ``composite`` to the threat proxy of :func:`proxies`.

    Defined for: chapter 'Checking the pathways against the record'.

    Why: the two measure different things (three rivals' share of world capabilities; North
    Korean missile tests), so the composite is only put on the proxy's 0-1 scale: over every
    year both cover (1984-2022 with the pinned files) its mean and standard deviation are set
    to the proxy's. The correlation over that overlap (about 0.38; about 0.06 over the Cold
    War years 1984-1991 alone, when the composite hardly moves) says how far the two move
    together, and is reported rather than hidden.
    """
    comp = rival_capabilities().set_index("year")["composite"]
    proxy = proxies(*THREAT_SPAN).set_index("year")["threat"]
    both = pd.concat({"composite": comp, "proxy": proxy}, axis=1).dropna()
    if len(both) < 3 or not float(both["composite"].std()) > 0:
        raise EmptySeriesError(
            f"composite and threat proxy share {len(both)} years without variation; "
            "need at least 3 to rescale"
        )
    years = both.index.astype(int)
    return ThreatJoin(
        switch_year=int(proxy.dropna().index.min()),
        overlap=(int(years.min()), int(years.max())),
        correlation=float(both["composite"].corr(both["proxy"])),
        composite_mean=float(both["composite"].mean()),
        composite_sd=float(both["composite"].std()),
        proxy_mean=float(both["proxy"].mean()),
        proxy_sd=float(both["proxy"].std()),
    )


def threat_since_1965() -> pd.DataFrame:
    """The threat proxy from 1965 to 2024: the Cold War composite joined to missile tests.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, 1965-2024); ``value`` (float, the model's 0-1 threat scale);
    ``segment`` (str, the registry key the value comes from: ``"cow_nmc"`` before
    :func:`threat_join` ``switch_year`` (1984), ``"nk_missiles"`` from it). From 1984 the
    values are exactly :func:`proxies` ``threat``; before, they are :func:`rival_capabilities`
    ``composite`` rescaled by :func:`threat_join`, whose numbers are in ``attrs["join"]``.
    A rescaled value outside 0-1 raises :class:`DataError` rather than being clipped.
    """
    join = threat_join()
    years = pd.Series(range(THREAT_SPAN[0], THREAT_SPAN[1] + 1))
    cold = years[years < join.switch_year]
    comp = rival_capabilities().set_index("year")["composite"].reindex(cold)
    proxy = proxies(*THREAT_SPAN).set_index("year")["threat"]
    late = proxy.reindex(years[years >= join.switch_year])
    for part, name in ((comp, "cow_nmc"), (late, "nk_missiles")):
        if part.isna().any():
            gaps = part[part.isna()].index.tolist()
            raise DataError(f"data file {data.entry(name).name} gives no value for {gaps}")
    early = join.rescale(comp)
    if not early.between(0.0, 1.0).all():
        bad = early[~early.between(0.0, 1.0)].round(3).to_dict()
        raise DataError(f"rescaled Cold War threat leaves the 0-1 scale: {bad}")
    out = pd.DataFrame(
        {
            "year": years.to_numpy(),
            "value": [*early.to_numpy(), *late.to_numpy()],
            "segment": ["cow_nmc"] * len(early) + ["nk_missiles"] * len(late),
        }
    )
    out.attrs["sources"] = ["cow_nmc", "nk_missiles"]
    out.attrs["join"] = join._asdict()
    return out


def threat_overlap() -> pd.DataFrame:
    """The years both threat series cover, side by side on the 0-1 scale: the join, shown.

    Defined for: chapter 'Checking the pathways against the record'.

    Columns: ``year`` (int, :func:`threat_join` ``overlap``); ``composite`` (float,
    :func:`rival_capabilities` ``composite`` rescaled by :func:`threat_join`); ``proxy``
    (float, :func:`proxies` ``threat``). Their Pearson correlation is the join's
    ``correlation``; in 1984, the switch year, the rescaled composite reads about 0.33 and the
    missile proxy 0.09 (pinned files), the step a reader sees where the segments meet.
    """
    join = threat_join()
    lo, hi = join.overlap
    comp = rival_capabilities().set_index("year")["composite"].loc[lo:hi]
    proxy = proxies(lo, hi).set_index("year")["threat"]
    out = pd.DataFrame({"year": comp.index.astype(int), "composite": join.rescale(comp).to_numpy()})
    out["proxy"] = proxy.reindex(out["year"]).to_numpy()
    out.attrs["sources"] = ["cow_nmc", "nk_missiles"]
    return out
