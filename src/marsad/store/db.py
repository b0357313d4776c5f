"""Opening the store (SQLite by default, PostgreSQL on request), search and queries."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Engine, and_, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from marsad.errors import ConfigError, StoreError
from marsad.model import Event
from marsad.normalize import fold
from marsad.store import schema as S
from marsad.store.codec import event_from_row

__all__ = ["Store", "EventFilter", "default_db_url", "normalize_db_url", "search"]


def default_db_url() -> str:
    """``sqlite:///`` + $MARSAD_DATA/marsad.db, else the user data directory's marsad.db."""
    base = os.environ.get("MARSAD_DATA")
    if not base:
        import platformdirs

        base = platformdirs.user_data_dir("marsad")
    return f"sqlite:///{Path(base) / 'marsad.db'}"


def normalize_db_url(url: str | None) -> str:
    """Accept ``sqlite:///path``, ``postgresql://...`` (psycopg 3 driver) or a file path."""
    if not url:
        return default_db_url()
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if "://" not in url:
        path = Path(url).expanduser()
        if path.suffix.lower() not in _SQLITE_SUFFIXES and not path.is_file():
            raise ConfigError(
                f"--db {url!r} is neither a database URL nor a SQLite file: use sqlite:///path/to/file.db "
                "(or a path ending in .db), or postgresql://user@host:5432/dbname")
        return f"sqlite:///{path.resolve()}"
    return url


_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read (all active events by default)."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    include_deleted: bool = False


