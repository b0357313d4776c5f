"""What went wrong with one input, and a running tally of a batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from marsad.errors import InputError
from marsad.model import Document

__all__ = ["IngestProblem", "IngestSummary", "FATAL_REASONS", "WARNING_REASONS"]

#: Reasons for which the document was NOT yielded.
FATAL_REASONS: frozenset[str] = frozenset(
    {
        "not-found",
        "unreadable",
        "too-large",
        "empty",
        "undecodable",
        "bad-json",
        "missing-field",
        "bad-html",
        "unsupported",
        "duplicate",
        "duplicate-id",
    }
)

#: Reasons for which the document WAS yielded (``fatal=False``): a warning about it.
WARNING_REASONS: frozenset[str] = frozenset({"bad-date", "bad-field"})


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """One input that could not be read (``fatal``), or a warning about one that was.

    ``origin`` is the path, ``"path:line"`` for a JSON-lines record, or ``"-"`` for
    standard input; ``reason`` is a short stable key (see :data:`FATAL_REASONS` and
    :data:`WARNING_REASONS`); ``message`` says what is wrong and how to fix it.
    """

    origin: str
    reason: str
    message: str
    doc_id: str | None = None
    fatal: bool = True

    def __str__(self) -> str:
        level = "skipped" if self.fatal else "warning"
        who = f" [{self.doc_id}]" if self.doc_id else ""
        return f"{self.origin}{who}: {level} ({self.reason}): {self.message}"

    def as_error(self) -> InputError:
        """The problem as an exception, for callers that want to raise it."""
        return InputError(self.origin, self.reason, self.message)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _breakdown(counts: Counter[str]) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{n:,} {reason}" for reason, n in items)


@dataclass
class IngestSummary:
    """Accumulates what :func:`~marsad.ingest.read_inputs` yields.

    >>> s = IngestSummary()
    >>> for item in read_inputs(paths):      # doctest: +SKIP
    ...     s.add(item)
    >>> s.line()                             # doctest: +SKIP
    'read 17,796 documents; skipped 1 (1 empty)'
    """

    read: int = 0
    skipped_by_reason: Counter[str] = field(default_factory=Counter)
    warnings_by_reason: Counter[str] = field(default_factory=Counter)
    problems: list[IngestProblem] = field(default_factory=list)

    def add(self, item: Document | IngestProblem) -> None:
        if isinstance(item, Document):
            self.read += 1
        elif isinstance(item, IngestProblem):
            self.problems.append(item)
            if item.fatal:
                self.skipped_by_reason[item.reason] += 1
            else:
                self.warnings_by_reason[item.reason] += 1
        else:
            raise TypeError(f"IngestSummary.add expects a Document or IngestProblem, not {type(item).__name__}")

    def documents(self, items: Iterable[Document | IngestProblem]) -> Iterator[Document]:
        """Pass the documents of ``items`` through, counting everything on the way."""
        for item in items:
            self.add(item)
            if isinstance(item, Document):
                yield item

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by_reason.values())

    @property
    def failed(self) -> int:
        """Inputs that could not be read: the skipped ones but exact duplicates (the same
        doc_id and text read twice loses nothing)."""
        return self.skipped - self.skipped_by_reason.get("duplicate", 0)

    @property
    def warnings(self) -> int:
        return sum(self.warnings_by_reason.values())

    def line(self) -> str:
        """One line for the user: ``read 17,795 documents; skipped 2 (1 bad-json, 1 empty)``."""
        out = f"read {_plural(self.read, 'document')}"
        if self.skipped:
            out += f"; skipped {self.skipped:,} ({_breakdown(self.skipped_by_reason)})"
        if self.warnings:
            out += f"; {_plural(self.warnings, 'warning')} ({_breakdown(self.warnings_by_reason)})"
        return out
