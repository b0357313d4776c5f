"""Bad inputs become IngestProblems; they never stop the batch or lose good documents."""

from __future__ import annotations

import builtins
import gzip
import io
from datetime import datetime
from pathlib import Path

import pytest

import marsad.ingest.readers as readers
from ingest_helpers import ARTICLE, ARTICLE_2, jsonl_bytes, split
from marsad.errors import ConfigError, InputError
from marsad.ingest import FATAL_REASONS, WARNING_REASONS, IngestProblem, read_inputs


def only(problems, reason):
    found = [p for p in problems if p.reason == reason]
    assert len(found) == 1, problems
    return found[0]


def test_cp1256_file_is_undecodable_with_offset_and_hint(tmp_path: Path):
    bad = tmp_path / "legacy.txt"
    good = tmp_path / "good.txt"
    bad.write_bytes(b"abc " + ARTICLE.encode("cp1256"))
    good.write_text(ARTICLE_2, encoding="utf-8")
    docs, problems = split(read_inputs([bad, good]))
    assert [d.doc_id for d in docs] == ["good"]
    p = only(problems, "undecodable")
    assert p.fatal and p.origin == str(bad) and p.doc_id == "legacy"
    assert "offset 4" in p.message
    assert "iconv -f cp1256 -t utf-8" in p.message


def test_html_cp1256_without_declaration_is_undecodable(tmp_path: Path):
    page = tmp_path / "p.html"
    page.write_bytes(f"<html><body><p>{ARTICLE}</p></body></html>".encode("cp1256"))
    _, problems = split(read_inputs([page]))
    assert only(problems, "undecodable").origin == str(page)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", "\u00a0\n".encode("utf-8")])
def test_empty_file(tmp_path: Path, content: bytes):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    docs, problems = split(read_inputs([path]))
    assert docs == [] and only(problems, "empty").doc_id == "blank"


def test_empty_and_boilerplate_only_html(tmp_path: Path):
    blank = tmp_path / "blank.html"
    blank.write_text("<html><head></head><body>  </body></html>", encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text("<<<>>> <div <p", encoding="utf-8")
    docs, problems = split(read_inputs([blank, broken]))
    assert docs == []
    assert [(p.origin, p.reason) for p in problems] == [(str(blank), "empty"), (str(broken), "bad-html")]


def test_bad_jsonl_lines_do_not_lose_the_others(tmp_path: Path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        jsonl_bytes([{"doc_id": "ok1", "text": ARTICLE}]),
        b'{"doc_id": "x", "text": \n',  # broken JSON
        jsonl_bytes([{"doc_id": "nt"}]),  # no text
        jsonl_bytes([{"text": ARTICLE_2}]),  # no doc_id
        jsonl_bytes([{"doc_id": "lt", "text": ["a", "list"]}]),  # text not a string
        jsonl_bytes([{"doc_id": "bl", "text": "  \n "}]),  # blank text
        jsonl_bytes([[1, 2, 3]]),  # not an object
        '{"doc_id": "cp", "text": "'.encode() + ARTICLE.encode("cp1256") + b'"}\n',
        jsonl_bytes([{"doc_id": "ok2", "text": ARTICLE_2}]),
    ]
    path.write_bytes(b"".join(lines))
    docs, problems = split(read_inputs([path]))
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]
    got = [(p.origin, p.reason, p.doc_id) for p in problems]
    assert got == [
        (f"{path}:2", "bad-json", None),
        (f"{path}:3", "missing-field", "nt"),
        (f"{path}:4", "missing-field", None),
        (f"{path}:5", "missing-field", "lt"),
        (f"{path}:6", "empty", "bl"),
        (f"{path}:7", "bad-json", None),
        (f"{path}:8", "undecodable", None),
    ]
    assert all(p.fatal for p in problems)
    assert "'text'" in problems[1].message and "'doc_id'" in problems[2].message
    assert "list" in problems[3].message
    offset_of_line_8 = sum(len(x) for x in lines[:7])
    bad_byte_at = offset_of_line_8 + len(b'{"doc_id": "cp", "text": "')
    assert f"file offset {bad_byte_at:,}" in problems[6].message
    assert "iconv" in problems[6].message


