"""``marsad run``: ingest, extract, de-duplicate and store, in batches.

- **Batches, one transaction each.** A batch of documents is extracted, then written
  with its de-duplication decisions, revisions and id counters in one transaction.
  A run killed at any point loses at most the batch in flight; the next run skips
  every document already stored (same ``doc_id`` and content sha256) and completes
  the work, so it ends in the same state as an uninterrupted run.
- **Idempotent.** An unchanged document is skipped; a document whose content is
  already stored under another ``doc_id`` is recorded as a duplicate of it and not
  extracted again. A *changed* document (same ``doc_id``, new sha256) gets a new
  version: its old reports are withdrawn from their events (``superseded``) and the
  events are revised (or deleted when no report is left) with a revision row each.
- **Parallel.** ``workers > 1`` extracts in a pool of spawned processes, each
  building the pipeline once; results come back in input order and de-duplication
  runs in the parent, so the store is identical to a ``workers=1`` run.
- **Stable ids.** A new event gets ``event_id_cnty`` = ISO3 + the next number of the
  country's counter in the store; an event keeps its id when reports join it, and
  when the only article reporting it changes and is re-extracted with a matching
  report.
"""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import os
import re
import signal
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Hashable, Iterable, Iterator, Sequence

from sqlalchemy import or_, select, update

from marsad.versions import build_version, gazetteer_description
from marsad.dedup import Cluster, Deduplicator, DedupConfig
from marsad.errors import ConfigError, MarsadError, RunInterrupted, StoreError
from marsad.extract.batch import DEFAULT_MAX_SECONDS, DEFAULT_PIPELINE, Extracted, Extractor, batches
from marsad.ingest import DEFAULT_MAX_BYTES, IngestProblem, IngestSummary, read_inputs
from marsad.model import Document, Event, Mention
from marsad.normalize import fold
from marsad.store import schema as S
from marsad.store.codec import dumps, event_from_json, event_from_row, event_to_row, iso3_of, spans_json
from marsad.store.db import Store
from marsad.store.lock import writer_lock
from marsad.store.review import analyst_deleted_clause, next_event_id, reconcile, write_search_text

__all__ = ["RunOptions", "RunReport", "run_inputs", "content_sha256", "same_source", "stored_origin"]


@dataclass(frozen=True, slots=True)
class RunOptions:
    workers: int = 1
    batch_size: int = 200
    published: datetime | None = None  # default publication date for undated inputs
    pipeline: str = DEFAULT_PIPELINE  # "module:factory", called as factory(all_modalities=...)
    all_modalities: bool = False
    include_background: bool = False  # also past events dated only by a year (passed only when set)
    dedup: DedupConfig = DedupConfig()
    max_bytes: int = DEFAULT_MAX_BYTES  # the largest document read
    max_seconds: float | None = DEFAULT_MAX_SECONDS  # the time budget of one document (None: none)

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"--workers {self.workers}: give 1 or more worker processes")
        if self.batch_size < 1:
            raise ConfigError(f"--batch-size {self.batch_size}: give 1 or more documents per batch")
        if ":" not in self.pipeline:
            raise ConfigError(f"pipeline {self.pipeline!r}: give it as module:function")
        if self.max_bytes < 1:
            raise ConfigError(f"--max-bytes {self.max_bytes}: give the largest document in bytes (1 or more)")
        if self.max_seconds is not None and not self.max_seconds > 0:
            raise ConfigError(f"--max-seconds {self.max_seconds}: give a positive number of seconds per document")


@dataclass(frozen=True, slots=True)
class RunReport:
    run_id: int
    documents_read: int
    documents_new: int
    documents_changed: int
    documents_unchanged: int
    documents_duplicate: int
    documents_failed: int
    problems: int
    reports: int  # events extracted (before de-duplication) in this run
    events_created: int
    events_updated: int
    events_deleted: int
    seconds: float
    ingest_line: str = ""
    failures: tuple[str, ...] = ()
    inputs_failed: int = 0  # inputs that could not be read (exact duplicates excepted)
    resumed_run: int | None = None  # the interrupted run this one completed
    documents_undated: int = 0  # read without a publication date (and no default given)


