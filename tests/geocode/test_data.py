"""Every curated place entry is loaded and checked (facts against the gazetteer
when the shared development data is present)."""
from __future__ import annotations

import math


from marsad.geocode import _data
from marsad.recognize.matcher import key_of

ACLED_ADMIN1 = {"Aleppo", "Al-Hasakeh", "Ar-Raqqa", "As-Sweida", "Damascus", "Dar'a",
                "Deir-ez-Zor", "Hama", "Homs", "Idleb", "Lattakia", "Quneitra",
                "Rural Damascus", "Tartous"}


def test_every_alias_entry():
    entries = _data.aliases()
    assert len(entries) >= 60
    for a in entries:
        assert a.source.strip(), a.id
        assert all(key_of(n) for n in a.names), a.id
        if a.lat is not None:
            assert a.admin1 in ACLED_ADMIN1, a.id
            assert 32.3 <= a.lat <= 37.4 and 35.6 <= a.lon <= 42.4, f"{a.id} outside Syria"
        if a.coded_to or a.same_as:
            assert (a.coded_to or "").startswith("C") or a.same_as.startswith(("C", "gn:")), a.id


def test_every_country_and_phrase_word():
    cs = _data.countries()
    assert {"SYR", "IRQ", "TUR"} <= {c.iso3 for c in cs}
    assert next(c for c in cs if c.iso3 == "SYR").iso_num == 760
    for c in cs:
        assert c.source and c.names_ar and -90 <= c.lat <= 90
    w = _data.phrase_words()
    assert w.directions["شرقي"] == "E" and w.direction_adjectives["الشمالي"] == "N"
    assert w.features["قريه"] == ("قريه", True) and w.relations["قرب"] == "near"
    assert "قريبا" not in w.relations and w.linked_relations["قريبا"] == "near"  # after من only
    assert set(w.relations) < set(w.linked_relations)
    assert "عمر" in _data.stoplist() and "الجمعه" in _data.stoplist()
    assert "السجن" in _data.stoplist() and "تدمر" in _data.needs_cue() and "كبيره" in _data.not_names()
    assert not _data.stoplist() & _data.needs_cue()  # a strong cue, or any cue: not both
    assert {s.id for s in _data.sources()} >= {"ocha-communities", "geonames-mena"}


def _km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def test_alias_facts_against_ocha(shared_gaz):
    gaz = shared_gaz
    comms = [p for p in gaz.places() if p.kind == "community" and p.source == "ocha"]
    for a in _data.aliases():
        target = a.same_as or a.coded_to
        if target:
            assert gaz.get(target) is not None, f"{a.id}: {target} not in the gazetteer"
            if a.coded_to:
                assert gaz.get(target).admin1 == a.admin1, a.id
            continue
        dists = sorted(((_km((a.lat, a.lon), (p.lat, p.lon)), p.id, p) for p in comms))
        d, _, near = dists[0]
        same = min((x for x, _, p in dists if p.admin1 == a.admin1), default=999)
        # the nearest community is in the entry's governorate, or one of it is within
        # 6 km (places on a governorate boundary, such as Mezzeh airport; Damascus city
        # is one OCHA point, so 10 km there)
        assert near.admin1 == a.admin1 or same < (10 if a.admin1 == "Damascus" else 6), f"{a.id}: nearest community {near.id} in {near.admin1}"
        assert d < 150, f"{a.id}: {d:.0f} km from any community"  # Rukban is deep in the desert
        if a.pcode:
            p = gaz.get(a.pcode)
            assert p is not None and _km((a.lat, a.lon), (p.lat, p.lon)) < 15, a.id


def test_prominent_abroad_entries():
    names = _data.prominent_abroad()
    assert "صعده" in names and "رام الله" in names
    assert not names & (_data.stoplist() | _data.needs_cue())


def test_prominent_abroad_are_gazetteer_towns_abroad(shared_gaz):
    by_name: dict[str, list] = {}
    for k, pid in shared_gaz.name_entries():
        by_name.setdefault(k, []).append(shared_gaz.get(pid))
    for w in _data.prominent_abroad():
        places = [p for p in by_name.get(w, []) if p is not None]
        assert places, f"{w}: not a gazetteer name"
        assert all(p.country_iso3 != "SYR" for p in places), w
