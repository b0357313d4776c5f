"""The readers behind :func:`marsad.ingest.read_inputs` (see the package docstring)."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import re
import sys
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Sequence, TextIO

import orjson

from marsad.errors import ConfigError
from marsad.ingest.problems import IngestProblem
from marsad.ingest.text import (
    ICONV_HINT,
    DecodeFailure,
    declared_html_charset,
    decode_bytes,
    detect_language,
    parse_published,
)
from marsad.model import Document

__all__ = ["read_inputs", "DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "input_kind"]

#: Per file (.txt, .html) or per line (.jsonl, .jsonl.gz); raise it with ``max_bytes``.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz")

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_GZIP_MAGIC = b"\x1f\x8b"
_OPTIONAL_FIELDS = ("title", "source", "url", "author", "language")
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.S | re.I)

Item = Document | IngestProblem


def input_kind(name: str) -> str | None:
    """``"txt"``, ``"html"``, ``"jsonl"``, ``"jsonl.gz"`` from a file name, else None."""
    low = name.lower()
    if low.endswith(".jsonl.gz"):
        return "jsonl.gz"
    if low.endswith(".jsonl"):
        return "jsonl"
    if low.endswith(".txt"):
        return "txt"
    if low.endswith((".html", ".htm")):
        return "html"
    return None


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    default_published: datetime | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Document | IngestProblem]:
    """Read articles from files, directories and ``-`` (standard input), lazily and in order.

    Yields a :class:`~marsad.model.Document` for every article read and an
    :class:`~marsad.ingest.IngestProblem` for every one that could not be (``fatal``)
    or that was read with a warning (``fatal=False``, yielded just before its document).
    Never raises for a bad input; raises :class:`~marsad.errors.ConfigError` for bad
    arguments.
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        raise ConfigError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")
    if isinstance(default_published, date) and not isinstance(default_published, datetime):
        default_published = datetime(default_published.year, default_published.month, default_published.day)
    elif default_published is not None and not isinstance(default_published, datetime):
        raise ConfigError(f"default_published must be a datetime, not {type(default_published).__name__}")
    return _Reader(default_published, max_bytes, stdin).run(list(inputs))


