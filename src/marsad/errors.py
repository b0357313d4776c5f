"""Every error marsad raises, in one place, each with a message that says what to do."""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: the message is meant for the user and says how to fix the problem."""


class ConfigError(MarsadError):
    """A setting or command-line option is wrong."""


class InputError(MarsadError):
    """One input document cannot be read. Reported per document; the batch goes on.

    ``reason`` is a short stable key used in the ingest summary ("undecodable",
    "empty", "bad-json", "unreadable", "too-large", "missing-text", "bad-html",
    "not-found", "unsupported").
    """

    def __init__(self, origin: str, reason: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.reason = reason
        self.detail = message

    def __reduce__(self):  # keep picklable across worker processes
        return (type(self), (self.origin, self.reason, self.detail))


class DataNotInstalledError(MarsadError):
    """Reference data (the gazetteer) is missing."""

    def __init__(self, what: str = "gazetteer", *, reason: str | None = None) -> None:
        fix = "run `marsad data install` (or `marsad data install --from DIR` for a local copy)"
        if reason:  # installed, but not usable
            super().__init__(f"{what} cannot be used: {reason}; reinstall it: {fix}")
        else:
            super().__init__(f"{what} not installed: {fix}")


class DataInstallError(MarsadError):
    """Building the reference data failed (bad checksum, missing source file...)."""


class LexiconError(MarsadError):
    """A lexicon, actor registry or alias file has a bad entry."""

    def __init__(self, path: str, entry: str, message: str) -> None:
        super().__init__(f"{path}: entry {entry!r}: {message}")
        self.path = path
        self.entry = entry


class PipelineError(MarsadError):
    """The pipeline's stages do not fit together (a stage needs what none adds)."""


class GoldError(MarsadError):
    """The gold file for `marsad evaluate` is malformed."""


class StoreError(MarsadError):
    """The event store cannot be opened or written."""


class SparkError(MarsadError):
    """The Spark engine cannot start, or one of its jobs failed (``marsad run --engine spark``)."""


class OutputError(MarsadError):
    """An output file cannot be written (no permission, no such folder, disk full)."""


class StoreLockedError(StoreError):
    """Another ``marsad run`` is writing to the same store."""


class RunInterrupted(MarsadError):
    """A run or an extraction was stopped (Ctrl-C, SIGTERM); what was stored is kept."""


class DocumentBudgetError(MarsadError):
    """One document took longer than its time budget. Reported per document; the batch
    goes on."""

    def __init__(self, doc_id: str, seconds: float, stage: str) -> None:
        super().__init__(
            f"{doc_id}: extraction stopped after {seconds:g} s (the time budget per document), in stage {stage!r}; "
            "it is skipped: raise the budget with --max-seconds, or split the document")
        self.doc_id = doc_id
        self.seconds = seconds
        self.stage = stage

    def __reduce__(self):  # keep picklable across worker processes
        return (type(self), (self.doc_id, self.seconds, self.stage))
