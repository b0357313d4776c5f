"""Property: every record of the four recognisers maps back to the raw text exactly,
even with diacritics and tatweel inserted anywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dates import find_dates
from marsad.normalize import normalize
from marsad.recognize.casualties import find_casualties
from marsad.recognize.means import find_means
from marsad.recognize.numbers import find_numbers

BASE = [
    "وقبل يومين، قتل 12 طفلا بغارة جوية استهدفت البلدة.",
    "كما هاجم المسلحون، يوم الخميس الماضي، موقعا بقذائف الهاون.",
    "وفي الخامس من كانون الثاني/يناير 2016 قتل مدنيان وأصيب آخران.",
    "خلف القصف أمس ما لا يقل عن ثلاثين قتيلا، من بينهم سبعة أطفال.",
    "خلف الهجوم عشرات القتلى والعديد من الجرحى منذ عام 2013.",
    "وقتل ستة آلاف و259 شخصا خلال السنوات الأخيرة بسيارة مفخخة فجر اليوم.",
]
MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0640", "\u200f"]


@st.composite
def decorated(draw):
    text = draw(st.sampled_from(BASE))
    out = []
    for ch in text:
        out.append(ch)
        if ch.isalpha() and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(MARKS)))
    return "".join(out)


def _check(raw, records):
    for r in records:
        assert raw[r.span.start : r.span.end] == r.text
        assert r.span == normalize(raw).to_raw(r.nstart, r.nend)


@settings(max_examples=150, deadline=None)
@given(decorated())
def test_spans_map_back_to_raw(raw):
    norm = normalize(raw)
    plain = normalize(raw.translate({ord(m): None for m in MARKS}))
    dates = find_dates(norm, raw)
    nums = find_numbers(norm, raw)
    cas = find_casualties(norm, nums, raw)
    means = find_means(norm, raw)
    for recs in (dates, nums, cas, means):
        _check(raw, recs)
    # the marks change nothing but the raw spans
    assert [d.kind for d in dates] == [d.kind for d in find_dates(plain)]
    assert [n.value for n in nums] == [n.value for n in find_numbers(plain)]
    assert [(c.kind, c.count) for c in cas] == [(c.kind, c.count) for c in find_casualties(plain)]
    assert [m.means for m in means] == [m.means for m in find_means(plain)]
    assert dates  # every base sentence has a date expression
