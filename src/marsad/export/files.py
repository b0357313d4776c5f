"""Safe output files: written whole or not at all, and CSV cells a spreadsheet cannot run.

:func:`atomic_output` writes to a temporary file beside the target and renames it over
the target only when everything was written, so an interrupted export or a full disk
never leaves a truncated file under the real name; an ``OSError`` becomes an
:class:`~marsad.errors.OutputError` with one actionable line.

:func:`safe_cell` applies OWASP's rule against CSV formula injection: a text cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text instead of evaluating the cell.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

from marsad.errors import OutputError

__all__ = ["FORMULA_PREFIXES", "safe_cell", "atomic_output", "output_error"]

#: what a spreadsheet may read as the start of a formula (OWASP, CSV injection)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading apostrophe when it is text that begins like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def output_error(path: str | os.PathLike[str], exc: OSError) -> OutputError:
    """One line that says why ``path`` cannot be written and what to do."""
    why = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free some space or write elsewhere with --output"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "choose a folder you can write to with --output"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        fix = "check the folder in --output"
    elif exc.errno == errno.EISDIR:
        fix = "give a file name, not a folder, to --output"
    else:
        fix = "check the path and the disk"
    return OutputError(f"cannot write {os.fspath(path)}: {why}; nothing was written there; {fix}")


@contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """An open file whose content appears at ``path`` only when the block ends normally.

    The data goes to a hidden temporary file in the same folder (so the rename is
    atomic), is flushed and synced, then renamed over ``path``; on any error the
    temporary file is removed and ``path`` is left as it was. ``OSError`` is raised as
    :class:`~marsad.errors.OutputError`.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise output_error(target, exc) from None
    kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
    done = False
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise output_error(target, exc) from None
    finally:
        if not done:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once: os.umask is process-wide
