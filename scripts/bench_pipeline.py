"""Benchmark the extraction pipeline over a corpus: articles/s on one core, per stage,
recognition alone, resource load time and peak memory.

Usage: python scripts/bench_pipeline.py [CORPUS] [--limit N] [--profile]

The corpus is read first (ingest has its own benchmark, scripts/bench_ingest.py). Times
are process CPU time (one core), so other load on the machine changes them less than
wall time. Reported:

- the standard pipeline (normalise, segment, recognise in event windows, extract),
  per stage and in total;
- recognition alone in full mode (every mention of every article, what
  `marsad recognize` does): once with the word caches the pipeline run filled (a
  long run's steady state), and once more with freshly loaded resources and every
  per-word cache emptied, the process-wide ones too (what one fresh process pays
  over this corpus);
- load time of the resources (lexicons, actor registry, gazetteer) and peak RSS;
- the share of the pipeline's time spent on places: place recognition (gazetteer
  names and spatial phrases) and geocoding (choosing each event's location), timed
  around those calls during the pipeline run;
- a machine reference: the CPU time of a fixed pure-Python workload (dict stores and
  string slices), best of three, before and after the runs. A shared virtual machine's
  speed differs between days and drifts over minutes; figures from two runs compare
  only in proportion to their references.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import time
from pathlib import Path


def _reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python workload (best of three)."""
    best = float("inf")
    text = "قصف الطيران الحربي ريف حلب الشمالي " * 4
    for _ in range(3):
        t = time.process_time()
        seen: dict[str, int] = {}
        for i in range(1_500_000):
            seen[text[i % 97 : i % 97 + 5]] = i
        best = min(best, time.process_time() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/ant-2018/ant-2018.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = ap.parse_args()

    from marsad.ingest import IngestProblem, read_inputs
    from marsad.pipeline import Analysis, build_pipeline
    from marsad.recognize import RecognizeStage, Resources

    docs = []
    for item in read_inputs([args.corpus]):
        if isinstance(item, IngestProblem):
            continue
        docs.append(item)
        if args.limit and len(docs) >= args.limit:
            break
    n = len(docs)
    chars = sum(len(d.raw_text) for d in docs)
    reference_before = _reference_seconds()

    t0 = time.perf_counter()
    res_key = os.environ.get("MARSAD_DATA") or ""
    res = Resources.load()
    load_s = time.perf_counter() - t0
    pipe = build_pipeline(resources=res)
    full_recognition = RecognizeStage(res)

    geo_time = [0.0]

    def timed(obj, name: str) -> None:
        f = getattr(obj, name)

        def wrapper(*a, **k):
            t = time.process_time()
            try:
                return f(*a, **k)
            finally:
                geo_time[0] += time.process_time() - t

        setattr(obj, name, wrapper)

    for name in ("find",):
        timed(res.places, name)
    for name in ("context", "locate", "fallback"):
        timed(res.geocoder, name)

    per_stage = [0.0] * len(pipe.stages)
    events = 0
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    t_all = time.process_time()
    segmented = []
    for d in docs:
        a = Analysis(d)
        for i, stage in enumerate(pipe.stages):
            t = time.process_time()
            a = stage(a)
            per_stage[i] += time.process_time() - t
            if stage.name == "segment":
                segmented.append(a)
        events += len(a.events or ())
    total = time.process_time() - t_all
    geo_pipeline = geo_time[0]
    if prof:
        prof.disable()

    t = time.process_time()
    mentions = 0
    for a in segmented:
        mentions += len(full_recognition(a).mentions)
    full_rec = time.process_time() - t

    from marsad.dates.parse import date_lexicon
    from marsad.normalize import _fold_char
    from marsad.recognize import _load_resources
    from marsad.recognize.casualties import casualty_lexicon
    from marsad.recognize.means import means_lexicon
    from marsad.recognize.numbers import number_lexicon

    # what a fresh process starts without: the word caches of the resources, and the
    # process-wide ones (the regex recognisers' lexicons, whose per-word choices of
    # regex are compiled on first use; the fold of a character)
    for loader in (date_lexicon, number_lexicon, casualty_lexicon, means_lexicon, _fold_char):
        loader.cache_clear()
    fresh = RecognizeStage(_load_resources.__wrapped__(res_key))
    t = time.process_time()
    for a in segmented:
        fresh(a)
    cold_rec = time.process_time() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reference_after = _reference_seconds()

    from marsad.recognize.matcher import ACCELERATED

    print(f"articles: {n:,}  characters: {chars:,}")
    print(f"word scan: {'C (_wordscan)' if ACCELERATED else 'Python (the C module is not built, or MARSAD_PURE_PYTHON is set)'}")
    print(f"resources load: {load_s:.2f} s (wall)")
    for stage, s in zip(pipe.stages, per_stage):
        print(f"  {stage.name:<10} {s / n * 1000:6.3f} ms/article")
    print(f"pipeline: {total:.2f} s CPU = {n / total:,.0f} articles/s, {chars / total / 1e6:.2f} M chars/s (one core)")
    print(f"events emitted: {events:,}")
    print(f"places (recognition + geocoding): {geo_pipeline / n * 1000:.3f} ms/article = "
          f"{geo_pipeline / total:.1%} of the pipeline")
    print(f"recognition alone, full mode: {full_rec / n * 1000:.3f} ms/article = {n / full_rec:,.0f} articles/s "
          f"({mentions:,} mentions; add normalise+segment for end-to-end)")
    print(f"  the same with empty word caches (first pass of a fresh process): {cold_rec / n * 1000:.3f} "
          f"ms/article = {n / cold_rec:,.0f} articles/s")
    print(f"peak RSS: {rss:,.0f} MiB")
    print(f"machine reference (fixed pure-Python workload): {reference_before:.3f} s before, "
          f"{reference_after:.3f} s after")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
