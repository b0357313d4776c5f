"""Count the instructions full-mode recognition takes, with callgrind: a measure that
does not drift with the machine's speed (timings on a shared virtual machine do).

Usage: python scripts/bench_instructions.py [CORPUS] [--limit 1000]

Needs valgrind (Debian: apt-get install valgrind). For the first ``--limit`` articles
of the corpus (normalised and segmented first, not counted), it counts in two runs
under ``valgrind --tool=callgrind`` (``PYTHONHASHSEED=0``, so that two runs of one
commit give the same count):

- the first pass, with freshly loaded resources whose word caches are empty ("cold");
- a second pass over the same articles, the caches filled by the first ("warm").

Only the recognition calls are counted: each pass runs inside ``sum(map(...))`` or
``max(map(...))`` and callgrind collects only inside those builtins
(``--toggle-collect``). Compare two commits by running this in each.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/ant-2018/ant-2018.jsonl.gz"


def _inner(mode: str, corpus: str, limit: int) -> None:
    from marsad.ingest import IngestProblem, read_inputs
    from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
    from marsad.recognize import RecognizeStage, Resources

    docs = []
    for d in read_inputs([corpus]):
        if isinstance(d, IngestProblem):
            continue
        docs.append(d)
        if len(docs) >= limit:
            break
    if not docs:
        sys.exit(f"no articles read from {corpus}")
    segment = Pipeline([NORMALIZE, SEGMENT])
    analyses = [segment.run(d) for d in docs]
    recognise = RecognizeStage(Resources.load())

    def count(a) -> int:
        return len(recognise(a).mentions)

    if mode == "cold":
        print(sum(map(count, analyses)))  # counted: builtin_sum
    else:
        for a in analyses:
            count(a)
        print(max(map(count, analyses)))  # counted: min_max


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--inner", choices=["cold", "warm"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        _inner(args.inner, args.corpus, args.limit)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("cold", "warm"):
            cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.path.join(tmp, mode)}",
                   "--toggle-collect=builtin_sum*", "--toggle-collect=min_max*",
                   sys.executable, __file__, args.corpus, "--limit", str(args.limit), "--inner", mode]
            run = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            found = re.search(r"Collected : (\d+)", run.stderr)
            if run.returncode or not found:
                print(run.stderr[-2000:], file=sys.stderr)
                return 1
            what = "first pass (empty word caches)" if mode == "cold" else "steady state (caches filled)"
            print(f"{what}: {int(found.group(1)) / 1e9:.3f} G instructions over {args.limit:,} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
