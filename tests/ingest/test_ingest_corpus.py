"""The ANT corpus reads as it should (skipped when ../shared is absent)."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from itertools import islice
from pathlib import Path

import pytest

from marsad.ingest import IngestSummary, read_inputs
from marsad.model import Document

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ANT = SHARED / "corpus" / "ant-2018" / "ant-2018.jsonl.gz"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not ANT.exists(), reason="../shared not present: needs corpus/ant-2018/ant-2018.jsonl.gz"),
]


def test_first_200_ant_articles():
    with gzip.open(ANT, "rt", encoding="utf-8") as f:
        expected = [json.loads(line) for line in islice(f, 200)]
    summary = IngestSummary()
    items = list(islice(read_inputs([ANT]), 200))
    for item in items:
        summary.add(item)
    docs = [i for i in items if isinstance(i, Document)]
    assert summary.skipped == 0 and summary.warnings == 0, summary.problems
    assert len(docs) == 200
    for n, (doc, rec) in enumerate(zip(docs, expected), start=1):
        assert doc.doc_id == rec["doc_id"]
        assert doc.origin == f"{ANT}:{n}"
        assert doc.raw_text == rec["text"]
        assert doc.title == (rec["title"] or None)
        assert doc.source == rec["source"]
        assert isinstance(doc.published, datetime)
        assert doc.published.tzinfo is not None  # the corpus dates carry an offset
        assert doc.published.isoformat() == rec["published"]
        assert doc.language == "ar"
    assert len({d.doc_id for d in docs}) == 200
