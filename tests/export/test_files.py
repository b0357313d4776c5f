"""Safe exports: formula-leading CSV cells neutralised, files written whole or not at all."""

from __future__ import annotations

import csv
import dataclasses
import errno
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.errors import OutputError
from marsad.export import export_events
from marsad.export.files import FORMULA_PREFIXES, atomic_output, output_error, safe_cell
from tests.export.test_export import ATTRIBUTION, events


@pytest.mark.parametrize("lead", FORMULA_PREFIXES)
def test_a_cell_that_begins_like_a_formula_is_shown_as_text(lead):
    assert safe_cell(lead + "1+1") == "'" + lead + "1+1"


def test_other_cells_and_numbers_are_unchanged():
    for v in ("قتل 3 مدنيين", "a=b", "", 5, -3, -1.5, None):
        assert safe_cell(v) == v


def _formula_events():
    evidence = "- قُتل مدنيان في قصف على حلب"
    return [dataclasses.replace(e, evidence=evidence, notes="=HYPERLINK(\"http://x\")", actor1="@actor")
            for e in events()]


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_acled_csv_export_neutralises_formulas_by_default(tmp_path):
    out = tmp_path / "e.csv"
    export_events(_formula_events(), "acled-csv", out, attribution_lines=ATTRIBUTION)
    row = _rows(out)[0]
    assert row["evidence"] == "'- قُتل مدنيان في قصف على حلب"
    assert row["notes"].startswith("'=") and row["actor1"] == "'@actor"
    assert row["latitude"] == "36.5133"  # numbers stay numbers


def test_acled_csv_export_can_keep_cells_as_they_are(tmp_path):
    out = tmp_path / "e.csv"
    export_events(_formula_events(), "acled-csv", out, attribution_lines=ATTRIBUTION, safe_csv=False)
    assert _rows(out)[0]["evidence"].startswith("- ")


def test_a_failed_export_leaves_no_file_and_keeps_the_old_one(tmp_path):
    out = tmp_path / "e.csv"
    out.write_text("old\n", encoding="utf-8")

    def broken():
        yield from events()
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        export_events(broken(), "acled-csv", out, attribution_lines=ATTRIBUTION)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv"]  # no temporary file left


def test_atomic_output_appears_only_when_complete(tmp_path):
    out = tmp_path / "sub" / "x.txt"
    with atomic_output(out) as f:
        f.write("partial")
        assert not out.exists()
    assert out.read_text() == "partial"
    assert [p.name for p in out.parent.iterdir()] == ["x.txt"]


def test_an_unwritable_folder_is_one_actionable_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as info:
        with atomic_output(blocker / "out.csv") as f:
            f.write("x")
    assert "cannot write" in str(info.value) and "\n" not in str(info.value)


def test_a_full_disk_names_the_fix():
    msg = str(output_error("out.csv", OSError(errno.ENOSPC, "No space left on device")))
    assert "No space left on device" in msg and "free some space" in msg


def _marsad(*args, **kw):
    marsad = Path(sys.executable).with_name("marsad")
    return subprocess.run([str(marsad), *args], capture_output=True, text=True, **kw)


def test_cli_extract_csv_neutralises_and_writes_whole(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("- قتل شخص في قصف على مدينة حلب أمس.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = _marsad("extract", str(art), "--published", "2019-01-02", "--format", "csv", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = _rows(out)
    assert rows and all(not row["evidence"].startswith(FORMULA_PREFIXES) for row in rows)
    assert rows[0]["evidence"].startswith("'- ")
    r = _marsad("extract", str(art), "--published", "2019-01-02", "--format", "csv", "-o", str(out),
                "--allow-formulas")
    assert _rows(out)[0]["evidence"].startswith("- ")


def test_cli_extract_to_an_unwritable_path_is_one_line_and_no_file(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("قتل شخص في قصف على مدينة حلب أمس.\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _marsad("extract", str(art), "--format", "jsonl", "-o", str(blocker / "out.jsonl"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1 and "cannot write" in lines[0]
