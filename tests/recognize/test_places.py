"""Place recognition and spatial phrases, on a tiny hand-written gazetteer."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.model import Document, MentionKind, check_mentions
from marsad.normalize import normalize
from marsad.recognize.places import _CLITICS, PlacePhrase, PlaceRecognizer, _forms
from tests.conftest import FIXTURE_GAZETTEER

FIXTURE = FIXTURE_GAZETTEER


@pytest.fixture(scope="module")
def rec(tmp_path_factory):
    from marsad.geocode import install_gazetteer, load_gazetteer

    d = tmp_path_factory.mktemp("gaz")
    install_gazetteer(FIXTURE, d)
    return PlaceRecognizer(load_gazetteer(d, fallback=False))


def run(rec, s):
    ms = rec.find(normalize(s), s)
    check_mentions(Document("t", s), ms)  # spans exact
    places = [m for m in ms if m.kind is MentionKind.PLACE]
    phrases = [m for m in ms if m.kind is MentionKind.PLACE_PHRASE]
    return places, phrases


def el(ph: PlacePhrase):
    return (ph.relation, ph.direction, ph.feature, ph.anchor.text if ph.anchor else None, ph.name)


CASES = [
    # sentence, expected phrase text, head element, refs
    ("قصفت الطائرات مواقع في ريف حلب الشمالي أمس", "ريف حلب الشمالي",
     ("countryside", "N", "ريف", "حلب", None), []),
    ("قتل مدنيان بريف إدلب الجنوبي", "بريف إدلب الجنوبي",
     ("countryside", "S", "ريف", "إدلب", None), []),
    ("داهم مسلحون قرية الشعيبة، جنوبي منطقة الهول في ريف الحسكة الشرقي، ليلا",
     "قرية الشعيبة، جنوبي منطقة الهول في ريف الحسكة الشرقي",
     ("in", None, "قريه", None, "الشعيبة"),
     [("direction", "S", "منطقه", "الهول", None), ("countryside", "E", "ريف", "الحسكة", None)]),
    ("وقعت اشتباكات قرب مدينة القريتين", "قرب مدينة القريتين",
     ("near", None, "مدينه", "القريتين", None), []),
    ("تدور معارك على أطراف بلدة تل ريحان", "أطراف بلدة تل ريحان",
     ("outskirts", None, "بلده", "تل ريحان", None), []),
    ("دارت معارك ضارية عند أطراف المدينة الشمالية منذ الفجر", "أطراف المدينة الشمالية",
     ("outskirts", "N", "مدينه", None, None), []),
    ("وتقدمت الفصائل غرب عفرين وسط قصف", "غرب عفرين",
     ("direction", "W", None, "عفرين", None), []),
    ("نصب مسلحون كمينا في ريف حمص الشرقي قرب بلدة القريتين.", "ريف حمص الشرقي قرب بلدة القريتين",
     ("near", None, "بلده", "القريتين", None), [("countryside", "E", "ريف", "حمص", None)]),
    ("قتل ثلاثة في محافظة دير الزور", "محافظة دير الزور",
     ("in", None, "محافظه", "دير الزور", None), []),
    ("استهدفت الغارة بلدة الصالحية بريف دير الزور", "بلدة الصالحية بريف دير الزور",
     ("in", None, "بلده", "الصالحية", None), [("countryside", None, "ريف", "دير الزور", None)]),
    ("وقعت الغارة شمال غرب عفرين", "شمال غرب عفرين",
     ("direction", "NW", None, "عفرين", None), []),
    ("قتل مدنيان قرب مدينة #الموصل العراقية", "قرب مدينة #الموصل العراقية",
     ("near", None, "مدينه", "الموصل", None), []),
]


@pytest.mark.parametrize("sentence,text,head,refs", CASES)
def test_spatial_phrases(rec, sentence, text, head, refs):
    _, phrases = run(rec, sentence)
    assert [p.text for p in phrases] == [text]
    ph = phrases[0].value
    assert el(ph) == head
    assert [el(r) for r in ph.refs] == refs
    assert sentence[phrases[0].span.start : phrases[0].span.end] == text


def test_country_adjective(rec):
    _, phrases = run(rec, "قتل مدنيان قرب مدينة #الموصل العراقية")
    assert phrases[0].value.country == "IRQ"


def test_keeps_every_candidate_of_an_ambiguous_name(rec):
    places, _ = run(rec, "قصفت الطائرات بلدة الصالحية")
    assert set(places[0].candidates) == {"C9001", "C9002"}
    assert places[0].evidence.startswith("gazetteer:")


def test_compound_spacing_variant(rec):
    places, _ = run(rec, "سقطت قذائف على مدينة كفرنبل")
    assert [(p.text, p.ref) for p in places] == [("كفرنبل", "C4068")]


def test_clitics_and_spans(rec):
    s = "وقصفت الطائرات بحلب ووالحسكة"  # ب+حلب; nonsense clitic run is not a match
    places, _ = run(rec, s)
    assert [p.text for p in places][:1] == ["حلب"]


def test_common_words_need_a_cue(rec):
    places, _ = run(rec, "وصل الوفد يوم الجمعة إلى دمشق")
    assert "C9003" not in {c for p in places for c in p.candidates}
    places, _ = run(rec, "قصفت الطائرات قرية الجمعة شرقي حلب")
    assert "C9003" in {c for p in places for c in p.candidates}


@pytest.mark.parametrize("sentence, found", [
    ("تجمع العشرات أمام السجن", False),  # a common word (prison) needs a feature word
    ("أمضى الناشط سنتين في السجن", False),
    ("قصفت الطائرات قرية السجن", True),
    ("تدمر القوات المنازل", False),  # also a verb: a prominent place, but not bare
    ("وقال إن الطائرات تدمر البلدة", False),
    ("سيطر التنظيم على تدمر", True),
    ("قتل جنديان في تدمر", True),
    ("تقدم الجيش شرقي تدمر", True),
    ("اشتبك مسلحون في سرت", True),  # a town abroad: a preposition is cue enough for it
    ("وكسرت القوات الحصار", False),  # also a verb
])
def test_names_that_are_common_words(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert bool(places) is found, [p.text for p in places]


def test_minor_village_needs_a_cue(rec):
    places, _ = run(rec, "الصالحية جميلة")
    assert places == []
    places, _ = run(rec, "قتل شخص في الصالحية")
    assert places and places[0].candidates


def test_mentions_are_picklable(rec):
    _, phrases = run(rec, "في قرية الشعيبة، جنوبي منطقة الهول")
    assert pickle.loads(pickle.dumps(phrases)) == phrases


def test_default_ref_is_the_capital_then_the_largest_then_the_community(rec):
    """A bare ambiguous name: ``ref`` is the candidate the geocoder takes without
    context (capital, then population, then a community over an admin unit of the
    same name); every candidate is kept."""
    from dataclasses import replace as _replace

    from marsad.geocode.gazetteer import Gazetteer, Place

    fixture = rec.gazetteer
    s = "قصفت الطائرات بلدة الصالحية"

    def with_changes(changes: dict, extra=()):
        places = [_replace(p, **changes.get(p.id, {})) for p in fixture.places()]
        names = [(k, pid) for k, pid in fixture.name_entries() if not fixture.is_weak(k)]
        names += [(p.name_ar, p.id) for p in extra]
        return PlaceRecognizer(Gazetteer(places + list(extra), names))

    def ref(r):
        places, _ = run(r, s)
        assert set(places[0].candidates) >= {"C9001", "C9002"}
        return places[0].ref

    # the fixture: two villages alike (no capital, no population): gazetteer order
    assert ref(rec) == "C9001"
    # a sub-district capital beats a larger village; a district capital beats it
    assert ref(with_changes({"C9002": {"capital": 3}, "C9001": {"population": 9000}})) == "C9002"
    assert ref(with_changes({"C9002": {"capital": 3}, "C9001": {"capital": 2}})) == "C9001"
    # no capital: the largest
    assert ref(with_changes({"C9002": {"population": 12000}, "C9001": {"population": 800}})) == "C9002"
    # an admin unit of the same name, however populous, is not what a bare name means
    nahiya = Place("SY020099", "الصالحية", "Salhiyeh", "admin3", admin1="Aleppo",
                   population=50000, admin3_pcode="SY020099")
    r = with_changes({}, extra=[nahiya])
    places, _ = run(r, s)
    assert "SY020099" in places[0].candidates and places[0].ref == "C9001"
    # ... and of the namesake villages, the one inside that unit
    r = with_changes({"C9002": {"admin3_pcode": "SY020099"}}, extra=[nahiya])
    assert ref(r) == "C9002"


@pytest.mark.parametrize("sentence", [c[0] for c in CASES] + [
    "قصفت الطائرات حلب وإدلب ودمشق، ثم حمص.", "في حلب العراقية", "وصلت إلى حلبها", "غربي حلب", "مدينة حلب",
    "قصفت الطائرات إدلب الجنوبية", "قصفت الطائرات الموصل العراقية"])
def test_a_bare_name_gets_the_element_a_full_reading_gives(rec, sentence):
    from marsad.recognize.matcher import Words
    from marsad.recognize.places import _STOP_CHARS

    norm = normalize(sentence)
    words = Words(norm.text)
    rec.find(norm, sentence)  # fills the per-name cache
    checked = 0
    for m in rec.matcher.find(norm.text):
        mention = object()
        full = rec._element(norm, words, m, mention, words.before(m.wstart, 4, _STOP_CHARS))
        bare = rec._bare_element(words, m, mention, words.before(m.wstart, 1, _STOP_CHARS))
        if bare is not None:  # (None: the fast path declines; the full reading decides)
            checked += 1
            assert bare[:4] == full[:4] and bare.name == full.name and full.bare
        elif sentence.startswith("قصفت الطائرات") and m.key in ("ادلب", "الموصل"):
            assert not full.bare  # the adjective after it locates it
    if sentence.startswith("قصفت الطائرات حلب"):
        assert checked >= 4


@pytest.mark.parametrize("prefix", ["كفر", "تل", "دير", "عين", "أم", "أبو", "بيت", "خربة"])
def test_an_unknown_village_name_with_a_name_prefix_takes_two_words(rec, prefix):
    _, phrases = run(rec, f"قصفت الطائرات قرية {prefix} بطيخ أمس")
    assert [p.value.name for p in phrases] == [f"{prefix} بطيخ"]
    _, phrases = run(rec, "قصفت الطائرات قرية بطيخ الكبرى أمس")  # no prefix: one word
    assert [p.value.name for p in phrases] == ["بطيخ"]


def test_name_prefixes_are_the_data_files():
    from marsad.geocode import _data

    assert set(rec_prefixes := _data.phrase_words().name_prefixes) >= {"كفر", "عين", "ابو", "خربه"}
    assert all(" " not in p for p in rec_prefixes)


@pytest.mark.parametrize("sentence, found", [
    ("قصفت الطائرات دوما", ["دوما"]),
    ("إنهم يسعون دوماً لإسقاط الحكومة", []),  # with tanween: the adverb "always"
    ("إنهم يسعون دومًا لإسقاط الحكومة", []),  # the tanween before the alef
    ("قتل مدني في دوٌما", ["دوٌما"]),  # a mark inside the word is a typing slip
])
def test_a_word_ending_in_tanween_is_no_place(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert [p.text for p in places] == found


@pytest.mark.parametrize("sentence, found", [
    ("عاد اللاجئون إلى سورية", ["سورية"]),  # the country, written as in much of the press
    ("تقدم الجيش في شمال سورية", ["سورية"]),
    ("قصفت طائرات سورية مواقع المعارضة", []),  # the adjective: no place cue
    ("تعرضت مدن سورية عدة للقصف", []),  # after a feature word it describes the feature
    ("وقعت اشتباكات على الحدود السورية", []),  # after the article: the adjective
    ("ضربت الطائرات مواقع في بسورية", ["سورية"]),
])
def test_syria_written_as_its_adjective(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert [p.text for p in places] == found


@pytest.mark.parametrize("sentence, found", [
    ("قصفت الطائرات حلب والسجن", ["حلب"]),  # a common word needs its own feature word
    ("قصفت الطائرات حلب وقرية السجن", ["حلب", "السجن"]),
    ("قصفت الطائرات حلب وتدمر", ["حلب", "تدمر"]),  # a name that is no common word: coordinated
])
def test_a_common_word_coordinated_after_a_place_is_not_one(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert [p.text for p in places] == found


@pytest.mark.parametrize("sentence, found", [
    ("قتل رئيس فرقة القناصين", []),  # ف + رقة: the bare form is a stoplist entry
    ("قتل مدنيان في الرقة", ["الرقة"]),  # ... which does not stand for the city's name
    ("قتل مدنيان بمدينة الرقة", ["الرقة"]),
])
def test_a_bare_stoplist_entry_leaves_the_article_form_alone(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert [p.text for p in places] == found


def test_an_adjective_of_nearness_is_a_relation_only_before_min(rec):
    _, phrases = run(rec, "وقعت اشتباكات قريبا من عفرين")
    assert [(p.text, p.value.relation) for p in phrases] == [("قريبا من عفرين", "near")]
    # "soon": no relation (and no phrase: the name stands alone)
    places, phrases = run(rec, "قال إن تركيا ستدخل قريبا عفرين")
    assert [p.text for p in places] == ["تركيا", "عفرين"] and phrases == []


@pytest.mark.parametrize("sentence, found", [
    ("قتل خمسة مسلحين في صعدة", ["صعدة"]),  # a small town abroad the news names often
    ("قتل خمسة مسلحين في باجل", []),  # another: a preposition is not cue enough ...
    ("قتل خمسة مسلحين في مدينة باجل", ["باجل"]),  # ... a feature word is
])
def test_small_towns_abroad_need_a_strong_cue_but_the_listed_ones(rec, sentence, found):
    places, _ = run(rec, sentence)
    assert [p.text for p in places] == found


@given(st.text(alphabet="وفبلريفا", max_size=6))
def test_forms_strip_each_proclitic_as_the_clitic_list_reads(word: str) -> None:
    """``_forms`` reads only the first two letters; it gives what trying every proclitic
    of ``_CLITICS`` in order gives (each leaving at least two letters)."""
    expected = [word] + [word[len(c):] for c in _CLITICS if word.startswith(c) and len(word) - len(c) >= 2]
    assert _forms(word) == tuple(expected)
