"""The Spark engine's output directory: a Parquet dataset of events and its state.

Layout of ``--output DIR`` (a path the driver and every executor see: a local disk in
``local[N]`` mode, a shared or mounted file system on a cluster)::

    DIR/country=Syria/year_month=2018-03/part-00007-r1.parquet   the events
    DIR/country=__HIVE_DEFAULT_PARTITION__/...                   events without a country
    DIR/_marsad/runs.jsonl                                       one line per finished run
    DIR/_marsad/documents/run-00001.parquet                      doc_id, sha256 of the articles read
    DIR/_marsad/reports/run-00001/part-*.parquet                 every report, with its event
    DIR/_marsad/events/run-00001/part-*.parquet                  every event after the run
    DIR/_marsad/revisions/run-00001/part-*.parquet               what each run created or changed

The event files have ACLED's columns and marsad's (:data:`marsad.model.OUTPUT_COLUMNS`,
``sources``, ``evidence_span``, ``provenance`` as JSON, actor ids), with the export's
metadata (marsad's version, the gazetteer, the attribution of its data) in every file's
schema; ``country`` and ``year_month`` are the hive partitions (``pyarrow.dataset`` and
Spark read them back as columns). A run is committed by its line in ``runs.jsonl``,
written last: a run that fails leaves the previous one in force and its files are
removed by the next run.

**Incremental.** A run over an existing output skips the articles it holds (same
``doc_id`` and text), records a new text of a known article as a duplicate (same
text, other ``doc_id``) as ``marsad run`` does, and merges the new reports into the
stored events with the local engine's rules: an event keeps its id, new events continue
each country's numbering, and every created or changed event gets a revision.
An article whose text *changed* (same ``doc_id``, new text) is not revised here: it is
counted and reported as ``changed``, and ``--db`` (the store keeps document versions)
is the way to revise it.
"""

from __future__ import annotations

import os
import shutil
import time
import urllib.parse
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import orjson

from marsad.errors import ConfigError
from marsad.model import Document, Event
from marsad.scale.blocks import ClusterOutcome, Report, StoredCluster
from marsad.store.codec import dumps, event_from_json, event_to_row

__all__ = ["State", "WriteResult", "fresh_plan", "read_events", "settle_failures", "write_run"]

STATE = "_marsad"
NULL = "__HIVE_DEFAULT_PARTITION__"
EXTRA_FILE_COLUMNS = ("evidence_span", "provenance", "actor1_id", "actor2_id")


def partition_of(e: Event) -> tuple[str, str]:
    """``(country, year_month)`` directory values of an event (hive style)."""
    country = urllib.parse.quote(e.country, safe=" ") if e.country else NULL
    month = f"{e.event_date:%Y-%m}" if e.event_date else NULL
    return country, month


def _plan_of(docs: Sequence[Document], sha_of: Callable[[Document], str], by_id: dict[str, str],
             by_sha: dict[str, str]) -> list[tuple[str, Any]]:
    plan: list[tuple[str, Any]] = []
    seen: dict[str, str] = {}
    for d in docs:
        sha = sha_of(d)
        old = by_id.get(d.doc_id)
        if old == sha:
            plan.append(("unchanged", d.doc_id))
        elif old is not None:
            plan.append(("changed", d.doc_id))
        elif sha in by_sha:
            plan.append(("duplicate", by_sha[sha]))
        elif sha in seen:
            plan.append(("duplicate", seen[sha]))
        else:
            plan.append(("new", sha))
            seen[sha] = d.doc_id
    return plan


def fresh_plan(docs: Sequence[Document], sha_of: Callable[[Document], str]) -> list[tuple[str, Any]]:
    """Each document's fate in a run without stored state: ``("new", sha256)`` or
    ``("duplicate", doc_id of the first with its text)``."""
    return _plan_of(docs, sha_of, {}, {})


def settle_failures(plan: list[tuple[str, Any]], docs: Sequence[Document],
                    errors: dict[int, tuple[str, str]]) -> list[tuple[str, Any]]:
    """Documents whose extraction failed become ``failed`` (nothing of them is stored:
    the next run tries them again), and their duplicates ``failed-duplicate``."""
    failed = {docs[pos].doc_id for pos in errors}
    out = []
    for pos, p in enumerate(plan):
        if pos in errors and p[0] == "new":
            out.append(("failed", errors[pos][1]))
        elif p[0] == "duplicate" and p[1] in failed:
            out.append(("failed-duplicate", p[1]))
        else:
            out.append(p)
    return out