class Store:
    """A connection to the event store; creates the schema on first use.

    >>> store = Store("sqlite:////tmp/marsad-doc.db")   # doctest: +SKIP
    >>> search(store, "دمشق")                            # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, create: bool = True) -> None:
        self.url = normalize_db_url(url)
        try:
            parsed = make_url(self.url)
        except ArgumentError as exc:
            raise ConfigError(
                f"--db {url!r} is not a database URL: use sqlite:///path/to/file.db "
                "or postgresql://user@host:5432/dbname"
            ) from exc
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise ConfigError(
                f"--db {url!r}: only SQLite and PostgreSQL are supported: use sqlite:///path/to/file.db "
                "or postgresql://user@host:5432/dbname"
            )
        if self.dialect == "sqlite" and parsed.database and parsed.database != ":memory:":
            if not create and not Path(parsed.database).is_file():
                raise StoreError(
                    f"no store at {parsed.database}: run `marsad run INPUT... --db {url or self.url}` "
                    "first, or give the right --db"
                )
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(self.url, future=True, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:
            raise ConfigError(f"cannot use database {url!r}: {exc}") from exc
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if create:
            self.create_schema()

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    @property
    def in_memory(self) -> bool:
        """A SQLite database in memory (``sqlite://``): gone when the process ends."""
        if self.dialect != "sqlite":
            return False
        database = make_url(self.url).database
        return not database or database == ":memory:" or "mode=memory" in self.url

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- schema --------------------------------------------------------------------
    def create_schema(self) -> None:
        try:
            with self.engine.begin() as conn:
                S.metadata.create_all(conn)
                if self.dialect == "sqlite":
                    conn.exec_driver_sql(
                        "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                        "folded_text, content='documents', content_rowid='id', "
                        "tokenize='unicode61 remove_diacritics 2')"
                    )
                else:
                    conn.exec_driver_sql(
                        "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
                        "USING gin (to_tsvector('simple', folded_text))"
                    )
                found = conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).scalar()
                if found is None:
                    conn.execute(S.meta.insert().values(key="schema_version", value=S.SCHEMA_VERSION))
                elif found != S.SCHEMA_VERSION:
                    raise StoreError(
                        f"the database has marsad schema version {found}, this marsad needs "
                        f"{S.SCHEMA_VERSION}: export it with the older marsad, or use a new --db"
                    )
        except OperationalError as exc:
            raise StoreError(
                f"cannot open the store {self!r}: {exc.orig}. Check that the server is running "
                "and the URL is right (e.g. postgresql://postgres@127.0.0.1:5432/test), or "
                "that the SQLite file's folder is writable"
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot create the schema in {self!r}: {exc}") from exc

    def index_text(self, conn, rows: list[tuple[int, str]]) -> None:
        """Add (document id, folded text) rows to the SQLite full-text index."""
        if self.dialect == "sqlite" and rows:
            conn.exec_driver_sql("INSERT INTO documents_fts(rowid, folded_text) VALUES (?, ?)", rows)

    # -- queries -------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            def n(table, *where) -> int:
                return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())

            return {
                "documents": n(S.documents, S.documents.c.current.is_(True)),
                "document_versions": n(S.documents),
                "duplicates": n(S.documents, S.documents.c.duplicate_of.is_not(None), S.documents.c.current.is_(True)),
                "mentions": n(S.mentions),
                "reports": n(S.event_sources, S.event_sources.c.status == "active"),
                "reports_superseded": n(S.event_sources, S.event_sources.c.status == "superseded"),
                "events": n(S.events, S.events.c.status == "active"),
                "events_deleted": n(S.events, S.events.c.status == "deleted"),
                "revisions": n(S.revisions),
                "runs": n(S.runs),
            }

    def iter_events(self, flt: EventFilter = EventFilter()) -> Iterator[Event]:
        """Canonical events, ordered by date then id."""
        e = S.events.c
        cond = []
        if not flt.include_deleted:
            cond.append(e.status == "active")
        if flt.since:
            cond.append(e.event_date >= flt.since)
        if flt.until:
            cond.append(e.event_date <= flt.until)
        if flt.country:
            cond.append(func.lower(e.country) == flt.country.lower())
        if flt.admin1:
            cond.append(func.lower(e.admin1) == flt.admin1.lower())
        if flt.event_type:
            cond.append(func.lower(e.event_type) == flt.event_type.lower())
        q = select(S.events).where(and_(True, *cond)).order_by(e.event_date.is_(None), e.event_date, e.id)
        with self.engine.connect() as conn:
            for row in conn.execute(q).mappings():
                yield event_from_row(row)

    def extracted_by(self) -> list[dict[str, Any]]:
        """Which marsad and gazetteer versions extracted what the store holds: one
        entry per distinct pair over its runs, with its runs' ids, oldest first."""
        import json

        r = S.runs.c
        out: dict[tuple[str, Any], dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for run_id, version, options in conn.execute(select(r.id, r.version, r.options).order_by(r.id)):
                try:
                    gazetteer = json.loads(options).get("gazetteer")
                except (TypeError, ValueError):
                    gazetteer = None
                key = (version, json.dumps(gazetteer, sort_keys=True))
                entry = out.setdefault(key, {"marsad_version": version, "gazetteer": gazetteer, "runs": []})
                entry["runs"].append(run_id)
        return list(out.values())

    def revisions_of(self, event_id_cnty: str) -> list[dict[str, Any]]:
        r = S.revisions.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(S.revisions).where(r.event_id_cnty == event_id_cnty).order_by(r.id)
            ).mappings()
            return [dict(x) for x in rows]


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _fts5_query(folded: str) -> str:
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in folded).split() if w]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(store: Store, query: str, *, limit: int = 100) -> list[str]:
    """doc_ids of current documents containing every word of ``query``.

    The query is folded like the indexed text (diacritics removed, alef/yeh/teh
    marbuta forms unified), so "المُقَاتِلِين في إدلب" finds "المقاتلين في ادلب".
    SQLite ranks by FTS5's bm25; PostgreSQL by ts_rank over the ``simple`` config.
    """
    folded = fold(query)
    if not folded.strip():
        raise ConfigError("the search query is empty: give at least one word")
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            q = _fts5_query(folded)
            if not q:
                return []
            rows = conn.execute(
                text(
                    "SELECT d.doc_id FROM documents_fts f JOIN documents d ON d.id = f.rowid "
                    "WHERE documents_fts MATCH :q AND d.current ORDER BY bm25(documents_fts), d.id "
                    "LIMIT :limit"
                ),
                {"q": q, "limit": limit},
            )
        else:
            rows = conn.execute(
                text(
                    "SELECT doc_id FROM documents WHERE current AND "
                    "to_tsvector('simple', folded_text) @@ plainto_tsquery('simple', :q) "
                    "ORDER BY ts_rank(to_tsvector('simple', folded_text), plainto_tsquery('simple', :q)) DESC, id "
                    "LIMIT :limit"
                ),
                {"q": folded, "limit": limit},
            )
        return [r[0] for r in rows]
