"""A slice of the corpus (../shared) through both engines: the Spark engine's events equal
the local engine's, field by field, ids included. Spark runs as local[1].

Skipped, with the reason, without ../shared, pyspark or Java."""

from __future__ import annotations

import gzip
import shutil

import pytest

from tests.conftest import CORPUS, needs_shared

pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'marsad[spark]'")
if not shutil.which("java"):
    pytest.skip("no java on PATH: the Spark engine needs Java 17", allow_module_level=True)

SLICE = 400  # articles: every 40th of the corpus, so that several outlets report the same days


@pytest.mark.corpus
@needs_shared
def test_spark_engine_equals_the_local_engine_on_a_corpus_slice(tmp_path, shared_data_dir, monkeypatch):
    from marsad.scale import SparkOptions, read_events, run_spark
    from marsad.store import RunOptions, Store, run_inputs

    monkeypatch.setenv("MARSAD_DATA", str(shared_data_dir))  # both engines on the gazetteer of ../shared
    lines = []
    with gzip.open(CORPUS, "rb") as fh:
        for i, line in enumerate(fh):
            # Syria's war, reported by several outlets on the same days, and a sample of the rest
            if b"\\u0633\\u0648\\u0631\\u064a" in line or "سوري".encode() in line or i % 40 == 0:
                lines.append(line)
            if len(lines) >= SLICE:
                break
    inp = tmp_path / "slice.jsonl"
    inp.write_bytes(b"".join(lines))

    with Store(f"sqlite:///{tmp_path / 'local.db'}") as store:
        # in worker processes, which take $MARSAD_DATA with them: a pipeline built in this
        # process would stay cached for the tests after this one, on the wrong gazetteer
        local_report = run_inputs([str(inp)], store, RunOptions(batch_size=50, workers=2))
        local = {e.event_id_cnty: e for e in store.iter_events()}
    rep = run_spark([str(inp)], SparkOptions(master="local[1]", output=str(tmp_path / "out"), batch_size=50,
                                             data_dir=str(shared_data_dir)))
    spark = {e.event_id_cnty: e for e in read_events(str(tmp_path / "out"))}

    assert rep.documents_read == local_report.documents_read == SLICE
    assert rep.reports == local_report.reports and rep.documents_failed == local_report.documents_failed == 0
    assert len(local) > 100 and any(len(e.sources) > 1 for e in local.values())
    assert sorted(spark) == sorted(local)
    for eid, e in local.items():
        ours, theirs = spark[eid].to_json(), e.to_json()
        ours.pop("timestamp"), theirs.pop("timestamp")  # when each was written
        assert ours == theirs, eid
