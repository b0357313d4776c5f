"""Offsets are sacred: every mention and every event field span is exact raw text.

A hypothesis test builds Arabic sentences from lexicon words (actors, places,
triggers, dates, numbers) with random diacritics, tatweel, clitics, punctuation and
Latin noise, runs the whole pipeline, and checks ``raw_text[span] == mention.text``
for every mention and that every provenance span lies inside the text.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.model import Document
from marsad.pipeline import PipelineError, Pipeline, build_pipeline, NORMALIZE

WORDS = [
    "قصف", "غارة", "جوية", "هجوم", "اشتباكات", "قوات", "النظام", "داعش", "تنظيم", "الدولة",
    "قسد", "مدنيين", "قتل", "مقتل", "ثلاثة", "عشرات", "في", "على", "قرب", "مدينة", "قرية",
    "ريف", "حلب", "إدلب", "دوما", "الحسكة", "حمص", "الشمالي", "أمس", "الخميس", "الماضي",
    "قبل", "يومين", "20", "آذار/مارس", "2018", "إذا", "نفى", "سوف", "بحسب", "المرصد",
    "التركية", "الجيش", "الروسية", "طائرات", "عبوة", "ناسفة", "اعتقال", "مظاهرة", "x", "ISIS",
]
MARKS = ["", "", "", "\u064e", "\u0650", "\u064b", "\u0651", "\u0640", "\u0640\u0640"]
CLITICS = ["", "", "", "و", "ب", "ل", "ال", "وب", "لل", "ف"]
SEPS = [" ", " ", " ", "، ", ". ", "\n", " “", "” ", " (", ") ", " - ", "؟ "]


@st.composite
def arabic_text(draw) -> str:
    n = draw(st.integers(1, 40))
    parts = []
    for _ in range(n):
        word = draw(st.sampled_from(WORDS))
        word = draw(st.sampled_from(CLITICS)) + word
        chars = []
        for ch in word:
            chars.append(ch + draw(st.sampled_from(MARKS)))
        parts.append("".join(chars) + draw(st.sampled_from(SEPS)))
    return "".join(parts)


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline(all_modalities=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arabic_text())
def test_every_span_is_exact_raw_text(pipeline, raw: str) -> None:
    doc = Document("h", raw, published=datetime(2020, 1, 10))
    analysis = pipeline.run(doc)
    assert doc.raw_text == raw  # never modified
    for m in analysis.mentions:
        assert raw[m.span.start:m.span.end] == m.text, (m.kind, m.text)
    for e in analysis.candidates:
        assert e.evidence_span.of(raw) == e.evidence
        for name, ev in e.provenance.items():
            for s in ev.spans:
                assert 0 <= s.start <= s.end <= len(raw), name


def _nested(mention):
    """The mention and the mentions inside its value (a place phrase's anchors)."""
    yield mention
    value = mention.value
    stack = [value] if value is not None and hasattr(value, "refs") else []
    while stack:
        ph = stack.pop()
        if ph.anchor is not None:
            yield ph.anchor
        stack += list(ph.refs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(arabic_text())
def test_every_span_is_exact_raw_text_in_full_recognition(pipeline, raw: str) -> None:
    """The same for ``marsad recognize``'s full mode (every mention of the whole text,
    found in one pass over the words), including the anchors inside place phrases."""
    from marsad.pipeline import Analysis
    from marsad.recognize import RecognizeStage, Resources

    doc = Document("h", raw, published=datetime(2020, 1, 10))
    analysis = Analysis(doc)
    for stage in pipeline.stages:
        if stage.name == "recognize":
            break
        analysis = stage(analysis)
    mentions = RecognizeStage(Resources.load())(analysis).mentions
    assert [(m.span.start, -m.span.end) for m in mentions] == sorted((m.span.start, -m.span.end) for m in mentions)
    norm = analysis.norm
    for top in mentions:
        for m in _nested(top):
            assert raw[m.span.start:m.span.end] == m.text, (m.kind, m.text)
        assert top.sentence >= 0
        value = top.value
        if hasattr(value, "nstart"):
            # the span is the raw image of the normalised interval the recogniser matched
            assert norm.to_raw(value.nstart, value.nend) == top.span, (top.kind, top.text)


def test_pipeline_checks_what_stages_need() -> None:
    from marsad.extract import ExtractStage, RuleExtractor
    from marsad.recognize import Resources

    res = Resources.load()
    with pytest.raises(PipelineError, match="needs"):
        Pipeline([NORMALIZE, ExtractStage(RuleExtractor(res))])
    assert "events" in build_pipeline().provides


def test_an_analysis_with_layers_replaced_is_a_new_one_with_the_rest_kept() -> None:
    import dataclasses

    from marsad.pipeline import Analysis

    a = Analysis(Document("d1", "قصف على حلب"), warnings=("w",))
    b = NORMALIZE(a)
    assert b is not a and a.norm is None and b.norm is not None
    assert b == dataclasses.replace(a, norm=b.norm)  # what dataclasses.replace gives
    c = b.with_layers(mentions=(), events=())
    assert (c.doc, c.norm, c.sentences, c.mentions, c.events, c.warnings) == (a.doc, b.norm, None, (), (), ("w",))
    with pytest.raises(TypeError, match="no layer nrom"):
        b.with_layers(nrom=None)
