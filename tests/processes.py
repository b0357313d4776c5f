"""A command run as a terminal runs it, for the tests of Ctrl-C: in a process group of
its own, which Ctrl-C's SIGINT reaches as a whole, and killed if a test leaves it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def process_group(cmd: list[str], **kw) -> Iterator[subprocess.Popen]:
    """``cmd`` started in a new process group, its output as text pipes; killed (the
    whole group) if it still runs when the block ends."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kw)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def ctrl_c(proc: subprocess.Popen, timeout: float = 30) -> tuple[str, str, float]:
    """What a terminal's Ctrl-C does (SIGINT to the process group), then the process's
    standard output and error and how many seconds it took to end."""
    os.killpg(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    out, errs = proc.communicate(timeout=timeout)
    return out, errs, time.monotonic() - sent
