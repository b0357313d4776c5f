"""extract, recognize, evaluate and version."""

from __future__ import annotations

import csv
import json
import sys
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from marsad import __version__
from marsad.cli import app
from marsad.errors import MarsadError
from marsad.model import OUTPUT_COLUMNS, Document

err = Console(stderr=True)


class OutFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def _published(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _fail(exc: MarsadError) -> None:
    err.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


@contextmanager
def _progress(label: str, total: Optional[int] = None, enabled: bool = True):
    """A rich progress bar on stderr (hidden when stderr is not a terminal)."""
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False, disable=not enabled) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)


def _documents(inputs: List[str], published: Optional[datetime], summary) -> Iterator[Document]:
    from marsad.ingest import IngestProblem, read_inputs

    for item in read_inputs(inputs, default_published=published):
        summary.add(item)
        if isinstance(item, IngestProblem):
            level = "error" if item.fatal else "warning"
            err.print(f"[yellow]{level}:[/yellow] {item.origin}: {item.message}", highlight=False)
            continue
        yield item


def _pipeline(all_modalities: bool = False, include_background: bool = False, data_dir: Optional[str] = None):
    from marsad.pipeline import build_pipeline
    from marsad.recognize import Resources

    res = Resources.load(data_dir)
    for w in res.warnings:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    return build_pipeline(all_modalities=all_modalities, include_background=include_background, resources=res)


def _csv_value(v):
    if v is None:
        return ""
    return v


@app.command("extract")
def extract(
    inputs: List[str] = typer.Argument(..., help="Files (.txt .html .jsonl .jsonl.gz), directories, or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for inputs that carry none."),
    fmt: OutFormat = typer.Option(OutFormat.jsonl, "--format", help="jsonl (with provenance) or csv (ACLED columns)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    all_modalities: bool = typer.Option(False, "--all-modalities", help="Also emit hypothetical, future, negated and generic candidates."),
    include_background: bool = typer.Option(False, "--include-background", help="Also emit past events dated only by a year."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory (default: $MARSAD_DATA or the user data dir)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes (output order is kept)."),
) -> None:
    """Extract ACLED-coded events from articles, one per line or row.

    Example: marsad extract article.txt --published 2022-06-06 --format jsonl
    """
    from marsad.extract.batch import extract_documents
    from marsad.ingest import IngestSummary

    pub = _published(published)
    summary = IngestSummary()
    try:
        _pipeline(all_modalities, include_background, data_dir)  # checks the data, prints its warnings
    except MarsadError as exc:
        _fail(exc)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    n_events = n_docs = n_failed = 0
    try:
        writer = None
        if fmt is OutFormat.csv:
            writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), extrasaction="ignore")
            writer.writeheader()
        show = err.is_terminal
        with _progress("extracting", enabled=show) as advance:
            for result in extract_documents(_documents(inputs, pub, summary), workers=workers,
                                            all_modalities=all_modalities, include_background=include_background,
                                            data_dir=data_dir):
                if result.error is not None:  # one bad document never stops the batch
                    doc = result.doc
                    err.print(f"[red]error:[/red] {doc.origin or doc.doc_id}: extraction failed: {result.error}",
                              highlight=False)
                    n_failed += 1
                    continue
                n_docs += 1
                for ev in result.events:
                    n_events += 1
                    if writer is not None:
                        writer.writerow({k: _csv_value(v) for k, v in ev.row().items()})
                    else:
                        out.write(json.dumps(ev.to_json(), ensure_ascii=False) + "\n")
                advance()
    finally:
        if output:
            out.close()
    failed = f"; extraction failed on {n_failed:,}" if n_failed else ""
    err.print(f"{summary.line()}; {n_events:,} events from {n_docs:,} documents{failed}", highlight=False)


@app.command("recognize")
def recognize_cmd(
    inputs: List[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="Comma-separated mention kinds to show (actor,place,place_phrase,date,number,casualty,means,trigger,cue)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per mention."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory."),
) -> None:
    """Print every mention found (kind, span, text, reference), for checking lexicons.

    Example: marsad recognize article.txt --kinds actor,place
    """
    from marsad.ingest import IngestSummary
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import RecognizeStage, Resources

    wanted = {k.strip() for k in kinds.split(",")} if kinds else None
    res = Resources.load(data_dir)
    for w in res.warnings:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    pipe = Pipeline([NORMALIZE, SEGMENT, RecognizeStage(res)])
    summary = IngestSummary()
    for doc in _documents(inputs, None, summary):
        analysis = pipe.run(doc)
        for m in analysis.mentions:
            if wanted and m.kind.value not in wanted:
                continue
            if as_json:
                typer.echo(json.dumps({
                    "doc_id": doc.doc_id, "kind": m.kind.value, "span": m.span.to_list(),
                    "text": m.text, "ref": m.ref, "candidates": list(m.candidates),
                    "evidence": m.evidence, "confidence": m.confidence, "sentence": m.sentence,
                }, ensure_ascii=False))
            else:
                cands = f" candidates={','.join(m.candidates)}" if len(m.candidates) > 1 else ""
                typer.echo(f"{doc.doc_id}\t{m.kind.value}\t{m.span.start}-{m.span.end}\t{m.text}\t{m.ref or ''}{cands}\t{m.evidence}")
    err.print(summary.line(), highlight=False)


@app.command("evaluate")
def evaluate_cmd(
    gold: Path = typer.Argument(..., help="Gold events (JSONL, see gold/GUIDELINES.md)."),
    more: Optional[List[str]] = typer.Argument(None, help="More corpus inputs (after --corpus).", show_default=False),
    corpus: List[str] = typer.Option(..., "--corpus", help="Inputs that hold the gold articles (found by doc_id); several may follow."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable scores and error lists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Scores only, no per-event error lines."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory."),
) -> None:
    """Score extraction against gold events: detection and full-match P/R/F1, fields, non-events.

    Example: marsad evaluate gold/dev.jsonl --corpus ant-2018.jsonl.gz seed.txt
    """
    from marsad.evaluate import format_report
    from marsad.evaluate.runner import evaluate_corpus

    try:
        pipe = _pipeline(data_dir=data_dir)
        report = evaluate_corpus(gold, list(corpus) + list(more or []), pipe, on_problem=lambda p: None)
    except MarsadError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(report, verbose=not quiet))


@app.command("version")
def version() -> None:
    """Print marsad's version. Example: marsad version"""
    typer.echo(__version__)
