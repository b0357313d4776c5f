"""Fixtures for store tests: a SQLite file and a fresh PostgreSQL schema per test.

PostgreSQL: 127.0.0.1:5432, database ``test``, user ``postgres`` (override with
$MARSAD_TEST_PG, a postgresql:// URL without options). Each test gets its own schema
``marsad_t_<random>`` (selected through ``search_path``), dropped afterwards, so
parallel runs never collide. Tests skip, with the reason, only if the server is
unreachable.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PG_BASE = os.environ.get("MARSAD_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_conninfo() -> str:
    return PG_BASE.replace("postgresql+psycopg://", "postgresql://")


def pg_unreachable_reason() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed: pip install 'psycopg[binary]'"
    try:
        with psycopg.connect(_pg_conninfo(), connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # noqa: BLE001 - any failure means unreachable
        return (
            f"PostgreSQL unreachable at {PG_BASE} ({type(exc).__name__}: {str(exc).strip()[:160]}); "
            "start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
        )
    return None


def pg_schema_url():
    """A URL of a new schema of the test server (a generator: dropped when closed)."""
    reason = pg_unreachable_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"marsad_t_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_pg_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_BASE else "?"
    yield f"{PG_BASE}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(_pg_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_url():
    yield from pg_schema_url()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'marsad.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marsad.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def toy_env():
    """Environment for a `marsad` subprocess that can import the toy pipeline."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    return env