_JSONL_ORIGIN = re.compile(r"(?:\.jsonl(?:\.gz)?|^-):\d+$", re.I)


def stored_origin(origin: str | None) -> str | None:
    """The origin as the store keeps it: a file's absolute path (so that a later run from
    another folder knows it), a JSON line's and standard input's as they are."""
    if not origin or origin == "-" or _JSONL_ORIGIN.search(origin):
        return origin
    return os.path.abspath(origin)


def same_source(stored: str | None, origin: str | None) -> bool:
    """Whether a stored document and a new one with the same doc_id come from the same
    source, so that the new one is a *change* of it. JSON lines name their ids
    themselves: any two are the same source; a file is the same file; standard input's
    ids come from its content."""
    if stored is None or origin is None:
        return True
    if _JSONL_ORIGIN.search(stored) and _JSONL_ORIGIN.search(origin):
        return True
    return stored_origin(stored) == stored_origin(origin)


def content_sha256(doc: Document) -> str:
    """The sha256 of the raw text (UTF-8): the identity of an article's content."""
    return hashlib.sha256(doc.raw_text.encode("utf-8")).hexdigest()


# -- writing ---------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(slots=True)
class _Counts:
    read: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    duplicate: int = 0
    failed: int = 0
    reports: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    failures: list[str] = field(default_factory=list)


