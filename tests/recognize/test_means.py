"""Means of violence: every phrase, longest-match priority, clitics and the article."""

from __future__ import annotations

import pytest

from marsad.recognize.lexicon import load_data
from marsad.normalize import normalize
from marsad.recognize.means import MEANS_IDS, find_means


def _means(s: str):
    out = find_means(normalize(s), s)
    for m in out:
        assert s[m.span.start : m.span.end] == m.text
    return [(m.text, m.means) for m in out]


CASES = [
    ("قتل 11 طفلا بغارة جوية استهدفت مدرسة", [("غارة جوية", "air_strike")]),
    ("وشنت الطائرات الحربية غارات على البلدة", [("الطائرات الحربية", "air_strike"), ("غارات", "air_strike")]),
    ("استهدفت طائرة مسيّرة سيارة", [("طائرة مسيّرة", "drone")]),
    ("ألقت المروحيات براميل متفجرة", [("المروحيات", "air_strike"), ("براميل متفجرة", "barrel_bomb")]),
    # the aircraft name the means where the verb is the generic قصف
    ("قصف الطيران الروسي البلدة", [("قصف", "shelling"), ("الطيران", "air_strike")]),
    ("قصفت مقاتلات التحالف مواقع المسلحين", [("مقاتلات", "air_strike")]),
    ("تعرضت البلدة للقصف المدفعي", [("قصف المدفعي", "artillery")]),
    ("سقطت قذائف الهاون على الحي", [("قذائف الهاون", "mortar")]),
    ("شن الحرس هجوما صاروخيا على المقر", [("هجوما صاروخيا", "missile")]),
    ("استهدفت صواريخ مستودعات الجيش", [("صواريخ", "missile")]),
    ("سقطت قذائف على الحي", [("قذائف", "rocket")]),
    ("انفجرت عبوة ناسفة بدورية", [("عبوة ناسفة", "ied")]),
    ("ضربة استهدفت آلية مفخخة", [("آلية مفخخة", "car_bomb")]),
    ("نفذ التنظيم هجمات انتحارية في المدينة", [("هجمات انتحارية", "suicide")]),
    ("فجر انتحاري حزاما ناسفا", [("انتحاري", "suicide")]),
    ("قتل طفل بانفجار لغم أرضي", [("لغم أرضي", "landmine")]),
    ("قتل برصاص قناص في الحي", [("رصاص قناص", "sniper")]),
    ("أسقط غاز سام على المدينة", [("غاز سام", "chemical")]),
    ("تسجيل 70 حالة اختناق", [("حالة اختناق", "chemical")]),
    ("ألقيت قنابل عنقودية على القرية", [("قنابل عنقودية", "cluster")]),
    ("قتل بإطلاق نار في الشارع", [("إطلاق نار", "gunfire")]),
    ("ألقى قنبلة يدوية على الدورية", [("قنبلة يدوية", "grenade")]),
    ("قتل طعنا في منزله", [("طعنا", "stabbing")]),
    ("تعرضت البلدة لقصف عنيف", [("قصف", "shelling")]),
    ("قتل في قصف جوي على المدينة", [("قصف جوي", "air_strike")]),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:25] for c in CASES])
def test_means_phrases(sentence, expected):
    assert _means(sentence) == expected


def test_chemical_plural_choking_cases():
    assert _means("سجلت حالات اختناق في المدينة") == [("حالات اختناق", "chemical")]


def test_not_means():
    assert _means("خرجت مسيرة احتجاجية في المدينة") == []
    assert _means("تقصف الأخبار") == []  # not at a word start


DATA = load_data("means.yaml")
ENTRIES = [(mid, w) for mid, ws in DATA["means"].items() for w in ws]


def test_ids_are_the_documented_ones():
    assert set(DATA["means"]) == set(MEANS_IDS)


@pytest.mark.parametrize("mid,word", ENTRIES)
def test_every_entry(mid, word):
    out = find_means(normalize(f"قتل جندي وب{word} في المدينة"))
    assert [m.means for m in out] == [mid]
