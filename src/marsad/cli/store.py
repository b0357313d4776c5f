"""`marsad run` (ingest, extract, de-duplicate, store) and `marsad export`."""

from __future__ import annotations

from datetime import datetime
from typing import List, Optional

import typer
from rich.console import Console

from marsad.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, app
from marsad.cli.commands import MAX_BYTES_HELP, MAX_SECONDS_HELP, check_inputs, undated_warning
from marsad.errors import ConfigError, MarsadError, RunInterrupted

_MAX_PROBLEMS_SHOWN = 20


def _fail(exc: MarsadError) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILED)


def _where(store) -> str:
    """The store's URL, without a password."""
    return store.engine.url.render_as_string(hide_password=True)


@app.command("run")
def run_command(
    inputs: List[str] = typer.Argument(..., help="Files, directories, .jsonl(.gz) files, or - for stdin."),
    db: Optional[str] = typer.Option(
        None, "--db", help="sqlite:///path.db or postgresql://user@host/db (default: marsad.db in $MARSAD_DATA, else in the user data dir; `marsad data path` prints it)"
    ),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Extraction processes."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD for undated inputs."),
    batch_size: int = typer.Option(200, "--batch-size", min=1, help="Documents per transaction."),
    all_modalities: bool = typer.Option(False, "--all-modalities", help="Also store hypothetical, future, negated... events."),
    include_background: bool = typer.Option(False, "--include-background", help="Also store past events dated only by a year."),
    pipeline: str = typer.Option("marsad.pipeline:build_pipeline", "--pipeline", hidden=True),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: str = typer.Option("local", "--engine", help="local (this machine's processes) or spark (needs the spark extra and Java 17)."),
    master: str = typer.Option("local[2]", "--master", help="--engine spark: local[N], spark://HOST:PORT, yarn..."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="--engine spark: a directory for the Parquet dataset (partitioned by country and year-month); a later run adds to it."),
    conf: Optional[List[str]] = typer.Option(None, "--conf", help="--engine spark: a Spark setting KEY=VALUE (repeatable)."),
    wait: bool = typer.Option(False, "--wait", help="When another run is writing to the store, wait for it to end (by default, refuse at once)."),
    max_bytes: int = typer.Option(5 * 1024 * 1024, "--max-bytes", min=1, help=MAX_BYTES_HELP),
    max_seconds: float = typer.Option(60.0, "--max-seconds", min=0.001, help=MAX_SECONDS_HELP),
) -> None:
    """Read articles, extract events, merge reports of the same event across outlets, store them.

    Example: marsad run examples/articles.jsonl

    Running again on the same inputs adds nothing; an interrupted run (Ctrl-C) is
    completed by the next one; a changed article (same doc_id, new text) revises its
    events. The options apply to the articles a run extracts (new or changed ones).
    One run writes to a store at a time (--wait waits for the other).
    """
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from marsad.store import RunOptions, Store, run_inputs

    err = Console(stderr=True)
    check_inputs(inputs)
    if engine not in ("local", "spark"):
        raise _fail(ConfigError(f"--engine {engine!r}: choose local or spark"))
    if engine == "spark":
        _run_spark(inputs, db=db, output=output, master=master, conf=conf or [], published=published,
                   batch_size=batch_size, all_modalities=all_modalities, include_background=include_background,
                   quiet=quiet, err=err)
        return
    if output or conf:
        raise _fail(ConfigError("--output and --conf are options of --engine spark; the local engine writes the store (--db)"))
    try:
        when = _published_date(published)
        options = RunOptions(
            workers=workers, batch_size=batch_size, published=when, pipeline=pipeline, all_modalities=all_modalities,
            include_background=include_background, max_bytes=max_bytes, max_seconds=max_seconds,
        )
        store = Store(db)
        if db is None:
            err.print(f"store: {_where(store)} (the default; --db chooses another)", highlight=False, soft_wrap=True)
        on_problem = _Problems(err)

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed:,} documents · {task.fields[reports]:,} events"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=False,
        ) as progress:
            task = progress.add_task("marsad run", total=None, reports=0)

            def on_batch(done: int, reports: int) -> None:
                progress.update(task, completed=done, reports=reports)

            def on_wait(message: str) -> None:
                err.print(message, highlight=False, soft_wrap=True)

            try:
                report = run_inputs(inputs, store, options, on_batch=on_batch, on_problem=on_problem,
                                    wait=wait, on_wait=on_wait)
            except KeyboardInterrupt:  # a second Ctrl-C: at once
                progress.stop()
                err.print("interrupted at once: what was committed is kept (a batch being written is rolled "
                          "back); run the same command again to complete the run", highlight=False, soft_wrap=True)
                raise typer.Exit(EXIT_INTERRUPTED) from None
        counts = store.counts()
        store.close()
    except RunInterrupted as exc:
        err.print(str(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except MarsadError as exc:
        raise _fail(exc) from None
    on_problem.summary(report.failures)
    if report.documents_undated:
        err.print(f"warning: {undated_warning(report.documents_undated)}", style="yellow", highlight=False,
                  soft_wrap=True)
    if report.resumed_run is not None:
        typer.echo(f"run #{report.resumed_run} was interrupted: this run completed it (what it stored was kept)")
    typer.echo(report.ingest_line)
    typer.echo(
        f"run #{report.run_id}: {report.documents_new:,} new, {report.documents_changed:,} changed, "
        f"{report.documents_unchanged:,} unchanged, {report.documents_duplicate:,} duplicate, "
        f"{report.documents_failed:,} failed documents; {report.reports:,} events extracted -> "
        f"{report.events_created:,} new, {report.events_updated:,} updated, {report.events_deleted:,} deleted "
        f"events; in {report.seconds:.1f}s"
    )
    typer.echo(
        f"store {_where(store)}: {counts['documents']:,} documents, {counts['reports']:,} event reports, "
        f"{counts['events']:,} events after de-duplication"
    )
    if report.documents_failed or report.inputs_failed:
        raise typer.Exit(EXIT_FAILED)


class _Problems:
    """A run's problems on standard error: each of the first few as it comes (the
    inputs that cannot be read), then how many more and the failed documents."""

    def __init__(self, err: Console) -> None:
        self.err, self.count = err, 0

    def __call__(self, problem) -> None:
        self.count += 1
        if self.count <= _MAX_PROBLEMS_SHOWN:
            self.err.print(str(problem), style="yellow", highlight=False, markup=False)

    def summary(self, failures) -> None:
        if self.count > _MAX_PROBLEMS_SHOWN:
            self.err.print(f"... and {self.count - _MAX_PROBLEMS_SHOWN:,} more problems", highlight=False)
        for line in failures[:_MAX_PROBLEMS_SHOWN]:
            self.err.print(line, style="red", highlight=False, markup=False)


def _published_date(published: Optional[str]) -> Optional[datetime]:
    """``--published``: the date of the inputs that carry none."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published)
    except ValueError as exc:
        raise ConfigError(f"--published {published!r}: give a date as YYYY-MM-DD") from exc


def _run_spark(inputs, *, db, output, master, conf, published, batch_size, all_modalities, include_background,
               quiet, err) -> None:
    from marsad.scale import SparkOptions, run_spark
    from marsad.store import default_db_url

    try:
        when = _published_date(published)
        settings = []
        for item in conf:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise ConfigError(f"--conf {item!r}: give a Spark setting as KEY=VALUE")
            settings.append((key.strip(), value))
        if not db and not output:
            db = default_db_url()
            err.print(f"store: {db} (the default; --db chooses another, --output writes Parquet)", highlight=False,
                      soft_wrap=True)
        options = SparkOptions(master=master, output=output, db=db, published=when, batch_size=batch_size,
                               all_modalities=all_modalities, include_background=include_background,
                               conf=tuple(settings))
        on_problem = _Problems(err)

        def on_stage(name: str) -> None:
            if not quiet:
                err.print(f"spark: {name} done", highlight=False)

        report = run_spark(inputs, options, on_problem=on_problem, on_stage=on_stage)
    except MarsadError as exc:
        raise _fail(exc) from None
    on_problem.summary(report.failures)
    typer.echo(report.ingest_line)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in report.seconds.items())
    if report.output:
        typer.echo(
            f"spark run #{report.run} on {master}: {report.documents_new:,} new, {report.documents_unchanged:,} "
            f"unchanged, {report.documents_duplicate:,} duplicate, {report.documents_changed:,} changed "
            f"({'revised in the store' if db else 'not revised here: --db keeps versions'}), "
            f"{report.documents_failed:,} failed documents; {report.reports:,} events extracted -> "
            f"{report.events_created:,} new, {report.events_updated:,} updated events; {report.events_total:,} events "
            f"in {report.output}"
        )
    if report.store_line:
        typer.echo(report.store_line)
    if report.dedup:
        d = report.dedup
        typer.echo(f"de-duplication: {d['edges']:,} compatible pairs, {d['components']:,} components of several "
                   f"reports (largest {d['largest_component']:,}), {d['partitions']:,} partitions")
    typer.echo(f"time: {timing}")
    if report.documents_failed or report.inputs_failed:  # as the local engine exits
        raise typer.Exit(EXIT_FAILED)


@app.command("export")
def export_command(
    format: str = typer.Option(..., "--format", "-f", help="acled-csv, jsonl, geojson or parquet."),
    db: Optional[str] = typer.Option(None, "--db", help="The store (default: marsad.db in $MARSAD_DATA, else in the user data dir)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Output file (default: standard output)."),
    since: Optional[str] = typer.Option(None, "--since", help="First event date YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last event date YYYY-MM-DD."),
    country: Optional[str] = typer.Option(None, "--country", help="Country name, e.g. Syria."),
    admin1: Optional[str] = typer.Option(None, "--admin1", help="First-level region, e.g. Idleb."),
    event_type: Optional[str] = typer.Option(None, "--event-type", help="ACLED event type, e.g. Battles."),
    allow_formulas: bool = typer.Option(
        False, "--allow-formulas",
        help="acled-csv: write cells that begin with = + - @ as they are (by default they get a leading ' so that "
             "a spreadsheet shows them as text instead of running them)."),
) -> None:
    """Export the stored events.

    Example: marsad export --format acled-csv --country Syria --since 2018-03-01 -o syria.csv
    """
    from marsad.export import export_events, parse_date
    from marsad.store import EventFilter, Store

    err = Console(stderr=True)
    try:
        flt = EventFilter(
            since=parse_date(since, "--since"), until=parse_date(until, "--until"),
            country=country, admin1=admin1, event_type=event_type,
        )
        if format == "parquet" and not output:
            raise ConfigError("--format parquet writes a binary file: give --output FILE.parquet")
        store = Store(db, create=False)
        try:
            report = export_events(store.iter_events(flt), format, output,
                                   extra={"extracted_by": store.extracted_by()}, safe_csv=not allow_formulas)
        finally:
            store.close()
    except MarsadError as exc:
        raise _fail(exc) from None
    except Exception as exc:  # a database that is not a marsad store
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            raise _fail(MarsadError(f"cannot read events from --db {db!r}: {exc}. Is it a store written by `marsad run`?")) from None
        raise
    msg = f"exported {report.written:,} events as {report.format}"
    if report.output != "-":
        msg += f" to {report.output}"
    if report.skipped_without_coordinates:
        msg += f"; {report.skipped_without_coordinates:,} without coordinates skipped"
    if report.sidecar:
        msg += f"; attribution in {report.sidecar}"
    err.print(msg, highlight=False)
    if report.output == "-" and report.attribution:
        err.print("data attribution: " + " | ".join(report.attribution), highlight=False)