def test_truncated_gzip_keeps_documents_before_it(tmp_path: Path):
    records = [{"doc_id": f"t{i}", "text": f"{ARTICLE} {i}"} for i in range(400)]
    data = gzip.compress(jsonl_bytes(records))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE_2, encoding="utf-8")
    docs, problems = split(read_inputs([path, after]))
    assert len(problems) == 1
    p = problems[0]
    assert p.reason == "unreadable" and p.fatal
    assert "truncated" in p.message
    from_gz = [d for d in docs if d.doc_id.startswith("t")]
    assert 0 < len(from_gz) < 400
    assert [d.doc_id for d in from_gz] == [f"t{i}" for i in range(len(from_gz))]
    assert all(d.raw_text == records[i]["text"] for i, d in enumerate(from_gz))
    assert p.origin.startswith(f"{path}:")
    assert docs[-1].doc_id == "after"


def test_not_gzip_named_gz(tmp_path: Path):
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(jsonl_bytes([{"doc_id": "a", "text": ARTICLE}]))
    docs, problems = split(read_inputs([path]))
    assert docs == []
    p = only(problems, "unreadable")
    assert "not a gzip file" in p.message and "rename" in p.message


def test_io_error_is_unreadable(tmp_path: Path, monkeypatch):
    bad = tmp_path / "locked.txt"
    good = tmp_path / "fine.txt"
    bad.write_text(ARTICLE, encoding="utf-8")
    good.write_text(ARTICLE_2, encoding="utf-8")
    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file) == str(bad):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(readers, "open", fake_open, raising=False)
    docs, problems = split(read_inputs([bad, good]))
    assert [d.doc_id for d in docs] == ["fine"]
    p = only(problems, "unreadable")
    assert p.origin == str(bad) and "Permission denied" in p.message


def test_io_error_mid_jsonl_stream(tmp_path: Path, monkeypatch):
    path = tmp_path / "flaky.jsonl"
    path.write_bytes(jsonl_bytes([{"doc_id": f"f{i}", "text": f"{ARTICLE} {i}"} for i in range(3)]))
    real_readline = readers._readline
    calls = {"n": 0}

    def flaky(stream, limit):
        calls["n"] += 1
        if calls["n"] == 3:
            return readers._Failure(OSError(5, "Input/output error"))
        return real_readline(stream, limit)

    monkeypatch.setattr(readers, "_readline", flaky)
    docs, problems = split(read_inputs([path]))
    assert [d.doc_id for d in docs] == ["f0", "f1"]
    p = only(problems, "unreadable")
    assert p.origin == f"{path}:3" and "Input/output error" in p.message and "after line 2" in p.message


