"""Decoding, the language heuristic and publication dates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.ingest import detect_language, parse_published
from marsad.ingest.text import DecodeFailure, declared_html_charset, decode_bytes


@pytest.mark.parametrize(
    "text, lang",
    [
        ("أعلنت وزارة الدفاع مقتل جنديين في هجوم.", "ar"),
        ("أعلنت الوزارة أن ISIS هاجم المواقع", "ar"),
        ("The ministry said two soldiers were killed.", "en"),
        ("Le ministère a annoncé la mort de deux soldats.", "en"),  # Latin script
        ("Министерство обороны сообщило", "und"),
        ("2018-02-19 12:00 ... !!", "und"),
        ("", "und"),
        ("قُتِلَ ١٢٣ شَخْصًا", "ar"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2018-02-19", datetime(2018, 2, 19)),
        ("2018-02-19T00:16:11+04:00", datetime(2018, 2, 19, 0, 16, 11, tzinfo=timezone(timedelta(hours=4)))),
        ("2018-02-19T00:16:11Z", datetime(2018, 2, 19, 0, 16, 11, tzinfo=timezone.utc)),
        ("2018-02-19 07:30", datetime(2018, 2, 19, 7, 30)),
        ("2022-06-06T10:30:00+0300", datetime(2022, 6, 6, 10, 30, tzinfo=timezone(timedelta(hours=3)))),
        (" 2018-02-19 ", datetime(2018, 2, 19)),
    ],
)
def test_parse_published(value, expected):
    got = parse_published(value)
    assert got == expected
    assert (got.tzinfo is None) == (expected.tzinfo is None)


@pytest.mark.parametrize("value", ["19/02/2018", "yesterday", "2018-13-01", "", 20180219, None, ["2018-02-19"]])
def test_parse_published_rejects(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_decode_bytes():
    assert decode_bytes("نص".encode("utf-8")) == "نص"
    assert decode_bytes(b"\xef\xbb\xbf" + "نص".encode("utf-8")) == "نص"
    assert decode_bytes("نص".encode("utf-16")) == "نص"
    with pytest.raises(DecodeFailure, match=r"offset 5\b.*iconv -f cp1256"):
        decode_bytes(b"\xef\xbb\xbfab" + "نص".encode("cp1256"))
    with pytest.raises(DecodeFailure, match="UTF-16"):
        decode_bytes(b"\xff\xfe\x00\xd8")  # lone surrogate


def test_declared_html_charset():
    assert declared_html_charset(b'<meta charset="windows-1256">') == "cp1256"
    assert declared_html_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">') == "utf-8"
    assert declared_html_charset(b"<meta charset=klingon>") is None
    assert declared_html_charset(b"<p>no meta</p>") is None


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))).filter(
    lambda t: not t.startswith("\ufeff") and "\x00" not in t))
def test_decode_roundtrip(text):
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-16")) == text
    assert detect_language(text) in ("ar", "en", "und")


def test_a_nul_byte_is_not_text() -> None:
    # too short a UTF-16 text to recognise by its bytes ("نعم" without a byte-order mark)
    with pytest.raises(DecodeFailure, match="NUL byte at offset 1"):
        decode_bytes("0".encode("utf-16-le"))
    # a NUL inside UTF-8 text: its byte offset, counted from the line's place in its file
    with pytest.raises(DecodeFailure, match="NUL byte at offset 117"):
        decode_bytes("قصف مدينة\x00".encode("utf-8"), offset=100)