class _Writer:
    """Writes batches; owns the run's Deduplicator, kept in step with the store."""

    def __init__(self, store: Store, run_id: int, who: str, config: DedupConfig) -> None:
        self.store = store
        self.run_id = run_id
        self.who = who
        self.dd = Deduplicator(config)
        self.loaded_months: set[tuple[int, int]] = set()
        self.stored: dict[int, Event] = {}  # canonical event as last written, by events.id
        self.counts = _Counts()

    # ---- classification ----
    def classify(self, conn, docs: Sequence[Document]) -> dict[str, tuple[str, Any]]:
        """doc_id -> (status, detail): unchanged | duplicate (owner pk) | changed (old pk) | new |
        collision (the origin of the stored document: same doc_id, another source, another text)."""
        d = S.documents.c
        ids = [doc.doc_id for doc in docs]
        shas = {doc.doc_id: content_sha256(doc) for doc in docs}
        by_id = {
            r.doc_id: (r.id, r.sha256, r.origin)
            for r in conn.execute(
                select(d.id, d.doc_id, d.sha256, d.origin).where(d.current.is_(True), d.doc_id.in_(ids))
            )
        }
        by_sha: dict[str, int] = {}
        for r in conn.execute(
            select(d.id, d.sha256, d.duplicate_of)
            .where(d.current.is_(True), d.sha256.in_(set(shas.values())))
            .order_by(d.id)
        ):
            by_sha.setdefault(r.sha256, r.duplicate_of or r.id)
        out: dict[str, tuple[str, Any]] = {}
        seen_in_batch: dict[str, str] = {}
        for doc in docs:
            sha = shas[doc.doc_id]
            old = by_id.get(doc.doc_id)
            if old and old[1] == sha:
                out[doc.doc_id] = ("unchanged", old[0])
            elif old and not same_source(old[2], doc.origin):
                out[doc.doc_id] = ("collision", old[2])
            elif sha in by_sha and (not old or by_sha[sha] != old[0]):
                out[doc.doc_id] = ("duplicate", by_sha[sha])
            elif sha in seen_in_batch:
                out[doc.doc_id] = ("duplicate-in-batch", seen_in_batch[sha])
            else:
                out[doc.doc_id] = ("changed", old[0]) if old else ("new", None)
                seen_in_batch[sha] = doc.doc_id
        return out

    # ---- clusters from the store ----
    def _load_clusters(self, conn, event_ids: Iterable[int]) -> None:
        ids = sorted({i for i in event_ids if i not in self.dd.clusters})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            e, es = S.events.c, S.event_sources.c
            rows = conn.execute(
                select(S.events).where(e.id.in_(chunk), _live()).order_by(e.id)
            ).mappings().all()
            members: dict[int, list[Event]] = {r["id"]: [] for r in rows}
            for r in conn.execute(
                select(es.event_id, es.report)
                .where(es.event_id.in_(list(members)), es.status == "active")
                .order_by(es.id)
            ):
                members[r.event_id].append(event_from_json(_loads(r.report)))
            for r in rows:
                canonical = event_from_row(r)
                self.stored[r["id"]] = canonical
                self.dd.add_cluster(r["id"], members[r["id"]], canonical=canonical,
                                    event_id_cnty=r["event_id_cnty"])

    def _ensure_months(self, conn, report: Event) -> None:
        if report.event_date is None:
            return
        d = report.event_date
        w = max(self.dd.config.week_window, self.dd.config.day_window)
        months = {(x.year, x.month) for x in (d - timedelta(days=w), d, d + timedelta(days=w))}
        todo = sorted(months - self.loaded_months)
        if not todo:
            return
        e = S.events.c
        ids: list[int] = []
        for y, m in todo:
            first = datetime(y, m, 1).date()
            nxt = datetime(y + (m == 12), m % 12 + 1, 1).date()
            ids += conn.execute(
                select(e.id).where(_live(), e.event_date >= first, e.event_date < nxt)
            ).scalars().all()
        self._load_clusters(conn, ids)
        self.loaded_months |= set(todo)

    # ---- one batch ----
    def write_batch(self, docs: Sequence[Document], extracted: dict[str, Extracted]) -> None:
        try:
            with self.store.engine.begin() as conn:
                self._write(conn, docs, extracted)
        except MarsadError:
            raise
        except Exception as exc:
            raise StoreError(
                f"writing a batch to {self.store!r} failed: {exc}. Nothing of this batch was "
                "stored; fix the cause and run again (stored batches are kept)"
            ) from exc

    def _write(self, conn, docs: Sequence[Document], extracted: dict[str, Extracted]) -> None:
        status = self.classify(conn, docs)
        now = _now()
        dirty: dict[Hashable, tuple[Cluster, list[str]]] = {}
        new_reports: list[tuple[Event, int, int, Cluster]] = []  # report, document pk, index, cluster
        c = self.counts
        c.read += len(docs)

        def touch(cl: Cluster, why: str) -> None:
            entry = dirty.setdefault(id(cl), (cl, []))
            if why not in entry[1]:
                entry[1].append(why)

        for doc in docs:
            kind, detail = status[doc.doc_id]
            if kind == "unchanged":
                c.unchanged += 1
                continue
            if kind == "collision":
                c.failed += 1
                c.failures.append(
                    f"{doc.origin}: doc_id {doc.doc_id!r} is already stored for {detail}, a different article; "
                    "this one was not stored: give each its own id (run marsad on the folder that holds both, "
                    "so that each gets its path as id, or use JSON lines with a doc_id)")
                continue
            ex = extracted.get(doc.doc_id)
            if kind in ("new", "changed") and (ex is None or ex.error):
                c.failed += 1
                c.failures.append(f"{doc.doc_id}: extraction failed: {ex.error if ex else 'not extracted'}")
                continue
            if kind == "changed":
                old_pk = detail
                self._withdraw(conn, old_pk, doc, touch)
            sha = content_sha256(doc)
            owner = None
            if kind == "duplicate":
                owner = detail
            elif kind == "duplicate-in-batch":
                owner = conn.execute(
                    select(S.documents.c.id).where(S.documents.c.doc_id == detail, S.documents.c.current.is_(True))
                ).scalar()
                if owner is None:  # the first copy failed extraction: this one will be retried next run
                    c.failed += 1
                    c.failures.append(f"{doc.doc_id}: same content as {detail}, whose extraction failed")
                    continue
            if owner is not None:
                prev = conn.execute(
                    select(S.documents.c.id).where(S.documents.c.doc_id == doc.doc_id, S.documents.c.current.is_(True))
                ).scalar()
                if prev is not None:  # it was another article before: withdraw that version
                    self._withdraw(conn, prev, doc, touch)
                    c.changed += 1
                c.duplicate += 1
                self._insert_document(conn, doc, sha, now, duplicate_of=owner, index=False)
                continue
            c.new += kind == "new"
            c.changed += kind == "changed"
            pk = self._insert_document(conn, doc, sha, now)
            assert ex is not None  # nosec B101  # narrowing: set above
            self._insert_mentions(conn, pk, ex.mentions)
            for i, e in enumerate(ex.events):
                report = dataclasses.replace(
                    e,
                    doc_id=doc.doc_id,
                    source=e.source or doc.source or "",
                    sources=(doc.doc_id,),
                    event_id_cnty="",
                )
                self._ensure_months(conn, report)
                cl, _created = self.dd.assign(report)
                outlet = report.source or "?"
                touch(cl, f"report {i} of {doc.doc_id} ({outlet})")
                new_reports.append((report, pk, i, cl))
                c.reports += 1
        self._flush(conn, [v for v in dirty.values()], new_reports, now)

    def _withdraw(self, conn, old_pk: int, doc: Document, touch) -> None:
        d, es = S.documents.c, S.event_sources.c
        conn.execute(
            update(S.documents).where(d.id == old_pk).values(current=False, superseded_run=self.run_id)
        )
        event_ids = conn.execute(
            select(es.event_id).where(es.document_id == old_pk, es.status == "active")
        ).scalars().all()
        if not event_ids:
            return
        self._load_clusters(conn, event_ids)
        conn.execute(
            update(S.event_sources)
            .where(es.document_id == old_pk, es.status == "active")
            .values(status="superseded", superseded_run=self.run_id)
        )
        for cl in self.dd.withdraw(doc.doc_id):
            touch(cl, f"article {doc.doc_id} changed (new content sha256): its old reports were withdrawn")

    def _insert_document(self, conn, doc: Document, sha: str, now: datetime, *, duplicate_of: int | None = None,
                         index: bool = True) -> int:
        folded = fold(doc.raw_text if doc.title is None else doc.title + "\n" + doc.raw_text)
        pk = conn.execute(
            S.documents.insert()
            .values(
                doc_id=doc.doc_id,
                sha256=sha,
                current=True,
                duplicate_of=duplicate_of,
                outlet=doc.source,
                url=doc.url,
                published=doc.published.replace(tzinfo=None) if doc.published else None,
                title=doc.title,
                author=doc.author,
                language=doc.language,
                origin=stored_origin(doc.origin),
                raw_text=doc.raw_text,
                folded_text=folded,
                run_id=self.run_id,
                created_at=now,
            )
            .returning(S.documents.c.id)
        ).scalar_one()
        if index:
            self.store.index_text(conn, [(pk, folded)])
        return pk

    def _insert_mentions(self, conn, pk: int, mentions: Sequence[Mention]) -> None:
        if not mentions:
            return
        conn.execute(
            S.mentions.insert(),
            [
                {
                    "document_id": pk,
                    "kind": m.kind.value,
                    "start_offset": m.span.start,
                    "end_offset": m.span.end,
                    "text": m.text,
                    "ref": m.ref,
                    "candidates": dumps(list(m.candidates)) if m.candidates else None,
                    "value": dumps(m.value) if m.value is not None else None,
                    "evidence": m.evidence,
                    "confidence": m.confidence,
                    "sentence": m.sentence,
                }
                for m in mentions
            ],
        )

    @staticmethod
    def _reviewed(conn, pk: int) -> bool:
        c = S.corrections.c
        return conn.execute(select(c.id).where(c.event_id == pk).limit(1)).first() is not None

    def _revision(self, conn, pk: int, eid: str, action: str, what: Any, why: Sequence[str], now: datetime) -> None:
        conn.execute(
            S.revisions.insert().values(
                event_id=pk, event_id_cnty=eid, run_id=self.run_id, at=now, who=self.who,
                action=action, what=dumps(what), why="; ".join(why),
            )
        )

    def _flush(self, conn, dirty: list[tuple[Cluster, list[str]]], new_reports, now: datetime) -> None:
        stamp = int(now.timestamp())
        e = S.events.c
        for cl, why in dirty:
            if not isinstance(cl.key, int):  # created in this batch
                if not cl.members:
                    self.dd.drop(cl)
                    continue
                assert cl.canonical is not None  # nosec B101  # narrowing: set above
                eid = next_event_id(conn, iso3_of(cl.canonical))
                cl.event_id_cnty = eid
                canonical = dataclasses.replace(cl.canonical, event_id_cnty=eid, timestamp=stamp)
                row = event_to_row(canonical)
                pk = conn.execute(
                    S.events.insert()
                    .values(status="active", version=1, created_run=self.run_id, updated_run=self.run_id, **row)
                    .returning(e.id)
                ).scalar_one()
                self.dd.rekey(cl, pk)
                cl.canonical = canonical
                self.stored[pk] = canonical
                write_search_text(conn, {pk: canonical})
                self._revision(conn, pk, eid, "create", _public(row), ["new event: " + why[0]] + why[1:], now)
                self.counts.created += 1
                continue
            pk = cl.key
            old = self.stored[pk]
            if not cl.members and self._reviewed(conn, pk):
                # an analyst reviewed it: it stays, without reports, until an analyst deletes it
                self._revision(conn, pk, old.event_id_cnty, "proposal", {"status": ["active", "deleted"]},
                               why + ["the machine no longer finds this event; kept because an analyst reviewed it"],
                               now)
                self.dd.drop(cl)
                self.stored.pop(pk, None)
                continue
            if not cl.members:  # every report withdrawn and none came back
                conn.execute(
                    update(S.events).where(e.id == pk)
                    .values(status="deleted", version=e.version + 1, updated_run=self.run_id, timestamp=stamp)
                )
                self._revision(conn, pk, old.event_id_cnty, "delete", _public(event_to_row(old)), why, now)
                self.dd.drop(cl)
                self.stored.pop(pk, None)
                self.counts.deleted += 1
                continue
            assert cl.canonical is not None  # nosec B101  # narrowing: set above
            new = dataclasses.replace(cl.canonical, event_id_cnty=old.event_id_cnty, timestamp=old.timestamp)
            # an analyst's corrections stay; the machine's other proposals are recorded beside them
            new, _ = reconcile(conn, pk, new, run_id=self.run_id, who=self.who, now=now)
            before, after = event_to_row(old), event_to_row(new)
            diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if diff:
                new = dataclasses.replace(new, timestamp=stamp)
                conn.execute(
                    update(S.events).where(e.id == pk)
                    .values(version=e.version + 1, updated_run=self.run_id, **event_to_row(new))
                )
                self._revision(conn, pk, old.event_id_cnty, "update", diff, why, now)
                write_search_text(conn, {pk: new})
                self.counts.updated += 1
            cl.canonical = new
            self.stored[pk] = new
        if new_reports:
            conn.execute(
                S.event_sources.insert(),
                [
                    {
                        "event_id": cl.key,
                        "document_id": doc_pk,
                        "doc_id": report.doc_id,
                        "report_index": i,
                        "evidence_start": report.evidence_span.start,
                        "evidence_end": report.evidence_span.end,
                        "spans": dumps(spans_json(report)),
                        "report": dumps(report.to_json()),
                        "status": "active",
                        "run_id": self.run_id,
                    }
                    for report, doc_pk, i, cl in new_reports
                ],
            )