class State:
    """What the earlier runs left in ``DIR/_marsad`` (nothing for a new output)."""

    def __init__(self, root: str, last: dict | None) -> None:
        self.root = Path(root)
        self.last = last or {}
        self.run = int(self.last.get("run", 0))
        self.counters: dict[str, int] = dict(self.last.get("counters", {}))
        self.next_key = int(self.last.get("next_key", 1))
        self.next_seq = int(self.last.get("next_seq", 0))

    @classmethod
    def open(cls, root: str) -> "State":
        path = Path(root)
        runs = path / STATE / "runs.jsonl"
        if path.exists() and not path.is_dir():
            raise ConfigError(f"--output {root}: a file is there; give a directory")
        if path.is_dir() and any(path.iterdir()) and not runs.exists():
            raise ConfigError(
                f"--output {root}: the directory is not empty and holds no marsad output (no {STATE}/runs.jsonl); "
                "give an empty or new directory, or the directory of an earlier --engine spark run"
            )
        last = None
        if runs.exists():
            lines = [line for line in runs.read_bytes().splitlines() if line.strip()]
            if lines:
                last = orjson.loads(lines[-1])
        state = cls(root, last)
        state._clean()
        return state

    def _clean(self) -> None:
        """Remove what an unfinished run left (files of runs after the last committed one)."""
        if not self.root.exists():
            return
        for sub in ("reports", "events", "revisions"):
            for d in (self.root / STATE / sub).glob("run-*"):
                if int(d.name[4:9]) > self.run:
                    shutil.rmtree(d, ignore_errors=True)
        for f in (self.root / STATE / "documents").glob("run-*.parquet"):
            if int(f.name[4:9]) > self.run:
                f.unlink()
        for f in self.root.glob("country=*/year_month=*/part-*.parquet"):
            if _run_of(f) > self.run:
                f.unlink()

    # -- documents --
    def classify(self, docs: Sequence[Document], sha_of: Callable[[Document], str]) -> list[tuple[str, Any]]:
        """Each document's fate: ``new``, ``unchanged``, ``duplicate`` (of a stored or an
        earlier document), or ``changed`` (left to --db, see the module docstring)."""
        import pyarrow.parquet as pq

        by_id: dict[str, str] = {}
        by_sha: dict[str, str] = {}
        for f in sorted((self.root / STATE / "documents").glob("run-*.parquet")):
            if int(f.name[4:9]) > self.run:
                continue
            t = pq.read_table(f, columns=["doc_id", "sha256", "status"]).to_pydict()
            for doc_id, sha, status in zip(t["doc_id"], t["sha256"], t["status"]):
                by_id[doc_id] = sha
                if status == "new":
                    by_sha.setdefault(sha, doc_id)
        return _plan_of(docs, sha_of, by_id, by_sha)

    # -- reports and events of the earlier runs --
    def _files(self, sub: str) -> list[str]:
        if sub == "events":
            d = self.root / STATE / "events" / f"run-{self.run:05d}"
            return sorted(str(f) for f in d.glob("*.parquet"))
        return sorted(
            str(f)
            for d in (self.root / STATE / sub).glob("run-*")
            if int(d.name[4:9]) <= self.run
            for f in d.glob("*.parquet")
        )

    def stored_reports(self, sc):
        """An RDD of the stored reports (``pos`` -1)."""
        files = self._files("reports")
        if not files:
            return sc.emptyRDD()
        return sc.parallelize(files, len(files)).flatMap(_read_reports).map(lambda kr: kr[1])

    def stored_clusters(self, sc):
        """An RDD of :class:`StoredCluster`: every stored event with its reports in order."""
        rfiles, efiles = self._files("reports"), self._files("events")
        if not efiles:
            return sc.emptyRDD()
        reports = sc.parallelize(rfiles, max(1, len(rfiles))).flatMap(_read_reports)
        events = sc.parallelize(efiles, len(efiles)).flatMap(_read_events)
        return events.cogroup(reports, max(2 * sc.defaultParallelism, len(rfiles))).flatMap(_stored_cluster)

    def cluster_chains(self) -> list[tuple[int, int]]:
        """Edges joining the reports of each stored event (read on the driver: two
        integers per report)."""
        import pyarrow.parquet as pq

        first: dict[int, int] = {}
        edges = []
        for f in self._files("reports"):
            t = pq.read_table(f, columns=["seq", "event_key"]).to_pydict()
            for seq, key in zip(t["seq"], t["event_key"]):
                if key in first:
                    edges.append((first[key], seq))
                else:
                    first[key] = seq
        return edges


def _run_of(f: Path) -> int:
    stem = f.name.rsplit("-r", 1)[-1].split(".")[0]
    return int(stem) if stem.isdigit() else 0


def _read_reports(path: str):
    import pyarrow.parquet as pq

    t = pq.read_table(path).to_pydict()
    for seq, key, report in zip(t["seq"], t["event_key"], t["report"]):
        yield key, Report(seq, -1, event_from_json(orjson.loads(report)))


