"""Benchmark the whole extraction pipeline over a corpus: articles/s on one core, peak memory.

Usage: python scripts/bench_pipeline.py [CORPUS] [--limit N] [--profile]

Reads the corpus first (ingest is measured by scripts/bench_ingest.py), then times
normalise + segment + recognise + extract per article, and reports articles/s,
characters/s, events found, the load time of the resources and the peak RSS.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/ant-2018/ant-2018.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()

    from marsad.ingest import IngestProblem, read_inputs
    from marsad.pipeline import build_pipeline
    from marsad.recognize import Resources

    docs = []
    for item in read_inputs([args.corpus]):
        if isinstance(item, IngestProblem):
            continue
        docs.append(item)
        if args.limit and len(docs) >= args.limit:
            break
    t0 = time.perf_counter()
    res = Resources.load()
    pipe = build_pipeline(resources=res)
    load_s = time.perf_counter() - t0
    chars = sum(len(d.raw_text) for d in docs)
    prof = cProfile.Profile() if args.profile else None
    events = 0
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    for d in docs:
        events += len(pipe.run(d).events or ())
    if prof:
        prof.disable()
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(docs):,}  characters: {chars:,}")
    print(f"resources load: {load_s:.2f} s")
    print(f"pipeline: {dt:.2f} s  = {len(docs) / dt:,.0f} articles/s, {chars / dt / 1e6:.2f} M chars/s (one core)")
    print(f"events emitted: {events:,}")
    print(f"peak RSS: {rss:,.0f} MiB")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
