"""Exit statuses and one-line messages of marsad extract (README.md, "Exit status")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.processes import ctrl_c, process_group

MARSAD = str(Path(sys.executable).with_name("marsad"))
ARTICLE = "قصف الطيران الحربي مدينة حلب أمس وقتل ثلاثة مدنيين.\n"


def marsad(*args, **kw):
    return subprocess.run([MARSAD, *args], capture_output=True, text=True, **kw)


def test_every_input_failed_is_exit_1(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("قصف".encode("cp1256"))
    r = marsad("extract", str(bad), "--format", "jsonl")
    assert r.returncode == 1 and "undecodable" not in r.stdout and "not UTF-8" in r.stderr


def test_a_missing_input_file_is_a_usage_error(tmp_path):
    r = marsad("extract", str(tmp_path / "nope.txt"))
    assert r.returncode == 2 and "no such file or directory" in r.stderr and "Traceback" not in r.stderr


def test_the_too_large_message_names_an_option_that_exists(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE * 20, encoding="utf-8")
    r = marsad("extract", str(art), "--format", "jsonl", "--max-bytes", "100")
    assert r.returncode == 1 and "--max-bytes" in r.stderr
    ok = marsad("extract", str(art), "--format", "jsonl", "--max-bytes", "100000", "--published", "2019-01-02")
    assert ok.returncode == 0, ok.stderr


def test_a_document_without_a_date_is_warned_about(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    r = marsad("extract", str(art), "--format", "jsonl")
    assert r.returncode == 0 and "1 document has no publication date" in r.stderr and "--published" in r.stderr
    dated = marsad("extract", str(art), "--format", "jsonl", "--published", "2019-01-02")
    assert "no publication date" not in dated.stderr


def test_ctrl_c_stops_extract_with_workers_in_a_second_or_two(tmp_path):
    src = tmp_path / "many.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for i in range(40_000):
            f.write(json.dumps({"doc_id": f"d{i}", "text": ARTICLE + f"({i})", "published": "2019-01-02"},
                               ensure_ascii=False) + "\n")
    with process_group([MARSAD, "extract", str(src), "--format", "jsonl", "--workers", "2"]) as proc:
        first = proc.stdout.readline()  # extraction is under way
        assert first.startswith("{"), proc.stderr.read()
        _, errs, took = ctrl_c(proc)
    assert proc.returncode == 130 and took < 3.0, (proc.returncode, took, errs)
    lines = [ln for ln in errs.splitlines() if ln.strip()]
    assert "Traceback" not in errs and len(lines) == 1 and lines[0].startswith("interrupted:"), errs
