"""Fixtures for store tests: a SQLite file and a fresh PostgreSQL schema per test.

PostgreSQL: 127.0.0.1:5432, database ``test``, user ``postgres`` (override with
$MARSAD_TEST_PG, a postgresql:// URL without options). Each test gets its own schema
``marsad_t_<random>`` (selected through ``search_path``), dropped afterwards, so
parallel runs never collide. Tests skip, with the reason, only if the server is
unreachable.
"""

from __future__ import annotations

import gzip
import os
import uuid
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest

HERE = Path(__file__).resolve().parent
TOY_PIPELINE = "toy_pipeline:build"
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


@pytest.fixture
def pg_url():
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
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'marsad.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'marsad.db'}"
    return request.getfixturevalue("pg_url")


# -- generated articles ---------------------------------------------------------------

OUTLETS = ("alarabiya", "bbc", "cnn", "france24", "skynews")
TOWNS = (  # name, admin1, lat, lon (far enough apart: > 25 km)
    ("إدلب", "Idleb", 35.93, 36.63),
    ("حلب", "Aleppo", 36.20, 37.16),
    ("حمص", "Homs", 34.73, 36.71),
    ("دير الزور", "Deir-ez-Zor", 35.33, 40.14),
    ("الرقة", "Ar-Raqqa", 35.95, 39.01),
    ("درعا", "Dar'a", 32.62, 36.10),
    ("الحسكة", "Al-Hasakeh", 36.50, 40.75),
    ("تدمر", "Homs", 34.56, 38.28),
)


def event_line(**kw) -> str:
    return "@event " + "|".join(f"{k}={v}" for k, v in kw.items())


def article(town: str, line: str, extra: str = "") -> str:
    return (
        f"أفاد المرصد السوري لحقوق الإنسان بوقوع اشتباكات عنيفة في مدينة {town}.\n"
        f"{line}\n"
        f"وقالت مصادر محلية إنّ المعارك مستمرة. {extra}\n"
    )


def corpus_records(n: int, *, per_event: int = 3) -> list[dict]:
    """``n`` articles; every ``per_event`` consecutive ones (different outlets) report one event."""
    recs = []
    for i in range(n):
        k = i // per_event
        name, admin1, lat, lon = TOWNS[k % len(TOWNS)]
        day = date(2018, 1, 1) + timedelta(days=(k // len(TOWNS)) * 3)
        line = event_line(
            type="Battles" if k % 2 else "Explosions/Remote violence",
            sub="Armed clash" if k % 2 else ("Air/drone strike" if i % 2 else "Shelling/artillery/missile attack"),
            date=day.isoformat(), prec=1, lat=lat, lon=lon, geo=1 + (i % per_event == 2), loc=name,
            admin1=admin1, country="Syria", iso=760,
            a1="Military Forces of Syria", a2="Islamic State (Syria)" if k % 2 else "Civilians (Syria)",
            f=(i % 4) * 3,
        )
        recs.append(
            {
                "doc_id": f"{OUTLETS[i % len(OUTLETS)][:2].upper()}-gen-{i:05d}-{day:%Y%m%d}",
                "source": OUTLETS[i % len(OUTLETS)],
                "published": day.isoformat(),
                "title": f"اشتباكات في {name}",
                "text": article(name, line, extra=f"رقم {i}"),
            }
        )
    return recs


def write_jsonl(path: Path, records: list[dict], *, gz: bool = False) -> Path:
    data = b"".join(orjson.dumps(r) + b"\n" for r in records)
    if gz:
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.fixture
def toy_env():
    """Environment for a `marsad` subprocess that can import the toy pipeline."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    return env
