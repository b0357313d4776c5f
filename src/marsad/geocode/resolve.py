"""Geocoding: from PLACE / PLACE_PHRASE mentions to an ACLED location.

Precision follows ACLED: 1 the town or village itself; 2 near / outskirts / a side
of a town, or the town and its countryside, coded to that town; 3 only a region,
district or governorate known, coded to its main town. An unknown name in a phrase
falls back to the nearest resolvable element of the phrase ("قرية البواردي، شرقي
منطقة الهول" → al-Hol, precision 2), then to the admin context (precision 3).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Sequence

from marsad.geocode.distance import haversine_km
from marsad.geocode.gazetteer import Gazetteer, Place
from marsad.model import Mention, MentionKind, Span
from marsad.recognize.matcher import key_of
from marsad.recognize.places import PlacePhrase

__all__ = ["Location", "GeoContext", "Geocoder"]

_LARGE_CITY = 400_000  # a bare governorate name means its capital above this size
_WORLD_CITY = 1_000_000  # a foreign city this large is what its bare name means, not a Syrian namesake
_POINT_KINDS = ("community", "town", "facility")


@dataclass(frozen=True, slots=True)
class Location:
    name_ar: str
    location: str
    country: str
    iso: int
    region: str
    admin1: str
    admin2: str
    admin3: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    pcode: str
    geo_id: str
    spans: tuple[Span, ...]
    rule: str
    confidence: float


@dataclass(frozen=True)
class GeoContext:
    """What the document is about, geographically."""

    admin1: Counter = field(default_factory=Counter)  # English admin1 -> mentions
    towns: Counter = field(default_factory=Counter)  # place id -> mentions
    countries: Counter = field(default_factory=Counter)  # ISO3 -> mentions
    points: tuple[tuple[float, float], ...] = ()  # distinct, in the order first seen
    phrases: dict = field(default_factory=dict)  # anchor span -> PLACE_PHRASE mention
    #: (lat, lon) -> km to the nearest of ``points``: a long document names the same
    #: places again and again, and its candidates are measured against all its points
    nearest: dict = field(default_factory=dict, compare=False, repr=False)

    def nearest_km(self, lat: float, lon: float) -> float:
        """The distance to the nearest of the document's points (inf without any)."""
        d = self.nearest.get((lat, lon))
        if d is None:
            d = min((haversine_km(lat, lon, *q) for q in self.points), default=math.inf)
            self.nearest[(lat, lon)] = d
        return d

    @property
    def focus_admin1(self) -> str | None:
        return self.admin1.most_common(1)[0][0] if self.admin1 else None

    @property
    def focus_country(self) -> str:
        """The country the article is about (Syria unless another is named more)."""
        if not self.countries:
            return "SYR"
        top, n = self.countries.most_common(1)[0]
        return top if n > self.countries.get("SYR", 0) else "SYR"

    @property
    def focus_town(self) -> str | None:
        return self.towns.most_common(1)[0][0] if self.towns else None


def _prominent(p: Place) -> bool:
    """A place a news text can name without qualification: an admin unit, a capital, a
    region or facility, or a populated town."""
    return p.kind in ("admin1", "admin2", "admin3", "region", "facility", "country") or bool(p.capital) or (
        p.population or 0
    ) >= 20000


def _known_abroad(p: Place) -> bool:
    """A place outside the article's country that it may still name without saying
    where: a governorate or district, a governorate capital, a large city."""
    return p.kind in ("admin1", "admin2", "region", "facility", "country") or p.capital == 1 or (
        p.population or 0
    ) >= 500000


@dataclass(frozen=True, slots=True)
class _Pick:
    place: Place  # the place the phrase names
    coded: Place  # the place it is coded to
    precision: int
    rule: str
    confidence: float


