"""Casualty phrases: killed vs wounded vs captured/missing, counts, groups, subsets, aggregates."""

from __future__ import annotations

import pytest

from marsad.recognize.lexicon import load_data
from marsad.normalize import normalize
from marsad.recognize.casualties import find_casualties
from marsad.recognize.numbers import find_numbers


def _cas(s: str):
    norm = normalize(s)
    out = find_casualties(norm, find_numbers(norm, s), raw=s)
    for c in out:
        assert s[c.span.start : c.span.end] == c.text
    return [(c.kind, c.count, c.group, c.subset, c.aggregate) for c in out]


CASES = [
    ("قتل 16 طفلا في غارة على مدرسة.", [("killed", 16, "children", False, False)]),
    ("أدى القصف إلى مقتل ما لا يقل عن خمسين شخصا.", [("killed", 50, "people", False, False)]),
    ("وذكر مسعف أن رجلا واحدا على الأقل قتل كما أصيب 6 مدنيين بالقصف.",
     [("killed", 1, "people", False, False), ("wounded", 6, "civilians", False, False)]),
    ("خلف الهجوم عشرات القتلى والعديد من الجرحى.", [("killed", 10, None, False, False), ("wounded", None, None, False, False)]),
    ("تسببت الغارة بسقوط قتلى في البلدة.", [("killed", None, None, False, False)]),
    ("وقتلت الغارات 80 شخصا، من بينهم 14 طفلا في البلدة.",
     [("killed", 80, "people", False, False), ("killed", 14, "children", True, False)]),
    ("تخطت حصيلة القتلى جراء الهجمات الانتحارية عتبة 220 قتيلا.", [("killed", 220, None, False, False)]),
    ("قال مسعفون إن 150 شخصا على الأقل قتلوا في الهجوم.", [("killed", 150, "people", False, False)]),
    ("قتل مدنيان في ضربة جوية.", [("killed", 2, "civilians", False, False)]),
    ("قتل ثلاثة مدنيين وأصيب آخران بقذيفة.", [("killed", 3, "civilians", False, False), ("wounded", 2, "people", False, False)]),
    ("أسفرت الضربات عن أربعة قتلى وأربعة جرحى.", [("killed", 4, None, False, False), ("wounded", 4, None, False, False)]),
    ("لترتفع حصيلة القتلى منذ بداية الهجوم إلى 250 مدنيا.", [("killed", 250, "civilians", False, True)]),
    ("وخلال ثلاثة أسابيع قتل 1200 مدني في الغوطة.", [("killed", 1200, "civilians", False, True)]),
    ("لقي 5 جنود حتفهم في كمين.", [("killed", 5, "soldiers", False, False)]),
    ("أودى الانفجار بحياة 12 شخصا.", [("killed", 12, "people", False, False)]),
    ("ما تسبب بجرح 3 مدنيين.", [("wounded", 3, "civilians", False, False)]),
    ("وأصيب 20 عنصرا من الشرطة.", [("wounded", 20, "fighters", False, False)]),
    ("اختطف المسلحون 4 نساء من القرية.", [("captured", 4, "women", False, False)]),
    ("لا يزال 7 أشخاص في عداد المفقودين.", [("missing", 7, "people", False, False)]),
    ("قتل 5 أشخاص قبل يومين في القرية.", [("killed", 5, "people", False, False)]),
    ("قتل في 7 فبراير 3 جنود في الهجوم.", [("killed", 3, "soldiers", False, False)]),
    ("وأعدم التنظيم 9 رجال في الساحة.", [("killed", 9, "people", False, False)]),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:25] for c in CASES])
def test_casualty_phrases(sentence, expected):
    assert _cas(sentence) == expected


def test_qualified_figure_is_approximate_and_conservative():
    norm = normalize("قتل أكثر من 40 شخصا في الهجوم.")
    (c,) = find_casualties(norm)
    assert c.count == 40 and c.approximate and c.number is not None and c.number.qualifier == "more_than"


def test_no_number_across_clause_or_other_units():
    assert _cas("قصفت الطائرات 3 قرى. وسقط قتلى في البلدة.") == [("killed", None, None, False, False)]
    assert _cas("قتل جندي منذ 3 أيام.") == [("killed", None, None, False, False)]


DATA = load_data("casualties.yaml")
TRIGGERS = [(k, r, w) for k, roles in DATA["triggers"].items() for r, ws in roles.items() for w in ws]


@pytest.mark.parametrize("kind,role,word", TRIGGERS)
def test_every_trigger(kind, role, word):
    s = {"verb": f"وقالوا إن 5 أشخاص و{word}", "event": f"أسفر عن و{word} 5 أشخاص", "count": f"خلف الهجوم 5 و{word}"}[role]
    out = _cas(s)
    assert len(out) == 1 and out[0][0] == kind and out[0][1] == 5, out


GROUPS = [(g, w) for g, ws in DATA["groups"].items() for w in ws]


@pytest.mark.parametrize("group,word", GROUPS)
def test_every_group(group, word):
    (c,) = _cas(f"قتل 9 و{word} في القصف")
    assert c[1] == 9 and c[2] == group


@pytest.mark.parametrize("word", DATA["non_count_nouns"])
def test_every_non_count_noun(word):
    assert _cas(f"قتل جندي بعد 3 و{word}") == [("killed", None, None, False, False)]


@pytest.mark.parametrize("word", DATA["subset_cues"])
def test_every_subset_cue(word):
    out = _cas(f"قتل 30 شخصا، و{word} 4 أطفال")
    assert out == [("killed", 30, "people", False, False), ("killed", 4, "children", True, False)]


@pytest.mark.parametrize("word", DATA["aggregate_cues"])
def test_every_aggregate_cue(word):
    out = _cas(f"قتل 30 شخصا و{word} في المنطقة")
    assert out[0][4] is True
