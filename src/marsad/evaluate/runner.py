"""Run the pipeline over the gold articles of a corpus and score them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable, Sequence

from marsad.evaluate import GoldDoc, Report, load_gold, score_document
from marsad.evaluate.split import Part, make_split
from marsad.model import Document


def gold_documents(gold_path: str | Path | Sequence[str | Path], inputs: Sequence[str],
                   on_problem: Callable | None = None, part: Part = Part.all):
    """The gold lines (of one file or several) and the matching documents, read from
    ``inputs`` by doc_id; with ``part``, only the articles of that part of the split
    (:mod:`marsad.evaluate.split`).

    A gold line's ``published`` dates an article that carries no date of its own.
    """
    from dataclasses import replace

    from marsad.ingest import IngestProblem, read_inputs

    golds = load_golds(gold_path, part)
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


def load_golds(gold_path: str | Path | Sequence[str | Path], part: Part = Part.all) -> list[GoldDoc]:
    """The gold lines of one file or several, restricted to a part of the split."""
    paths = [gold_path] if isinstance(gold_path, (str, Path)) else list(gold_path)
    files = [(p, load_gold(p)) for p in paths]
    golds = [g for _, docs in files for g in docs]
    if part is Part.all:
        make_split(files)  # refuses an article found in two files
        return golds
    keep = make_split(files).part(part)
    return [g for g in golds if g.doc_id in keep]


def evaluate_corpus(gold_path, inputs: Sequence[str], pipeline, on_problem: Callable | None = None,
                    part: Part = Part.all) -> Report:
    golds, docs = gold_documents(gold_path, inputs, on_problem, part)
    report = Report()
    for g in golds:
        doc = docs.get(g.doc_id)
        if doc is None:
            report.docs_missing.append(g.doc_id)
            continue
        analysis = pipeline.run(doc)
        score_document(report, g, doc.raw_text, analysis.events or ())
    return report
