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


SUPPORT_CASES = [
    # aircraft named as the support of a ground operation are not its means
    ("وصد الجيش، بإسناد جوي من طائرات التحالف، هجمات المسلحين", []),
    ("اقتحمت القوات الموقع وبإسناد جوي قوي لطيران التحالف", []),
    ("بعد هجوم شنته بدعم جوي من الطيران الروسي على البلدة", []),
    ("تقدمت القوات بغطاء من المقاتلات الحربية", []),
    ("تقدمت القوات بمساندة طائرات مسيرة", []),
    # ... but a strike word after the support phrase still names a strike
    ("بإسناد جوي من غارات التحالف", [("غارات", "air_strike")]),
    # ... and aircraft that strike are a means, even with the word دعم nearby
    ("في إطار دعم العمليات قصفت طائرات التحالف مواقع", [("طائرات", "air_strike")]),
    ("أعلن دعمه للحكومة، وقصفت طائرات التحالف مواقع", [("طائرات", "air_strike")]),
    ("قدم الدعم. طائرات التحالف قصفت المواقع", [("طائرات", "air_strike")]),
]


@pytest.mark.parametrize("sentence,expected", SUPPORT_CASES, ids=[c[0][:25] for c in SUPPORT_CASES])
def test_air_support_is_not_the_means(sentence, expected):
    assert _means(sentence) == expected


def test_support_sections_load_and_each_aircraft_is_an_air_means():
    from marsad.recognize.lexicon import key
    from marsad.recognize.means import means_lexicon

    lex = means_lexicon()
    support = DATA["support"]
    assert len(lex.aircraft) == len(support["aircraft"])
    for w in support["aircraft"]:
        assert lex.table[key(w)] in ("air_strike", "drone"), w
    for w in support["words"]:
        for written in (w, f"وب{w}", f"بال{w}", f"لل{w}"):
            assert key(written) in lex.support, written
    for w in support["between"]:
        assert key(w) in lex.between and key(f"ال{w}") in lex.between, w
