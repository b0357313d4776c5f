"""Decoding bytes, guessing the language cheaply, and parsing publication dates."""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime
from typing import Any

__all__ = ["decode_bytes", "DecodeFailure", "detect_language", "parse_published", "ICONV_HINT"]

ICONV_HINT = "convert it first, e.g. `iconv -f cp1256 -t utf-8 FILE > FILE.utf8` (cp1256 is common for Arabic)"

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeFailure(Exception):
    """Bytes that are not UTF-8 (or UTF-16 with a BOM); ``message`` names the offset."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _describe(exc: UnicodeDecodeError, base: int = 0) -> str:
    bad = exc.object[exc.start : exc.start + 4]
    return f"byte 0x{bad[0]:02x} at offset {base + exc.start:,} ({exc.reason})" if bad else exc.reason


#: the high bytes of UTF-16 text in Latin or Arabic script (ASCII, the Arabic block)
_UTF16_HIGH = frozenset({0x00, 0x06})


def utf16_without_bom(data: bytes, sample: int = 4096) -> str | None:
    """``"LE"`` or ``"BE"`` when ``data`` looks like UTF-16 without a byte-order mark:
    nearly every other byte is the high byte of an ASCII or Arabic character (0x00,
    0x06), and nearly none of the bytes between them is 0x00. UTF-8 text never looks
    like that (its Arabic letters are 0xD8-0xDB then 0x80-0xBF)."""
    head = data[:sample]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]

    def share(part: bytes, values) -> float:
        return sum(b in values for b in part) / len(part)

    zero = frozenset({0})
    if share(odd, _UTF16_HIGH) >= 0.9 and share(even, zero) < 0.1:
        return "LE"
    if share(even, _UTF16_HIGH) >= 0.9 and share(odd, zero) < 0.1:
        return "BE"
    return None


def decode_bytes(data: bytes, *, offset: int = 0) -> str:
    """Decode UTF-8 (a BOM is dropped) or UTF-16 with a BOM; never guess anything else.

    ``offset`` is added to byte positions in the error message (a line's place in its
    file). Raises :class:`DecodeFailure` with an actionable message.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeFailure(f"not valid UTF-16: {_describe(exc, offset)}; {ICONV_HINT}") from None
    order = utf16_without_bom(data)
    if order is not None:  # it would "decode" as UTF-8 into NULs and control characters
        raise DecodeFailure(
            f"looks like UTF-16{order} without a byte-order mark (every other byte is 0x00 or 0x06); marsad "
            f"does not guess encodings: convert it, e.g. iconv -f UTF-16{order} -t UTF-8 FILE > FILE.utf8.txt")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # utf-8-sig reports offsets after the BOM it removed
        shift = 3 if data.startswith(codecs.BOM_UTF8) else 0
        bad = exc.object[exc.start : exc.start + 1]
        where = f"byte 0x{bad[0]:02x} at offset {offset + shift + exc.start:,}" if bad else "truncated"
        raise DecodeFailure(
            f"not UTF-8 ({where}: {exc.reason}); marsad does not guess encodings: {ICONV_HINT}"
        ) from None
    nul = data.find(0)
    if nul >= 0:  # no article holds one; too short a UTF-16 text to recognise does
        raise DecodeFailure(
            f"a NUL byte at offset {offset + nul:,}: not plain text (UTF-16 without a byte-order mark, or a binary "
            f"file?); {ICONV_HINT}")
    return text


_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def declared_html_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KiB, if any."""
    m = _HTML_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# Arabic letters only (no harakat, no Arabic-Indic digits), so the share is of letters.
_ARABIC_RUN = re.compile(
    "[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]+"
)
_LATIN_RUN = re.compile("[A-Za-z\u00c0-\u024f]+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return sum(map(len, pattern.findall(text)))


def detect_language(text: str, *, sample: int = 2000) -> str:
    """``"ar"`` when at least half the letters of a sample are Arabic, ``"en"`` when at
    least half are Latin, else ``"und"`` (also for text without letters)."""
    head = text[:sample]
    letters = _count(_LETTER_RUN, head)
    if not letters:
        return "und"
    if _count(_ARABIC_RUN, head) * 2 >= letters:
        return "ar"
    if _count(_LATIN_RUN, head) * 2 >= letters:
        return "en"
    return "und"


def parse_published(value: Any) -> datetime:
    """An ISO 8601 date or date-time (any timezone, or none) as a datetime.

    A bare date gives midnight, naive; a timezone, when given, is kept. Raises
    ValueError with a message saying what was expected.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__} {value!r:.40}")
    s = value.strip()
    if not s:
        raise ValueError("empty date")
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        pass
    try:
        d = date.fromisoformat(s)
    except ValueError:
        raise ValueError(
            f"{value!r:.60} is not an ISO 8601 date or date-time (e.g. 2018-02-19 or 2018-02-19T00:16:11+04:00)"
        ) from None
    return datetime(d.year, d.month, d.day)
