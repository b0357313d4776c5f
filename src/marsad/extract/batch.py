"""Extraction over many documents, in this process or in a pool of worker processes.

:class:`Extractor` extracts a batch of documents at a time, in this process or in
spawned worker processes (each builds its pipeline once, on its first document);
:meth:`Extractor.submit` hands a batch over and returns what gives its results, so
the caller can do other work (write the batch before, in ``marsad run``) while the
workers extract. :func:`extract_documents` yields one :class:`Extracted` per
document, in input order, whatever the number of workers, the next batch being
extracted while the results of the one before are yielded. A document whose
extraction fails gives an ``Extracted`` with its error and never stops the others; a
setup error (no gazetteer, a bad lexicon) concerns every document and is raised.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Sequence

from marsad.errors import ConfigError, DocumentBudgetError, MarsadError
from marsad.model import Document, Event, Mention
from marsad.pipeline import Pipeline

__all__ = ["DEFAULT_PIPELINE", "DEFAULT_MAX_SECONDS", "Extracted", "Extractor", "batches", "extract_documents"]

DEFAULT_PIPELINE = "marsad.pipeline:build_pipeline"
#: the time budget of one document (a 5 MB article takes a few seconds)
DEFAULT_MAX_SECONDS = 60.0
_BATCH = 256  # documents sent to the pool at a time by extract_documents


@dataclass(frozen=True, slots=True)
class Extracted:
    """The emitted events (and, when asked for, the mentions) of one document, or why
    its extraction failed."""

    doc: Document
    events: tuple[Event, ...] = ()
    mentions: tuple[Mention, ...] = ()
    error: str | None = None


def _pipeline(spec: str, options: tuple[tuple[str, Any], ...]):
    """The pipeline ``factory(**options)`` of ``spec`` ("module:factory"), built once
    per process and gazetteer: a factory reads $MARSAD_DATA when it builds, so a pipeline
    built before the variable changed is not the one to use after."""
    return _pipeline_for(spec, options, os.environ.get("MARSAD_DATA", ""))


@cache
def _pipeline_for(spec: str, options: tuple[tuple[str, Any], ...], _data_dir: str):
    module, _, attr = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"pipeline {spec!r} cannot be imported: {exc}") from exc
    return factory(**dict(options))


def _extract(task: tuple[str, tuple[tuple[str, Any], ...], bool, float | None, Document]):
    """``(events, mentions, error)`` of one document (the worker's part: the document
    itself does not travel back)."""
    spec, options, keep_mentions, max_seconds, doc = task
    try:
        pipe = _pipeline(spec, options)
        if max_seconds is None or not isinstance(pipe, Pipeline):  # another kind of pipeline: no budget
            analysis = pipe.run(doc)
        else:
            analysis = pipe.run(doc, max_seconds=max_seconds)
    except DocumentBudgetError as exc:  # this document only
        return (), (), str(exc)
    except MarsadError:
        raise  # a setup error concerns every document
    except Exception as exc:  # one bad document never stops the batch
        return (), (), f"{type(exc).__name__}: {exc}"
    return tuple(analysis.events or ()), tuple(analysis.mentions or ()) if keep_mentions else (), None


@contextmanager
def _sigint_ignored():
    """SIGINT ignored in this process while the block runs (in the main thread: only
    there can a handler be set), then the handler it had."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _ignore_sigint() -> None:
    """A pool worker's initializer (it cannot fail)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Extractor:
    """Extraction of batches of documents in this process (``workers`` 1) or in a pool
    of spawned processes. ``pipeline``: "module:factory", called as
    ``factory(**options)`` once per process; ``keep_mentions``: also return each
    document's mentions."""

    def __init__(self, workers: int = 1, *, pipeline: str = DEFAULT_PIPELINE, keep_mentions: bool = False,
                 max_seconds: float | None = None, stop: Callable[[], None] | None = None,
                 **options: Any) -> None:
        if max_seconds is not None and not max_seconds > 0:
            raise ConfigError(f"--max-seconds {max_seconds}: give a positive number of seconds per document")
        self._task = (pipeline, tuple(sorted(options.items())), keep_mentions, max_seconds)
        self._workers = workers
        self._stop = stop  # called between documents and while waiting: raises to stop
        self._pool = None
        if workers > 1:
            # a worker builds its pipeline on its first document (_pipeline is cached per
            # process), not in a pool initializer: an error there then reaches the
            # caller, where a failing initializer would have the pool restart its
            # workers forever
            # the workers ignore Ctrl-C: the terminal sends SIGINT to the whole process
            # group, and the parent alone decides (it stops them with terminate());
            # a worker interrupted inside the pool's machinery would hang the pool.
            # They are started with SIGINT ignored (a disposition a new process
            # inherits), so that one arriving while a worker starts up, before its
            # initializer runs, prints no traceback either
            with _sigint_ignored():
                self._pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_ignore_sigint)
        else:
            _pipeline(pipeline, self._task[1])  # a setup error is raised here, before any work

    def submit(self, docs: Sequence[Document]) -> Callable[[], list[Extracted]]:
        """Start extracting ``docs``; the returned function gives one
        :class:`Extracted` per document, in their order (waiting for the workers)."""
        docs = list(docs)
        tasks = [(*self._task, d) for d in docs]
        stop = self._stop
        if self._pool is None:
            def results():  # extracted when asked for
                for task in tasks:
                    if stop is not None:
                        stop()
                    yield _extract(task)
        else:
            handle = self._pool.map_async(_extract, tasks, chunksize=max(1, len(tasks) // (4 * self._workers)))

            def results():
                while stop is not None and not handle.ready():
                    handle.wait(0.1)
                    stop()
                return handle.get()
        return lambda: [Extracted(doc, *result) for doc, result in zip(docs, results())]

    def close(self) -> None:
        """Wait for the workers to finish and stop them."""
        if self._pool is not None:
            self._pool.close()
            self._pool.join()

    def terminate(self) -> None:
        """Stop the workers at once (after an error or an interruption)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``docs`` in lists of ``size`` (the last one shorter)."""
    docs = iter(docs)
    while batch := list(islice(docs, size)):
        yield batch


def extract_documents(docs: Iterable[Document], *, workers: int = 1, all_modalities: bool = False,
                      include_background: bool = False, data_dir: str | None = None,
                      extractor: str | None = None, model: str | None = None,
                      max_seconds: float | None = DEFAULT_MAX_SECONDS) -> Iterator[Extracted]:
    """One :class:`Extracted` per document of ``docs``, in their order. ``workers``:
    processes to extract with (1: in this process); the other options are those of
    :func:`marsad.pipeline.build_pipeline` (``extractor``: "learned" or "rules",
    ``model``: a model file); ``max_seconds``: the time budget of each document (over
    it, the document's ``Extracted`` has an error; None: no budget)."""
    options = {} if extractor is None else {"extractor": extractor}
    if model is not None:
        options["model"] = model
    extractor = Extractor(workers, all_modalities=all_modalities, include_background=include_background,
                          data_dir=data_dir, max_seconds=max_seconds, **options)
    try:
        pending = None
        for batch in batches(docs, _BATCH):
            handle = extractor.submit(batch)  # extracted while the batch before is yielded
            if pending is not None:
                yield from pending()
            pending = handle
        if pending is not None:
            yield from pending()
        extractor.close()
    except BaseException:
        extractor.terminate()
        raise