class _Reader:
    """The state of one :func:`read_inputs` call (the doc_ids seen so far)."""

    def __init__(self, default_published: datetime | None, max_bytes: int, stdin: Any) -> None:
        self.default_published = default_published
        self.max_bytes = max_bytes
        self.stdin = stdin
        self.seen: dict[str, tuple[bytes, str]] = {}  # doc_id -> (digest of its text, origin)

    # -- dispatch -----------------------------------------------------------------

    def run(self, inputs: list[str | os.PathLike[str]]) -> Iterator[Item]:
        for given in inputs:
            name = os.fspath(given)
            if name == "-":
                yield from self._stdin()
                continue
            if os.path.isdir(name):
                yield from self._directory(name)
                continue
            kind = input_kind(name)
            if kind is None:
                if not os.path.lexists(name):
                    yield _problem(name, "not-found", "no such file or directory; check the path")
                else:
                    yield _problem(
                        name,
                        "unsupported",
                        f"unsupported file type; marsad reads {', '.join(SUPPORTED_SUFFIXES)} "
                        "files, directories of them, and - for standard input",
                    )
                continue
            yield from self._file(name, kind)

    def _directory(self, root: str) -> Iterator[Item]:
        errors: list[OSError] = []
        found: list[tuple[tuple[str, ...], str, str]] = []
        for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for fn in filenames:
                kind = input_kind(fn)
                if kind is None or fn.startswith("."):
                    continue
                path = os.path.join(dirpath, fn)
                found.append((Path(os.path.relpath(path, root)).parts, path, kind))
        ids = {path: _relative_id(parts, kind) for parts, path, kind in found}
        for exc in errors:
            where = exc.filename or root
            yield _problem(str(where), "unreadable", f"cannot list directory: {exc.strerror or exc}; check permissions")
        if not found and not errors:
            yield _problem(
                root, "empty", f"directory has no {', '.join(SUPPORTED_SUFFIXES)} files (hidden files are ignored)"
            )
        for _, path, kind in sorted(found):
            yield from self._file(path, kind, ids[path])

    def _file(self, path: str, kind: str, doc_id: str | None = None) -> Iterator[Item]:
        if kind in ("jsonl", "jsonl.gz"):
            yield from self._jsonl_file(path, gz=kind == "jsonl.gz")
            return
        doc_id = doc_id or _stem(path)
        data = self._read_whole(path)
        if isinstance(data, IngestProblem):
            yield data
        elif kind == "txt":
            yield from self._plain(data, path, doc_id)
        else:
            yield from self._html(data, path, doc_id)

    # -- whole files --------------------------------------------------------------

    def _too_large(self, origin: str, size: int | None) -> IngestProblem:
        what = f"{size:,} bytes" if size is not None else "more bytes"
        return _problem(
            origin,
            "too-large",
            f"{what} is over the limit of {self.max_bytes:,} bytes per document; "
            "split it or raise the limit (max_bytes / --max-bytes)",
        )

    def _read_whole(self, path: str) -> bytes | IngestProblem:
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            return _problem(path, "not-found", "no such file; check the path")
        except OSError as exc:
            return _unreadable(path, exc)
        if size > self.max_bytes:
            return self._too_large(path, size)
        try:
            with open(path, "rb") as f:
                data = f.read(self.max_bytes + 1)
        except FileNotFoundError:
            return _problem(path, "not-found", "no such file; check the path")
        except OSError as exc:
            return _unreadable(path, exc)
        if len(data) > self.max_bytes:  # grew since stat, or a special file
            return self._too_large(path, None)
        return data

    def _plain(self, data: bytes, origin: str, doc_id: str | None) -> Iterator[Item]:
        """One plain-text document; ``doc_id`` None: standard input's, from its content."""
        try:
            text = decode_bytes(data)
        except DecodeFailure as exc:
            yield _problem(origin, "undecodable", exc.message, doc_id)
            return
        if doc_id is None:
            doc_id = stdin_id(text)
        if not text.strip():
            what = "the input is blank" if origin == "-" else "the file is blank"
            yield _problem(origin, "empty", f"no text ({what})", doc_id)
            return
        yield from self._emit(doc_id, text, origin, {})

    def _html(self, data: bytes, origin: str, doc_id: str) -> Iterator[Item]:
        try:
            html = decode_bytes(data)
        except DecodeFailure as exc:
            charset = declared_html_charset(data)
            if charset is None or charset in ("utf-8", "utf-16"):
                yield _problem(origin, "undecodable", exc.message, doc_id)
                return
            try:  # the page says what it is: that is not a guess
                html = data.decode(charset)
            except UnicodeDecodeError as exc2:
                yield _problem(
                    origin,
                    "undecodable",
                    f"not valid {charset} as the page declares (byte offset {exc2.start:,}); {ICONV_HINT}",
                    doc_id,
                )
                return
        if not html.strip():
            yield _problem(origin, "empty", "no text (the file is blank)", doc_id)
            return
        import trafilatura  # slow to import: only when a page is read

        try:
            result = trafilatura.bare_extraction(
                html,
                with_metadata=True,
                include_comments=False,
                date_extraction_params={
                    "extensive_search": False,  # a year in a footer is not a date
                    "original_date": True,
                    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
                },
            )
        except Exception as exc:  # lxml and trafilatura raise many kinds on broken pages
            yield _problem(
                origin, "bad-html", f"cannot parse the page ({type(exc).__name__}: {exc}); save the article body as .txt", doc_id
            )
            return
        text = getattr(result, "text", None) if result is not None else None
        if not text or not text.strip():
            visible = _TAGS.sub(" ", html).strip()
            if not visible:
                yield _problem(origin, "empty", "the page has no visible text", doc_id)
            else:
                yield _problem(
                    origin,
                    "bad-html",
                    "no article text found in the page (only boilerplate or broken markup); "
                    "save the article body as .txt",
                    doc_id,
                )
            return
        meta = {
            "title": result.title,
            "author": result.author,
            "url": result.url,
            "source": result.sitename or result.hostname,
            "published": result.date,
        }
        yield from self._emit(doc_id, text, origin, meta)

    # -- JSON lines -----------------------------------------------------------------

    def _jsonl_file(self, path: str, *, gz: bool) -> Iterator[Item]:
        try:
            stream: Any = gzip.open(path, "rb") if gz else open(path, "rb", buffering=1 << 16)
        except FileNotFoundError:
            yield _problem(path, "not-found", "no such file; check the path")
            return
        except OSError as exc:
            yield _unreadable(path, exc)
            return
        with stream:
            yield from self._jsonl_stream(stream, path, gz=gz)

    def _jsonl_stream(self, stream: Any, name: str, *, gz: bool = False) -> Iterator[Item]:
        lineno = 0
        offset = 0
        head = _peek(stream, 4)
        if isinstance(head, _Failure):
            yield self._stream_failure(head.exc, name, 0, gz)
            return
        if head.startswith(_UTF16_BOMS):
            yield from self._jsonl_utf16(stream, name, gz)
            return
        limit = self.max_bytes
        records = 0
        while True:
            line = _readline(stream, limit + 1)
            if isinstance(line, _Failure):
                yield self._stream_failure(line.exc, name, lineno, gz)
                return
            if not line:
                if not records:
                    yield _problem(name, "empty", "no JSON lines in the file (it is blank)")
                return
            lineno += 1
            start = offset
            offset += len(line)
            origin = f"{name}:{lineno}"
            if len(line) > limit and not line.endswith(b"\n"):
                records += 1
                while True:  # skip the rest of the long line without holding it
                    more = _readline(stream, 1 << 20)
                    if isinstance(more, _Failure):
                        yield self._too_large(origin, None)
                        yield self._stream_failure(more.exc, name, lineno, gz)
                        return
                    offset += len(more)
                    if not more or more.endswith(b"\n"):
                        break
                yield self._too_large(origin, offset - start)
                continue
            if lineno == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
                start += 3
            if not line.strip():
                continue
            records += 1
            yield from self._record(line, origin, start)

    def _jsonl_utf16(self, stream: Any, name: str, gz: bool) -> Iterator[Item]:
        text_stream = io.TextIOWrapper(stream, encoding="utf-16", newline="")
        limit = self.max_bytes // 2
        lineno = 0
        while True:
            try:
                line = text_stream.readline(limit + 1)
            except UnicodeDecodeError as exc:
                yield _problem(
                    f"{name}:{lineno + 1}", "undecodable", f"not valid UTF-16 ({exc.reason}); the rest of the file is skipped"
                )
                return
            except (OSError, EOFError, zlib.error) as exc:
                yield self._stream_failure(exc, name, lineno, gz)
                return
            if not line:
                return
            lineno += 1
            origin = f"{name}:{lineno}"
            if len(line) > limit and not line.endswith("\n"):
                while True:
                    more = text_stream.readline(1 << 19)
                    if not more or more.endswith("\n"):
                        break
                yield self._too_large(origin, None)
                continue
            if line.strip():
                yield from self._record(line, origin, 0)

    def _stream_failure(self, exc: BaseException, name: str, lineno: int, gz: bool) -> IngestProblem:
        kept = f"after line {lineno:,}; the lines before it were read" if lineno else "at the start; nothing was read"
        if isinstance(exc, EOFError) or (isinstance(exc, zlib.error) and gz):
            what = "the gzip stream ends early or is corrupt (truncated download?)"
            fix = "re-download or re-compress the file"
        elif isinstance(exc, gzip.BadGzipFile):
            what = f"not a gzip file ({exc})"
            fix = "rename it to .jsonl if it is not compressed"
        else:
            what = f"read error: {getattr(exc, 'strerror', None) or exc}"
            fix = "check the disk and permissions"
        return _problem(f"{name}:{lineno + 1}", "unreadable", f"{what} {kept}; {fix}")

    def _record(self, line: bytes | str, origin: str, offset: int) -> Iterator[Item]:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if isinstance(line, bytes):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError as uexc:
                    yield _problem(
                        origin,
                        "undecodable",
                        f"line is not UTF-8 (byte 0x{line[uexc.start]:02x} at file offset {offset + uexc.start:,}); "
                        f"marsad does not guess encodings: {ICONV_HINT}",
                    )
                    return
            yield _problem(origin, "bad-json", f"not valid JSON ({exc}); fix or remove the line")
            return
        if not isinstance(obj, dict):
            yield _problem(origin, "bad-json", f"expected a JSON object per line, got a {type(obj).__name__}")
            return
        doc_id = obj.get("doc_id")
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id.strip():
            got = "missing" if doc_id is None else f"got {doc_id!r:.40}"
            yield _problem(origin, "missing-field", f"needs a non-empty string 'doc_id' ({got})")
            return
        text = obj.get("text")
        if not isinstance(text, str):
            got = "missing" if text is None else f"got a {type(text).__name__}"
            yield _problem(origin, "missing-field", f"needs a string 'text' ({got})", doc_id)
            return
        if not text.strip():
            yield _problem(origin, "empty", "'text' is blank", doc_id)
            return
        meta: dict[str, Any] = {k: obj.get(k) for k in _OPTIONAL_FIELDS}
        meta["published"] = obj.get("published")
        yield from self._emit(doc_id, text, origin, meta)

    # -- standard input -------------------------------------------------------------

    def _stdin(self) -> Iterator[Item]:
        src = self.stdin
        if src is None:
            src = getattr(sys.stdin, "buffer", sys.stdin)
        base = _TextSource(src) if isinstance(src.read(0), str) else src
        try:
            magic = base.read(2)
        except OSError as exc:
            yield _unreadable("-", exc)
            return
        gz = magic == _GZIP_MAGIC
        if gz:  # gzip on standard input (zcat-less pipes): read through it
            base = gzip.GzipFile(fileobj=io.BufferedReader(_Chain(magic, base)), mode="rb")
            magic = b""
        prefix = bytearray(magic)
        first: str | None = _first_char(bytes(prefix)) if prefix else None
        try:
            while first is None and len(prefix) <= self.max_bytes:
                chunk = base.read(1 << 16)
                if not chunk:
                    break
                prefix += chunk
                first = _first_char(bytes(prefix))
        except _STREAM_ERRORS as exc:
            yield self._stream_failure(exc, "-", 0, gz) if gz else _unreadable("-", exc)  # type: ignore[arg-type]
            return
        stream = io.BufferedReader(_Chain(bytes(prefix), base), buffer_size=1 << 16)
        if first == "{":
            yield from self._jsonl_stream(stream, "-", gz=gz)
            return
        try:
            data = stream.read(self.max_bytes + 1)
        except _STREAM_ERRORS as exc:
            yield self._stream_failure(exc, "-", 0, gz) if gz else _unreadable("-", exc)  # type: ignore[arg-type]
            return
        if len(data) > self.max_bytes:
            yield self._too_large("-", None)
            return
        yield from self._plain(data, "-", None)

    # -- building the document -------------------------------------------------------

    def _emit(self, doc_id: str, text: str, origin: str, meta: dict[str, Any]) -> Iterator[Item]:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        before = self.seen.get(doc_id)
        if before is not None:
            if before[0] == digest:
                yield _problem(origin, "duplicate", f"same doc_id and same text as {before[1]}; skipped", doc_id)
            else:
                yield _problem(
                    origin,
                    "duplicate-id",
                    f"doc_id {doc_id!r} is already used by {before[1]}, a different text; this one is skipped "
                    "(give each article a unique doc_id)",
                    doc_id,
                )
            return
        self.seen[doc_id] = (digest, origin)
        fields: dict[str, str | None] = {}
        for key in _OPTIONAL_FIELDS:
            value = meta.get(key)
            if value is None:
                fields[key] = None
            elif isinstance(value, str):
                fields[key] = value.strip() or None
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                fields[key] = str(value)
            else:
                fields[key] = None
                yield _problem(
                    origin, "bad-field", f"'{key}' should be a string, got a {type(value).__name__}; ignored", doc_id, False
                )
        published = self.default_published
        raw_date = meta.get("published")
        if raw_date is not None and not (isinstance(raw_date, str) and not raw_date.strip()):
            try:
                published = parse_published(raw_date)
            except ValueError as exc:
                fallback = published.isoformat() if published else "none"
                yield _problem(
                    origin,
                    "bad-date",
                    f"'published' {exc}; the document is kept with the default publication date ({fallback})",
                    doc_id,
                    False,
                )
        yield Document(
            doc_id=doc_id,
            raw_text=text,
            title=fields["title"],
            published=published,
            source=fields["source"],
            url=fields["url"],
            language=fields["language"] or detect_language(text),
            author=fields["author"],
            origin=origin,
        )