def test_oversize_file_and_line(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 20, encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("قتل جندي.", encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_bytes(
        jsonl_bytes(
            [{"doc_id": "long", "text": ARTICLE * 20}, {"doc_id": "short", "text": "قتل جندي آخر."}]
        )
    )
    docs, problems = split(read_inputs([big, small, lines], max_bytes=300))
    assert [d.doc_id for d in docs] == ["small", "short"]
    assert [(p.origin, p.reason) for p in problems] == [(str(big), "too-large"), (f"{lines}:1", "too-large")]
    assert "300" in problems[0].message and "max_bytes" in problems[0].message
    only_long = tmp_path / "only-long.jsonl"
    only_long.write_bytes(jsonl_bytes([{"doc_id": "long", "text": ARTICLE * 20}]))
    _, problems = split(read_inputs([only_long], max_bytes=300))
    assert [(p.origin, p.reason) for p in problems] == [(f"{only_long}:1", "too-large")]


def test_oversize_stdin():
    docs, problems = split(read_inputs(["-"], stdin=io.BytesIO((ARTICLE * 20).encode()), max_bytes=300))
    assert docs == [] and only(problems, "too-large").origin == "-"


def test_unsupported_and_missing_paths(tmp_path: Path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    missing_txt = tmp_path / "nope.txt"
    missing_dir = tmp_path / "no-such-dir"
    docs, problems = split(read_inputs([pdf, missing_txt, good, missing_dir]))
    assert [d.doc_id for d in docs] == ["good"]
    assert [(p.origin, p.reason) for p in problems] == [
        (str(pdf), "unsupported"),
        (str(missing_txt), "not-found"),
        (str(missing_dir), "not-found"),
    ]
    assert ".jsonl.gz" in problems[0].message


def test_directory_without_supported_files(tmp_path: Path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.pdf").write_bytes(b"x")
    _, problems = split(read_inputs([tmp_path / "d"]))
    assert only(problems, "empty").origin == str(tmp_path / "d")


def test_duplicates(tmp_path: Path):
    path = tmp_path / "dups.jsonl"
    path.write_bytes(
        jsonl_bytes(
            [
                {"doc_id": "d1", "text": ARTICLE},
                {"doc_id": "d1", "text": ARTICLE},
                {"doc_id": "d1", "text": ARTICLE_2},
                {"doc_id": "d2", "text": ARTICLE},
            ]
        )
    )
    txt = tmp_path / "d2.txt"  # same id as a JSON record, different text
    txt.write_text(ARTICLE_2, encoding="utf-8")
    docs, problems = split(read_inputs([path, txt]))
    assert [(d.doc_id, d.origin) for d in docs] == [("d1", f"{path}:1"), ("d2", f"{path}:4")]
    assert [(p.origin, p.reason, p.doc_id) for p in problems] == [
        (f"{path}:2", "duplicate", "d1"),
        (f"{path}:3", "duplicate-id", "d1"),
        (str(txt), "duplicate-id", "d2"),
    ]
    # a new call starts afresh
    assert len(split(read_inputs([path]))[0]) == 2


def test_unparseable_published_is_a_warning_and_keeps_the_document(tmp_path: Path):
    path = tmp_path / "dates.jsonl"
    path.write_bytes(
        jsonl_bytes(
            [
                {"doc_id": "u1", "text": ARTICLE, "published": "الأحد الماضي"},
                {"doc_id": "u2", "text": ARTICLE_2, "published": 20180219},
                {"doc_id": "u3", "text": ARTICLE + " ب", "published": ""},
                {"doc_id": "u4", "text": ARTICLE + " ت", "title": ["not", "a", "title"]},
            ]
        )
    )
    default = datetime(2022, 6, 6)
    items = list(read_inputs([path], default_published=default))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["IngestProblem", "Document", "IngestProblem", "Document", "Document", "IngestProblem", "Document"]
    w1, d1, w2, d2, d3, w4, d4 = items
    assert (w1.reason, w1.fatal, w1.doc_id, w1.origin) == ("bad-date", False, "u1", f"{path}:1")
    assert "ISO 8601" in w1.message and "2022-06-06" in w1.message
    assert d1.published == default and d2.published == default and d3.published == default
    assert (w2.reason, w2.fatal) == ("bad-date", False)
    assert (w4.reason, w4.fatal) == ("bad-field", False) and d4.title is None
    # without a default the document is still kept, with no date
    items = list(read_inputs([path]))
    assert [i.published for i in items if not isinstance(i, IngestProblem)] == [None] * 4


def test_reason_sets_and_error_conversion():
    assert FATAL_REASONS.isdisjoint(WARNING_REASONS)
    p = IngestProblem("a.txt", "empty", "no text", "a")
    err = p.as_error()
    assert isinstance(err, InputError) and err.reason == "empty" and "a.txt" in str(err)
    assert "skipped (empty)" in str(p)


@pytest.mark.parametrize("bad", [0, -5, "10"])
def test_bad_max_bytes_is_a_config_error(bad):
    with pytest.raises(ConfigError, match="max_bytes"):
        list(read_inputs([], max_bytes=bad))


def test_bad_default_published_is_a_config_error():
    with pytest.raises(ConfigError, match="default_published"):
        read_inputs([], default_published="2022-06-06")  # type: ignore[arg-type]


def test_blank_jsonl_files_are_empty(tmp_path: Path, write_jsonl):
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n  \n")
    zero = tmp_path / "zero.jsonl.gz"
    zero.write_bytes(b"")
    tiny = tmp_path / "tiny.jsonl.gz"
    tiny.write_bytes(b"\x1f\x8b\x08\x00")  # a gzip header cut short
    docs, problems = split(read_inputs([blank, zero, tiny]))
    assert docs == []
    assert [(p.origin, p.reason) for p in problems] == [
        (str(blank), "empty"),
        (str(zero), "empty"),
        (f"{tiny}:1", "unreadable"),
    ]
    assert "nothing was read" in problems[2].message


def test_default_stdin_is_sys_stdin(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    docs, problems = split(read_inputs(["-"]))
    assert problems == [] and docs[0].raw_text == ARTICLE and docs[0].doc_id.startswith("stdin-")