class Geocoder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        from marsad.geocode import _data

        self.gaz = gazetteer
        self._country = {c.iso3: c for c in _data.countries()}

    # -- context -------------------------------------------------------------------
    def context(self, mentions: Sequence[Mention]) -> GeoContext:
        admin1: Counter = Counter()
        towns: Counter = Counter()
        countries: Counter = Counter()
        points: list[tuple[float, float]] = []
        phrases: dict = {}
        for m in mentions:
            if m.kind is MentionKind.PLACE_PHRASE and isinstance(m.value, PlacePhrase):
                ph = m.value
                for el in (ph,) + ph.refs:
                    if el.anchor is not None:
                        phrases.setdefault(el.anchor.span, (m, el))
                    if el.country:
                        countries[el.country] += 2  # "دوما السورية": the place is in Syria
                continue
            if m.kind is not MentionKind.PLACE:
                continue
            cands = [p for p in (self.gaz.get(c) for c in m.candidates) if p is not None]
            if not cands:
                continue
            if all(p.kind == "country" for p in cands):
                # a country named outright (often as a speaker: "تركيا تدين ...")
                countries[cands[0].country_iso3] += 1
                continue
            syr = [p for p in cands if p.country_iso3 == "SYR"]
            pool = syr or cands
            a1 = {p.admin1 for p in pool if p.admin1}
            if len(a1) == 1:
                admin1[a1.pop()] += 1
            in_countries = {p.country_iso3 for p in cands}
            if len(in_countries) == 1 and any(_prominent(p) for p in cands):
                # only a prominent name that exists in one country says which country
                # the text is about (a village spelled like a common word says nothing)
                countries[in_countries.pop()] += 1
            pts = [p for p in pool if p.kind in _POINT_KINDS]
            if len(pts) > 1:
                # a town and the district named after it: the town is what is meant
                communities = [p for p in pts if p.kind == "community"] or pts
                if len(communities) == 1:
                    pts = communities
                else:
                    # several villages of one name: the admin centre or the largest is
                    # the one a news text means without qualification
                    best = max(communities, key=lambda p: (bool(p.capital), p.population or 0))
                    if best.capital or (best.population or 0) > 0:
                        pts = [best]
            if len(pts) == 1 or (pts and len({(round(p.lat or 0, 1), round(p.lon or 0, 1)) for p in pts}) == 1):
                towns[pts[0].id] += 1
                if pts[0].lat is not None:
                    points.append((pts[0].lat, pts[0].lon))  # type: ignore[arg-type]
            elif len(pool) == 1 and pool[0].lat is not None:
                points.append((pool[0].lat, pool[0].lon))  # type: ignore[arg-type]
        return GeoContext(admin1, towns, countries, tuple(dict.fromkeys(points)), phrases)

    # -- locating ------------------------------------------------------------------
    def locate(self, candidates: Sequence[Mention], ctx: GeoContext) -> Location | None:
        """The location of the first candidate mention that resolves."""
        for m in candidates:
            loc = self._locate_one(m, ctx)
            if loc is not None:
                return loc
        return None

    def fallback(self, ctx: GeoContext) -> Location | None:
        """The document's focus governorate at precision 3, when the article is about
        Syria (None if nothing is known)."""
        a1 = ctx.focus_admin1
        if a1 and ctx.focus_country == "SYR":
            adm = self.gaz.admin1_place(a1)
            if adm is not None:
                town = self.gaz.main_town(adm.id) or adm
                return self._location(adm, town, 3, (), "fallback:document-focus-admin1", 0.3)
        if ctx.countries:
            iso3 = ctx.countries.most_common(1)[0][0]
            c = self.gaz.get(f"country:{iso3}")
            if c is not None:
                return self._location(c, c, 3, (), "fallback:document-country", 0.2)
        return None

    def _locate_one(self, m: Mention, ctx: GeoContext) -> Location | None:
        if m.kind is MentionKind.PLACE_PHRASE and isinstance(m.value, PlacePhrase):
            return self._phrase(m.value, m.span, ctx)
        if m.kind is MentionKind.PLACE:
            host = ctx.phrases.get(m.span)
            if host is not None:
                hm, el = host
                if el is hm.value:
                    return self._phrase(hm.value, hm.span, ctx)
                others = tuple(r for r in (hm.value,) + hm.value.refs if r is not el)
                return self._phrase(replace(el, refs=tuple(o for o in others if o.anchor)),
                                    el.span or m.span, ctx)
            return self._phrase(PlacePhrase("in", m, span=m.span), m.span, ctx)
        return None

    def _phrase(self, ph: PlacePhrase, span: Span, ctx: GeoContext) -> Location | None:
        hints = self._hints(ph.refs, ctx)
        pick = self._element(ph, ctx, hints)
        rule_prefix = ""
        if pick is None and ph.anchor is None and ph.name:
            pick = self._fuzzy(ph, hints)
        if pick is None:
            for r in ph.refs:
                sub = self._element(r, ctx, hints)
                if sub is None:
                    continue
                admin_level = sub.precision == 3 or r.relation == "countryside"
                prec = 3 if admin_level else max(sub.precision, 2)
                what = "unknown name" if ph.anchor is None else "unresolved place"
                rule_prefix = f"{what} {ph.name or ''}→".replace(" →", "→")
                pick = _Pick(sub.place, sub.coded, prec,
                             rule_prefix + ("admin-context:" if admin_level else "nearest-anchor:")
                             + sub.rule, sub.confidence * 0.8)
                break
        if pick is None:
            return None
        spans = tuple(s for s in (span,) if s is not None)
        return self._location(pick.place, pick.coded, pick.precision, spans, pick.rule, pick.confidence)

    def _hints(self, refs: tuple[PlacePhrase, ...], ctx: GeoContext) -> dict:
        admin1: set[str] = set()
        countries: set[str] = set()
        points: list[tuple[float, float]] = []
        for r in refs:
            if r.anchor is None:
                continue
            # a town or unit it is in or near says the country ("قرب نابلس"), when its
            # name is in one country only, whatever the article's focus; a border or a
            # country named beside it does not ("قرب الحدود التركية")
            named = {p.country_iso3 for p in (self.gaz.get(c) for c in r.anchor.candidates)
                     if p is not None and p.kind not in ("country", "region")}
            pick = self._element(r, ctx, {})
            if len(named) == 1:
                countries |= named
            elif pick is not None and pick.place.kind not in ("country", "region"):
                countries.add(pick.place.country_iso3)
            if pick is not None:
                if pick.place.admin1:
                    admin1.add(pick.place.admin1)
                if pick.coded.lat is not None:
                    points.append((pick.coded.lat, pick.coded.lon))  # type: ignore[arg-type]
        return {"admin1": admin1, "countries": countries, "points": points}

    def _choose(self, cands: list[Place], el: PlacePhrase, ctx: GeoContext, hints: dict) -> Place:
        def score(p: Place) -> float:
            s = 0.0
            if hints.get("admin1") and p.admin1 in hints["admin1"]:
                s += 10
            total = sum(ctx.admin1.values())
            if total and p.admin1:
                s += 3.0 * ctx.admin1.get(p.admin1, 0) / total
            near = hints.get("points", ())
            if (near or ctx.points) and p.lat is not None:
                d = min(min((haversine_km(p.lat, p.lon, *q) for q in near), default=math.inf),  # type: ignore[arg-type]
                        ctx.nearest_km(p.lat, p.lon))  # type: ignore[arg-type]
                s += 2.0 if d < 50 else 1.0 if d < 150 else 0.0
            s += {"facility": 1.5, "region": 1.5, "community": 1.0, "town": 0.5}.get(p.kind, 0.0)
            s += {1: 1.5, 2: 1.0, 3: 0.5}.get(p.capital, 0.0)
            s += 0.3 * math.log10(p.population + 1)
            return s

        return max(cands, key=score)

    def _element(self, el: PlacePhrase, ctx: GeoContext, hints: dict) -> _Pick | None:
        if el.anchor is None:
            if el.anaphoric and ctx.focus_town:
                town = self.gaz.get(ctx.focus_town)
                if town is not None:
                    prec = 1 if el.relation == "in" else 2
                    return _Pick(town, town, prec, f"anaphoric:{el.relation}:document-focus-town", 0.5)
            return None
        cands = [p for p in (self.gaz.get(c) for c in el.anchor.candidates) if p is not None]
        if not cands:
            return None
        abroad = hints.get("countries", set())
        if abroad and "SYR" not in abroad and not el.country:
            # near or in a town of another country ("قرية دوما قرب نابلس"): a name
            # there, or one the gazetteer does not know (its neighbour then locates it)
            cands = [p for p in cands if p.country_iso3 in abroad]
            if not cands:
                return None
            el = replace(el, country=next(iter(abroad)) if len(abroad) == 1 else None)
        # country
        if el.country:
            cands = [p for p in cands if p.country_iso3 == el.country]
            if not cands:
                return None  # "سوسة التونسية": a town the gazetteer lacks, not a namesake elsewhere
        else:
            syr = [p for p in cands if p.country_iso3 == "SYR"]
            other = ctx.focus_country
            if other != "SYR" and any(p.country_iso3 == other for p in cands):
                cands = [p for p in cands if p.country_iso3 == other]
            elif other != "SYR":
                # an article about another country: a village of the same name elsewhere
                # is almost always a false friend; only well-known places stay candidates
                cands = [p for p in cands if _known_abroad(p)]
                if not cands:
                    return None
            elif syr:
                # a world city (القاهرة, الرياض) over an obscure Syrian village of the
                # same name, unless the text puts the name in Syria (a feature word, a
                # Syrian place it is in or near)
                famous = [p for p in cands if p.country_iso3 != "SYR" and (p.population or 0) >= _WORLD_CITY]
                if famous and el.feature is None and not hints.get("admin1") and not any(map(_prominent, syr)):
                    cands = famous
                else:
                    cands = syr
        kinds = {p.kind for p in cands}
        f = el.feature
        admin_cands = [p for p in cands if p.kind in ("admin1", "admin2", "admin3")]
        point_cands = [p for p in cands if p.kind in _POINT_KINDS]
        rel = el.relation
        # countries and regions
        if kinds <= {"country"}:
            c = cands[0]
            return _Pick(c, c, 3, "country", 0.5)
        regions = [p for p in cands if p.kind == "region"]
        if regions and (f in (None, "منطقه", "باديه") or not point_cands):
            r = self._choose(regions, el, ctx, hints)
            town = self.gaz.main_town(r.id) or r
            return _Pick(r, town, 3, f"region:{r.id}", 0.8)
        # explicit admin features
        want = {"محافظه": "admin1", "ناحيه": "admin3"}.get(f or "")
        if rel == "countryside" and f in ("مدينه", "بلده", "قريه") and point_cands:
            t = self._choose(point_cands, el, ctx, hints)
            return _Pick(t, t, 2, "town-and-countryside", 0.85)
        if f == "حي":
            quarters = [p for p in point_cands if p.source.startswith("alias:")]
            if quarters:
                point_cands = quarters
        if f == "ريف" or rel == "countryside":
            gov = [p for p in admin_cands if p.kind == "admin1"]
            caps = [p for p in point_cands if p.capital == 1]
            if gov or caps:
                adm = gov[0] if gov else self.gaz.admin1_place(caps[0].admin1)
                if adm is not None:
                    town = self.gaz.main_town(adm.id) or adm
                    d = f":{el.direction}" if el.direction else ""
                    return _Pick(adm, town, 3, f"countryside-of-governorate{d}", 0.8)
            if point_cands:
                t = self._choose(point_cands, el, ctx, hints)
                return _Pick(t, t, 2, "countryside-of-town", 0.8)
        if f == "منطقه" and any(p.kind == "admin2" for p in admin_cands):
            adm = next(p for p in admin_cands if p.kind == "admin2")
            town = self.gaz.main_town(adm.id) or adm
            return _Pick(adm, town, 3, "district", 0.8)
        if want:
            sel = [p for p in admin_cands if p.kind == want]
            if sel:
                adm = self._choose(sel, el, ctx, hints)
                town = self.gaz.main_town(adm.id) or adm
                return _Pick(adm, town, 3 if want == "admin1" else 2, want, 0.8)
        if point_cands:
            t = self._choose(point_cands, el, ctx, hints)
            # a dup GeoNames town beside an OCHA community: prefer the community
            if t.kind == "town":
                for p in point_cands:
                    if p.kind == "community" and p.lat is not None and t.lat is not None \
                            and haversine_km(p.lat, p.lon, t.lat, t.lon) < 5:  # type: ignore[arg-type]
                        t = p
                        break
            gov_same = [p for p in admin_cands if p.kind == "admin1"]
            if t.capital == 1 and gov_same and f is None and rel == "in" \
                    and t.population < _LARGE_CITY:
                adm = gov_same[0]
                return _Pick(adm, t, 3, "governorate-name:capital", 0.7)
            if rel in ("near", "outskirts", "direction", "region"):
                return _Pick(t, t, 2, f"{rel}{':' + el.direction if el.direction else ''}", 0.85)
            if f == "منطقه":
                return _Pick(t, t, 2, "area-of-town", 0.85)
            ambiguous = len({p.admin1 for p in point_cands}) > 1
            return _Pick(t, t, 1, "town" + (":disambiguated" if ambiguous else ""),
                         0.75 if ambiguous else 0.95)
        if admin_cands:
            order = {"admin3": 0, "admin2": 1, "admin1": 2}
            adm = min(admin_cands, key=lambda p: order[p.kind])
            town = self.gaz.main_town(adm.id) or adm
            return _Pick(adm, town, 3 if adm.kind != "admin3" else 2, adm.kind, 0.7)
        return None

    def _fuzzy(self, ph: PlacePhrase, hints: dict) -> _Pick | None:
        """An unknown name after a feature word, scored against the communities of the
        governorate its phrase names (only then)."""
        if not ph.name or not hints.get("admin1"):
            return None
        from rapidfuzz import fuzz, process

        key = key_of(ph.name)
        choices: dict[str, Place] = {}
        for p in self.gaz.places():
            if p.kind == "community" and p.admin1 in hints["admin1"]:
                choices[key_of(p.name_ar)] = p
        if not choices:
            return None
        best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=88)
        if best is None:
            return None
        p = choices[best[0]]
        pts = hints.get("points") or []
        if pts and p.lat is not None and min(haversine_km(p.lat, p.lon, *q) for q in pts) > 40:  # type: ignore[arg-type]
            return None
        prec = 2 if ph.relation != "in" else 1
        return _Pick(p, p, prec, f"fuzzy:{best[1]:.0f}", 0.5)

    def place_location(self, place: Place, rule: str = "chosen by id") -> Location:
        """The location of an event placed at ``place`` by someone who names it (an
        analyst's correction): a town, village or facility at precision 1; a region,
        district, governorate or country coded to its main town at precision 3."""
        if place.kind in _POINT_KINDS:
            return self._location(place, place, 1, (), rule, 1.0)
        town = self.gaz.main_town(place.id) if place.kind != "country" else None
        return self._location(place, town or place, 3, (), rule, 1.0)

    def _location(self, named: Place, coded: Place, precision: int, spans: tuple[Span, ...],
                  rule: str, confidence: float) -> Location:
        c = self._country.get(coded.country_iso3)
        return Location(
            name_ar=named.name_ar,
            location=coded.name_en,
            country=c.name_en if c else coded.country_iso3,
            iso=coded.iso_num,
            region=coded.region,
            admin1=coded.admin1 or named.admin1,
            admin2=coded.admin2,
            admin3=coded.admin3,
            latitude=coded.lat,
            longitude=coded.lon,
            geo_precision=precision,
            pcode=coded.pcode if coded.kind not in ("admin1", "admin2", "admin3") else "",
            geo_id=coded.id,
            spans=spans,
            rule=rule,
            confidence=confidence,
        )
