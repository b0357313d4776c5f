"""``marsad run --engine spark`` on short Arabic articles written for these tests: the same
events as the local engine, field by field and id by id; incremental runs; --db.

Needs pyspark and Java (skipped with the reason otherwise); Spark runs as local[1]."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'marsad[spark]'")
if not shutil.which("java"):
    pytest.skip("no java on PATH: the Spark engine needs Java 17", allow_module_level=True)

from marsad.model import Document  # noqa: E402
from marsad.scale import SparkOptions, read_events, run_spark, spark_session  # noqa: E402
from marsad.scale.spark import extract_partition  # noqa: E402
from marsad.store import RunOptions, Store, run_inputs  # noqa: E402

STRIKE_1 = "قصفت طائرات حربية روسية مدينة إدلب يوم الجمعة، ما أدى إلى مقتل خمسة مدنيين."
STRIKE_2 = "قتل سبعة مدنيين في غارات جوية روسية على مدينة إدلب يوم الجمعة."
STRIKE_3 = "أفادت مصادر محلية بمقتل عشرة مدنيين في قصف جوي روسي على مدينة إدلب يوم الجمعة."
CLASH = "اندلعت اشتباكات عنيفة بين قوات النظام السوري وتنظيم الدولة الإسلامية في مدينة تدمر يوم الخميس."
BOMB = "انفجرت سيارة مفخخة في مدينة عفرين يوم السبت ما أسفر عن مقتل ثلاثة أشخاص."
SHELLING = "قصفت قوات النظام بالمدفعية بلدة كفر نبل يوم الجمعة وأصيب أربعة مدنيين."


def rec(doc_id: str, source: str, text: str, day: str = "2018-03-17") -> bytes:
    return orjson.dumps({"doc_id": doc_id, "source": source, "published": day, "text": text}) + b"\n"


def write(path: Path, *lines: bytes) -> str:
    path.write_bytes(b"".join(lines))
    return str(path)


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[1]")
    yield session
    session.stop()


def comparable(events) -> dict[str, dict]:
    out = {}
    for e in events:
        d = e.to_json()
        d.pop("timestamp")  # when it was written
        out[e.event_id_cnty] = d
    return out


def local_run(db: str, *inputs: str, batch_size: int = 2):
    with Store(db) as store:
        report = run_inputs(list(inputs), store, RunOptions(batch_size=batch_size))
        return report, comparable(store.iter_events())


def part_a(tmp_path: Path) -> str:
    return write(
        tmp_path / "a.jsonl",
        rec("AL-1", "alarabiya", STRIKE_1),
        rec("BB-1", "bbc", STRIKE_2),
        rec("CN-1", "cnn", CLASH),
        b"{not json\n",
        rec("FR-1", "france24", STRIKE_1),  # the same text under another doc_id: a duplicate
        rec("SK-1", "skynews", SHELLING),
        rec("EM-1", "alarabiya", "   "),
    )


def test_spark_events_equal_the_local_engines(tmp_path, spark):
    inp = part_a(tmp_path)
    local_report, local = local_run(f"sqlite:///{tmp_path / 'local.db'}", inp)
    out = tmp_path / "out"
    rep = run_spark([inp], SparkOptions(master="local[1]", output=str(out), batch_size=2), spark=spark)
    ours = comparable(read_events(str(out)))
    assert ours == local
    assert len(local) >= 3 and any(len(e["sources"]) > 1 for e in local.values())  # a merge happened
    assert (rep.documents_read, rep.documents_new, rep.documents_duplicate, rep.problems) == (
        local_report.documents_read, local_report.documents_new, local_report.documents_duplicate,
        local_report.problems) == (5, 4, 1, 2)
    # the bad JSON line and the blank text failed, as both engines count (and exit 1 on)
    assert rep.inputs_failed == local_report.inputs_failed == 2
    assert rep.reports == local_report.reports and rep.events_created == len(local)
    assert rep.ingest_line == local_report.ingest_line

    import pyarrow.dataset as ds

    data = ds.dataset(str(out), format="parquet", partitioning="hive")
    table = data.to_table()
    assert table.num_rows == len(local)
    assert set(table.column("country").to_pylist()) == {e["country"] for e in local.values()}
    assert {"event_id_cnty", "sources", "provenance", "evidence", "year_month"} <= set(table.schema.names)
    one = next(iter(Path(out).glob("country=*/year_month=*/*.parquet")))
    meta = __import__("pyarrow.parquet", fromlist=["x"]).read_schema(one).metadata
    assert b"attribution" in meta and b"marsad_version" in meta and b"acled_columns" in meta
    row = table.filter(ds.field("event_id_cnty") == table.column("event_id_cnty")[0]).to_pylist()[0]
    assert orjson.loads(row["provenance"]) == local[row["event_id_cnty"]]["provenance"]


def test_new_articles_merge_into_the_events_of_an_earlier_run(tmp_path, spark):
    a = part_a(tmp_path)
    b = write(tmp_path / "b.jsonl", rec("SK-2", "skynews", STRIKE_3), rec("AL-2", "alarabiya", BOMB),
              rec("AL-1", "alarabiya", STRIKE_1))  # AL-1 again: unchanged
    db = f"sqlite:///{tmp_path / 'local.db'}"
    local_run(db, a)
    local_report, local = local_run(db, b)
    out = str(tmp_path / "out")
    opts = SparkOptions(master="local[1]", output=out, batch_size=2)
    first = run_spark([a], opts, spark=spark)
    before = comparable(read_events(out))
    second = run_spark([b], opts, spark=spark)
    assert comparable(read_events(out)) == local
    assert (second.documents_new, second.documents_unchanged) == (2, 1) == (
        local_report.documents_new, local_report.documents_unchanged)
    assert second.events_updated >= 1 and second.events_created >= 1
    grown = [k for k in before if local[k]["sources"] != before[k]["sources"]]
    assert grown  # an event of the first run took the new report and kept its id
    import pyarrow.dataset as ds

    revisions = ds.dataset(str(Path(out) / "_marsad" / "revisions"), format="parquet").to_table().to_pylist()
    assert {(r["event_id_cnty"], r["action"], r["run"]) for r in revisions if r["run"] == 2} >= {
        (grown[0], "update", 2)}
    assert sum(r["action"] == "create" for r in revisions if r["run"] == 1) == first.events_created
    # a third run over both adds nothing
    third = run_spark([a, b], opts, spark=spark)
    assert third.documents_new == 0 and third.events_created == 0 and third.events_updated == 0
    assert comparable(read_events(out)) == local


def test_db_records_the_run_in_the_store_as_marsad_run_does(tmp_path, spark):
    a = part_a(tmp_path)
    b = write(tmp_path / "b.jsonl", rec("SK-2", "skynews", STRIKE_3), rec("AL-2", "alarabiya", BOMB))
    local_db, spark_db = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'spark.db'}"
    local_run(local_db, a)
    _, local = local_run(local_db, b)
    for inp in (a, b):
        rep = run_spark([inp], SparkOptions(master="local[1]", db=spark_db, batch_size=2), spark=spark)
        assert rep.store_line and "run #" in rep.store_line
    with Store(spark_db) as s1, Store(local_db) as s2:
        assert comparable(s1.iter_events()) == local
        c1, c2 = s1.counts(), s2.counts()
        assert c1 == c2
        eid = next(iter(local))
        assert [r["action"] for r in s1.revisions_of(eid)] == [r["action"] for r in s2.revisions_of(eid)]


def test_a_document_whose_extraction_fails_is_reported_with_its_error():
    good = Document(doc_id="AL-1", raw_text=STRIKE_1, source="alarabiya")
    bad = Document(doc_id="AL-2", raw_text=None, source="alarabiya")  # type: ignore[arg-type]
    rows = list(extract_partition((("all_modalities", False),), False, [(0, good), (1, bad)]))
    assert [r[0] for r in rows] == [0, 1]
    assert rows[0][5] is None and rows[0][3]
    assert rows[1][1] == "AL-2" and rows[1][3] == () and rows[1][5].startswith("TypeError")


def test_an_output_directory_of_something_else_is_refused(tmp_path):
    from marsad.errors import ConfigError

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("x")
    with pytest.raises(ConfigError, match="holds no marsad output"):
        run_spark([str(tmp_path / "none.jsonl")], SparkOptions(output=str(tmp_path / "out")))
    with pytest.raises(ConfigError, match="--output"):
        SparkOptions()
