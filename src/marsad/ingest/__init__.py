"""Reading articles: files, directories, JSON lines (plain or gzipped) and standard input.

:func:`read_inputs` yields, lazily and in input order, a :class:`~marsad.model.Document`
for every article and an :class:`IngestProblem` for every input it could not read. A
bad input never stops the batch and never raises; :class:`IngestSummary` counts them.

Formats (chosen by suffix, case-insensitive):

- ``.txt``: one article, no title.
- ``.html`` / ``.htm``: the main text as trafilatura extracts it (navigation, footers and
  comments removed), with the page's title, author, site name, URL and date (the date
  only from the markup: meta tags, ``<time>``, the URL; a year in a footer is not taken
  for a publication date, so such a page gets ``default_published``). A page with
  no article text is ``bad-html`` (``empty`` if it has no visible text at all).
- ``.jsonl`` / ``.jsonl.gz``: one JSON object per line, streamed (a large file is never
  held in memory). ``doc_id`` (string; an integer is accepted) and ``text`` (string) are
  required; ``title``, ``published``, ``source``, ``url``, ``author``, ``language`` are
  optional. Blank lines are ignored. Each bad line is one problem naming ``path:line``;
  the rest of the file goes on. A read error or a truncated gzip stops that file with one
  ``unreadable`` problem at that line; the documents before it are kept.
- a directory: its supported files, recursively, sorted by path; other files and hidden
  files and directories are ignored silently (a directory with none is ``empty``).
  A file named explicitly with another suffix is ``unsupported``.
- ``-``: standard input, gzipped or not. If its first non-blank character is ``{`` it is
  read as JSON lines (origins ``-:LINE``), otherwise as one plain-text document.

Document ids: a JSON line gives its own (``doc_id``). A ``.txt`` or ``.html`` file found
in a directory gets its path relative to that directory, without the suffix
(``day1/article`` for ``DIR/day1/article.txt``), so files of the same name in
different folders never collide; a file named on its own gets its stem (its folder is
its root). A plain text on standard input gets ``stdin-`` and 16 hex digits of its
text's sha256, so two different texts never share an id.

Text: ``raw_text`` is exactly the decoded input (line endings kept; only a byte-order
mark is dropped). UTF-8, with or without a BOM, and UTF-16 with a BOM are read; anything
else is ``undecodable`` with the byte offset and an ``iconv`` hint: encodings are never
guessed (UTF-16 without a BOM, which would read as text full of NULs, is recognised and
reported as such). The one exception is an HTML page whose ``<meta charset>`` declares another
encoding (e.g. windows-1256): that declaration is honoured.

Size: ``max_bytes`` (default 5 MiB) limits each .txt/.html file and each JSON line;
larger ones are ``too-large`` and skipped.

Metadata: ``published`` is an ISO 8601 date or date-time; a timezone, when given, is
kept; a bare date is midnight, naive. A document without one gets ``default_published``.
**An unparseable date does not lose the document**: it is yielded with
``default_published`` (None when not given), preceded by a warning problem
``bad-date`` with ``fatal=False``. An optional field of the wrong type (a list for a
title) is dropped with a ``bad-field`` warning the same way. ``language`` is the
record's own when given, else a cheap guess: ``ar`` when at least half the letters of
the text are Arabic, ``en`` when at least half are Latin, else ``und``.
``origin`` is the path, ``path:line`` for a JSON line, or ``-`` for standard input.

Duplicates within one call: a document whose ``doc_id`` was already read is skipped:
``duplicate`` if its text is the same, ``duplicate-id`` (an error naming both
sources) if it differs; the first one read wins. A 16-byte digest and the origin are
remembered per doc_id.

Problem reasons: fatal (document skipped): ``not-found``, ``unreadable``,
``too-large``, ``empty``, ``undecodable``, ``bad-json``, ``missing-field``,
``bad-html``, ``unsupported``, ``duplicate``, ``duplicate-id``; warnings (document
kept): ``bad-date``, ``bad-field``.
"""

from marsad.ingest.problems import FATAL_REASONS, WARNING_REASONS, IngestProblem, IngestSummary
from marsad.ingest.readers import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, input_kind, read_inputs
from marsad.ingest.text import detect_language, parse_published

__all__ = [
    "read_inputs",
    "IngestProblem",
    "IngestSummary",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "FATAL_REASONS",
    "WARNING_REASONS",
    "input_kind",
    "detect_language",
    "parse_published",
]
