"""The store and `marsad run`: search, idempotence, revisions, ids, parity, resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from store_data import MARSAD, TOY, TOY_PIPELINE, article, corpus_records, event_line, rows, write_jsonl
from sqlalchemy import func, select

from marsad.errors import ConfigError, StoreError
from marsad.export import export_events
from marsad.store import RunOptions, Store, run_inputs, search
from marsad.store import schema as S



def doc(doc_id: str, outlet: str, text: str, published: str = "2018-03-17") -> dict:
    return {"doc_id": doc_id, "source": outlet, "published": published, "text": text}


AFRIN_STRIKE = dict(
    type="Explosions/Remote violence", sub="Air/drone strike", date="2018-03-16", prec=1, lat=36.5133,
    lon=36.8637, geo=1, loc="Afrin", admin1="Aleppo", country="Syria", iso=760,
    a1="Military Forces of Turkey", a2="Civilians (Syria)", f=43,
)


# -- search ------------------------------------------------------------------------------


def test_search_finds_words_whatever_their_diacritics_and_alef(db_url, tmp_path):
    write_jsonl(tmp_path / "in.jsonl", [
        doc("a", "bbc", "قُتِلَ ثلاثة مدنيين في قصف على مدينة إدلب صباح اليوم."),
        doc("b", "cnn", "تظاهر المئات في درعا للمطالبة بالإفراج عن المعتقلين."),
    ])
    with Store(db_url) as store:
        run_inputs([str(tmp_path / "in.jsonl")], store, TOY)
        assert search(store, "ادلب") == ["a"]
        assert search(store, "إِدْلِب") == ["a"]  # diacritics and hamza-alef in the query
        assert search(store, "قتل مدنيين") == ["a"]  # the text's diacritics are folded too
        assert search(store, "المعتقلين درعا") == ["b"]
        assert search(store, "حلب") == []
        with pytest.raises(ConfigError):
            search(store, "  ")


# -- idempotence, duplicates --------------------------------------------------------------


def test_running_twice_adds_nothing(db_url, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(30))
    with Store(db_url) as store:
        first = run_inputs([str(path)], store, TOY)
        before, exported = store.counts(), rows(store)
        second = run_inputs([str(path)], store, TOY)
        after = store.counts()
    assert first.documents_new == 30 and first.reports == 30
    assert before["events"] == 10  # 3 outlets per event
    assert second.documents_new == 0 and second.documents_unchanged == 30 and second.reports == 0
    before.pop("runs"), after.pop("runs")
    assert after == before
    with Store(db_url) as store:
        assert rows(store) == exported


def test_same_content_under_two_doc_ids_is_one_document(db_url, tmp_path):
    text = article("حلب", event_line(**AFRIN_STRIKE))
    path = write_jsonl(tmp_path / "in.jsonl", [doc("x1", "bbc", text), doc("x2", "bbc-mirror", text)])
    with Store(db_url) as store:
        rep = run_inputs([str(path)], store, TOY)
        counts = store.counts()
        again = run_inputs([str(path)], store, TOY)
    assert (rep.documents_new, rep.documents_duplicate, rep.reports) == (1, 1, 1)
    assert counts["reports"] == 1 and counts["events"] == 1 and counts["duplicates"] == 1
    assert again.documents_unchanged == 2 and again.reports == 0


# -- de-duplication in the store, stable ids, revisions ----------------------------------------


def test_same_event_two_outlets_one_event_two_sources_and_different_events_stay_apart(db_url, tmp_path):
    clash = dict(AFRIN_STRIKE, type="Battles", sub="Armed clash", a2="YPG: People's Protection Units", f=0)
    path = write_jsonl(tmp_path / "in.jsonl", [
        doc("AL-1", "alarabiya", article("عفرين", event_line(**AFRIN_STRIKE))),
        doc("BB-1", "bbc", article("عفرين", event_line(**dict(AFRIN_STRIKE, sub="Shelling/artillery/missile attack", f=11)))),
        doc("FR-1", "france24", article("عفرين", event_line(**clash))),  # same day, same town, other type
    ])
    with Store(db_url) as store:
        run_inputs([str(path)], store, TOY)
        events = list(store.iter_events())
    assert len(events) == 2
    strike = next(e for e in events if e.event_type == "Explosions/Remote violence")
    assert strike.sources == ("AL-1", "BB-1")
    assert strike.source == "alarabiya; bbc"
    assert strike.fatalities == 11  # the most conservative figure
    assert strike.event_id_cnty.startswith("SYR")
    other = next(e for e in events if e.event_type == "Battles")
    assert other.sources == ("FR-1",)


def test_event_keeps_its_id_when_a_new_source_joins_in_a_later_run(db_url, tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", [doc("AL-1", "alarabiya", article("عفرين", event_line(**AFRIN_STRIKE)))])
    second = write_jsonl(tmp_path / "b.jsonl", [
        doc("SK-9", "skynews", article("عفرين", event_line(**dict(AFRIN_STRIKE, date="2018-03-17", f=40)))),
    ])
    with Store(db_url) as store:
        run_inputs([str(first)], store, TOY)
        (e1,) = list(store.iter_events())
        run_inputs([str(second)], store, TOY)
        (e2,) = list(store.iter_events())
        revs = store.revisions_of(e1.event_id_cnty)
        run_inputs([str(first), str(second)], store, TOY)  # re-run: nothing changes
        (e3,) = list(store.iter_events())
    assert e1.event_id_cnty == e2.event_id_cnty == e3.event_id_cnty == "SYR1"
    assert e2.sources == ("AL-1", "SK-9") and e2.source == "alarabiya; skynews"
    assert e2.event_date.isoformat() == "2018-03-16"  # a tie between dates: the earliest
    assert [r["action"] for r in revs] == ["create", "update"]
    assert "SK-9" in revs[1]["why"] and "sources" in revs[1]["what"]
    assert e3.to_json() == e2.to_json()


def test_changed_article_revises_its_events_instead_of_duplicating_them(db_url, tmp_path):
    other = doc("BB-1", "bbc", article("عفرين", event_line(**dict(AFRIN_STRIKE, f=30))))
    v1 = write_jsonl(tmp_path / "v1.jsonl", [
        doc("AL-1", "alarabiya", article("عفرين", event_line(**AFRIN_STRIKE))),
        doc("AL-2", "alarabiya", article("درعا", event_line(**dict(AFRIN_STRIKE, lat=32.62, lon=36.10, loc="Daraa")))),
        other,
    ])
    v2 = write_jsonl(tmp_path / "v2.jsonl", [
        # AL-1 corrected: fewer dead; AL-2 corrected: no event at all any more
        doc("AL-1", "alarabiya", article("عفرين", event_line(**dict(AFRIN_STRIKE, f=20)), extra="تصحيح")),
        doc("AL-2", "alarabiya", "نفت مصادر وقوع أي هجوم في درعا."),
        other,
    ])
    with Store(db_url) as store:
        run_inputs([str(v1)], store, TOY)
        ids_before = {e.event_id_cnty: e for e in store.iter_events()}
        rep = run_inputs([str(v2)], store, TOY)
        ids_after = {e.event_id_cnty: e for e in store.iter_events()}
        counts = store.counts()
        with store.engine.connect() as conn:
            versions = conn.execute(
                select(func.count()).select_from(S.documents).where(S.documents.c.doc_id == "AL-1")
            ).scalar_one()
        deleted = [e for e in store.iter_events(_all()) if e.event_id_cnty not in ids_after]
        rev_deleted = store.revisions_of(deleted[0].event_id_cnty)
        rev_kept = store.revisions_of("SYR1")
    assert rep.documents_changed == 2 and rep.documents_unchanged == 1
    assert set(ids_before) == {"SYR1", "SYR2"} and set(ids_after) == {"SYR1"}
    assert ids_after["SYR1"].sources == ("BB-1", "AL-1") and ids_after["SYR1"].fatalities == 20
    assert versions == 2 and counts["documents"] == 3
    assert counts["reports"] == 2 and counts["reports_superseded"] == 2
    assert counts["events"] == 1 and counts["events_deleted"] == 1  # recorded, not erased
    assert [r["action"] for r in rev_deleted] == ["create", "delete"]
    assert "AL-2 changed" in rev_deleted[-1]["why"]
    assert rev_kept[-1]["action"] == "update" and "AL-1 changed" in rev_kept[-1]["why"]
    assert "fatalities" in rev_kept[-1]["what"]


def _all():
    from marsad.store import EventFilter

    return EventFilter(include_deleted=True)


def test_changed_sole_source_keeps_the_event_id(db_url, tmp_path):
    v1 = write_jsonl(tmp_path / "v1.jsonl", [doc("AL-1", "alarabiya", article("عفرين", event_line(**AFRIN_STRIKE)))])
    v2 = write_jsonl(tmp_path / "v2.jsonl", [
        doc("AL-1", "alarabiya", article("عفرين", event_line(**dict(AFRIN_STRIKE, f=45)), extra="تحديث")),
    ])
    with Store(db_url) as store:
        run_inputs([str(v1)], store, TOY)
        run_inputs([str(v2)], store, TOY)
        (e,) = list(store.iter_events())
        counts = store.counts()
    assert e.event_id_cnty == "SYR1" and e.fatalities == 45
    assert counts["events_deleted"] == 0 and counts["reports_superseded"] == 1


# -- parity ----------------------------------------------------------------------------------


def test_workers_2_gives_the_same_store_as_workers_1(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl.gz", corpus_records(120), gz=True)
    with Store(f"sqlite:///{tmp_path / 'w1.db'}") as s1, Store(f"sqlite:///{tmp_path / 'w2.db'}") as s2:
        run_inputs([str(path)], s1, RunOptions(pipeline=TOY_PIPELINE, batch_size=25, workers=1))
        rep = run_inputs([str(path)], s2, RunOptions(pipeline=TOY_PIPELINE, batch_size=25, workers=2))
        assert rep.reports == 120
        assert rows(s1) == rows(s2)
        assert len(rows(s1)) == 40


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_exported_rows(pg_url, sqlite_url, tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(90))
    with Store(sqlite_url) as lite, Store(pg_url) as pg:
        assert pg.dialect == "postgresql"
        for s in (lite, pg):
            run_inputs([str(path)], s, TOY)
        assert rows(lite) == rows(pg)
        assert lite.counts() == pg.counts()
        for fmt in ("acled-csv", "jsonl"):
            a, b = tmp_path / f"lite.{fmt}", tmp_path / f"pg.{fmt}"
            export_events(lite.iter_events(), fmt, a, attribution_lines=[])
            export_events(pg.iter_events(), fmt, b, attribution_lines=[])
            strip = lambda p: [_drop_timestamp(line, fmt) for line in p.read_text(encoding="utf-8").splitlines()]
            assert strip(a) == strip(b)


def _drop_timestamp(line: str, fmt: str) -> str:
    import orjson

    if fmt == "jsonl":
        d = orjson.loads(line)
        d.pop("timestamp")
        return orjson.dumps(d, option=orjson.OPT_SORT_KEYS).decode()
    import csv
    from marsad.model import OUTPUT_COLUMNS

    cells = next(csv.reader([line]))
    if cells == list(OUTPUT_COLUMNS):
        return line
    cells[OUTPUT_COLUMNS.index("timestamp")] = ""
    return ",".join(cells)


# -- resume after SIGKILL --------------------------------------------------------------------


def _count(url: str, table) -> int:
    with Store(url, create=False) as s, s.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.slow
def test_killed_run_is_completed_by_the_next_run(db_url, tmp_path, toy_env):
    n = 3000
    path = write_jsonl(tmp_path / "corpus.jsonl", corpus_records(n))
    cmd = [MARSAD, "run", str(path), "--db", db_url, "--batch-size", "100", "--pipeline", TOY_PIPELINE, "-q"]
    proc = subprocess.Popen(cmd, env=toy_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                stored = _count(db_url, S.documents)
            except Exception:  # schema not created yet
                stored = 0
            if stored >= 100:
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read().decode()[-2000:]}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    killed_at = _count(db_url, S.documents)
    assert 100 <= killed_at < n and killed_at % 100 == 0  # whole batches only

    done = subprocess.run(cmd, env=toy_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{n - killed_at:,} new" in done.stdout

    with Store(db_url, create=False) as store:
        counts = store.counts()
        with store.engine.connect() as conn:
            doc_ids = conn.execute(select(S.documents.c.doc_id)).scalars().all()
            statuses = conn.execute(select(S.runs.c.status).order_by(S.runs.c.id)).scalars().all()
        resumed = rows(store)
    assert len(doc_ids) == len(set(doc_ids)) == n  # no duplicate, none lost
    assert counts["reports"] == n and counts["events"] == n // 3
    assert statuses == ["interrupted", "completed"]

    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    with Store(reference_url) as ref:
        run_inputs([str(path)], ref, RunOptions(pipeline=TOY_PIPELINE, batch_size=100))
        assert rows(ref) == resumed


# -- errors ----------------------------------------------------------------------------------


def test_bad_urls_and_missing_stores_say_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="sqlite:///"):
        Store("mysql://x@y/z")
    with pytest.raises(StoreError, match="marsad run"):
        Store(f"sqlite:///{tmp_path / 'nope.db'}", create=False)
    with pytest.raises(StoreError, match="server is running"):
        Store("postgresql://postgres@127.0.0.1:1/test")
    with pytest.raises(ConfigError, match="worker"):
        RunOptions(workers=0)


# -- the command line ----------------------------------------------------------------------------


def test_cli_run_then_export_with_filters(tmp_path):
    import pandas as pd
    from typer.testing import CliRunner

    from marsad.cli import app

    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(48))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    res = runner.invoke(app, ["run", str(path), "--db", db, "--pipeline", TOY_PIPELINE, "-q", "--batch-size", "10"])
    assert res.exit_code == 0, res.output
    assert "48 new" in res.output and "16 events after de-duplication" in res.output
    res = runner.invoke(app, ["export", "--db", db, "--format", "acled-csv", "-o", str(tmp_path / "all.csv")])
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(tmp_path / "all.csv")) == 16
    res = runner.invoke(app, [
        "export", "--db", db, "--format", "acled-csv", "-o", str(tmp_path / "f.csv"),
        "--admin1", "homs", "--event-type", "Battles", "--since", "2018-01-01", "--until", "2018-01-06",
    ])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(tmp_path / "f.csv")
    assert len(df) >= 1 and set(df["admin1"]) == {"Homs"} and set(df["event_type"]) == {"Battles"}
    assert df["event_date"].max() <= "2018-01-06"
    res = runner.invoke(app, ["export", "--db", db, "--format", "parquet"])
    assert res.exit_code == 2 and "--output" in res.output
    res = runner.invoke(app, ["export", "--db", db, "--format", "jsonl", "--since", "March"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output
    res = runner.invoke(app, ["export", "--db", f"sqlite:///{tmp_path / 'none.db'}", "--format", "jsonl"])
    assert res.exit_code == 1 and "marsad run" in res.output


def test_run_stores_what_the_standard_pipeline_extracts(sqlite_url, tmp_path):
    """With the real pipeline: every emitted event is stored as a report, no more, no less."""
    from marsad.ingest import read_inputs
    from marsad.model import Document
    from marsad.pipeline import build_pipeline

    texts = {
        "AL-x": "قُتل 11 مدنياً، السبت، بضربة جوية تركية على أحياء مدينة عفرين.",
        "BB-y": "قتل أحد عشر مدنيا السبت في قصف تركي على مدينة عفرين، بحسب المرصد السوري.",
        "CN-z": "تظاهر مئات الطلاب في مدينة درعا الأحد للمطالبة بالإفراج عن المعتقلين.",
    }
    path = write_jsonl(tmp_path / "in.jsonl", [doc(k, k[:2], v, "2018-03-17") for k, v in texts.items()])
    pipeline = build_pipeline()
    expected = sum(
        len(pipeline.run(d).events or ()) for d in read_inputs([str(path)]) if isinstance(d, Document)
    )
    with Store(sqlite_url) as store:
        rep = run_inputs([str(path)], store, RunOptions(workers=2))
        counts = store.counts()
    assert rep.documents_new == 3 and rep.documents_failed == 0
    assert rep.reports == counts["reports"] == expected
    assert counts["events"] <= expected


def test_workers_stop_on_an_unusable_gazetteer_instead_of_hanging(tmp_path):
    import os
    import subprocess
    import sys

    from marsad.geocode.gazetteer import GAZETTEER_FILE

    data = tmp_path / "data"
    data.mkdir()
    (data / GAZETTEER_FILE).write_bytes(b"not a pickle")
    path = write_jsonl(tmp_path / "in.jsonl", corpus_records(6))
    code = "import sys; from marsad.cli import main; sys.argv = ['marsad'] + sys.argv[1:]; main()"
    for command in (["run", str(path), "--workers", "2", "--db", f"sqlite:///{tmp_path / 'x.db'}"],
                    ["extract", str(path), "--workers", "2"]):
        done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "MARSAD_DATA": str(data)})
        assert done.returncode != 0, command
        assert "cannot be used: the file is unreadable" in done.stderr, (command, done.stderr[-500:])


def test_cli_run_says_where_its_default_store_is_and_keeps_background_events_when_asked(tmp_path, monkeypatch):
    """`marsad run` without --db names the store it writes; --include-background keeps a
    past event dated only by a year, as `marsad extract --include-background` does; the
    run records the marsad and gazetteer versions, and exports carry them."""
    import json

    from typer.testing import CliRunner

    from marsad.cli import app
    from marsad.versions import build_version

    art = tmp_path / "bg.txt"
    art.write_text("وكانت طائرات النظام قد قصفت مدينة دوما في ريف دمشق في عام 2015، ما أدى إلى مقتل 20 مدنيا.\n",
                   encoding="utf-8")
    runner = CliRunner()
    counts = []
    for name, flag in (("plain", []), ("background", ["--include-background"])):
        data = tmp_path / name
        monkeypatch.setenv("MARSAD_DATA", str(data))
        res = runner.invoke(app, ["run", str(art), "--published", "2019-05-15", "-q", *flag])
        assert res.exit_code == 0, res.output
        assert f"store: sqlite:///{data / 'marsad.db'} (the default; --db chooses another)" in " ".join(res.output.split())
        with Store(f"sqlite:///{data / 'marsad.db'}", create=False) as store:
            counts.append(store.counts()["events"])
            (run,) = store.extracted_by()
        assert run["marsad_version"] == build_version() and run["gazetteer"]["origin"] == "shipped"
    assert counts == [0, 1]
    res = runner.invoke(app, ["export", "--format", "geojson", "-o", str(tmp_path / "e.geojson")])
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert doc["features"][0]["properties"]["event_date"] == "2015-06-15" and "OCHA" in " ".join(doc["attribution"])
    assert doc["marsad"]["marsad_version"] == build_version() and doc["marsad"]["extracted_by"] == [run]
    assert doc["marsad"]["gazetteer"]["origin"] == "shipped"
