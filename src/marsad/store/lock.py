"""One writer at a time: the store's lock, held by ``marsad run`` while it writes.

Two runs writing one store at once would each de-duplicate against what it alone had
seen (the merges between their documents missed for good) and race on the same ids.
:func:`writer_lock` takes the store's lock or says who holds it: on SQLite an
exclusive ``flock`` on ``FILE.db.lock`` beside the database (released by the kernel
when the process ends, even on ``kill -9``); on PostgreSQL a session advisory lock on
a connection of its own (released by the server when that connection ends). With
``wait`` it waits for the lock (after saying so, once), else it raises
:class:`~marsad.errors.StoreLockedError` at once.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from marsad.errors import StoreError, StoreLockedError
from marsad.store import schema as S

__all__ = ["writer_lock", "ADVISORY_KEY"]

#: the PostgreSQL advisory lock's first key ("mrsd" in ASCII); the second is the hash of
#: the store's schema, so that stores in two schemas of one database do not share it
ADVISORY_KEY = 0x6D727364


def _holder(store) -> str:
    """Who holds the lock, from the runs table (best effort)."""
    try:
        r = S.runs.c
        with store.engine.connect() as conn:
            row = conn.execute(
                select(r.id, r.pid, r.host, r.started_at).where(r.status == "running").order_by(r.id.desc()).limit(1)
            ).first()
    except Exception:  # noqa: BLE001 - the message is complete without it
        return "another marsad run"
    if row is None:
        return "another marsad run"
    return f"marsad run #{row.id} (pid {row.pid} on {row.host}, started {row.started_at:%Y-%m-%d %H:%M})"


def _refuse(store, who: str) -> StoreLockedError:
    return StoreLockedError(
        f"{who} is writing to this store; a second run at once would miss merges between their articles. "
        "Wait for it to end, or give --wait to start when it does")


@contextmanager
def writer_lock(store, *, wait: bool = False, on_wait: Callable[[str], None] | None = None,
                poll: float = 0.2) -> Iterator[None]:
    """Hold the store's writer lock for the duration of the block (see the module
    docstring); ``on_wait(message)`` is called once when the lock is busy and ``wait``."""
    if store.dialect == "sqlite":
        with _file_lock(store, wait, on_wait, poll):
            yield
    else:
        with _advisory_lock(store, wait, on_wait, poll):
            yield


@contextmanager
def _file_lock(store, wait: bool, on_wait, poll: float) -> Iterator[None]:
    import fcntl

    database = make_url(store.url).database
    if not database or database == ":memory:":
        yield  # one process sees an in-memory database (run_inputs refuses it anyway)
        return
    path = f"{database}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot create the store's lock file {path}: {exc.strerror}; check the folder's "
                         "permissions") from None
    try:
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                who = _holder(store)
                if not wait:
                    raise _refuse(store, who) from None
                if not told and on_wait:
                    on_wait(f"waiting for {who} to finish writing to this store (Ctrl-C to give up)")
                    told = True
                time.sleep(poll)  # polled, so that Ctrl-C is answered at once
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _advisory_lock(store, wait: bool, on_wait, poll: float) -> Iterator[None]:
    conn = store.engine.connect()
    try:
        told = False
        while True:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k, hashtext(current_schema()))"), {"k": ADVISORY_KEY}).scalar()
            conn.commit()
            if got:
                break
            who = _holder(store)
            if not wait:
                raise _refuse(store, who)
            if not told and on_wait:
                on_wait(f"waiting for {who} to finish writing to this store (Ctrl-C to give up)")
                told = True
            time.sleep(poll)
        try:
            yield
        finally:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:k, hashtext(current_schema()))"), {"k": ADVISORY_KEY})
                conn.commit()
            except Exception:  # nosec B110  # closing the connection below releases it too  # noqa: BLE001
                pass
    finally:
        conn.close()