def _read_events(path: str):
    import pyarrow.parquet as pq

    t = pq.read_table(path).to_pydict()
    for key, eid, event in zip(t["event_key"], t["event_id_cnty"], t["event"]):
        yield key, (eid, event_from_json(orjson.loads(event)))


def _stored_cluster(item) -> list[StoredCluster]:
    key, (events, reports) = item
    events = list(events)
    if not events:
        return []
    eid, canonical = events[0]
    members = tuple(sorted(reports, key=lambda r: r.seq))
    return [StoredCluster(key, eid, members, canonical)]


# -- writing a run -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WriteResult:
    run: int
    created: int
    updated: int
    total: int
    files: int


def _table(events: list[Event], attribution_lines, extra):
    import pyarrow as pa

    from marsad.export import parquet_table

    table = parquet_table(events, attribution_lines, extra)
    meta = table.schema.metadata
    table = table.append_column("evidence_span", pa.array([e.evidence_span.to_list() for e in events],
                                                          type=pa.list_(pa.int64())))
    table = table.append_column("provenance", pa.array(
        [dumps({k: v.to_json() for k, v in sorted(e.provenance.items())}) for e in events], type=pa.string()))
    table = table.append_column("actor1_id", pa.array([e.actor1_id for e in events], type=pa.string()))
    table = table.append_column("actor2_id", pa.array([e.actor2_id for e in events], type=pa.string()))
    table = table.drop_columns(["country"])  # the partition
    return table.replace_schema_metadata(meta)


def _id_order(e: Event) -> tuple:
    head = e.event_id_cnty.rstrip("0123456789")
    return head, int(e.event_id_cnty[len(head):] or 0)


def _partition_hash(part: tuple[str, str]) -> int:
    return zlib.crc32("/".join(part).encode("utf-8"))  # the same in every worker (str hash is salted)


def _write_dataset(root: str, run: int, attribution_lines, extra, index: int, items) -> list[tuple[str, int]]:
    import pyarrow.parquet as pq

    groups: dict[tuple[str, str], list[Event]] = {}
    for part, e in items:
        groups.setdefault(part, []).append(e)
    written = []
    for (country, month), events in sorted(groups.items()):
        events.sort(key=_id_order)
        d = Path(root) / f"country={country}" / f"year_month={month}"
        d.mkdir(parents=True, exist_ok=True)
        f = d / f"part-{index:05d}-r{run}.parquet"
        pq.write_table(_table(events, attribution_lines, extra), f)
        written.append((str(f), len(events)))
    return written


def _write_rows(directory: str, index: int, rows, columns: dict[str, Any]) -> list[int]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(rows)
    if not rows:
        return []
    names = list(columns)
    data = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    Path(directory).mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({n: pa.array(data[n], type=columns[n]) for n in names}),
                   os.path.join(directory, f"part-{index:05d}.parquet"))
    return [len(rows)]


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def _revision(run: int, at: str, item) -> list[tuple]:
    key, (outcomes, whys) = item
    outcomes = list(outcomes)
    if not outcomes:
        return []
    o: ClusterOutcome = outcomes[0]
    why = [w for _seq, w in sorted(whys)]
    if o.before is None:
        row = _public(event_to_row(o.event))
        return [(key, o.event_id_cnty, run, at, "create", dumps(row), "; ".join(["new event: " + why[0]] + why[1:]))]
    before, after = event_to_row(o.before), event_to_row(o.event)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    return [(key, o.event_id_cnty, run, at, "update", dumps(_public(diff)), "; ".join(why))]


