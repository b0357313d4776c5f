"""Extraction over many documents, in this process or in a pool of worker processes.

:func:`extract_documents` runs the standard pipeline on each document and yields one
:class:`Extracted` per document, in input order, whatever the number of workers. With
``workers > 1`` the documents go to spawned processes in batches (each worker loads
the resources once, for its first document); the next batch is being extracted while
the results of the one before are yielded. A document whose extraction fails gives an ``Extracted`` with its
error and never stops the others.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Iterable, Iterator

from marsad.errors import MarsadError
from marsad.model import Document, Event

__all__ = ["Extracted", "extract_documents"]

_BATCH = 256  # documents sent to the pool at a time


@dataclass(frozen=True, slots=True)
class Extracted:
    """The emitted events of one document, or why it failed."""

    doc: Document
    events: tuple[Event, ...] = ()
    error: str | None = None


@cache
def _pipeline(all_modalities: bool, include_background: bool, data_dir: str | None):
    """The standard pipeline with these options, built once per process."""
    from marsad.pipeline import build_pipeline

    return build_pipeline(all_modalities=all_modalities, include_background=include_background, data_dir=data_dir)


def _extract(task: tuple[Document, bool, bool, str | None]) -> Extracted:
    doc, all_modalities, include_background, data_dir = task
    try:
        analysis = _pipeline(all_modalities, include_background, data_dir).run(doc)
    except MarsadError:
        raise  # a setup error (no gazetteer, bad lexicon) concerns every document
    except Exception as exc:  # one bad document never stops the batch
        return Extracted(doc, error=f"{type(exc).__name__}: {exc}")
    return Extracted(doc, tuple(analysis.events or ()))


def extract_documents(docs: Iterable[Document], *, workers: int = 1, all_modalities: bool = False,
                      include_background: bool = False, data_dir: str | None = None) -> Iterator[Extracted]:
    """One :class:`Extracted` per document of ``docs``, in their order. ``workers``:
    processes to extract with (1: in this process); the other options are those of
    :func:`marsad.pipeline.build_pipeline`."""
    options = (all_modalities, include_background, data_dir)
    if workers <= 1:
        for doc in docs:
            yield _extract((doc, *options))
        return
    ctx = multiprocessing.get_context("spawn")
    docs = iter(docs)
    # each worker builds its pipeline on its first document, not in a pool initializer:
    # an error there (a gazetteer that cannot be read) then reaches the caller, where a
    # failing initializer would have the pool restart its workers forever
    with ctx.Pool(workers) as pool:
        pending = None
        while True:
            batch = [(doc, *options) for doc in islice(docs, _BATCH)]
            handle = None
            if batch:
                handle = pool.map_async(_extract, batch, chunksize=max(1, len(batch) // (4 * workers)))
            if pending is not None:
                yield from pending.get()
            if handle is None:
                break
            pending = handle
