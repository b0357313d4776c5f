"""The event store: documents, mentions, events, their sources and revisions.

SQLite (a file in the user data directory by default) or PostgreSQL, through
SQLAlchemy 2 Core. See :mod:`marsad.store.schema` for the tables and
:mod:`marsad.store.run` for ``marsad run``.
"""

from __future__ import annotations

from marsad.store.db import EventFilter, Store, default_db_url, normalize_db_url, search
from marsad.store.run import RunOptions, RunReport, content_sha256, run_inputs

__all__ = [
    "EventFilter",
    "RunOptions",
    "RunReport",
    "Store",
    "content_sha256",
    "default_db_url",
    "normalize_db_url",
    "run_inputs",
    "search",
]
