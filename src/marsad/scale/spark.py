"""The Spark job behind ``marsad run --engine spark``.

1. **Ingest** on the driver with the local engine's :func:`marsad.ingest.read_inputs`
   (same documents, same ``doc_id`` s, same problems, same order); each document is
   classified against the output's state (new, unchanged, duplicate content) as the
   store classifies it.
2. **Extraction** with ``mapPartitions``: each Python worker builds the standard
   pipeline once, lazily, from the package data (the process-wide cache of
   :mod:`marsad.extract.batch`, as a local worker process does); nothing but the
   documents travels to the executors. A document whose extraction fails is counted and
   reported with its error, as ``marsad run`` reports it; a setup error (no gazetteer)
   stops the job with its message.
3. **De-duplication** (:mod:`marsad.scale.blocks`): blocks by event type and month,
   compatible pairs tested in each block, connected components collected on the driver,
   each component replayed with the local engine's :class:`~marsad.dedup.Deduplicator`,
   and new ids numbered on the driver as the store numbers them.
4. **Output** (:mod:`marsad.scale.output`): a Parquet dataset partitioned by country and
   year-month, written by the executors, and the state an incremental run starts from.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Sequence

from marsad.dedup import DedupConfig
from marsad.errors import ConfigError, MarsadError, SparkError
from marsad.extract.batch import DEFAULT_PIPELINE, _pipeline
from marsad.ingest import IngestProblem, IngestSummary, read_inputs
from marsad.model import Document, Event, Mention
from marsad.scale.blocks import (
    ClusterOutcome,
    Report,
    StoredCluster,
    as_report,
    assign_event_ids,
    block_entries,
    components,
    pairs_in_block,
    replay_component,
)

__all__ = ["SparkOptions", "SparkReport", "run_spark", "spark_session"]


@dataclass(frozen=True, slots=True)
class SparkOptions:
    master: str = "local[2]"
    output: str | None = None  # the Parquet dataset's directory
    db: str | None = None  # a store URL: the same run recorded in the store too
    published: datetime | None = None
    batch_size: int = 200  # as marsad run's: new ids follow its batches
    all_modalities: bool = False
    include_background: bool = False
    partitions: int | None = None  # extraction slices (default: 4 per core, at most 2,000 documents each)
    shuffle_partitions: int | None = None  # de-duplication and output (default: 2 per core, 20,000 reports each)
    dedup: DedupConfig = DedupConfig()
    conf: tuple[tuple[str, str], ...] = ()  # more Spark settings (--conf KEY=VALUE)
    data_dir: str | None = None  # the gazetteer (default: $MARSAD_DATA, else the installed one)

    def __post_init__(self) -> None:
        if self.output is None and self.db is None:
            raise ConfigError("--engine spark: give --output PARQUET_DIR, --db URL, or both, for the events")
        if self.batch_size < 1:
            raise ConfigError(f"--batch-size {self.batch_size}: give 1 or more documents per batch")
        for name in ("partitions", "shuffle_partitions"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ConfigError(f"{name} {value}: give 1 or more")


@dataclass(frozen=True, slots=True)
class SparkReport:
    run: int
    documents_read: int
    documents_new: int
    documents_unchanged: int
    documents_duplicate: int
    documents_changed: int  # same doc_id, new text: left to --db (see marsad.scale.output)
    documents_failed: int
    problems: int
    inputs_failed: int  # inputs that could not be read (exact duplicates excepted), as marsad run counts them
    reports: int
    events_created: int
    events_updated: int
    events_total: int
    seconds: dict[str, float]
    ingest_line: str = ""
    failures: tuple[str, ...] = ()
    output: str | None = None
    store_line: str | None = None
    dedup: dict = field(default_factory=dict)  # edges, components, largest component, partitions


# -- the executors' part --------------------------------------------------------------------


def _options(opts: SparkOptions) -> tuple[tuple[str, Any], ...]:
    # as marsad run passes them to the pipeline factory (include_background only when set)
    out: dict[str, Any] = {"all_modalities": opts.all_modalities}
    if opts.include_background:
        out["include_background"] = True
    if opts.data_dir:
        out["data_dir"] = opts.data_dir
    return tuple(sorted(out.items()))


def extract_partition(options: tuple[tuple[str, Any], ...], keep_mentions: bool,
                      rows: Iterable[tuple[int, Document]]) -> Iterator[tuple]:
    """``(pos, doc_id, source, events, mentions, error)`` per document; the pipeline is
    built once per Python worker (and kept while Spark reuses the worker). A setup error
    gives one ``("setup-error", message)`` row: the driver raises it."""
    try:
        pipeline = _pipeline(DEFAULT_PIPELINE, options)
    except MarsadError as exc:
        yield ("setup-error", f"{type(exc).__name__}: {exc}")
        return
    for pos, doc in rows:
        try:
            analysis = pipeline.run(doc)
        except MarsadError as exc:
            yield ("setup-error", f"{type(exc).__name__}: {exc}")
            return
        except Exception as exc:  # one bad document never stops the others
            yield (pos, doc.doc_id, doc.source, (), (), f"{type(exc).__name__}: {exc}")
            continue
        mentions = tuple(analysis.mentions or ()) if keep_mentions else ()
        yield (pos, doc.doc_id, doc.source, tuple(analysis.events or ()), mentions, None)


def _reports_of(offsets, row) -> list[Report]:
    pos, doc_id, source, events = row[0], row[1], row[2], row[3]
    base = offsets.value[pos]
    doc = Document(doc_id=doc_id, raw_text="", source=source)
    return [Report(base + i, pos, as_report(e, doc)) for i, e in enumerate(events)]


def _replay(config: DedupConfig, batch_size: int, item) -> list[ClusterOutcome]:
    _root, (news, stored) = item
    news, stored = list(news), list(stored)
    if not news:  # nothing new reached these events
        return [ClusterOutcome(sc.key, sc.event_id_cnty, sc.members[0].seq, "", sc.canonical,
                               tuple(m.seq for m in sc.members), (), False, sc.canonical) for sc in stored]
    return replay_component(news, stored, config=config, batch_size=batch_size)


# -- the driver ---------------------------------------------------------------------------


def spark_session(master: str, conf: Sequence[tuple[str, str]] = (), data_dir: str | None = None):
    """A SparkSession for marsad (its Python workers run this interpreter in local mode;
    $MARSAD_DATA reaches the executors)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(
            "--engine spark needs pyspark (and Java 17): pip install 'marsad[spark]'"
        ) from exc
    if master.startswith("local") and not _submitted():
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder
    if not _submitted():  # under spark-submit, its --master decides
        builder = builder.master(master)
    builder = (
        builder.appName("marsad run")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
    )
    names = {k for k, _ in conf}
    if master.startswith("local") and not _submitted() and "spark.driver.memory" not in names:
        builder = builder.config("spark.driver.memory", "2g")
    where = data_dir or os.environ.get("MARSAD_DATA")
    if where:
        builder = builder.config("spark.executorEnv.MARSAD_DATA", where)
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        raise SparkError(
            f"Spark could not start on {master!r}: {str(exc).strip().splitlines()[0] if str(exc).strip() else exc}. "
            "Check that Java 17 is installed (java -version) and the master URL"
        ) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _active_session():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def _submitted() -> bool:
    """Whether this driver was started by spark-submit (which hands it a gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def run_spark(
    inputs: Sequence[str],
    options: SparkOptions,
    *,
    spark=None,
    on_problem: Callable[[IngestProblem], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> SparkReport:
    """Ingest ``inputs``, extract on Spark, de-duplicate on Spark, write the events to
    ``options.output`` (and the store ``options.db``). ``spark``: a SparkSession to use
    (default: one on ``options.master``, stopped at the end)."""
    from marsad.scale import output as out
    from marsad.store.run import content_sha256

    seconds: dict[str, float] = {}
    t0 = t = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        seconds[name] = round(now - t, 2)
        t = now
        if on_stage:
            on_stage(name)

    state = out.State.open(options.output) if options.output else None
    summary = IngestSummary()
    docs: list[Document] = []
    for item in read_inputs(list(inputs), default_published=options.published):
        summary.add(item)
        if isinstance(item, IngestProblem):
            if on_problem:
                on_problem(item)
        else:
            docs.append(item)
    plan = state.classify(docs, content_sha256) if state else out.fresh_plan(docs, content_sha256)
    todo = [(pos, d) for pos, d in enumerate(docs) if plan[pos][0] == "new"]
    if options.db:
        from marsad.scale.db import needed_by_store

        wanted = needed_by_store(options.db, docs, content_sha256)
        todo = [(pos, d) for pos, d in enumerate(docs)
                if d.doc_id in wanted or (options.output and plan[pos][0] == "new")]
    stage("ingest")

    own = spark is None and _active_session() is None  # never stop a session of the caller's
    if spark is None:
        spark = spark_session(options.master, options.conf, options.data_dir)
    sc = spark.sparkContext
    try:
        # few, large tasks: each task costs a round trip to a Python worker
        slices = options.partitions or max(1, min(max(4 * sc.defaultParallelism, -(-len(todo) // 2000)), len(todo)))
        popts = _options(options)
        keep = bool(options.db)
        extracted = (
            sc.parallelize(todo, slices)
            .mapPartitions(lambda rows: extract_partition(popts, keep, rows))
            .persist()
        )
        heads = extracted.map(lambda r: r if r[0] == "setup-error" else (r[0], r[1], len(r[3]), r[5])).collect()
        setup = [h[1] for h in heads if h[0] == "setup-error"]
        if setup:
            raise SparkError(f"extraction could not start on the executors: {setup[0]}")
        stage("extract")
        errors = {pos: (doc_id, err) for pos, doc_id, _n, err in heads if err}
        counts = {pos: n for pos, _d, n, err in heads if not err}
        # documents failed, or duplicates of a failed document, add nothing (as in marsad run)
        plan = out.settle_failures(plan, docs, errors)
        n_docs = len(docs)
        offsets = [0] * (n_docs + 1)
        seq = state.next_seq if state else 0
        for pos in range(n_docs):
            offsets[pos] = seq
            if plan[pos][0] == "new":
                seq += counts.get(pos, 0)
        offsets[n_docs] = seq
        b_offsets = sc.broadcast(offsets)
        new_pos = sc.broadcast(frozenset(pos for pos in range(n_docs) if plan[pos][0] == "new"))
        n_reports = offsets[n_docs] - (state.next_seq if state else 0)
        parts = options.shuffle_partitions or max(2 * sc.defaultParallelism, -(-n_reports // 20000))
        report_rdd = (
            extracted.filter(lambda r: r[5] is None and r[0] in new_pos.value)
            .flatMap(lambda r: _reports_of(b_offsets, r))
            .coalesce(parts)
            .persist()
        )
        outcome = _dedup(sc, report_rdd, state, options) if options.output else None
        stage("dedup")
        result = None
        if options.output:
            result = out.write_run(sc, state, outcome, report_rdd, docs, plan, summary, options, offsets[n_docs])
        stage("write")
        store_line = None
        if options.db:
            from marsad.scale.db import record_in_store

            store_line = record_in_store(options, inputs, extracted, docs)
            stage("store")
        extracted.unpersist()
        report_rdd.unpersist()
    except MarsadError:
        raise
    except Exception as exc:
        raise SparkError(f"the Spark job failed: {type(exc).__name__}: {str(exc).strip()[:2000]}") from exc
    finally:
        if own:
            spark.stop()
    seconds["total"] = round(time.perf_counter() - t0, 2)
    kinds = [p[0] for p in plan]
    failures = tuple(f"{doc_id}: extraction failed: {err}" for _pos, (doc_id, err) in sorted(errors.items()))
    failures += tuple(f"{docs[pos].doc_id}: same content as {p[1]}, whose extraction failed"
                      for pos, p in enumerate(plan) if p[0] == "failed-duplicate")
    return SparkReport(
        run=result.run if result else 0,
        documents_read=len(docs),
        documents_new=kinds.count("new"),
        documents_unchanged=kinds.count("unchanged"),
        documents_duplicate=kinds.count("duplicate"),
        documents_changed=kinds.count("changed"),
        documents_failed=kinds.count("failed") + kinds.count("failed-duplicate"),
        problems=len(summary.problems),
        inputs_failed=summary.failed,
        reports=sum(n for pos, n in counts.items() if plan[pos][0] == "new"),
        events_created=result.created if result else 0,
        events_updated=result.updated if result else 0,
        events_total=result.total if result else 0,
        seconds=seconds,
        ingest_line=summary.line(),
        failures=failures,
        output=options.output,
        store_line=store_line,
        dedup=outcome.extra if outcome else {},
    )


@dataclass(slots=True)
class Dedup:
    """The de-duplication's result: clusters (an RDD of ClusterOutcome, ids filled),
    and what the driver learned (new ids, counters, keys)."""

    clusters: Any
    created: int
    updated: int
    counters: dict[str, int]
    next_key: int
    edges: int
    components: int
    blocks: int = 0
    extra: dict = field(default_factory=dict)


def _dedup(sc, reports, state, options: SparkOptions) -> Dedup:
    import dataclasses

    config = options.dedup
    stored_reports = state.stored_reports(sc) if state else sc.emptyRDD()
    stored_clusters = state.stored_clusters(sc) if state else sc.emptyRDD()
    everything = reports.union(stored_reports)
    parts = reports.getNumPartitions()
    blocks = everything.flatMap(lambda r: block_entries(r, config)).groupByKey(parts)
    edges = blocks.flatMap(lambda kv: pairs_in_block(kv[1], config)).collect()
    # the reports of one stored event stay together
    if state:
        edges.extend(state.cluster_chains())
    comp = components(edges)
    b_comp = sc.broadcast(comp)
    news = reports.map(lambda r: (b_comp.value.get(r.seq, r.seq), r))
    olds = stored_clusters.map(lambda c: (b_comp.value.get(c.members[0].seq, c.members[0].seq), c))
    bs = options.batch_size
    outcomes = news.cogroup(olds, parts).flatMap(lambda item: _replay(config, bs, item)).persist()
    fresh = outcomes.filter(lambda o: o.key is None).map(lambda o: (o.first_seq, o.id_iso3)).collect()
    ids, counters = assign_event_ids(fresh, state.counters if state else {})
    next_key = state.next_key if state else 1
    keys = {s: next_key + i for i, s in enumerate(sorted(ids))}
    b_ids = sc.broadcast((ids, keys))

    def named(o: ClusterOutcome) -> ClusterOutcome:
        if o.key is not None:
            return o
        eid = b_ids.value[0][o.first_seq]
        return dataclasses.replace(o, key=b_ids.value[1][o.first_seq], event_id_cnty=eid,
                                   event=dataclasses.replace(o.event, event_id_cnty=eid))

    clusters = outcomes.map(named).persist()
    updated = clusters.filter(lambda o: o.changed and o.key < next_key).count()
    outcomes.unpersist()
    sizes: dict[int, int] = {}
    for root in comp.values():
        sizes[root] = sizes.get(root, 0) + 1
    extra = {"edges": len(edges), "components": len(sizes), "largest_component": max(sizes.values(), default=1),
             "partitions": parts}
    return Dedup(clusters, len(ids), updated, counters, next_key + len(ids), len(edges), len(sizes), extra=extra)