def _live():
    """Events a new report may join: active ones, and those an analyst deleted (so that a
    re-extracted or new report of a deleted event stays with it, deleted)."""
    return or_(S.events.c.status == "active", analyst_deleted_clause())


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def _loads(s: str) -> Any:
    import orjson

    return orjson.loads(s)


# -- the run ---------------------------------------------------------------------------


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _start_run(store: Store, inputs: Sequence[str], options: RunOptions) -> int:
    r = S.runs.c
    host = socket.gethostname()
    with store.engine.begin() as conn:
        for row in conn.execute(select(r.id, r.pid).where(r.status == "running", r.host == host)):
            if not _pid_alive(row.pid):
                conn.execute(
                    update(S.runs).where(r.id == row.id)
                    .values(status="interrupted", message="the process ended without finishing; resumed by a later run")
                )
        return conn.execute(
            S.runs.insert()
            .values(
                started_at=_now(), status="running", who=_who(), host=host, pid=os.getpid(), version=build_version(),
                options=dumps({
                    "inputs": [str(i) for i in inputs], "workers": options.workers,
                    "batch_size": options.batch_size,
                    "published": options.published.isoformat() if options.published else None,
                    "pipeline": options.pipeline, "all_modalities": options.all_modalities,
                    "include_background": options.include_background,
                    "gazetteer": gazetteer_description(),
                }),
            )
            .returning(r.id)
        ).scalar_one()


