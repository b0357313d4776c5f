"""Fuzzing the whole pipeline (hypothesis, bounded for CI): random Arabic and random
text, huge and degenerate documents never raise; every span indexes into the raw text;
every input of a batch is either extracted or reported."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.extract.batch import extract_documents
from marsad.ingest import IngestProblem, read_inputs
from marsad.model import Document
from marsad.pipeline import build_pipeline

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى" + "ًٌٍَُِّْ" + "٠١٢٣٤٥٦٧٨٩" + "،؛؟"
WORDS = ("قصف", "الطيران", "قتل", "ثلاثة", "مدنيين", "حلب", "إدلب", "في", "مدينة", "اشتباكات", "بين", "قوات",
         "النظام", "داعش", "أمس", "السبت", "انفجار", "عبوة", "مظاهرة", "ريف", "دمشق", "جرح", "20", "آذار", "2018")
arabic_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(".،\n؟!:()\"-"),
                                 st.text(alphabet=ARABIC, min_size=1, max_size=8)), max_size=120).map(" ".join)


@pytest.fixture(scope="module")
def pipe():
    return build_pipeline()


def _check(pipe, text: str) -> None:
    doc = Document(doc_id="fuzz", raw_text=text, published=datetime(2018, 3, 20))
    a = pipe.run(doc, max_seconds=30)
    assert a.doc.raw_text == text  # raw_text never changes
    for s in a.sentences:
        assert 0 <= s.span.start <= s.span.end <= len(text)
    for m in a.mentions or ():
        assert 0 <= m.span.start < m.span.end <= len(text) and m.text == text[m.span.start:m.span.end]
    for ev in a.events:
        sp = ev.evidence_span
        assert 0 <= sp.start <= sp.end <= len(text)
        for fe in ev.provenance.values():
            assert all(0 <= x.start <= x.end <= len(text) for x in fe.spans)


@FUZZ
@given(text=arabic_text)
def test_random_arabic(pipe, text):
    _check(pipe, text)


@FUZZ
@given(text=st.text(max_size=400))
def test_random_unicode(pipe, text):
    _check(pipe, text)


@pytest.mark.parametrize("text", [
    "قصف " * 50_000,  # one word, 200 KB, no end
    "." * 100_000,
    "\n" * 100_000,
    "٣" * 100_000,
    "َ" * 100_000,  # diacritics only
    "ﻻ" * 50_000,  # presentation forms
    "قتل 1000000000000000000000 مدني في حلب. " * 2000,
    "قصف الطيران حلب وإدلب وحمص ودرعا والرقة ودير الزور والحسكة " * 3000,  # a list of places without end
    "(" * 20_000 + "قصف حلب" + ")" * 20_000,
    "x" * 300_000,
])
def test_huge_and_degenerate_documents(pipe, text):
    _check(pipe, text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contents=st.lists(st.one_of(st.binary(max_size=300), arabic_text.map(str.encode)), min_size=1, max_size=6))
def test_every_input_is_extracted_or_reported(tmp_path_factory, contents):
    folder = tmp_path_factory.mktemp("batch")
    for i, data in enumerate(contents):
        (folder / f"d{i}.txt").write_bytes(data)
    problems, docs = [], []
    for item in read_inputs([folder], default_published=datetime(2018, 3, 20)):
        (problems if isinstance(item, IngestProblem) else docs).append(item)
    results = list(extract_documents(docs))
    fatal = {p.origin for p in problems if p.fatal}
    assert len(results) == len(docs) and len(docs) + len(fatal) == len(contents)
    assert [r.doc.doc_id for r in results] == [d.doc_id for d in docs]