def write_run(sc, state: State, dedup, reports, docs: Sequence[Document], plan, summary, options,
              next_seq: int) -> WriteResult:
    """Write the events, the state and the revisions of this run, then commit it."""
    import dataclasses

    import pyarrow as pa
    import pyarrow.parquet as pq

    from marsad.export import attribution
    from marsad.store.run import content_sha256
    from marsad.versions import build_version, gazetteer_description

    run = state.run + 1
    root = str(state.root)
    base = state.root / STATE
    stamp = int(time.time())
    at = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(stamp))
    attr = tuple(attribution())
    extra = {"engine": "spark", "run": run, "partitioning": ["country", "year_month"]}

    def final(o: ClusterOutcome) -> ClusterOutcome:
        return dataclasses.replace(o, event=dataclasses.replace(o.event, timestamp=stamp)) if o.changed else o

    clusters = dedup.clusters.map(final).persist()
    total = clusters.count()
    n = reports.getNumPartitions()
    # the events, by (country, year-month)
    files = (
        clusters.map(lambda o: (partition_of(o.event), o.event))
        .partitionBy(n, _partition_hash)
        .mapPartitionsWithIndex(lambda i, items: _write_dataset(root, run, attr, extra, i, items))
        .collect()
    )
    # the state: every event, this run's reports, the revisions
    ev_dir = str(base / "events" / f"run-{run:05d}")
    clusters.map(lambda o: (o.key, o.event_id_cnty, dumps(o.event.to_json()))).mapPartitionsWithIndex(
        lambda i, rows: _write_rows(ev_dir, i, rows, {"event_key": pa.int64(), "event_id_cnty": pa.string(),
                                                      "event": pa.string()})
    ).collect()
    joined = (
        clusters.flatMap(lambda o: [(s, o.key) for s in o.new_members])
        .join(reports.keyBy(lambda r: r.seq), n)
    )
    rep_dir = str(base / "reports" / f"run-{run:05d}")
    joined.map(lambda kv: (kv[0], kv[1][0], kv[1][1].event.doc_id, dumps(kv[1][1].event.to_json()))).mapPartitionsWithIndex(
        lambda i, rows: _write_rows(rep_dir, i, sorted(rows), {"seq": pa.int64(), "event_key": pa.int64(),
                                                               "doc_id": pa.string(), "report": pa.string()})
    ).collect()
    whys = joined.map(lambda kv: (kv[1][0], (kv[0], f"report of {kv[1][1].event.doc_id} ({kv[1][1].event.source or '?'})")))
    rev_dir = str(base / "revisions" / f"run-{run:05d}")
    clusters.filter(lambda o: o.changed).keyBy(lambda o: o.key).cogroup(whys, n).flatMap(
        lambda item: _revision(run, at, item)
    ).mapPartitionsWithIndex(
        lambda i, rows: _write_rows(rev_dir, i, rows, {
            "event_key": pa.int64(), "event_id_cnty": pa.string(), "run": pa.int64(), "at": pa.string(),
            "action": pa.string(), "what": pa.string(), "why": pa.string()})
    ).collect()
    clusters.unpersist()
    # the documents read (new and duplicates; failed ones are tried again next run)
    rows = [(d.doc_id, content_sha256(d), p[0], p[1] if p[0] == "duplicate" else None, run)
            for d, p in zip(docs, plan) if p[0] in ("new", "duplicate")]
    (base / "documents").mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({
        "doc_id": pa.array([r[0] for r in rows], pa.string()),
        "sha256": pa.array([r[1] for r in rows], pa.string()),
        "status": pa.array([r[2] for r in rows], pa.string()),
        "duplicate_of": pa.array([r[3] for r in rows], pa.string()),
        "run": pa.array([r[4] for r in rows], pa.int64()),
    }), base / "documents" / f"run-{run:05d}.parquet")
    kinds = [p[0] for p in plan]
    line = {
        "run": run, "at": at, "version": build_version(), "gazetteer": gazetteer_description(),
        "engine": "spark", "master": options.master, "batch_size": options.batch_size,
        "all_modalities": options.all_modalities, "include_background": options.include_background,
        "documents_read": len(docs), "documents_new": kinds.count("new"),
        "documents_unchanged": kinds.count("unchanged"), "documents_duplicate": kinds.count("duplicate"),
        "documents_changed": kinds.count("changed"),
        "documents_failed": kinds.count("failed") + kinds.count("failed-duplicate"),
        "problems": len(summary.problems), "events_created": dedup.created, "events_updated": dedup.updated,
        "events": total, "counters": dedup.counters, "next_key": dedup.next_key,
        "next_seq": next_seq,
    }
    with open(base / "runs.jsonl", "ab") as fh:  # the commit
        fh.write(orjson.dumps(line) + b"\n")
    # the files of the run before are replaced
    for f in Path(root).glob("country=*/year_month=*/part-*.parquet"):
        if _run_of(f) != run:
            f.unlink()
    for d in (base / "events").glob("run-*"):
        if d.name != f"run-{run:05d}":
            shutil.rmtree(d, ignore_errors=True)
    for d in list(Path(root).glob("country=*/year_month=*")) + list(Path(root).glob("country=*")):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
    return WriteResult(run, dedup.created, dedup.updated, total, len(files))


def read_events(root: str) -> list[Event]:
    """The events of a Spark output directory (``marsad.scale``'s state, with the full
    provenance), in id order."""
    state = State(root, None)
    runs = Path(root) / STATE / "runs.jsonl"
    if not runs.exists():
        raise ConfigError(f"{root}: no {STATE}/runs.jsonl; not an output of marsad run --engine spark")
    lines = [line for line in runs.read_bytes().splitlines() if line.strip()]
    state.run = int(orjson.loads(lines[-1])["run"])
    out = [e for f in state._files("events") for _key, (_eid, e) in _read_events(f)]
    return sorted(out, key=_id_order)
