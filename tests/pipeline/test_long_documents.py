"""Long and degenerate documents cost time in proportion to their length, and a
document over its time budget is reported, not waited for."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from marsad.errors import DocumentBudgetError
from marsad.extract.batch import extract_documents
from marsad.model import Document
from marsad.normalize import normalize
from marsad.pipeline import build_pipeline
from marsad.segment import MAX_SENTENCE_CHARS, split_sentences

# short sentences of our own: strikes, deaths, places, sides
SENTENCES = (
    "قصف الطيران الحربي مدينة حلب وقتل ثلاثة مدنيين",
    "اندلعت اشتباكات بين قوات النظام وتنظيم داعش في ريف دير الزور",
    "انفجرت عبوة ناسفة في مدينة إدلب وأصيب خمسة أشخاص",
    "قالت مصادر محلية إن القوات التركية قصفت قرى في عفرين",
)


def _text(n_bytes: int, punctuation: bool) -> str:
    sep = ". " if punctuation else " "
    unit = sep.join(SENTENCES) + sep
    return unit * (n_bytes // len(unit.encode()) + 1)


@pytest.fixture(scope="module")
def pipe():
    return build_pipeline()


def _seconds(pipe, text: str) -> float:
    doc = Document(doc_id="long", raw_text=text, published=datetime(2018, 3, 1))
    t = time.perf_counter()
    pipe.run(doc)
    return time.perf_counter() - t


def test_text_without_punctuation_is_linear(pipe):
    # one 'sentence' of 100 KB took 8 s, 400 KB a minute: every trigger read the whole
    # sentence, every place was checked against every actor
    small = _seconds(pipe, _text(50_000, False))
    large = _seconds(pipe, _text(400_000, False))
    assert large < 15.0, f"400 KB without punctuation took {large:.1f} s"
    assert large < 8 * 4 * max(small, 0.05), (small, large)  # 8 times the text: about 8 times the time


def test_long_article_is_linear(pipe):
    small = _seconds(pipe, _text(100_000, True))
    large = _seconds(pipe, _text(800_000, True))
    assert large < 20.0, f"800 KB took {large:.1f} s"
    assert large < 8 * 3 * max(small, 0.05), (small, large)


def test_a_stretch_without_an_end_is_cut_at_a_space_under_the_cap():
    raw = _text(8 * MAX_SENTENCE_CHARS, False)[: 3 * MAX_SENTENCE_CHARS + 100]
    sents = split_sentences(normalize(raw))
    assert len(sents) >= 3
    assert all(s.nend - s.nstart <= MAX_SENTENCE_CHARS for s in sents)
    assert all(raw[s.span.end - 1] != " " and (s.span.end == len(raw.rstrip()) or raw[s.span.end] == " ")
               for s in sents)  # cut between words
    # a real sentence is never cut: the corpus's longest has 2,215 characters
    assert MAX_SENTENCE_CHARS >= 4 * 2_215


def test_a_document_over_its_time_budget_is_reported_and_the_batch_goes_on():
    docs = [Document(doc_id="big", raw_text=_text(300_000, False), published=datetime(2018, 3, 1)),
            Document(doc_id="small", raw_text=SENTENCES[0] + ".", published=datetime(2018, 3, 1))]
    out = list(extract_documents(docs, max_seconds=0.01))
    assert out[0].error and "--max-seconds" in out[0].error and "time budget" in out[0].error
    assert out[1].error is None


def test_budget_error_names_the_option():
    assert "--max-seconds" in str(DocumentBudgetError("d", 1.5, "extract"))
