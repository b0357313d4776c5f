"""The actor registry: who can be actor1/actor2 of an ACLED event, and how news names them.

The knowledge lives in YAML, reviewed like code:

- ``data/actors/*.yaml``: one file per theme (Syrian state, opposition, Kurdish,
  jihadist, foreign, neighbours, generic). Each file is a mapping with the keys
  ``actors`` (the entries), and optionally ``families``, ``ambiguous`` and ``hedges_ar``
  (a bare list is read as ``actors`` only).
- ``data/countries.yaml``: the country table and the ``templates`` from which the
  state and generic actors of every country are generated at load time.

One actor entry (unknown keys are rejected)::

    - id: isis-syria                 # stable, kebab-case, unique
      name: Islamic State (Syria)    # the ACLED actor name, exactly
      other_names: [ISIS]            # other ACLED-style spellings (resolved by by_name)
      theatres: [IRQ]                # countries it operates in besides its own (ISO3):
                                     #   an ambiguous alias (التحالف) is resolved by
                                     #   the article's country
      inter: 2                       # ACLED inter code 1-8 (see INTER_LABELS)
      country: SYR                   # ISO3, must be in countries.yaml; null = none
      kind: rebel                    # see KINDS
      affiliation: null              # id of the actor it belongs to or fights for
      family: islamic-state          # a declared family (see below)
      active: [2013, null]           # years; null = open
      aliases_ar: [داعش]             # strong aliases: confidence 1.0
      weak_aliases_ar: [...]         # short/generic aliases: confidence WEAK_CONFIDENCE
      context_aliases_ar: [التنظيم]  # valid only in a document that also names the
                                     #   actor by a strong or weak alias (context_only)
      aliases_en: [ISIS, Daesh]      # English aliases (Latin is lower-cased by fold)
      adjectives_ar: [داعشي, داعشية]  # adjectives that name it after an event word
                                     #   ("الهجمات الداعشية"), written without ال
      hedged: false                  # the entry is itself an attribution under doubt:
                                     #   every alias gets HEDGED_CONFIDENCE x its tier
      note: "..."                    # free text
      source: "..."                  # where a non-obvious fact comes from

Aliases are written as the news writes them, *without* proclitics (و ف ب ل ك, and
the لل contraction): the matcher strips those. Each alias becomes one
:class:`AliasEntry` keyed by :func:`marsad.normalize.fold`.

Confidence tiers
    ``aliases_ar``/``aliases_en`` → :data:`STRONG_CONFIDENCE`; ``weak_aliases_ar`` →
    :data:`WEAK_CONFIDENCE` (bare generic words such as النظام, المسلحين, أطفال); and
    ``context_aliases_ar`` → :data:`CONTEXT_CONFIDENCE` with ``context_only=True``: the
    matcher must drop such a mention unless the same document names the same actor
    by a non-context alias.

Families
    A family groups actors that are "the same group" in different countries or under
    successive names: ``islamic-state`` (Islamic State (Syria), (Iraq)...), and the
    generated families ``military-forces``, ``police-forces``, ``government``,
    ``civilians``, ``protesters``, ``rioters``, ``unidentified-armed-group``. Aliases
    shared by a family (داعش, مدنيين, المتظاهرين, القوات الحكومية) are written on ONE
    member, the Syrian one (the project's focus); once the geocoder knows the event's
    country it calls :meth:`ActorRegistry.for_country` to switch to the member of that
    country (Civilians (Syria) → Civilians (Iraq)).

Ambiguous aliases
    The same folded alias on two actors is an error unless the top-level
    ``ambiguous`` section lists it with exactly the actors that carry it. Each actor
    then gets its own AliasEntry with ``ambiguous=True``; the matcher keeps all of
    them as the mention's candidates and lets context (country, co-mentions) decide.

Hedges
    The top-level ``hedges_ar`` list (folded by :meth:`ActorRegistry.hedges`) holds
    phrases such as "يعتقد أنها", "يرجح أنها", "لا يعرف ما إذا كانت". How the matcher
    uses them: when a hedge phrase follows an actor-bearing noun (طائرات حربية...) and
    is itself followed by one or more nationality adjectives ("سورية أو روسية"), look
    each adjective up with :meth:`ActorRegistry.named_by_adjective` and emit the
    state forces of that country (or the actor whose own ``adjectives_ar`` it is:
    "حوثية") with confidence multiplied by :data:`HEDGED_CONFIDENCE`; several
    adjectives give several candidates. An alias matched directly after a hedge
    phrase is likewise multiplied. The same adjectives right after an event noun
    ("القصف التركي", "صواريخ حوثية") name the event's actor.

Generated actors
    For every country and every template in countries.yaml (Military Forces of X,
    Police Forces of X, Government of X, Civilians (X), Protesters (X), Rioters (X),
    Unidentified Armed Group (X)) an actor is generated with aliases built from the
    country's adjectives ("القوات {al_f}" → القوات التركية). When a YAML entry has the
    same name (compared without a trailing ACLED date range such as "(2000-)"), the
    YAML entry wins and the generated aliases are merged into it.

inter and the event's country
    ACLED codes state forces acting outside their own country as External/Other
    forces (8): use :func:`inter_for` rather than ``actor.inter`` when coding an event.
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Literal, Mapping, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from marsad.errors import LexiconError
from marsad.normalize import fold
from marsad.recognize.lexicon import safe_yaml

__all__ = [
    "Actor",
    "AliasEntry",
    "Country",
    "ActorRegistry",
    "load_registry",
    "load_countries",
    "interaction_code",
    "inter_for",
    "is_state",
    "is_civilian",
    "is_rebel",
    "name_key",
    "INTER_LABELS",
    "KINDS",
    "STRONG_CONFIDENCE",
    "WEAK_CONFIDENCE",
    "CONTEXT_CONFIDENCE",
    "HEDGED_CONFIDENCE",
    "DATA_DIR",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ACTORS_DIR = DATA_DIR / "actors"
COUNTRIES_FILE = DATA_DIR / "countries.yaml"

STRONG_CONFIDENCE = 1.0
WEAK_CONFIDENCE = 0.6
CONTEXT_CONFIDENCE = 0.8
#: multiplier for an attribution under a hedge ("يعتقد أنها روسية") or a hedged entry
HEDGED_CONFIDENCE = 0.5

INTER_LABELS: Mapping[int, str] = MappingProxyType({
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
})

Kind = Literal[
    "state",
    "government",
    "rebel",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "external",
    "unidentified",
    "coalition",
]
KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]

_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_DATE_RANGE_RE = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z\u0600-\u06ff]+")


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor as ACLED names it, with the words the news uses for it."""

    id: str
    name: str
    inter: int
    country: str | None
    kind: str
    affiliation: str | None = None
    family: str | None = None
    active: tuple[int | None, int | None] = (None, None)
    aliases_ar: tuple[str, ...] = ()
    weak_aliases_ar: tuple[str, ...] = ()
    context_aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()
    theatres: tuple[str, ...] = ()  # countries it fights in (ISO3), besides its own
    adjectives_ar: tuple[str, ...] = ()  # "حوثي" of "القصف الحوثي" (without ال)
    hedged: bool = False
    generated: bool = False  # built from a countries.yaml template
    note: str = ""
    source: str = ""
    origin: str = ""  # the YAML file it was read from (or countries.yaml)

    @property
    def is_state(self) -> bool:
        return self.inter == 1

    def active_in(self, year: int) -> bool:
        start, end = self.active
        return (start is None or start <= year) and (end is None or year <= end)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One (alias, actor) pair for the matcher. ``key`` is ``fold(alias)``."""

    key: str
    alias: str
    actor_id: str
    lang: str  # "ar" | "en"
    context_only: bool = False
    confidence: float = STRONG_CONFIDENCE
    ambiguous: bool = False  # the same key also names other actors (see ambiguous:)
    tier: str = "strong"  # "strong" | "weak" | "context"


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso_numeric: int
    region: str  # ACLED region
    name: str  # English, ACLED spelling
    the: bool  # "the United States" in actor names
    slug: str  # for generated ids: military-forces-<slug>
    names_ar: tuple[str, ...]
    adj_en: str
    adj_m: tuple[str, ...]  # تركي
    adj_f: tuple[str, ...]  # تركية
    adj_pl_nom: tuple[str, ...]  # أتراك / سوريون
    adj_pl_acc: tuple[str, ...]  # أتراك / سوريين

    @property
    def name_the(self) -> str:
        return f"the {self.name}" if self.the else self.name


# --------------------------------------------------------------------------- helpers


def name_key(name: str) -> str:
    """Case-, hyphen-, apostrophe- and article-insensitive key for actor names."""
    s = fold(name).replace("'", "")
    s = _NON_ALNUM_RE.sub(" ", s)
    words = [w for w in s.split() if w != "the"]
    return " ".join(words)


def _undated(name: str) -> str:
    """The name without an ACLED date range: 'Military Forces of Syria (2000-)' → '... Syria'."""
    return _DATE_RANGE_RE.sub(" ", name)


def interaction_code(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: both inter codes, the smaller first (12, 17, 88).

    A one-sided event (one actor only) is the actor's code followed by 0 (10, 20 ...
    70). No actor at all → None.
    """
    for v in (inter1, inter2):
        if v is not None and v not in INTER_LABELS:
            raise ValueError(f"invalid ACLED inter code {v!r}: expected 1-8")
    if inter1 is None and inter2 is None:
        return None
    if inter1 is None or inter2 is None:
        return 10 * (inter1 if inter1 is not None else inter2)  # type: ignore[operator]
    a, b = sorted((inter1, inter2))
    return 10 * a + b


