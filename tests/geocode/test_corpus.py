"""Against the shared development data (skipped when ../shared is absent)."""
from __future__ import annotations

import json
import math

import pytest

from marsad.geocode.resolve import Geocoder
from marsad.model import MentionKind
from marsad.normalize import fold, normalize
from marsad.recognize.places import PlaceRecognizer

from pathlib import Path as _P
SHARED = _P(__file__).resolve().parents[3] / "shared"

pytestmark = pytest.mark.corpus


def _km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def tools(shared_gaz):
    return PlaceRecognizer(shared_gaz), Geocoder(shared_gaz)


def _sentence_location(tools, doc, sentence):
    rec, geo = tools
    ctx = geo.context(rec.find(normalize(doc), doc))
    ms = rec.find(normalize(sentence), sentence)
    phrases = sorted((m for m in ms if m.kind is MentionKind.PLACE_PHRASE), key=lambda m: m.span.start)
    return ms, geo.locate(phrases + [m for m in ms if m.kind is MentionKind.PLACE], ctx)


def test_seed_article(tools):
    path = SHARED / "corpus" / "seed" / "alaraby-isis-tactics.txt"
    if not path.is_file():
        pytest.skip("seed article absent")
    doc = path.read_text(encoding="utf-8")
    s1 = next(l for l in doc.split("\n") if "البواردي" in l)
    s1 = s1[s1.index("وقبل"):] if "وقبل" in s1 else s1
    _, loc = _sentence_location(tools, doc, s1)
    assert (loc.geo_id, loc.admin1, loc.geo_precision) == ("C4519", "Al-Hasakeh", 2)
    s2 = next(l for l in doc.split("\n") if "القريتين" in l)
    _, loc = _sentence_location(tools, doc, s2)
    assert (loc.geo_id, loc.admin1, loc.geo_precision) == ("C2663", "Homs", 2)


def test_gold_locations(tools):
    gold = SHARED / "gold" / "dev.jsonl"
    rec, geo = tools
    total = recognised = near = 0
    misses = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for e in d["events"]:
            loc, ev = e["location"], e["evidence"]
            name = loc.get("name_ar")
            if not name or fold(name) not in fold(ev):
                continue
            total += 1
            ms = rec.find(normalize(ev), ev)
            hit = [m for m in ms if fold(m.text).find(fold(name)) >= 0 or fold(name).find(fold(m.text)) >= 0]
            recognised += bool(hit)
            if not hit:
                misses.append(f"not recognised: {name} in {ev[:60]}")
            cands = hit or sorted((m for m in ms if m.kind is MentionKind.PLACE_PHRASE),
                                  key=lambda m: m.span.start)
            got = geo.locate(cands, geo.context(ms))
            if got and got.latitude is not None and _km((got.latitude, got.longitude), (loc["lat"], loc["lon"])) <= 25:
                near += 1
            else:
                misses.append(f"far: {name} -> {got and (got.geo_id, got.rule)}")
    print(f"\ngold locations: {total}; recognised {recognised} ({recognised / total:.0%}); "
          f"within 25 km {near} ({near / total:.0%})")
    for m in misses:
        print("  ", m)
    assert total >= 40
    assert recognised / total >= 0.9
    assert near / total >= 0.85


@pytest.mark.parametrize("sentence,geo_id,precision,rule", [
    ("قصف على الضفة الشرقية لنهر الفرات", "C4360", 3, "region:alias:east-euphrates"),
    ("هجمات التنظيم في البادية السورية", "C2889", 3, "region:alias:syrian-badia"),
    ("غارات على الغوطة الشرقية", "C2338", 3, "region:alias:eastern-ghouta"),
    ("قصف على مطار التيفور", "alias:t4-airbase", 1, "town"),
    ("قصف على منطقة حارة تنين الواقعة قرب تل رفعت", "C1647", 2, "area-of-town"),
])
def test_regions_and_facilities(tools, sentence, geo_id, precision, rule):
    ms, loc = _sentence_location(tools, sentence, sentence)
    assert (loc.geo_id, loc.geo_precision, loc.rule) == (geo_id, precision, rule)
