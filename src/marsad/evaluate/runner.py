"""Run the pipeline over the gold articles of a corpus and score them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Sequence

from marsad.evaluate import Report, load_gold, score_document
from marsad.model import Document


def gold_documents(gold_path: str | Path, inputs: Sequence[str], on_problem: Callable | None = None):
    """The gold lines and the matching documents, read from ``inputs`` by doc_id.

    A gold line's ``published`` dates an article that carries no date of its own.
    """
    from dataclasses import replace

    from marsad.ingest import IngestProblem, read_inputs

    golds = load_gold(gold_path)
    by_id = {g.doc_id: g for g in golds}
    docs: dict[str, Document] = {}
    for item in read_inputs(list(inputs)):
        if isinstance(item, IngestProblem):
            if on_problem:
                on_problem(item)
            continue
        g = by_id.get(item.doc_id)
        if g is None or item.doc_id in docs:
            continue
        if item.published is None and g.published is not None:
            item = replace(item, published=datetime(g.published.year, g.published.month, g.published.day))
        docs[item.doc_id] = item
        if len(docs) == len(by_id):
            break
    return golds, docs


def evaluate_corpus(gold_path, inputs: Sequence[str], pipeline, on_problem: Callable | None = None) -> Report:
    golds, docs = gold_documents(gold_path, inputs, on_problem)
    report = Report()
    for g in golds:
        doc = docs.get(g.doc_id)
        if doc is None:
            report.docs_missing.append(g.doc_id)
            continue
        analysis = pipeline.run(doc)
        score_document(report, g, doc.raw_text, analysis.events or ())
    return report
