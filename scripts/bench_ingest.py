#!/usr/bin/env python
"""Measure ingest throughput (articles/s) and peak memory over a corpus.

    .venv/bin/python scripts/bench_ingest.py ../shared/corpus/ant-2018/ant-2018.jsonl.gz
    .venv/bin/python scripts/bench_ingest.py --repeat 3 --show-problems PATH...

Reads every input with :func:`marsad.ingest.read_inputs`, touching each document (so
nothing is left lazy), and prints the summary line, the time, articles/s, MB/s of
text and the peak resident set size (resource.getrusage, Linux: KiB).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from datetime import datetime

from marsad.ingest import IngestSummary, read_inputs
from marsad.model import Document


def run_once(paths: list[str], max_bytes: int | None) -> tuple[IngestSummary, float, int, Counter[str]]:
    summary = IngestSummary()
    chars = 0
    languages: Counter[str] = Counter()
    kwargs = {"max_bytes": max_bytes} if max_bytes else {}
    start = time.perf_counter()
    for item in read_inputs(paths, **kwargs):
        summary.add(item)
        if isinstance(item, Document):
            chars += len(item.raw_text)
            languages[item.language] += 1
    return summary, time.perf_counter() - start, chars, languages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", help="files or directories to read (as for `marsad run`)")
    ap.add_argument("--repeat", type=int, default=1, help="runs; the best time is reported")
    ap.add_argument("--max-bytes", type=int, default=None)
    ap.add_argument("--show-problems", action="store_true", help="print every problem")
    args = ap.parse_args(argv)

    best = None
    for _ in range(max(1, args.repeat)):
        summary, seconds, chars, languages = run_once(args.paths, args.max_bytes)
        if best is None or seconds < best[1]:
            best = (summary, seconds, chars, languages)
    assert best is not None
    summary, seconds, chars, languages = best
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(summary.line())
    if args.show_problems:
        for p in summary.problems:
            print(f"  {p}")
    rate = summary.read / seconds if seconds else float("inf")
    print(
        f"{seconds:.2f} s for {summary.read:,} articles: {rate:,.0f} articles/s, "
        f"{chars / seconds / 1e6:.1f} M chars/s; peak RSS {peak_kib / 1024:.0f} MiB"
    )
    print("languages: " + ", ".join(f"{k} {v:,}" for k, v in languages.most_common()))
    print(f"python {sys.version.split()[0]}, {datetime.now().isoformat(timespec='seconds')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
