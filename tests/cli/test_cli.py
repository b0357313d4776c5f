"""The command line: help texts, extract in both formats, bad input reported, evaluate."""

from __future__ import annotations

import csv
import gzip
import io
import json

from typer.testing import CliRunner

from marsad.cli import app
from marsad.model import OUTPUT_COLUMNS

runner = CliRunner()

ARTICLE = (
    "قتل خمسة مدنيين، أمس الثلاثاء، جراء غارة جوية لقوات النظام على مدينة دوما في ريف دمشق، "
    "بحسب المرصد السوري.\n"
    "وتهدد قوات النظام بشن هجوم على مدينة حرستا.\n"
)


def test_every_command_has_one_line_help_with_an_example() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for cmd in ("extract", "recognize", "evaluate", "train", "data", "run", "export"):
        assert cmd in result.output
        sub = runner.invoke(app, [cmd, "--help"])
        assert sub.exit_code == 0, sub.output
        if cmd != "data":
            assert "Example" in sub.output, cmd


def test_extract_jsonl_has_the_contract(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["extract", str(src), "--published", "2019-05-15", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1, rows  # the threat is not an event
    row = rows[0]
    for col in OUTPUT_COLUMNS:
        assert col in row
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Air/drone strike"
    assert row["event_date"] == "2019-05-14" and row["time_precision"] == 1
    assert row["fatalities"] == 5
    assert row["doc_id"] == "art" and row["modality"] == "reported"
    assert ARTICLE.startswith(row["evidence"])
    for field, ev in row["provenance"].items():
        for a, b in ev["spans"]:
            assert 0 <= a <= b <= len(ARTICLE), field


def test_all_modalities_shows_the_threat(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--published", "2019-05-15", "--all-modalities"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {r["modality"] for r in rows} >= {"reported", "future"}


def test_extract_csv_columns_in_acled_order_and_bad_input_reported(tmp_path) -> None:
    good = tmp_path / "a.jsonl.gz"
    with gzip.open(good, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc_id": "d1", "text": ARTICLE, "published": "2019-05-15"}, ensure_ascii=False) + "\n")
        fh.write("{broken json\n")
        fh.write(json.dumps({"doc_id": "d2", "text": "   "}) + "\n")
    bad = tmp_path / "b.txt"
    bad.write_bytes("قصف".encode("cp1256"))
    result = runner.invoke(app, ["extract", str(good), str(bad), "--format", "csv"])
    assert result.exit_code == 1, result.output  # some inputs failed: the others are written
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    assert len(rows) == 2 and rows[1][OUTPUT_COLUMNS.index("doc_id")] == "d1"
    assert "bad-json" in result.stderr or "JSON" in result.stderr
    assert "skipped 3" in result.stderr


def test_recognize_prints_mentions(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["recognize", str(src), "--kinds", "actor,trigger", "--json"])
    assert result.exit_code == 0
    mentions = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    kinds = {m["kind"] for m in mentions}
    assert kinds == {"actor", "trigger"}
    for m in mentions:
        a, b = m["span"]
        assert ARTICLE[a:b] == m["text"]


def test_evaluate_on_a_tiny_gold(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "doc_id": "art", "published": "2019-05-15",
        "events": [{"id": "e1", "event_type": "Explosions/Remote violence", "sub_event_type": ["Air/drone strike"],
                    "actor1": ["Military Forces of Syria"], "actor2": ["Civilians (Syria)"],
                    "location": {"lat": 33.57, "lon": 36.40, "geo_precision": 1},
                    "event_date": "2019-05-14", "time_precision": 1, "fatalities": 5,
                    "evidence": "قتل خمسة مدنيين"}],
        "non_events": [{"evidence": "وتهدد قوات النظام بشن هجوم", "why": "threat"}],
    }, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), "--corpus", str(src), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["articles"]
    assert report["detection"]["tp"] == 1 and report["non_events_coded_as_events"] == 0


def test_bad_published_option_is_a_clear_error(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--published", "yesterday"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_extract_with_workers_writes_what_one_process_writes(tmp_path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for k in range(6):
        (folder / f"a{k}.txt").write_text(ARTICLE if k % 2 == 0 else ARTICLE.replace("دوما", "حرستا"),
                                          encoding="utf-8")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"events-{workers}.csv"
        result = runner.invoke(app, ["extract", str(folder), "--published", "2019-05-15", "--format", "csv",
                                     "--workers", workers, "--output", str(out)])
        assert result.exit_code == 0, result.output
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) == 7  # the header and one event per article


def test_version_says_which_marsad_and_which_gazetteer() -> None:
    from marsad import __version__
    from marsad.geocode import load_gazetteer
    from marsad.versions import build_version

    assert build_version().startswith(__version__ + "+")
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output == f"marsad {build_version()}\n"
    result = runner.invoke(app, ["version"])
    gaz = load_gazetteer()
    assert result.exit_code == 0 and result.output.splitlines()[0] == f"marsad {build_version()}"
    assert f"gazetteer {gaz.version} (installed in " in result.output


def test_the_build_version_changes_with_the_files_that_make_the_output(tmp_path, monkeypatch) -> None:
    import shutil
    from pathlib import Path

    import marsad
    from marsad import versions

    copy = tmp_path / "marsad"
    shutil.copytree(Path(marsad.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so"))

    def digest_of(root: Path) -> str:
        monkeypatch.setattr(versions, "__file__", str(root / "versions.py"))
        versions.code_digest.cache_clear()
        try:
            return versions.code_digest()
        finally:
            versions.code_digest.cache_clear()

    base = digest_of(copy)
    assert base == digest_of(Path(marsad.__file__).parent)  # the same files, the same digest
    trig = copy / "data" / "triggers.yaml"
    trig.write_text(trig.read_text(encoding="utf-8") + "\n# a lexicon edit\n", encoding="utf-8")
    assert digest_of(copy) != base
    trig.write_text(trig.read_text(encoding="utf-8").replace("\n# a lexicon edit\n", ""), encoding="utf-8")
    assert digest_of(copy) == base
    layer = copy / "data" / "boundaries" / "syria-admin1.geojson"
    layer.write_text(layer.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert digest_of(copy) == base  # the map layers make no output


def test_extract_to_a_file_writes_its_metadata_beside_it(tmp_path) -> None:
    from marsad.geocode import load_gazetteer
    from marsad.versions import build_version

    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    gaz = load_gazetteer()
    for fmt, name in (("jsonl", "events.jsonl"), ("csv", "events.csv")):
        out = tmp_path / name
        result = runner.invoke(app, ["extract", str(src), "--published", "2019-05-15", "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        meta = json.loads((tmp_path / f"{name}.meta.json").read_text(encoding="utf-8"))
        assert meta["marsad_version"] == build_version() and meta["rows"] == 1
        assert meta["gazetteer"] == {"version": gaz.version, "origin": "installed"}
        assert meta["attribution"] == gaz.attribution() and meta["format"] == ("acled-csv" if fmt == "csv" else "jsonl")


def test_extract_table_format_reads_at_a_glance(tmp_path) -> None:
    src = tmp_path / "art.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "--published", "2019-05-15", "--format", "table"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "art: 1 event" in out and "Explosions/Remote" in out and "2019-05-14" in out
    assert "Duma" in out and "precision 1" in out and "Military Forces of Syria" in out and "against" in out
    assert "event_id_cnty" not in out  # not JSON
    # piped (not a terminal) and without --format: JSON lines, for programs
    result = runner.invoke(app, ["extract", str(src), "--published", "2019-05-15"])
    assert json.loads(result.stdout.splitlines()[0])["event_type"] == "Explosions/Remote violence"


def test_on_a_terminal_extract_prints_a_table_and_the_shipped_gazetteer_places_villages(tmp_path) -> None:
    """What a new user sees: `marsad extract` of the example article on a terminal,
    with nothing installed (an empty data directory): a table, the village with its
    OCHA P-code at precision 1."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "MARSAD_DATA": str(tmp_path / "empty"), "COLUMNS": "160"}
    master, slave = pty.openpty()
    code = "import sys; from marsad.cli import main; sys.argv = ['marsad'] + sys.argv[1:]; main()"
    proc = subprocess.Popen([sys.executable, "-c", code, "extract", str(root / "examples" / "example-article.txt"),
                             "--published", "2019-05-15"], stdout=slave, stderr=subprocess.PIPE, env=env, cwd=root)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, proc.stderr.read()
    assert "example-article: 2 events" in out and "Kafr Nobol" in out and "C4068 · precision 1" in out
    assert "Latmana" in out and '"event_id_cnty"' not in out
    assert not (tmp_path / "empty").exists() or not list((tmp_path / "empty").iterdir())  # nothing written there


def test_recognize_refuses_an_unknown_kind() -> None:
    result = runner.invoke(app, ["recognize", "-", "--kinds", "actor,bogus"], input="قصف")
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "unknown mention kind bogus: choose from actor, place, place_phrase, date" in text


def _own_files(tmp_path):
    from tests.extract import learning_data

    return learning_data.write(tmp_path)


def test_evaluate_scores_several_gold_files_and_gsr_sentences(tmp_path) -> None:
    f = _own_files(tmp_path)
    result = runner.invoke(app, ["evaluate", str(f["gold"]), str(f["gsr"]), "--corpus", str(f["corpus"]),
                                 "--extractor", "rules", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["extractor"] == "rules" and out["split"] == "all"
    assert out["articles"]["documents"] == 6 and out["articles"]["non_events_coded_as_events"] == 6
    assert set(out["gsr"]["categories"]) == {"ASSAULT", "PROTEST"}


def test_evaluate_on_the_heldout_part_prints_scores_only(tmp_path) -> None:
    f = _own_files(tmp_path)
    args = ["evaluate", str(f["gold"]), "--corpus", str(f["corpus"]), "--extractor", "rules"]
    everything = runner.invoke(app, args)
    held = runner.invoke(app, args + ["--split", "heldout"])
    assert everything.exit_code == held.exit_code == 0
    assert "SPURIOUS" in everything.output and "split: heldout" in held.output
    assert "SPURIOUS" not in held.output and "MISSED" not in held.output
    as_json = json.loads(runner.invoke(app, args + ["--split", "heldout", "--json"]).output)
    assert "spurious" not in as_json["articles"] and "detection" in as_json["articles"]


def test_article_gold_without_a_corpus_is_a_usage_error(tmp_path) -> None:
    f = _own_files(tmp_path)
    result = runner.invoke(app, ["evaluate", str(f["gold"])])
    assert result.exit_code == 2 and "--corpus" in result.output


def test_train_then_evaluate_with_the_trained_model_and_folds(tmp_path) -> None:
    import pytest

    pytest.importorskip("sklearn", reason="training needs the [train] extra")
    f = _own_files(tmp_path)
    out_dir = tmp_path / "model"
    result = runner.invoke(app, ["train", str(f["gold"]), str(f["gsr"]), "--corpus", str(f["corpus"]),
                                 "--split", "all", "--folds", "2", "--output", str(tmp_path / "cv-model")])
    assert result.exit_code == 0, result.output
    assert "2-fold cross-validation, detection F1: rules" in result.output and "decides in:" in result.output
    # without cross-validation the model decides everywhere
    result = runner.invoke(app, ["train", str(f["gold"]), str(f["gsr"]), "--corpus", str(f["corpus"]),
                                 "--split", "all", "--folds", "0", "--output", str(out_dir)])
    assert result.exit_code == 0, result.output
    assert (out_dir / "extraction.json").exists() and (out_dir / "manifest.json").exists()
    ev = runner.invoke(app, ["evaluate", str(f["gold"]), "--corpus", str(f["corpus"]), "--extractor", "learned",
                             "--model", str(out_dir / "extraction.json"), "--json"])
    assert ev.exit_code == 0, ev.output
    scores = json.loads(ev.output)["articles"]
    assert scores["non_events_coded_as_events"] == 0 and scores["detection"]["recall"] == 1.0
    cv = runner.invoke(app, ["evaluate", str(f["gold"]), "--corpus", str(f["corpus"]), "--folds", "2"])
    assert cv.exit_code == 0, cv.output
    assert "pooled over the folds" in cv.output and "learned" in cv.output


def test_train_refuses_the_heldout_part(tmp_path) -> None:
    f = _own_files(tmp_path)
    result = runner.invoke(app, ["train", str(f["gold"]), "--corpus", str(f["corpus"]), "--split", "heldout"])
    assert result.exit_code == 2 and "held-out" in result.output.replace("part kept", "held-out")
