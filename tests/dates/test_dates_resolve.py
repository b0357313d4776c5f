"""Resolution rules for date expressions, against short sentences."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.dates import find_dates, hijri_to_gregorian, resolve, resolve_default
from marsad.normalize import normalize

PUB = date(2022, 6, 6)  # a Monday


def _res(s: str, pub: date | None = PUB, tense: str = "past"):
    out = find_dates(normalize(s), s)
    assert len(out) == 1, [(d.text, d.kind) for d in out]
    return resolve(out[0], pub, tense=tense)


# (sentence, expected date, precision, background, aggregate)
RULES = [
    ("وقبل يومين، شن المسلحون هجوما.", date(2022, 6, 4), 1, False, False),
    ("قتل جندي أمس في كمين.", date(2022, 6, 5), 1, False, False),
    ("قتل جندي أول أمس في كمين.", date(2022, 6, 4), 1, False, False),
    ("قتل جندي اليوم في كمين.", date(2022, 6, 6), 1, False, False),
    ("كما هاجم المسلحون، يوم الخميس الماضي، موقعا.", date(2022, 6, 2), 1, False, False),
    ("هاجم المسلحون الخميس موقعا.", date(2022, 6, 2), 1, False, False),
    ("هاجم المسلحون يوم الإثنين موقعا.", date(2022, 6, 6), 1, False, False),  # publication's weekday
    ("هاجم المسلحون يوم الإثنين الماضي موقعا.", date(2022, 5, 30), 1, False, False),
    ("دارت اشتباكات ليل السبت الأحد في البلدة.", date(2022, 6, 4), 1, False, False),
    ("قتل الرجل منذ ثلاثة أيام في قريته.", date(2022, 6, 3), 1, False, False),
    ("انسحبت القوات قبل أسبوع، وفق مصادر.", date(2022, 5, 30), 2, False, False),
    ("انسحبت القوات الأسبوع الماضي من البلدة.", date(2022, 5, 30), 2, False, False),
    ("تمكنت القوات قبل أيام من تطويق المدينة.", date(2022, 6, 2), 2, False, False),
    ("ويتعرض الجيب منذ أيام لقصف عنيف.", date(2022, 6, 6), 2, False, False),
    ("تصاعدت الهجمات خلال الأيام الماضية في البادية.", date(2022, 6, 3), 2, False, True),
    ("انسحبت القوات الشهر الماضي من البلدة.", date(2022, 5, 15), 3, False, False),
    ("انسحبت القوات العام الماضي من البلدة.", date(2021, 6, 15), 3, True, False),
    ("وفي عام 2020، ضبطت الشرطة شحنة.", date(2020, 6, 15), 3, True, False),
    ("يسيطر التنظيم على المنطقة منذ عام 2013 تقريبا.", date(2013, 6, 15), 3, True, True),
    ("نفذ التنظيم هجمات بين عامي 2015 و2016 في المنطقة.", date(2015, 6, 15), 3, True, True),
    ("اعتقلت القوات خلال السنوات الأخيرة العديد.", date(2020, 6, 15), 3, True, True),
    ("قصفت الطائرات البلدة في 20 آذار/مارس 2018.", date(2018, 3, 20), 1, False, False),
    ("وتلت معارك السابع من فبراير/شباط.", date(2022, 2, 7), 1, False, False),
    ("وفي الأول من تشرين الثاني/نوفمبر أصيب اثنان.", date(2021, 11, 1), 1, False, False),  # previous year
    ("استخدم الغاز في أغسطس/آب عام 2013 في الغوطة.", date(2013, 8, 15), 3, False, False),
    ("قتل أربعون في هجوم في أبريل/ نيسان.", date(2022, 4, 15), 3, False, False),
    ("بدأت الحكومة هجوما في يونيو/حزيران على المنطقة.", date(2022, 6, 6), 3, False, False),  # clamped
    ("التقى الطرفان في حزيران/يونيو الماضي.", date(2021, 6, 15), 3, False, False),
    ("وقع الانفجار في 5 رمضان 1439 هـ في السوق.", hijri_to_gregorian(1439, 9, 5), 1, False, False),
    ("زارها في 16 و17 مايو/أيار الجاري.", date(2022, 5, 16), 2, False, True),
    # "until": the end of a period, not the day of one event
    ("بقي الطريق مغلقا حتى أيلول 2019.", date(2019, 9, 15), 3, False, True),
    ("استمر الحصار حتى 15 آب 2019 على البلدة.", date(2019, 8, 15), 1, False, True),
    ("حكم المجلس البلدة من عام 2012 حتى عام 2015.", date(2012, 6, 15), 3, True, True),
]


@pytest.mark.parametrize("sentence,expected,precision,background,aggregate", RULES, ids=[r[0][:30] for r in RULES])
def test_resolution_rules(sentence, expected, precision, background, aggregate):
    r = _res(sentence)
    assert r.error is None, r
    assert (r.date, r.time_precision, r.background, r.aggregate) == (expected, precision, background, aggregate), r
    assert r.rule


def test_weekday_last_rule_text():
    r = _res("كما هاجم المسلحون، يوم الخميس الماضي، موقعا.")
    assert r.rule.startswith("weekday-last:") and "2022-06-02" in r.rule


def test_future_date_in_past_report_is_flagged():
    r = _res("قتل جندي غدا في كمين.")
    assert r.date == date(2022, 6, 7)
    assert r.error and "after publication" in r.error
    r = _res("قتل جندي في 20 حزيران/يونيو 2022.")
    assert r.date == date(2022, 6, 20) and r.error


def test_future_tense_weekday_is_next():
    r = _res("سيعقد الاجتماع يوم الخميس المقبل.", tense="future")
    assert r.date == date(2022, 6, 9) and r.error is None


@pytest.mark.parametrize("sentence", ["قتل جندي أمس.", "هاجم المسلحون يوم الخميس الماضي موقعا.", "انسحبت القوات قبل أيام."])
def test_no_publication_date_relative(sentence):
    r = _res(sentence, pub=None)
    assert r.date is None and r.error == "no publication date"


def test_no_publication_date_absolute_still_resolves():
    r = _res("قصفت الطائرات البلدة في 20 آذار/مارس 2018.", pub=None)
    assert r.date == date(2018, 3, 20) and r.error is None


def test_hijri_tabular_known_dates():
    # the epoch: 1 Muharram 1 AH = 16 July 622 Julian = 19 July 622 proleptic Gregorian
    assert hijri_to_gregorian(1, 1, 1) == date(622, 7, 19)
    # tabular 1 Muharram 1439 is Friday 22 September 2017 (Umm al-Qura: the 21st)
    assert hijri_to_gregorian(1439, 1, 1) == date(2017, 9, 22)
    assert hijri_to_gregorian(1439, 9, 1) == date(2018, 5, 16)
    # a 30-year cycle is 10631 days
    assert (hijri_to_gregorian(1470, 1, 1) - hijri_to_gregorian(1440, 1, 1)).days == 10631
    with pytest.raises(ValueError):
        hijri_to_gregorian(1439, 13, 1)


def test_weekday_mismatch_lowers_confidence():
    good = _res("هاجموا في الثلاثاء 31 أيار/مايو 2022 موقعا.")
    bad = _res("هاجموا في الأربعاء 31 أيار/مايو 2022 موقعا.")
    assert good.date == bad.date == date(2022, 5, 31)
    assert bad.confidence < good.confidence


def test_resolve_default():
    cue = resolve_default(PUB, today_cue=True)
    plain = resolve_default(PUB, today_cue=False)
    assert cue.date == plain.date == PUB and cue.time_precision == plain.time_precision == 1
    assert cue.confidence > plain.confidence
    assert cue.rule != plain.rule
    none = resolve_default(None, today_cue=True)
    assert none.date is None and none.error == "no publication date"
