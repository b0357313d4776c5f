"""Recognition of date expressions: every form, written as short test sentences."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from marsad.dates import find_dates
from marsad.dates.parse import _prev_word
from marsad.normalize import normalize


def _find(s: str):
    out = find_dates(normalize(s), s)
    for d in out:
        assert s[d.span.start : d.span.end] == d.text
    return out


def _one(s: str):
    out = _find(s)
    assert len(out) == 1, [(d.text, d.kind) for d in out]
    return out[0]


# (sentence, expected text, expected fields)
CASES = [
    ("قصفت الطائرات البلدة في 20 آذار/مارس 2018.", "20 آذار/مارس 2018", dict(kind="absolute", year=2018, month=3, day=20)),
    ("وقعت المعارك الثلاثاء 20 مارس في الريف.", "الثلاثاء 20 مارس", dict(kind="absolute", month=3, day=20, weekday=1, year=None)),
    ("صدر البيان بتاريخ 2018/3/20 عن الوزارة.", "2018/3/20", dict(kind="absolute", year=2018, month=3, day=20)),
    ("صدر البيان بتاريخ 20-3-2018 عن الوزارة.", "20-3-2018", dict(kind="absolute", year=2018, month=3, day=20)),
    ("وجرى ذلك في الخامس من كانون الثاني/يناير 2016 عند الحاجز.", "الخامس من كانون الثاني/يناير 2016", dict(kind="absolute", year=2016, month=1, day=5)),
    ("هاجموا القوات في 7 فبراير/شباط الماضي.", "7 فبراير/شباط الماضي", dict(kind="absolute", month=2, day=7, qualifier="last")),
    ("وتلت معارك السابع من فبراير/شباط.", "السابع من فبراير/شباط", dict(kind="absolute", month=2, day=7)),
    ("في الحادي والعشرين من أيار/مايو قتل جندي.", "الحادي والعشرين من أيار/مايو", dict(kind="absolute", month=5, day=21)),
    ("وصل الوفد في 3 مارس/آذار.", "3 مارس/آذار", dict(kind="absolute", month=3, day=3)),
    ("بدأ الهجوم في 12 أغسطس/ آب 2013.", "12 أغسطس/ آب 2013", dict(kind="absolute", month=8, day=12, year=2013)),
    ("عاد إلى البلاد في 4 جويلية 2018.", "4 جويلية 2018", dict(kind="absolute", month=7, day=4, year=2018)),
    ("جرى ذلك في 9 أوت 2018.", "9 أوت 2018", dict(kind="absolute", month=8, day=9)),
    ("وقع الانفجار في 5 رمضان 1439 هـ في السوق.", "5 رمضان 1439 هـ", dict(kind="absolute", calendar="hijri", year=1439, month=9, day=5)),
    ("انسحب المقاتلون اليوم من البلدة.", "اليوم", dict(kind="relative_day", offset_days=0)),
    ("وأمس قتل جندي.", "أمس", dict(kind="relative_day", offset_days=-1)),
    ("قتل جندي البارحة في كمين.", "البارحة", dict(kind="relative_day", offset_days=-1)),
    ("قتل جندي أول أمس في كمين.", "أول أمس", dict(kind="relative_day", offset_days=-2)),
    ("شنت الطائرات فجر اليوم غارات.", "فجر اليوم", dict(kind="relative_day", offset_days=0, part_of_day="dawn")),
    ("شنت الطائرات صباح اليوم غارات.", "صباح اليوم", dict(kind="relative_day", offset_days=0, part_of_day="morning")),
    ("سقطت قذائف مساء أمس على الحي.", "مساء أمس", dict(kind="relative_day", offset_days=-1, part_of_day="evening")),
    ("سقطت قذائف يوم أمس الخميس على الحي.", "يوم أمس الخميس", dict(kind="relative_day", offset_days=-1, weekday=3)),
    ("سقطت قذائف مساء الأحد على الحي.", "مساء الأحد", dict(kind="weekday", weekday=6, part_of_day="evening")),
    ("دارت اشتباكات ليل السبت الأحد في البلدة.", "ليل السبت الأحد", dict(kind="weekday", weekday=5, weekday2=6, part_of_day="night")),
    ("هاجم الحرس فجر الإثنين مقرا.", "فجر الإثنين", dict(kind="weekday", weekday=0, part_of_day="dawn")),
    ("وقبل يومين، شن المسلحون هجوما.", "قبل يومين", dict(kind="relative_period", unit="day", count=2)),
    ("قتل الرجل منذ ثلاثة أيام في قريته.", "منذ ثلاثة أيام", dict(kind="relative_period", unit="day", count=3, qualifier="since")),
    ("انسحبت القوات قبل أسبوع، وفق مصادر محلية.", "قبل أسبوع", dict(kind="relative_period", unit="week", count=1)),
    ("انسحبت القوات الأسبوع الماضي من البلدة.", "الأسبوع الماضي", dict(kind="relative_period", unit="week", direction="past", qualifier="last")),
    ("انسحبت القوات هذا الأسبوع من البلدة.", "هذا الأسبوع", dict(kind="relative_period", unit="week", direction="current")),
    ("انسحبت القوات الشهر الماضي من البلدة.", "الشهر الماضي", dict(kind="relative_period", unit="month", direction="past")),
    ("انسحبت القوات العام الماضي من البلدة.", "العام الماضي", dict(kind="relative_period", unit="year", direction="past")),
    ("كما هاجم المسلحون، يوم الخميس الماضي، موقعا للجيش.", "يوم الخميس الماضي", dict(kind="weekday", weekday=3, direction="past", qualifier="last")),
    ("هاجم المسلحون الخميس موقعا للجيش.", "الخميس", dict(kind="weekday", weekday=3)),
    ("هاجم المسلحون يوم الخميس موقعا للجيش.", "يوم الخميس", dict(kind="weekday", weekday=3)),
    ("وفي عام 2020، ضبطت الشرطة شحنة.", "عام 2020", dict(kind="year", year=2020)),
    ("تأسس الفصيل عام 2017 في الشمال.", "عام 2017", dict(kind="year", year=2017)),
    ("يطبق القرار اعتبارا من عام 2020 في البلاد.", "اعتبارا من عام 2020", dict(kind="year", year=2020, qualifier="since")),
    ("يسيطر التنظيم على المنطقة منذ عام 2013 تقريبا.", "منذ عام 2013", dict(kind="year", year=2013, qualifier="since")),
    ("نفذ التنظيم هجمات بين عامي 2015 و2016 في المنطقة.", "بين عامي 2015 و2016", dict(kind="range", year=2015, end_year=2016)),
    ("زارها في 16 و17 مايو/أيار الجاري.", "16 و17 مايو/أيار الجاري", dict(kind="range", month=5, day=16, end_day=17)),
    ("اعتقلت القوات خلال السنوات الأخيرة العديد.", "خلال السنوات الأخيرة", dict(kind="relative_period", unit="year", count=None, qualifier="during")),
    ("تصاعدت الهجمات في الآونة الأخيرة في البادية.", "الآونة الأخيرة", dict(kind="vague")),
    ("تمكنت القوات قبل أيام من تطويق المدينة.", "قبل أيام", dict(kind="relative_period", unit="day", count=None, approximate=True)),
    ("تصاعدت الهجمات خلال الأيام الماضية في البادية.", "خلال الأيام الماضية", dict(kind="relative_period", unit="day", qualifier="during")),
    ("تصاعدت الهجمات مؤخرا في البادية.", "مؤخرا", dict(kind="vague")),
    ("استخدم الغاز في أغسطس/آب عام 2013 في الغوطة.", "أغسطس/آب عام 2013", dict(kind="month", month=8, year=2013)),
    ("بدأت الحكومة هجوما في يونيو/حزيران على المنطقة.", "يونيو/حزيران", dict(kind="month", month=6, year=None)),
    ("قتل أربعون في هجوم في أبريل/ نيسان.", "أبريل/ نيسان", dict(kind="month", month=4)),
    ("التقى الطرفان في نيسان/أبريل الماضي.", "نيسان/أبريل الماضي", dict(kind="month", month=4, qualifier="last")),
    ("تنتهي المهلة منتصف حزيران/يونيو.", "منتصف حزيران/يونيو", dict(kind="month", month=6, part_of_month="mid")),
    ("وقع ذلك في شهر مارس من العام الماضي.", "شهر مارس من العام الماضي", dict(kind="month", month=3, unit="year", count=-1)),
    ("صدر القرار في 2017.", "2017", dict(kind="year", year=2017)),
    ("أعلن ذلك عام 1439 هـ.", "عام 1439 هـ", dict(kind="year", year=1439, calendar="hijri")),
    ("تقدمت القوات في الأيام الأخيرة نحو المدينة.", "في الأيام الأخيرة", dict(kind="relative_period", unit="day", qualifier="during")),
    ("ويتعرض الجيب منذ أيام لقصف عنيف.", "منذ أيام", dict(kind="relative_period", unit="day", qualifier="since", count=None)),
    # words written with alef maqsura (حتى، إلى، على): the text is folded (ى → ي)
    ("حكم المجلس البلدة من عام 2012 حتى عام 2015.", "من عام 2012 حتى عام 2015", dict(kind="range", year=2012, end_year=2015)),
    ("أغلق المعبر من 3 إلى 6 تموز.", "من 3 إلى 6 تموز", dict(kind="range", month=7, day=3, end_day=6)),
    ("بقي الطريق مغلقا حتى أيلول 2019.", "حتى أيلول 2019", dict(kind="month", month=9, year=2019, qualifier="until")),
    ("يستمر الحظر حتى 15 آب 2019 في المدينة.", "حتى 15 آب 2019", dict(kind="absolute", month=8, day=15, qualifier="until")),
    ("تعطلت الدراسة من الأحد إلى الخميس.", "الأحد إلى الخميس", dict(kind="weekday", weekday=6, weekday2=3)),
    ("دارت اشتباكات ليل الجمعة على السبت في البلدة.", "ليل الجمعة على السبت", dict(kind="weekday", weekday=4, weekday2=5, part_of_day="night")),
]


@pytest.mark.parametrize("sentence,text,fields", CASES, ids=[c[1] for c in CASES])
def test_date_forms(sentence, text, fields):
    d = _one(sentence)
    assert d.text == text
    for k, v in fields.items():
        assert getattr(d, k) == v, (k, getattr(d, k), v)


NOT_DATES = [
    "أدى المصلون صلاة الجمعة في المسجد.",
    "مارس الرياضة في النادي.",
    "وقف عند باب البيت.",
    "عاد الأب إلى البيت.",
    "وصل في اليوم التالي إلى المدينة.",
    "بلغ عددهم 2017 شخصا في المخيم.",
    "قبل يومين من الانتخابات أعلن الحزب برنامجه.",
    "وصل قبل أسبوع من موعد الاجتماع.",
    "وقف الأحد عشر لاعبا في الملعب.",
]


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence):
    assert _find(sentence) == []


def test_several_dates_in_one_sentence():
    s = "وقعت غارات في 14 تشرين الثاني/نوفمبر و27 كانون الأول/ديسمبر 2017 و9 كانون الثاني/يناير 2018 وخلفت قتلى."
    out = _find(s)
    assert [(d.day, d.month, d.year) for d in out] == [(14, 11, None), (27, 12, 2017), (9, 1, 2018)]


def test_weekday_confidence_depends_on_context():
    strong = _one("قتل جندي يوم الجمعة في كمين.")
    bare = _one("قتل جندي الجمعة في كمين.")
    assert strong.confidence > bare.confidence
    commas = _one("قتل جندي، السبت، في كمين.")
    plain = _one("قتل جندي السبت في كمين.")
    assert commas.confidence > plain.confidence


def test_diacritics_and_clitics_keep_raw_span():
    s = "وَفِي عَامِ 2020، ضُبِطَتْ شُحْنَةٌ وقبلَ يومَينِ هُوجِمَ موقعٌ"
    out = _find(s)
    assert [d.kind for d in out] == ["year", "relative_period"]
    assert out[1].text == "قبلَ يومَينِ"


def test_records_are_frozen_and_picklable():
    import dataclasses
    import pickle

    d = _one("قتل جندي أمس.")
    assert pickle.loads(pickle.dumps(d)) == d
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.day = 3  # type: ignore[misc]


_PREV_WORD_PIECES = st.sampled_from(["في", "يوم", "الخميس", " ", "  ", "3", "٣", "_", ",", "\n", "x", "ـ", "²"])


@settings(max_examples=800, deadline=None)
@given(st.lists(_PREV_WORD_PIECES, max_size=14).map("".join), st.integers(0, 60))
def test_the_word_before_a_date_is_what_the_backward_regex_search_finds(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    m = re.compile(r"([^\W\d_]+)[ ]*$").search(text, max(0, pos - 24), pos)
    assert _prev_word(text, pos) == (m.group(1) if m else "")
