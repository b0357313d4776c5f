"""Extraction over many documents, in this process and in worker processes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from marsad.errors import ConfigError
from marsad.extract import batch
from marsad.extract.batch import extract_documents
from marsad.model import Document

_WHEN = datetime(2019, 5, 15, tzinfo=timezone.utc)
_TEXTS = [
    "قصفت قوات النظام مدينة دوما أمس بقذائف الهاون.",
    "وتهدد قوات النظام بشن هجوم على مدينة حرستا.",
    "اندلعت اشتباكات بين هيئة تحرير الشام وحركة أحرار الشام في مدينة إدلب أمس.",
    "",
    "شنت طائرات حربية روسية غارات على مدينة كفر نبل.",
]


def _docs(n: int) -> list[Document]:
    return [Document(f"d{k}", _TEXTS[k % len(_TEXTS)], published=_WHEN) for k in range(n)]


def _summary(results) -> list[tuple[str, list[tuple[str, str]], str | None]]:
    return [(r.doc.doc_id, [(e.event_type, e.location) for e in r.events], r.error) for r in results]


def test_workers_give_the_same_results_in_the_same_order() -> None:
    docs = _docs(2 * batch._BATCH + 7)  # several batches, the last one short
    alone = _summary(extract_documents(docs, extractor="rules"))  # batch mechanics, on the rules
    assert [d for d, _, _ in alone] == [d.doc_id for d in docs]
    assert sum(len(ev) for _, ev, _ in alone) > len(docs) // 2
    assert _summary(extract_documents(iter(docs), workers=2, extractor="rules")) == alone


def test_a_failing_document_does_not_stop_the_others(monkeypatch) -> None:
    class Flaky:
        def run(self, doc):
            if doc.doc_id == "d1":
                raise ValueError("broken document")
            return real.run(doc)

    real = batch._pipeline(batch.DEFAULT_PIPELINE, ())
    monkeypatch.setattr(batch, "_pipeline", lambda *options: Flaky())
    got = _summary(extract_documents(_docs(3)))
    assert [d for d, _, _ in got] == ["d0", "d1", "d2"]
    assert got[1] == ("d1", [], "ValueError: broken document")
    assert got[0][1] and got[2][2] is None


def test_a_setup_error_is_raised_not_reported_per_document(monkeypatch) -> None:
    def broken(*options):
        raise ConfigError("gazetteer not installed: run `marsad data install`")

    monkeypatch.setattr(batch, "_pipeline", broken)
    with pytest.raises(ConfigError):
        list(extract_documents(_docs(2)))


def test_a_setup_error_in_a_worker_reaches_the_caller(tmp_path) -> None:
    from marsad.errors import DataNotInstalledError
    from marsad.geocode.gazetteer import GAZETTEER_FILE

    (tmp_path / GAZETTEER_FILE).write_bytes(b"not a pickle")  # an installed but unreadable gazetteer
    with pytest.raises(DataNotInstalledError, match="cannot be used"):
        list(extract_documents(_docs(4), workers=2, data_dir=str(tmp_path)))
