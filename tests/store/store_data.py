"""Generated articles for the store tests, and the toy pipeline's import path (a
module of its own, so that a test imports it by a name no other test folder uses:
``conftest`` would be ambiguous when pytest is given several folders)."""

from __future__ import annotations

import gzip
import sys
from datetime import date, timedelta
from pathlib import Path

import orjson

from marsad.store import RunOptions, Store

TOY_PIPELINE = "toy_pipeline:build"
TOY = RunOptions(pipeline=TOY_PIPELINE, batch_size=50)
MARSAD = str(Path(sys.executable).with_name("marsad"))  # the command of this environment


def rows(store: Store) -> list[dict]:
    """Exported rows, without the update timestamp (the only run-dependent column)."""
    out = []
    for e in store.iter_events():
        r = e.to_json()
        r.pop("timestamp")
        out.append(r)
    return out

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