# -- helpers ------------------------------------------------------------------------


def _stem(path: str) -> str:
    """A file's name without its suffix (``.txt``, ``.html``, ``.htm``)."""
    return Path(path).stem


def _relative_id(parts: tuple[str, ...], kind: str) -> str:
    """The doc_id of a file found in a directory: its path inside the directory, with
    ``/`` between folders and without the suffix (``day1/article`` for
    ``day1/article.txt``); a file at the top keeps its stem."""
    return "/".join((*parts[:-1], Path(parts[-1]).stem))


def stdin_id(text: str) -> str:
    """The doc_id of a plain text read from standard input: ``stdin-`` and the first 16
    hex digits of the sha256 of its text (two different texts never share an id)."""
    return "stdin-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _problem(origin: str, reason: str, message: str, doc_id: str | None = None, fatal: bool = True) -> IngestProblem:
    return IngestProblem(origin=origin, reason=reason, message=message, doc_id=doc_id, fatal=fatal)


def _unreadable(origin: str, exc: OSError) -> IngestProblem:
    return _problem(origin, "unreadable", f"cannot read: {exc.strerror or exc}; check permissions and the disk")


class _Failure:
    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_STREAM_ERRORS = (OSError, EOFError, zlib.error)


def _readline(stream: Any, limit: int) -> bytes | _Failure:
    try:
        return stream.readline(limit)
    except _STREAM_ERRORS as exc:  # gzip.BadGzipFile is an OSError
        return _Failure(exc)