def inter_for(actor: Actor, event_country: str | None) -> int:
    """The inter code of ``actor`` in an event in ``event_country`` (ISO3).

    ACLED codes state forces operating outside their own country as External/Other
    forces (8): Military Forces of Russia in Syria are inter 8.
    """
    if (
        actor.inter == 1
        and actor.country is not None
        and event_country is not None
        and actor.country != event_country
    ):
        return 8
    return actor.inter


def _inter_of(x: Actor | int | None) -> int | None:
    return x.inter if isinstance(x, Actor) else x


def is_state(x: Actor | int | None) -> bool:
    return _inter_of(x) == 1


def is_civilian(x: Actor | int | None) -> bool:
    return _inter_of(x) == 7


def is_rebel(x: Actor | int | None) -> bool:
    return _inter_of(x) == 2


def _letters(s: str) -> int:
    return sum(1 for c in s if c.isalpha())


# --------------------------------------------------------------------------- schemas


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ActorModel(_Strict):
    id: str = Field(pattern=_ID_RE)
    name: str = Field(min_length=2)
    inter: int = Field(ge=1, le=8)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    kind: Kind
    affiliation: str | None = None
    family: str | None = None
    active: tuple[int | None, int | None] = (None, None)
    aliases_ar: list[str] = []
    weak_aliases_ar: list[str] = []
    context_aliases_ar: list[str] = []
    aliases_en: list[str] = []
    other_names: list[str] = []
    theatres: list[str] = []
    adjectives_ar: list[str] = []
    hedged: bool = False
    note: str | None = None
    source: str | None = None

    @field_validator("theatres")
    @classmethod
    def _iso3s(cls, v: list[str]) -> list[str]:
        for c in v:
            if not (len(c) == 3 and c.isupper()):
                raise ValueError(f"theatre {c!r} is not an ISO3 code")
        return v

    @field_validator("active")
    @classmethod
    def _years(cls, v: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
        start, end = v
        for y in v:
            if y is not None and not 1900 <= y <= 2100:
                raise ValueError(f"year {y} out of range")
        if start is not None and end is not None and end < start:
            raise ValueError(f"active ends ({end}) before it starts ({start})")
        return v


class _FamilyModel(_Strict):
    id: str = Field(pattern=_ID_RE)
    name: str
    note: str | None = None


class _AmbiguousModel(_Strict):
    alias: str
    actors: list[str] = Field(min_length=2)
    note: str | None = None


class _ActorFileModel(_Strict):
    actors: list[dict[str, Any]] = []
    families: list[_FamilyModel] = []
    ambiguous: list[_AmbiguousModel] = []
    hedges_ar: list[str] = []


class _AdjModel(_Strict):
    en: str
    m: list[str] = Field(min_length=1)
    f: list[str] = Field(min_length=1)
    pl_nom: list[str] = Field(min_length=1)
    pl_acc: list[str] = []


class _CountryModel(_Strict):
    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso_numeric: int = Field(ge=0, le=999)  # 0: Kosovo (no ISO numeric code)
    region: str
    name: str
    the: bool = False
    slug: str | None = Field(default=None, pattern=_ID_RE)
    names_ar: list[str] = Field(min_length=1)
    adj: _AdjModel | None = None  # none for the world's countries marsad does not curate


class _TemplateModel(_Strict):
    family: str = Field(pattern=_ID_RE)
    id: str
    name: str
    inter: int = Field(ge=1, le=8)
    kind: Kind
    aliases_ar: list[str] = []
    weak_aliases_ar: list[str] = []
    aliases_en: list[str] = []


class _CountriesFileModel(_Strict):
    countries: list[_CountryModel] = Field(min_length=1)
    templates: list[_TemplateModel] = []


def _pydantic_message(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return safe_yaml(f)
    except yaml.YAMLError as e:
        raise LexiconError(str(path), "-", f"not valid YAML: {e}") from None
    except OSError as e:
        raise LexiconError(str(path), "-", f"cannot read: {e}") from None


# --------------------------------------------------------------------------- countries


def _parse_countries(path: Path) -> tuple[tuple[Country, ...], tuple[_TemplateModel, ...]]:
    data = _read_yaml(path)
    try:
        model = _CountriesFileModel.model_validate(data)
    except ValidationError as e:
        entry = "-"
        for err in e.errors():
            loc = err["loc"]
            if len(loc) >= 2 and loc[0] == "countries" and isinstance(loc[1], int):
                try:
                    entry = str(data["countries"][loc[1]].get("iso3", loc[1]))
                except Exception:  # noqa: BLE001 - best effort naming only
                    entry = str(loc[1])
                break
        raise LexiconError(str(path), entry, _pydantic_message(e)) from None
    countries: list[Country] = []
    seen: set[str] = set()
    for c in model.countries:
        if c.iso3 in seen:
            raise LexiconError(str(path), c.iso3, "duplicate ISO3 code")
        if c.adj is None:
            raise LexiconError(str(path), c.iso3, "a curated country needs its adjectives (adj)")
        seen.add(c.iso3)
        countries.append(_country(path, c))
    # the rest of the world (data/world_countries.yaml): names, no adjectives
    if path.resolve() == COUNTRIES_FILE.resolve():
        from marsad.geocode._data import world_countries

        for row in world_countries():
            if row["iso3"] in seen:
                continue
            seen.add(row["iso3"])
            try:
                wc = _CountryModel.model_validate({
                    "iso3": row["iso3"], "iso_numeric": row["iso_num"], "region": row["region"],
                    "name": row["name"], "the": row.get("the", False), "names_ar": row["names_ar"]})
            except ValidationError as e:
                raise LexiconError("data/world_countries.yaml", row.get("iso3", "?"), _pydantic_message(e)) from None
            countries.append(_country(Path("data/world_countries.yaml"), wc))
    families = [t.family for t in model.templates]
    if len(set(families)) != len(families):
        raise LexiconError(str(path), "templates", "two templates share a family")
    return tuple(countries), tuple(model.templates)


@lru_cache(maxsize=8)
def _load_countries(path: str) -> tuple[tuple[Country, ...], tuple[_TemplateModel, ...]]:
    return _parse_countries(Path(path))


def load_countries(path: str | Path | None = None) -> tuple[Country, ...]:
    """The country table (cached)."""
    return _load_countries(str(Path(path or COUNTRIES_FILE).resolve()))[0]


_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def _expand(template: str, c: Country) -> list[str]:
    """Every alias a template gives for a country (cartesian over adjective variants)."""
    values: dict[str, Sequence[str]] = {
        "m": c.adj_m,
        "f": c.adj_f,
        "pl_nom": c.adj_pl_nom,
        "pl_acc": c.adj_pl_acc,
        "al_m": tuple("ال" + a for a in c.adj_m),
        "al_f": tuple("ال" + a for a in c.adj_f),
        "al_pl_nom": tuple("ال" + a for a in c.adj_pl_nom),
        "al_pl_acc": tuple("ال" + a for a in c.adj_pl_acc),
        "name": (c.name,),
        "name_the": (c.name_the,),
        "slug": (c.slug,),
        "adj_en": (c.adj_en,) if c.adj_en else (),
        "iso3": (c.iso3,),
    }
    names = [n for _, n, _, _ in string.Formatter().parse(template) if n]
    for n in names:
        if n not in values:
            raise KeyError(n)
    out = []
    for combo in itertools.product(*(values[n] for n in names)):
        out.append(template.format(**dict(zip(names, combo))))
    return list(dict.fromkeys(out))


def _country(path: Path, c: _CountryModel) -> Country:
    adj = c.adj
    words = (*c.names_ar, *(adj.m + adj.f + adj.pl_nom + adj.pl_acc if adj else ()))
    for word in words:
        if word != word.strip() or _letters(fold(word)) < 2:
            raise LexiconError(str(path), c.iso3, f"bad Arabic form {word!r}")
    slug = c.slug or "-".join(name_key(c.name).split())
    return Country(
        iso3=c.iso3,
        iso_numeric=c.iso_numeric,
        region=c.region,
        name=c.name,
        the=c.the,
        slug=slug,
        names_ar=tuple(c.names_ar),
        adj_en=adj.en if adj else "",
        adj_m=tuple(adj.m) if adj else (),
        adj_f=tuple(adj.f) if adj else (),
        adj_pl_nom=tuple(adj.pl_nom) if adj else (),
        adj_pl_acc=tuple(adj.pl_acc or adj.pl_nom) if adj else (),
    )


def _expand_all(templates: Sequence[str], c: Country) -> tuple[str, ...]:
    """All aliases of a list of templates, without repeats (after folding)."""
    if not templates:
        return ()
    out: dict[str, str] = {}
    for tpl in templates:
        for alias in _expand(tpl, c):
            out.setdefault(fold(alias), alias)
    return tuple(out.values())


def _generate(countries: Sequence[Country], templates: Sequence[_TemplateModel], path: Path) -> list[Actor]:
    actors = []
    for t in templates:
        for c in countries:
            try:
                actors.append(
                    Actor(
                        id=_expand(t.id, c)[0],
                        name=_expand(t.name, c)[0],
                        inter=t.inter,
                        country=c.iso3,
                        kind=t.kind,
                        family=t.family,
                        aliases_ar=_expand_all(t.aliases_ar, c),
                        weak_aliases_ar=_expand_all(t.weak_aliases_ar, c),
                        aliases_en=_expand_all(t.aliases_en, c),
                        generated=True,
                        origin=str(path),
                    )
                )
            except KeyError as e:
                raise LexiconError(str(path), t.family, f"unknown placeholder {{{e.args[0]}}}") from None
    return actors


# --------------------------------------------------------------------------- registry


class ActorRegistry:
    """All actors, by id and by name, and the alias table for the matcher. Read-only."""

    def __init__(
        self,
        actors: Iterable[Actor],
        countries: Iterable[Country],
        families: Mapping[str, str],
        ambiguous: Mapping[str, frozenset[str]],
        hedges: Iterable[str],
    ) -> None:
        self._actors: tuple[Actor, ...] = tuple(actors)
        self._by_id: dict[str, Actor] = {a.id: a for a in self._actors}
        self._countries: tuple[Country, ...] = tuple(countries)
        self._country_by_iso: dict[str, Country] = {c.iso3: c for c in self._countries}
        self._families: dict[str, str] = dict(families)
        self._ambiguous: dict[str, frozenset[str]] = dict(ambiguous)
        self._hedges: tuple[str, ...] = tuple(dict.fromkeys(fold(h) for h in hedges))
        self._by_name: dict[str, Actor] = {}
        undated: dict[str, list[Actor]] = {}
        for a in self._actors:
            for n in (a.name, *a.other_names):
                self._by_name[name_key(n)] = a
            undated.setdefault(name_key(_undated(a.name)), []).append(a)
        for k, group in undated.items():
            if len(group) == 1:
                self._by_name.setdefault(k, group[0])
        self._adjectives: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        for c in self._countries:
            for adj in c.adj_m + c.adj_pl_nom + c.adj_pl_acc:
                self._demonyms[fold(adj)] = c.iso3
            for adj in c.adj_m:
                self._demonyms[fold(adj + "ا")] = c.iso3  # accusative: عراقيا
        for c in self._countries:
            for adj in (*c.adj_m, *c.adj_f):
                self._adjectives[fold(adj)] = c.iso3
                self._adjectives[fold("ال" + adj)] = c.iso3
        self._state_forces: dict[str, Actor] = {}
        for a in self._actors:
            if a.family == "military-forces" and a.country is not None:
                self._state_forces.setdefault(a.country, a)
        self._actor_adjectives: dict[str, str] = {}
        for a in self._actors:
            for adj in a.adjectives_ar:
                self._actor_adjectives[fold(adj)] = a.id
                self._actor_adjectives[fold("ال" + adj)] = a.id
        self._alias_entries: tuple[AliasEntry, ...] = tuple(self._build_aliases())

    # -- lookup
    def get(self, actor_id: str) -> Actor:
        try:
            return self._by_id[actor_id]
        except KeyError:
            raise KeyError(f"unknown actor id {actor_id!r}") from None

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def by_name(self, name: str) -> Actor | None:
        """The actor with this ACLED name (or an ``other_names`` spelling).

        Case, hyphens, apostrophes and "the" are ignored; a name without its ACLED
        date range ("Military Forces of Syria") finds the dated one.
        """
        key = name_key(name)
        hit = self._by_name.get(key)
        if hit is None:
            hit = self._by_name.get(name_key(_undated(name)))
        return hit

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors)

    def __len__(self) -> int:
        return len(self._actors)

    # -- families and countries
    @property
    def families(self) -> Mapping[str, str]:
        """Family id → display name."""
        return dict(self._families)

    def family_members(self, family: str) -> tuple[Actor, ...]:
        return tuple(a for a in self._actors if a.family == family)

    def for_country(self, actor_id: str, iso3: str) -> Actor | None:
        """The member of ``actor_id``'s family in country ``iso3`` (itself if it fits).

        ``for_country("civilians-syria", "IRQ")`` is Civilians (Iraq). None when the
        actor has no family and another country, or the family has no such member.
        """
        actor = self.get(actor_id)
        if actor.country == iso3:
            return actor
        if actor.family is None:
            return None
        for a in self._actors:
            if a.family == actor.family and a.country == iso3:
                return a
        return None

    def countries(self) -> tuple[Country, ...]:
        return self._countries

    def country(self, iso3: str) -> Country | None:
        return self._country_by_iso.get(iso3)

    def country_by_adjective(self, word: str) -> Country | None:
        """The country of a nationality adjective, masc or fem, with or without ال."""
        iso = self._adjectives.get(fold(word))
        return self._country_by_iso[iso] if iso else None

    def named_by_adjective(self, word: str) -> tuple[Actor, str] | None:
        """The actor an adjective after an event word names, and which kind of
        adjective it is: a nationality adjective names its country's state forces
        ("القصف التركي": "nationality adjective"), an actor's own adjective that actor
        ("صواريخ حوثية": "adjective"); None for neither."""
        key = fold(word)
        iso = self._adjectives.get(key)
        if iso is not None:
            forces = self._state_forces.get(iso)
            return (forces, "nationality adjective") if forces is not None else None
        aid = self._actor_adjectives.get(key)
        return (self._by_id[aid], "adjective") if aid else None

    def country_by_demonym(self, word: str) -> Country | None:
        """The country of a nationality noun counting people: سوري, سوريا (accusative),
        سوريين, عراقيا... (masculine forms and human plurals, without ال)."""
        return self._country_by_iso.get(self._demonyms.get(fold(word), ""))

    def state_forces(self, iso3: str) -> Actor | None:
        """Military Forces of the country ``iso3``."""
        return self._state_forces.get(iso3)

    # -- matcher inputs
    def aliases(self) -> Iterator[AliasEntry]:
        """One AliasEntry per (alias, actor) pair, in registry order."""
        return iter(self._alias_entries)

    def hedges(self) -> tuple[str, ...]:
        """Folded hedge phrases ("يعتقد انها"...); see the module docstring."""
        return self._hedges

    def ambiguous_keys(self) -> Mapping[str, frozenset[str]]:
        """Folded alias → the actor ids it may name (the ``ambiguous:`` section)."""
        return dict(self._ambiguous)

    def _build_aliases(self) -> Iterator[AliasEntry]:
        for a in self._actors:
            factor = HEDGED_CONFIDENCE if a.hedged else 1.0
            tiers = (
                (a.aliases_ar, "ar", "strong", STRONG_CONFIDENCE),
                (a.weak_aliases_ar, "ar", "weak", WEAK_CONFIDENCE),
                (a.context_aliases_ar, "ar", "context", CONTEXT_CONFIDENCE),
                (a.aliases_en, "en", "strong", STRONG_CONFIDENCE),
            )
            for aliases, lang, tier, conf in tiers:
                for alias in aliases:
                    key = fold(alias)
                    yield AliasEntry(
                        key=key,
                        alias=alias,
                        actor_id=a.id,
                        lang=lang,
                        context_only=tier == "context",
                        confidence=round(conf * factor, 3),
                        ambiguous=key in self._ambiguous,
                        tier=tier,
                    )


# --------------------------------------------------------------------------- loading


def _alias_fields(a: Actor) -> Iterator[tuple[str, str]]:
    for fld in ("aliases_ar", "weak_aliases_ar", "context_aliases_ar", "aliases_en"):
        for alias in getattr(a, fld):
            yield fld, alias


def _merge(yaml_actor: Actor, gen: Actor) -> Actor:
    """YAML wins; generated aliases not already present join the same tier."""
    present = {fold(al) for _, al in _alias_fields(yaml_actor)}

    def new_ones(aliases: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for al in aliases:
            k = fold(al)
            if k not in present:
                present.add(k)
                out.append(al)
        return tuple(out)

    return replace(
        yaml_actor,
        family=yaml_actor.family or gen.family,
        aliases_ar=yaml_actor.aliases_ar + new_ones(gen.aliases_ar),
        weak_aliases_ar=yaml_actor.weak_aliases_ar + new_ones(gen.weak_aliases_ar),
        aliases_en=yaml_actor.aliases_en + new_ones(gen.aliases_en),
    )


def _build(actors_dir: Path, countries_file: Path) -> ActorRegistry:
    countries, templates = _load_countries(str(countries_file))
    iso_codes = {c.iso3 for c in countries}
    families: dict[str, str] = {t.family: t.name for t in templates}
    yaml_actors: list[Actor] = []
    ambiguous_raw: list[tuple[Path, _AmbiguousModel]] = []
    hedges: list[str] = []

    files = sorted(actors_dir.glob("*.yaml")) if actors_dir.is_dir() else []
    if not files:
        raise LexiconError(str(actors_dir), "-", "no actor YAML files found")
    for path in files:
        data = _read_yaml(path)
        if data is None:
            raise LexiconError(str(path), "-", "empty file")
        if isinstance(data, list):
            data = {"actors": data}
        try:
            fm = _ActorFileModel.model_validate(data)
        except ValidationError as e:
            raise LexiconError(str(path), "-", _pydantic_message(e)) from None
        for fam in fm.families:
            if fam.id in families:
                raise LexiconError(str(path), fam.id, "family declared twice")
            families[fam.id] = fam.name
        for amb in fm.ambiguous:
            ambiguous_raw.append((path, amb))
        for h in fm.hedges_ar:
            if h != h.strip() or _letters(fold(h)) < 2:
                raise LexiconError(str(path), h, "bad hedge phrase")
            hedges.append(h)
        for i, raw in enumerate(fm.actors):
            entry = str(raw.get("id", f"#{i}")) if isinstance(raw, dict) else f"#{i}"
            try:
                m = _ActorModel.model_validate(raw)
            except ValidationError as e:
                raise LexiconError(str(path), entry, _pydantic_message(e)) from None
            if m.country is not None and m.country not in iso_codes:
                raise LexiconError(str(path), m.id, f"country {m.country} is not in countries.yaml")
            if not (m.aliases_ar or m.weak_aliases_ar):
                raise LexiconError(str(path), m.id, "needs at least one Arabic alias")
            if m.context_aliases_ar and not (m.aliases_ar or m.weak_aliases_ar or m.aliases_en):
                raise LexiconError(str(path), m.id, "context aliases need a full alias")
            yaml_actors.append(
                Actor(
                    id=m.id,
                    name=m.name,
                    inter=m.inter,
                    country=m.country,
                    kind=m.kind,
                    affiliation=m.affiliation,
                    family=m.family,
                    active=m.active,
                    aliases_ar=tuple(m.aliases_ar),
                    weak_aliases_ar=tuple(m.weak_aliases_ar),
                    context_aliases_ar=tuple(m.context_aliases_ar),
                    aliases_en=tuple(m.aliases_en),
                    other_names=tuple(m.other_names),
                    theatres=tuple(m.theatres),
                    adjectives_ar=tuple(m.adjectives_ar),
                    hedged=m.hedged,
                    note=m.note or "",
                    source=m.source or "",
                    origin=str(path),
                )
            )

    # ids unique among YAML entries
    seen_ids: dict[str, Actor] = {}
    for a in yaml_actors:
        if a.id in seen_ids:
            raise LexiconError(a.origin, a.id, f"duplicate id (also in {seen_ids[a.id].origin})")
        seen_ids[a.id] = a

    # merge generated actors: YAML wins when the (undated) name matches
    by_undated = {name_key(_undated(a.name)): i for i, a in enumerate(yaml_actors)}
    actors: list[Actor] = list(yaml_actors)
    for g in _generate(countries, templates, countries_file):
        i = by_undated.get(name_key(_undated(g.name)))
        if i is not None:
            actors[i] = _merge(actors[i], g)
        else:
            if g.id in seen_ids:
                raise LexiconError(seen_ids[g.id].origin, g.id, f"id is reserved for generated {g.name!r}")
            actors.append(g)

    # names unique
    names: dict[str, Actor] = {}
    for a in actors:
        for n in (a.name, *a.other_names):
            k = name_key(n)
            other = names.get(k)
            if other is not None and other.id != a.id:
                raise LexiconError(a.origin, a.id, f"name {n!r} also names {other.id!r}")
            names[k] = a

    ids = {a.id for a in actors}
    for a in actors:
        if a.affiliation is not None and (a.affiliation not in ids or a.affiliation == a.id):
            raise LexiconError(a.origin, a.id, f"unknown affiliation id {a.affiliation!r}")
        if a.family is not None and a.family not in families:
            raise LexiconError(a.origin, a.id, f"unknown family id {a.family!r} (declare it under families:)")

    # aliases: well formed, no duplicates within an actor, cross-actor only if ambiguous
    owners: dict[str, list[str]] = {}
    for a in actors:
        mine: set[str] = set()
        for fld, alias in _alias_fields(a):
            if not isinstance(alias, str) or alias != alias.strip() or "  " in alias:
                raise LexiconError(a.origin, a.id, f"alias {alias!r} has stray white space")
            key = fold(alias)
            if _letters(key) < 2:
                raise LexiconError(a.origin, a.id, f"alias {alias!r} is shorter than 2 letters")
            if fld.endswith("_ar") and not any("\u0621" <= ch <= "\u064a" for ch in key):
                raise LexiconError(a.origin, a.id, f"{fld} entry {alias!r} has no Arabic letter")
            if key in mine:
                raise LexiconError(a.origin, a.id, f"alias {alias!r} is listed twice (after folding)")
            mine.add(key)
            owners.setdefault(key, []).append(a.id)

    # adjectives: Arabic, written without ال, one actor each, no nationality adjective
    nationality = {fold(adj) for c in countries for adj in (*c.adj_m, *c.adj_f)}
    adjective_of: dict[str, str] = {}
    for a in actors:
        for adj in a.adjectives_ar:
            key = fold(adj)
            arabic = all("\u0621" <= ch <= "\u064a" for ch in key)
            if adj != adj.strip() or " " in adj or _letters(key) < 2 or not arabic:
                raise LexiconError(a.origin, a.id, f"adjective {adj!r} is not one Arabic word")
            if adj.startswith("ال"):  # (أل of a word such as ألفي is no article)
                raise LexiconError(a.origin, a.id, f"adjective {adj!r} is written with ال (it is added when read)")
            if key in nationality:
                raise LexiconError(a.origin, a.id, f"adjective {adj!r} is a nationality adjective of countries.yaml")
            if adjective_of.get(key, a.id) != a.id:
                raise LexiconError(a.origin, a.id, f"adjective {adj!r} also names {adjective_of[key]!r}")
            adjective_of[key] = a.id

    ambiguous: dict[str, frozenset[str]] = {}
    for path, amb in ambiguous_raw:
        key = fold(amb.alias)
        for aid in amb.actors:
            if aid not in ids:
                raise LexiconError(str(path), amb.alias, f"ambiguous: unknown actor id {aid!r}")
        if key in ambiguous:
            raise LexiconError(str(path), amb.alias, "ambiguous alias listed twice")
        actual = frozenset(owners.get(key, ()))
        if actual != frozenset(amb.actors):
            raise LexiconError(
                str(path),
                amb.alias,
                f"ambiguous: listed for {sorted(amb.actors)} but carried by {sorted(actual)}",
            )
        ambiguous[key] = actual
    by_id = {a.id: a for a in actors}
    for key, ids_ in owners.items():
        if len(ids_) > 1 and key not in ambiguous:
            first = by_id[ids_[1]]
            raise LexiconError(
                first.origin,
                first.id,
                f"alias {key!r} also belongs to {ids_[0]!r}; list it under ambiguous: if intended",
            )

    return ActorRegistry(actors, countries, families, ambiguous, hedges)


@lru_cache(maxsize=8)
def _load(actors_dir: str, countries_file: str) -> ActorRegistry:
    return _build(Path(actors_dir), Path(countries_file))


def load_registry(path: str | Path | None = None, countries: str | Path | None = None) -> ActorRegistry:
    """Load (once per path) the actor registry: ``path`` is the directory of actor
    YAML files, ``countries`` the country table; both default to the package data."""
    actors_dir = Path(path or ACTORS_DIR).resolve()
    countries_file = Path(countries or COUNTRIES_FILE).resolve()
    return _load(str(actors_dir), str(countries_file))
