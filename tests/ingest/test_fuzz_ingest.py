"""Fuzzing ingest (hypothesis, bounded for CI): random bytes, random encodings and
degenerate files in every format never raise, and every input is either read or
reported."""

from __future__ import annotations

import gzip
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.ingest import IngestProblem, read_inputs
from marsad.model import Document

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى" + "ًٌٍَُِّْ" + "٠١٢٣٤٥٦٧٨٩" + "،؛؟"
WORDS = ("قصف", "قتل", "حلب", "إدلب", "اشتباكات", "داعش", "الجيش", "مدنيين", "أمس", "ثلاثة")
arabic_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet=ARABIC + " .\n-=+@\t", max_size=12)),
                       max_size=40).map(" ".join)
any_text = st.one_of(arabic_text, st.text(max_size=300))
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6", "latin-1")
SUFFIXES = (".txt", ".html", ".jsonl", ".jsonl.gz")


def _items(inputs, **kw):
    items = list(read_inputs(inputs, **kw))  # never raises for a bad input
    assert all(isinstance(i, (Document, IngestProblem)) for i in items)
    return items


def _one_outcome(items) -> None:
    """A single-document input gives a document or a fatal problem (warnings may precede)."""
    final = [i for i in items if isinstance(i, Document) or i.fatal]
    assert len(final) == 1, items


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_in_any_format(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("f") / f"x{suffix}"
    path.write_bytes(data)
    items = _items([path])
    if suffix in (".txt", ".html"):
        _one_outcome(items)
    else:
        assert items, "a JSON lines file gives its documents or a problem"
    for doc in items:
        if isinstance(doc, Document):
            assert doc.raw_text.strip()


@FUZZ
@given(text=any_text, encoding=st.sampled_from(ENCODINGS))
def test_random_text_in_random_encodings(tmp_path_factory, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        return
    path = tmp_path_factory.mktemp("e") / "x.txt"
    path.write_bytes(data)
    items = _items([path])
    _one_outcome(items)
    docs = [i for i in items if isinstance(i, Document)]
    if docs and encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert docs[0].raw_text == text.removeprefix("\ufeff")
    if docs and "\x00" not in text:
        assert "\x00" not in docs[0].raw_text  # never text full of NULs (UTF-16 without a BOM)


@FUZZ
@given(data=st.binary(max_size=3000), compress=st.booleans())
def test_random_bytes_on_standard_input(data, compress):
    items = _items(["-"], stdin=io.BytesIO(gzip.compress(data) if compress else data))
    assert items


@FUZZ
@given(lines=st.lists(st.one_of(st.binary(max_size=200), any_text.map(lambda t: ('{"doc_id": "a", "text": %r}' % t).encode())),
                      max_size=12))
def test_random_json_lines_each_line_read_or_reported(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("j") / "x.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    items = _items([path])
    assert items


def test_degenerate_files(tmp_path):
    cases = {
        "nuls.txt": b"\x00" * 5000,
        "spaces.txt": b" \n\t\r" * 5000,
        "diacritics.txt": "َُِّ".encode() * 5000,
        "punct.txt": b".!?,;:" * 5000,
        "one-word.txt": "قصف".encode() * 20000,
        "bom-only.txt": b"\xef\xbb\xbf",
        "utf16-bom-only.txt": b"\xff\xfe",
        "huge.txt": b"a" * (1 << 20),
        "empty.html": b"",
        "tags.html": b"<html>" * 5000,
        "deep.html": b"<div>" * 3000 + "قصف حلب".encode() + b"</div>" * 3000,
        "empty.jsonl": b"",
        "blank.jsonl.gz": gzip.compress(b"\n\n\n"),
        "notgzip.jsonl.gz": b"plain",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    for name in cases:
        items = _items([tmp_path / name], max_bytes=1 << 19)
        assert items, name
        if name.endswith((".txt", ".html")):
            _one_outcome(items)