def _peek(stream: Any, n: int) -> bytes | _Failure:
    try:
        return stream.peek(n)[:n] if hasattr(stream, "peek") else b""
    except _STREAM_ERRORS as exc:
        return _Failure(exc)


def _first_char(prefix: bytes) -> str | None:
    """The first non-blank character of a (possibly partial) byte prefix, if any yet."""
    if prefix.startswith(_UTF16_BOMS):
        text = codecs.getincrementaldecoder("utf-16")(errors="ignore").decode(prefix)
    else:
        text = prefix.decode("utf-8", errors="ignore")
    text = text.lstrip().lstrip("\ufeff").lstrip()
    return text[0] if text else None


class _TextSource:
    """A text stream read as UTF-8 bytes (so text and binary stdin share one path)."""

    def __init__(self, text: Any) -> None:
        self.text = text
        self.pending = b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self.pending) < n:
            chunk = self.text.read(1 << 14 if n >= 0 else -1)
            if not chunk:
                break
            try:
                self.pending += chunk.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:  # lone surrogates: keep them, decoding reports them
                self.pending += chunk.encode("utf-8", "surrogatepass")
            if n < 0:
                break
        if n < 0:
            out, self.pending = self.pending, b""
        else:
            out, self.pending = self.pending[:n], self.pending[n:]
        return out


class _Chain(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, prefix: bytes, rest: Any) -> None:
        self.prefix = memoryview(prefix)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self.prefix:
            n = min(len(b), len(self.prefix))
            b[:n] = self.prefix[:n]
            self.prefix = self.prefix[n:]
            return n
        data = self.rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n
