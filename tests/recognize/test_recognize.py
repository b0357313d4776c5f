"""Full recognition of a document (every recogniser together)."""
from __future__ import annotations

from datetime import datetime

import pytest

from marsad.model import Document, MentionKind
from marsad.pipeline import NORMALIZE, SEGMENT, Analysis
from marsad.recognize import RecognizeStage, Resources, _outside


@pytest.fixture(scope="module")
def recognise():
    stage = RecognizeStage(Resources.load())

    def run(text: str):
        a = Analysis(Document("t", text, published=datetime(2018, 5, 20)))
        for s in (NORMALIZE, SEGMENT, stage):
            a = s(a)
        return a.mentions

    return run


@pytest.mark.parametrize("text, numbers, dates", [
    ("قتل 5 مدنيين في 14 أيار 2018", ["5"], ["14 أيار 2018"]),
    ("قتل 12 شخصا منذ 9 سنوات", ["12"], ["منذ 9 سنوات"]),
    ("جرت الانتخابات عام 2009 وقتل فيها 3 أشخاص", ["3"], ["عام 2009"]),
])
def test_a_number_inside_a_date_is_no_number_mention(recognise, text, numbers, dates):
    ms = recognise(text)
    assert [m.text for m in ms if m.kind is MentionKind.NUMBER] == numbers
    assert [m.text for m in ms if m.kind is MentionKind.DATE] == dates
    # the casualty phrase still reads its number
    assert any(m.kind is MentionKind.CASUALTY for m in ms)


class _R:
    def __init__(self, a: int, b: int) -> None:
        self.nstart, self.nend = a, b


@pytest.mark.parametrize("records, spans, kept", [
    ([(0, 2), (5, 7), (10, 12)], [(4, 8)], [(0, 2), (10, 12)]),
    ([(4, 8)], [(4, 8)], []),  # the same interval is inside
    ([(3, 6)], [(4, 8)], [(3, 6)]),  # overlapping, not inside
    ([(6, 9)], [(4, 8)], [(6, 9)]),
    ([(1, 2), (9, 10)], [], [(1, 2), (9, 10)]),
    ([(1, 2), (6, 7), (9, 10)], [(0, 3), (5, 8), (9, 10)], []),
])
def test_outside(records, spans, kept):
    out = _outside([_R(*r) for r in records], [_R(*s) for s in spans])
    assert [(r.nstart, r.nend) for r in out] == kept


def test_a_casualty_count_has_whole_text_offsets_in_windowed_recognition():
    """Extraction recognises only the sentences around triggers, window by window; the
    number a casualty record counts with is moved to whole-text offsets like the record."""
    stage = RecognizeStage(Resources.load(), only_if_triggers=True)
    text = ("عقد المجلس اجتماعا في العاصمة. وناقش الأعضاء الميزانية. وتحدث الوزير عن الطقس. "
            "وأشاد الحضور بالتنظيم. وفي المساء قتل 7 مدنيين بقصف على مدينة دوما.")
    a = Analysis(Document("t", text, published=datetime(2018, 5, 20)))
    for s in (NORMALIZE, SEGMENT, stage):
        a = s(a)
    counted = [m.value for m in a.mentions if m.kind is MentionKind.CASUALTY and m.value.number is not None]
    assert counted
    for c in counted:
        n = c.number
        assert c.nstart <= n.nstart < n.nend <= c.nend
        assert a.norm.text[n.nstart:n.nend] == "7"
        assert text[n.span.start:n.span.end] == "7"


@pytest.mark.parametrize("text, expected", [
    # a regime named with its nationality is that state's (as the Syrian one is)
    ("قال إن النظام القطري منع الحجاج", [("النظام القطري", "military-forces-qatar")]),
    # the bare word then names the regime named before it ...
    ("خرجت تظاهرات ضد النظام الإيراني، وواجهها النظام بالرصاص",
     [("النظام الإيراني", "military-forces-iran"), ("النظام", "military-forces-iran")]),
    # ... until another is named; alone it is the Syrian one
    ("انتقد النظام الإيراني، ثم قصف النظام السوري بلدة كفرنبل، وقال النظام إن",
     [("النظام الإيراني", "military-forces-iran"), ("النظام السوري", "military-forces-syria"),
      ("النظام", "military-forces-syria")]),
    ("قصف النظام بلدة كفرنبل", [("النظام", "military-forces-syria")]),
])
def test_the_regime_is_the_one_named(recognise, text, expected):
    actors = [m for m in recognise(text) if m.kind is MentionKind.ACTOR and "النظام" in m.text]
    assert [(m.text, m.ref) for m in actors] == expected
    for m in actors:
        if m.text == "النظام" and m.ref != "military-forces-syria":
            # the Syrian reading stays a candidate, and the evidence says why it was not taken
            assert m.candidates == (m.ref, "military-forces-syria") and "named before" in m.evidence


def test_every_actor_adjective_names_its_actor_after_an_event_word(recognise):
    from marsad.recognize.actors import load_registry

    checked = 0
    for actor in load_registry():
        for adj in actor.adjectives_ar:
            for text in (f"سقطت صواريخ {adj} على المدينة", f"وقع الهجوم ال{adj} أمس"):
                found = [m for m in recognise(text) if m.kind is MentionKind.ACTOR]
                assert [m.ref for m in found] == [actor.id], (text, [(m.text, m.ref) for m in found])
                checked += 1
    assert checked >= 12


@pytest.mark.parametrize("text, expected", [
    ("سقطت صواريخ حوثية على جازان", [("حوثية", "houthi-movement", "adjective after event word: صواريخ")]),
    # an alias on the word already: one mention, the alias's
    ("قتل 5 في القصف الحوثي", [("الحوثي", "houthi-movement", "actor-alias:الحوثي")]),
    ("الغارات الروسية على إدلب", [("الروسية", "military-forces-russia",
                                  "nationality adjective after event word: غارات")]),
    ("طائرات يعتقد أنها حوثية أو إيرانية", [("حوثية", "houthi-movement", "hedged attribution: يعتقد انها"),
                                            ("إيرانية", "military-forces-iran", "hedged attribution: يعتقد انها")]),
    ("اجتمع رئيس حوثي بالوفد", []),  # no event word before it
])
def test_an_adjective_after_an_event_word_names_an_actor(recognise, text, expected):
    found = [(m.text, m.ref, m.evidence) for m in recognise(text) if m.kind is MentionKind.ACTOR]
    assert [f for f in found if f[0] != "طائرات"] == expected
