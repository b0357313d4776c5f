"""The event store's tables (SQLAlchemy 2 Core; the same schema on SQLite and PostgreSQL).

- ``runs``: one row per ``marsad run``: who, where, when, the options, the counts.
- ``documents``: every version of every article read: ``doc_id``, content
  ``sha256`` (of the raw text), outlet, url, published, title, raw and folded text.
  Exactly one row per ``doc_id`` is ``current``; a changed article adds a row and
  the old one stays (its spans still point into its own text). An article whose
  content was already stored under another ``doc_id`` is recorded with
  ``duplicate_of`` and not extracted again: it is the same document.
- ``mentions``: what the recogniser found in each document (kind, span, text, ref).
- ``events``: the canonical, de-duplicated events: every ACLED column, marsad's
  extra columns, modality, confidence, provenance (JSON), ``sources`` (doc ids) and
  a ``status`` (``active`` or ``deleted``; nothing is erased).
- ``event_sources``: each report (one event as extracted from one document) that
  supports an event: the document row, the evidence span, every field's spans and
  the full report as JSON. Reports of a changed article are ``superseded``.
- ``revisions``: every change to an event: who, when, which run, what (a JSON diff
  ``{field: [old, new]}``, or the whole row for a creation or deletion) and why.
- ``id_counters``: the next ``event_id_cnty`` number per ISO3 country code.
- ``meta``: the schema version.

Written by analysts through ``marsad serve`` (additive: a store from an older marsad
gains them on first open, and ``marsad run`` keeps working beside them):

- ``corrections``: an analyst's value of one field of one event (``field`` =
  ``status`` for a deletion, ``reviewed`` for a confirmation), who, when, why, and the
  machine's latest proposal for that field. ``events`` holds the reviewed values; a
  later ``marsad run`` never overwrites them, it updates ``machine`` instead.
- ``event_search``: each event's folded searchable text (evidence, notes, sides,
  place), for the ``q`` filter of the API.
- ``users``, ``api_tokens``, ``sessions``: accounts (argon2 password hashes), tokens
  for scripts and browser sessions (only sha256 digests of tokens are stored).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    true,
)

SCHEMA_VERSION = "1"

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running, completed, failed, interrupted
    Column("who", String(200), nullable=False),
    Column("host", String(200), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("version", String(40), nullable=False),
    Column("options", Text, nullable=False),  # JSON: inputs and options
    Column("documents_read", Integer, nullable=False, default=0),
    Column("documents_new", Integer, nullable=False, default=0),
    Column("documents_changed", Integer, nullable=False, default=0),
    Column("documents_unchanged", Integer, nullable=False, default=0),
    Column("documents_duplicate", Integer, nullable=False, default=0),
    Column("documents_failed", Integer, nullable=False, default=0),
    Column("problems", Integer, nullable=False, default=0),
    Column("reports", Integer, nullable=False, default=0),
    Column("events_created", Integer, nullable=False, default=0),
    Column("events_updated", Integer, nullable=False, default=0),
    Column("events_deleted", Integer, nullable=False, default=0),
    Column("message", Text),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(512), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("current", Boolean, nullable=False),
    Column("duplicate_of", Integer, ForeignKey("documents.id")),
    Column("outlet", String(200)),
    Column("url", Text),
    Column("published", DateTime(timezone=False)),
    Column("title", Text),
    Column("author", Text),
    Column("language", String(16)),
    Column("origin", Text),
    Column("raw_text", Text, nullable=False),
    Column("folded_text", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("superseded_run", Integer, ForeignKey("runs.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("doc_id", "sha256", name="uq_documents_doc_sha"),
    Index("ix_documents_sha256", "sha256"),
)
# at most one current version per doc_id
Index(
    "uq_documents_current_doc_id",
    documents.c.doc_id,
    unique=True,
    sqlite_where=documents.c.current == true(),
    postgresql_where=documents.c.current == true(),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("ref", String(200)),
    Column("candidates", Text),  # JSON list
    Column("value", Text),  # JSON
    Column("evidence", Text),
    Column("confidence", Float),
    Column("sentence", Integer),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_ref", "ref"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id_cnty", String(32), nullable=False, unique=True),
    Column("status", String(16), nullable=False),  # active, deleted
    Column("version", Integer, nullable=False),
    # ACLED's columns
    Column("event_date", Date),
    Column("year", Integer),
    Column("time_precision", Integer),
    Column("disorder_type", String(100)),
    Column("event_type", String(100), nullable=False),
    Column("sub_event_type", String(100)),
    Column("actor1", String(300)),
    Column("assoc_actor_1", String(500)),
    Column("inter1", Integer),
    Column("actor2", String(300)),
    Column("assoc_actor_2", String(500)),
    Column("inter2", Integer),
    Column("interaction", Integer),
    Column("civilian_targeting", String(100)),
    Column("iso", Integer),
    Column("region", String(100)),
    Column("country", String(100)),
    Column("admin1", String(200)),
    Column("admin2", String(200)),
    Column("admin3", String(200)),
    Column("location", String(300)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text),
    Column("source_scale", String(200)),
    Column("notes", Text),
    Column("fatalities", Integer),
    Column("tags", Text),
    Column("timestamp", BigInteger),
    # marsad's columns
    Column("doc_id", String(512)),
    Column("evidence", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("modality", String(16)),
    Column("confidence", Float),
    Column("pcode", String(64)),
    Column("geo_id", String(64)),
    Column("plover", String(100)),
    Column("actor1_id", String(200)),
    Column("actor2_id", String(200)),
    Column("sources", Text),  # JSON list of doc ids
    Column("provenance", Text),  # JSON {field: {spans, rule, confidence}}
    Column("created_run", Integer, ForeignKey("runs.id"), nullable=False),
    Column("updated_run", Integer, ForeignKey("runs.id"), nullable=False),
    Index("ix_events_date", "event_date"),
    Index("ix_events_country_admin1", "country", "admin1"),
    Index("ix_events_type", "event_type"),
    Index("ix_events_status", "status"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("doc_id", String(512), nullable=False),
    Column("report_index", Integer, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("spans", Text, nullable=False),  # JSON {field: [[start, end], ...]}
    Column("report", Text, nullable=False),  # JSON: Event.to_json() of the report
    Column("status", String(16), nullable=False),  # active, superseded
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("superseded_run", Integer, ForeignKey("runs.id")),
    UniqueConstraint("document_id", "report_index", name="uq_event_sources_report"),
    Index("ix_event_sources_event", "event_id"),
    Index("ix_event_sources_doc_id", "doc_id"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("event_id_cnty", String(32), nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("who", String(300), nullable=False),
    Column("action", String(16), nullable=False),  # create, update, delete
    Column("what", Text, nullable=False),  # JSON
    Column("why", Text, nullable=False),
    Index("ix_revisions_event", "event_id"),
)

id_counters = Table(
    "id_counters",
    metadata,
    Column("iso3", String(3), primary_key=True),
    Column("next_number", Integer, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Integer, ForeignKey("events.id"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", Text, nullable=False),  # JSON: the analyst's value
    Column("machine", Text, nullable=False),  # JSON: the machine's latest proposal
    Column("machine_run", Integer, ForeignKey("runs.id")),  # the run that proposed it (None: before the correction)
    Column("who", String(300), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("why", Text, nullable=False),
    UniqueConstraint("event_id", "field", name="uq_corrections_event_field"),
    Index("ix_corrections_event", "event_id"),
)

event_search = Table(
    "event_search",
    metadata,
    Column("event_id", Integer, ForeignKey("events.id"), primary_key=True),
    Column("folded", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # viewer, reviewer, admin
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login", DateTime(timezone=True)),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),  # sha256 of the token
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used", DateTime(timezone=True)),
    Column("revoked", Boolean, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),  # sha256 of the cookie's token
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

#: Columns of ``events`` that hold Event fields of the same name.
EVENT_FIELD_COLUMNS: tuple[str, ...] = tuple(
    str(c.name)
    for c in events.columns
    if c.name
    not in {
        "id",
        "status",
        "version",
        "year",
        "evidence_start",
        "evidence_end",
        "sources",
        "provenance",
        "created_run",
        "updated_run",
    }
)
