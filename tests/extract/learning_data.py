"""A tiny training set written for the tests (no corpus, gold or GSR text): short
articles of our own with their gold events and non-events, and GSR-style sentences,
over the places of the hand-written test gazetteer (tests/gazetteer_fixture.py).

Each article reports one real event and refers to another one the way news does
(a condemnation, a threat, an anniversary), so that a model can learn the difference
from the words around the trigger."""

from __future__ import annotations

import csv
import json
from pathlib import Path

_REAL = [
    ("قتل خمسة مدنيين، أمس الثلاثاء، في غارة جوية لقوات النظام على مدينة دوما.", "Explosions/Remote violence",
     "دوما", 33.57, 36.40),
    ("اندلعت اشتباكات عنيفة اليوم بين قوات النظام وفصائل المعارضة في مدينة حرستا.", "Battles", "حرستا", 33.56, 36.36),
    ("وقصفت قوات النظام بالمدفعية مدينة كفر نبل صباح اليوم، ما أدى إلى مقتل طفلين.", "Explosions/Remote violence",
     "كفر نبل", 35.61, 36.56),
    ("سيطر تنظيم داعش على مدينة القريتين بعد معارك مع قوات النظام أمس.", "Battles", "القريتين", 34.23, 37.24),
    ("شنت طائرات النظام غارات على مدينة إدلب صباح اليوم.", "Explosions/Remote violence", "إدلب", 35.93, 36.63),
    ("هاجم مسلحون حاجزا لقوات النظام في مدينة حمص فجر اليوم.", "Battles", "حمص", 34.72, 36.71),
]
# what each article adds about another place: a reference, not an event
_REFERENCES = [
    "وأدانت الخارجية الهجوم على مدينة عفرين.",
    "وأدان المجلس الهجوم على مدينة تدمر.",
    "وأدانت منظمات حقوقية القصف على مدينة حلب.",
    "وأدان ناشطون الهجوم على مدينة الرقة.",
    "وأدانت الحكومة الغارات على مدينة دير الزور.",
    "وأدان المبعوث الهجوم على مدينة الحسكة.",
]
PUBLISHED = "2019-05-15"


def articles() -> list[dict]:
    return [
        {"doc_id": f"own-{i}", "published": PUBLISHED, "title": "", "source": "test",
         "text": f"{real}\n{ref}\n"}
        for i, ((real, *_), ref) in enumerate(zip(_REAL, _REFERENCES))
    ]


def gold() -> list[dict]:
    out = []
    for i, ((real, etype, place, lat, lon), ref) in enumerate(zip(_REAL, _REFERENCES)):
        out.append({
            "doc_id": f"own-{i}", "published": PUBLISHED,
            "events": [{"id": "e1", "required": True, "event_type": etype, "sub_event_type": [],
                        "actor1": [], "actor2": [],
                        "location": {"name_ar": place, "lat": lat, "lon": lon, "geo_precision": 1},
                        "event_date": None, "time_precision": 1, "fatalities": None, "evidence": real}],
            "non_events": [{"evidence": ref, "why": "reference"}],
        })
    return out


GSR_ROWS = [
    ("ASSAULT", "yes", "قتل ثلاثة جنود في هجوم على حاجز في مدينة حمص أمس."),
    ("ASSAULT", "yes", "وقصفت المدفعية مدينة إدلب اليوم وقتل مدني."),
    ("ASSAULT", "difficult no", "وأدان الرئيس الهجوم على مدينة حلب."),
    ("ASSAULT", "easy no", "وبحث الوزيران العلاقات بين البلدين."),
    ("ASSAULT", "ambiguous", "وقالت مصادر إن الهجوم على مدينة تدمر كان متوقعا."),
    ("PROTEST", "yes", "تظاهر مئات الأشخاص في مدينة دمشق أمس احتجاجا على غلاء الأسعار."),
    ("PROTEST", "easy no", "وافتتح الوزير معرضا للكتاب في مدينة دمشق."),
]


def write(tmp: Path) -> dict[str, Path]:
    """Write the corpus (JSONL), the gold (JSONL) and a GSR file (CSV) into ``tmp``."""
    paths = {"corpus": tmp / "own-corpus.jsonl", "gold": tmp / "own-gold.jsonl", "gsr": tmp / "own-gsr.csv"}
    paths["corpus"].write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles()), encoding="utf-8")
    paths["gold"].write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold()), encoding="utf-8")
    with paths["gsr"].open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["", "accept", "event_type", "id", "label", "reject", "text", "total"])
        for i, (cat, label, text) in enumerate(GSR_ROWS):
            w.writerow([i, 3, cat, f"OWN_ARB_20190514.{i:04d}-1", label, 0, text, 3])
    return paths
