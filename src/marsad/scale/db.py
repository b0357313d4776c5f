"""``--db``: the Spark engine's run recorded in the store, by the store's own writer.

The store (SQLite or PostgreSQL) is written by one process, in batches, one
transaction each (:func:`marsad.store.run_inputs`, the code of ``marsad run``): the
classification of every article (new, unchanged, duplicate, changed, with document
versions), the de-duplication against the stored events, the ids from the store's
counters and a revision for every created or changed event. The Spark engine hands it
the extraction its executors did, through a pipeline that looks each document's result
up instead of extracting it again (``marsad.scale.db:precomputed``, recorded as the
run's pipeline), so the store ends exactly as after ``marsad run`` on the same inputs.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from marsad.model import Document
from marsad.pipeline import Analysis

__all__ = ["needed_by_store", "precomputed", "record_in_store"]

PIPELINE = "marsad.scale.db:precomputed"

#: doc_id -> (events, mentions, error), filled by the driver before the store's run
_RESULTS: dict[str, tuple[tuple, tuple, str | None]] = {}


class _Lookup:
    """A pipeline whose :meth:`run` gives the Spark executors' result of a document."""

    def run(self, doc: Document) -> Analysis:
        try:
            events, mentions, error = _RESULTS[doc.doc_id]
        except KeyError:
            raise LookupError(f"{doc.doc_id} was not extracted by the Spark job") from None
        if error:  # the same message as marsad run gives ("TypeName: message")
            name, _, message = error.partition(": ")
            raise type(name, (Exception,), {})(message)
        return Analysis(doc, mentions=tuple(mentions), candidates=tuple(events), events=tuple(events))


def precomputed(**_options: Any) -> _Lookup:
    """The pipeline factory of the store's run (the options were the executors')."""
    return _Lookup()


def needed_by_store(url: str, docs: Sequence[Document], sha_of: Callable[[Document], str]) -> set[str]:
    """The doc_ids the store does not hold with this text (to extract for it)."""
    from sqlalchemy import select

    from marsad.store import Store
    from marsad.store import schema as S

    d = S.documents.c
    held: dict[str, str] = {}
    with Store(url) as store, store.engine.connect() as conn:
        ids = [doc.doc_id for doc in docs]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in conn.execute(select(d.doc_id, d.sha256).where(d.current.is_(True), d.doc_id.in_(chunk))):
                held[r.doc_id] = r.sha256
    return {doc.doc_id for doc in docs if held.get(doc.doc_id) != sha_of(doc)}


def record_in_store(options, inputs: Sequence[str], extracted, docs: Sequence[Document]) -> str:
    """Run the store's writer over ``inputs`` with the executors' results (an RDD of
    ``extract_partition`` rows); return the run's summary line."""
    from marsad.store import RunOptions, Store, run_inputs

    _RESULTS.clear()
    for _pos, doc_id, _source, events, mentions, error in extracted.toLocalIterator():
        _RESULTS[doc_id] = (events, mentions, error)
    try:
        run_options = RunOptions(
            workers=1, batch_size=options.batch_size, published=options.published, pipeline=PIPELINE,
            all_modalities=options.all_modalities, include_background=options.include_background,
            dedup=options.dedup,
        )
        with Store(options.db) as store:
            rep = run_inputs(list(inputs), store, run_options)
            counts = store.counts()
            where = store.engine.url.render_as_string(hide_password=True)
    finally:
        _RESULTS.clear()
    return (
        f"store {where}: run #{rep.run_id}: {rep.documents_new:,} new, {rep.documents_changed:,} changed, "
        f"{rep.documents_unchanged:,} unchanged, {rep.documents_duplicate:,} duplicate, "
        f"{rep.documents_failed:,} failed documents; {rep.events_created:,} new, {rep.events_updated:,} updated, "
        f"{rep.events_deleted:,} deleted events; {counts['events']:,} events in the store"
    )