def _finish_run(store: Store, run_id: int, counts: _Counts, problems: int, status: str, message: str | None) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            update(S.runs).where(S.runs.c.id == run_id).values(
                finished_at=_now(), status=status, message=message,
                documents_read=counts.read, documents_new=counts.new, documents_changed=counts.changed,
                documents_unchanged=counts.unchanged, documents_duplicate=counts.duplicate,
                documents_failed=counts.failed, problems=problems, reports=counts.reports,
                events_created=counts.created, events_updated=counts.updated, events_deleted=counts.deleted,
            )
        )


class _Stop:
    """Ctrl-C (SIGINT) and SIGTERM during a run: the first asks the run to stop at the next
    document or batch boundary (the batch being written is finished, the one being
    extracted dropped), a second one stops at once (KeyboardInterrupt). Installed only
    in the main thread (signal handlers can be set nowhere else)."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._old: dict[int, Any] = {}

    def __enter__(self) -> "_Stop":
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)

    def _handle(self, signum, frame) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt
        self.signal = signum

    def check(self) -> None:
        if self.signal is not None:
            raise _Stopped(self.signal)


class _Stopped(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _previous_interrupted(store: Store, run_id: int) -> int | None:
    """The run before ``run_id`` when it was interrupted (so this one completes it)."""
    r = S.runs.c
    with store.engine.connect() as conn:
        row = conn.execute(select(r.id, r.status).where(r.id < run_id).order_by(r.id.desc()).limit(1)).first()
    return row.id if row is not None and row.status == "interrupted" else None


def run_inputs(
    inputs: Sequence[str],
    store: Store,
    options: RunOptions = RunOptions(),
    *,
    on_batch: Callable[[int, int], None] | None = None,
    on_problem: Callable[[IngestProblem], None] | None = None,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> RunReport:
    """Ingest ``inputs``, extract, de-duplicate and store; see the module docstring.

    ``on_batch(documents_done, reports_stored)`` is called after every committed
    batch; ``on_problem`` for every input that could not be read. The run holds the
    store's writer lock (:mod:`marsad.store.lock`): when another run holds it, ``wait``
    waits (``on_wait`` is told once), else :class:`~marsad.errors.StoreLockedError`.
    Ctrl-C (SIGINT) or SIGTERM stops the run within a document: what was committed
    is kept, the run is recorded as interrupted and :class:`~marsad.errors.RunInterrupted`
    is raised; the next run completes it.
    """
    if store.in_memory:
        raise ConfigError(
            f"--db {store.url!r} is an in-memory database: everything stored would be lost when marsad ends; "
            "give a file (sqlite:///path/to/marsad.db) or a PostgreSQL URL")
    t0 = time.perf_counter()
    with writer_lock(store, wait=wait, on_wait=on_wait), _Stop() as stop:
        return _run_locked(inputs, store, options, on_batch, on_problem, stop, t0)


def _run_locked(inputs, store: Store, options: RunOptions, on_batch, on_problem, stop: _Stop, t0: float) -> RunReport:
    run_id = _start_run(store, inputs, options)
    resumes = _previous_interrupted(store, run_id)
    writer = _Writer(store, run_id, f"{_who()} (marsad run #{run_id})", options.dedup)
    summary = IngestSummary()

    def documents() -> Iterator[Document]:
        for item in read_inputs(list(inputs), default_published=options.published, max_bytes=options.max_bytes):
            summary.add(item)
            if isinstance(item, IngestProblem):
                if on_problem:
                    on_problem(item)
            else:
                undated[0] += item.published is None
                yield item

    undated = [0]
    # include_background is passed only when set, so that a pipeline factory that does
    # not know it (factory(all_modalities=...)) still works
    background = {"include_background": True} if options.include_background else {}
    extractor = Extractor(options.workers, pipeline=options.pipeline, keep_mentions=True,
                          all_modalities=options.all_modalities, max_seconds=options.max_seconds,
                          stop=stop.check, **background)
    pending: tuple[list[Document], Callable[[], list[Extracted]]] | None = None
    try:
        def commit(batch: list[Document], result: Callable[[], list[Extracted]]) -> None:
            extracted = {x.doc.doc_id: x for x in result()}
            stop.check()  # before the transaction: a batch is written whole or not at all
            writer.write_batch(batch, extracted)
            if on_batch:
                on_batch(writer.counts.read, writer.counts.reports)

        for batch in batches(documents(), options.batch_size):
            stop.check()
            with store.engine.connect() as conn:
                plan = writer.classify(conn, batch)
            todo = [d for d in batch if plan[d.doc_id][0] in ("new", "changed")]
            handle = extractor.submit(todo)  # runs in the workers while the previous batch is written
            if pending:
                commit(*pending)
            pending = (batch, handle)
        if pending:
            commit(*pending)
            pending = None
        extractor.close()
    except _Stopped as exc:
        extractor.terminate()
        message = (f"stopped by {exc} after {writer.counts.read:,} documents; "
                   "the next run on the same inputs completes it")
        _finish_run(store, run_id, writer.counts, len(summary.problems), "interrupted", message)
        raise RunInterrupted(
            f"interrupted: run #{run_id} stored {writer.counts.read:,} documents "
            f"({writer.counts.reports:,} events extracted) and is recorded as interrupted; "
            "run the same command again to complete it") from None
    except BaseException as exc:
        extractor.terminate()
        status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        _finish_run(store, run_id, writer.counts, len(summary.problems), status, f"{type(exc).__name__}: {exc}")
        raise
    _finish_run(store, run_id, writer.counts, len(summary.problems), "completed", None)
    c = writer.counts
    return RunReport(
        run_id=run_id, documents_read=c.read, documents_new=c.new, documents_changed=c.changed,
        documents_unchanged=c.unchanged, documents_duplicate=c.duplicate, documents_failed=c.failed,
        problems=len(summary.problems), reports=c.reports, events_created=c.created,
        events_updated=c.updated, events_deleted=c.deleted, seconds=time.perf_counter() - t0,
        ingest_line=summary.line(), failures=tuple(c.failures), inputs_failed=summary.failed,
        resumed_run=resumes, documents_undated=undated[0],
    )
