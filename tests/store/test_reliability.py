"""One writer at a time, clean cancellation, and stores a run refuses."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest
from sqlalchemy import func, select
from store_data import MARSAD, TOY, TOY_PIPELINE, corpus_records, rows, write_jsonl

from marsad.errors import ConfigError, StoreLockedError
from marsad.store import RunOptions, Store, run_inputs
from marsad.store import schema as S
from marsad.store.lock import writer_lock
from tests.processes import ctrl_c, process_group



def _statuses(url: str) -> list[str]:
    with Store(url, create=False) as s, s.engine.connect() as conn:
        return conn.execute(select(S.runs.c.status).order_by(S.runs.c.id)).scalars().all()


def _count(url: str, table) -> int:
    with Store(url, create=False) as s, s.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


# -- one writer at a time --------------------------------------------------------------


def test_a_second_run_refuses_or_waits_while_one_writes(db_url, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", corpus_records(30))
    with Store(db_url) as store:
        with writer_lock(store):
            with pytest.raises(StoreLockedError, match="--wait"):
                run_inputs([str(path)], store, TOY)
        told: list[str] = []
        lock_held = threading.Event()

        def hold() -> None:
            with Store(db_url) as other, writer_lock(other):
                lock_held.set()
                time.sleep(1.0)

        t = threading.Thread(target=hold)
        t.start()
        lock_held.wait(10)
        start = time.monotonic()
        rep = run_inputs([str(path)], store, TOY, wait=True, on_wait=told.append)
        waited = time.monotonic() - start
        t.join()
        assert rep.documents_new == 30 and waited >= 0.5
        assert len(told) == 1 and "waiting for" in told[0]


def test_two_runs_at_once_leave_the_store_of_one_after_the_other(sqlite_url, tmp_path, toy_env):
    records = corpus_records(1200)
    first = write_jsonl(tmp_path / "first.jsonl", records[::2])
    second = write_jsonl(tmp_path / "second.jsonl", records[1::2])

    def cmd(path, *more):
        return [MARSAD, "run", str(path), "--db", sqlite_url, "--batch-size", "50", "--pipeline", TOY_PIPELINE,
                "-q", *more]

    a = subprocess.Popen(cmd(first), env=toy_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and a.poll() is None:
            try:
                if _count(sqlite_url, S.documents) > 0:
                    break
            except Exception:  # noqa: BLE001 - the schema is not there yet
                pass
            time.sleep(0.02)
        refused = subprocess.run(cmd(second), env=toy_env, capture_output=True, text=True, timeout=120)
        waited = subprocess.run(cmd(second, "--wait"), env=toy_env, capture_output=True, text=True, timeout=300)
    finally:
        a.wait(timeout=300)
    assert a.returncode == 0, a.stderr
    if refused.returncode != 0:  # the first run was still writing
        assert refused.returncode == 1 and "is writing to this store" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert waited.returncode == 0, waited.stderr
    with Store(sqlite_url, create=False) as store:
        together = rows(store)
    ref_url = f"sqlite:///{tmp_path / 'ref.db'}"
    with Store(ref_url) as ref:
        run_inputs([str(first)], ref, RunOptions(pipeline=TOY_PIPELINE, batch_size=50))
        run_inputs([str(second)], ref, RunOptions(pipeline=TOY_PIPELINE, batch_size=50))
        assert rows(ref) == together


# -- Ctrl-C ----------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_stops_a_run_at_once_and_the_next_run_completes_it(tmp_path, toy_env, workers):
    url = f"sqlite:///{tmp_path / 'marsad.db'}"
    n = 3000
    path = write_jsonl(tmp_path / "corpus.jsonl", corpus_records(n))
    cmd = [MARSAD, "run", str(path), "--db", url, "--batch-size", "50", "--pipeline", TOY_PIPELINE, "-q",
           "--workers", str(workers)]
    # a terminal sends Ctrl-C's SIGINT to the whole process group: the run and its workers
    with process_group(cmd, env=toy_env) as proc:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if _count(url, S.documents) >= 100:
                    break
            except Exception:  # noqa: BLE001 - the schema is not there yet
                pass
            time.sleep(0.02)
        assert proc.poll() is None, "the run ended before it could be interrupted"
        out, errs, took = ctrl_c(proc)
    assert proc.returncode == 130, errs
    assert took < 3.0, f"the run took {took:.1f} s to stop"
    assert "Traceback" not in errs
    lines = [ln for ln in errs.splitlines() if ln.strip()]
    assert len(lines) == 1 and "interrupted" in lines[0] and "run the same command again" in lines[0], errs
    assert _statuses(url) == ["interrupted"]
    stored = _count(url, S.documents)
    assert 0 < stored < n and stored % 50 == 0  # whole batches only

    done = subprocess.run(cmd, env=toy_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "run #1 was interrupted: this run completed it" in done.stdout
    assert f"{n - stored:,} new" in done.stdout
    assert _statuses(url) == ["interrupted", "completed"]
    with Store(url, create=False) as store:
        resumed = rows(store)
    with Store(f"sqlite:///{tmp_path / 'ref.db'}") as ref:
        run_inputs([str(path)], ref, RunOptions(pipeline=TOY_PIPELINE, batch_size=50))
        assert rows(ref) == resumed


# -- stores a run refuses ----------------------------------------------------------------


def test_an_in_memory_store_is_refused(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", corpus_records(3))
    for url in ("sqlite://", "sqlite:///:memory:"):
        with Store(url) as store:
            with pytest.raises(ConfigError, match="in-memory"):
                run_inputs([str(path)], store, TOY)


def test_a_db_that_is_not_a_url_nor_a_database_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="neither a database URL"):
        Store("notaurl")
    assert not (tmp_path / "notaurl").exists()
    with Store("events.db") as store:  # a path that says it is a database
        assert store.url.endswith(str(tmp_path / "events.db"))


def test_cli_run_exit_codes(tmp_path, toy_env):
    good = write_jsonl(tmp_path / "a.jsonl", corpus_records(3))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    base = [MARSAD, "run", "--pipeline", TOY_PIPELINE, "-q"]
    missing = subprocess.run(base + [str(tmp_path / "nope.jsonl"), "--db", url], env=toy_env,
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    memory = subprocess.run(base + [str(good), "--db", "sqlite://"], env=toy_env, capture_output=True, text=True)
    assert memory.returncode == 2 and "in-memory" in memory.stderr and "Traceback" not in memory.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    some = subprocess.run(base + [str(good), str(bad), "--db", url], env=toy_env, capture_output=True, text=True)
    assert some.returncode == 1 and "bad-json" in some.stderr + some.stdout
    again = subprocess.run(base + [str(good), "--db", url], env=toy_env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_cli_export_to_an_unwritable_path_is_one_line_and_no_file(tmp_path, toy_env):
    good = write_jsonl(tmp_path / "a.jsonl", corpus_records(3))
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert subprocess.run([MARSAD, "run", str(good), "--db", url, "--pipeline", TOY_PIPELINE, "-q"], env=toy_env,
                          capture_output=True, text=True).returncode == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for fmt in ("acled-csv", "jsonl", "geojson", "parquet"):
        r = subprocess.run([MARSAD, "export", "--db", url, "--format", fmt, "-o", str(blocker / f"out.{fmt}")],
                           capture_output=True, text=True)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert r.returncode == 1 and "Traceback" not in r.stderr, (fmt, r.stderr)
        assert len(lines) == 1 and "cannot write" in lines[0], (fmt, r.stderr)
    ok = subprocess.run([MARSAD, "export", "--db", url, "--format", "acled-csv", "-o", str(tmp_path / "e.csv")],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and (tmp_path / "e.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
