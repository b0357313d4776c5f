"""Shared helpers for the ingest tests. Every Arabic text here was written for the tests."""

from __future__ import annotations

import json

from marsad.ingest import IngestProblem
from marsad.model import Document

ARTICLE = (
    "قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح الأحد. "
    "وقال الدفاع المدني إن ثلاثة مدنيين قتلوا وأصيب خمسة آخرون."
)
ARTICLE_2 = "اندلعت اشتباكات بين فصيلين مسلحين في مدينة الباب شمال حلب، مساء السبت."


def split(items):
    """(documents, problems) from what read_inputs yielded, keeping order in each."""
    items = list(items)
    docs = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, IngestProblem)]
    assert len(docs) + len(problems) == len(items)
    return docs, problems


def jsonl_bytes(records) -> bytes:
    lines = []
    for r in records:
        lines.append(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")
