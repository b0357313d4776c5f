"""IngestSummary counts what read_inputs yields and says it in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest_helpers import ARTICLE, ARTICLE_2, jsonl_bytes
from marsad.ingest import IngestProblem, IngestSummary, read_inputs
from marsad.model import Document


def test_line_counts_by_reason(tmp_path: Path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(
        jsonl_bytes(
            [
                {"doc_id": "a", "text": ARTICLE},
                "{oops",
                {"doc_id": "b", "text": " "},
                {"doc_id": "c", "text": ARTICLE_2, "published": "yesterday"},
                "[]",
            ]
        )
    )
    summary = IngestSummary()
    for item in read_inputs([path, tmp_path / "missing.txt"]):
        summary.add(item)
    assert summary.read == 2
    assert summary.skipped == 4
    assert summary.warnings == 1
    assert summary.line() == "read 2 documents; skipped 4 (2 bad-json, 1 empty, 1 not-found); 1 warning (1 bad-date)"
    assert [p.reason for p in summary.problems] == ["bad-json", "empty", "bad-date", "bad-json", "not-found"]


def test_line_thousands_and_singular():
    s = IngestSummary()
    doc = Document("x", "نص")
    for _ in range(17_795):
        s.add(doc)
    s.add(IngestProblem("f:1", "bad-json", "m"))
    s.add(IngestProblem("f:2", "empty", "m"))
    assert s.line() == "read 17,795 documents; skipped 2 (1 bad-json, 1 empty)"
    one = IngestSummary()
    one.add(doc)
    assert one.line() == "read 1 document"
    assert IngestSummary().line() == "read 0 documents"


def test_documents_passes_documents_through(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    s = IngestSummary()
    docs = list(s.documents(read_inputs([tmp_path])))
    assert [d.doc_id for d in docs] == ["a"]
    assert s.line() == "read 1 document; skipped 1 (1 empty)"


def test_add_rejects_other_things():
    with pytest.raises(TypeError):
        IngestSummary().add("not a document")  # type: ignore[arg-type]
