"""Benchmark the extraction pipeline over a corpus: articles/s on one core, per stage,
recognition alone, resource load time and peak memory.

Usage: python scripts/bench_pipeline.py [CORPUS] [--limit N] [--profile] [--first-pass-rounds K]

The corpus is read first (ingest has its own benchmark, scripts/bench_ingest.py). Times
are process CPU time (one core), so other load on the machine changes them less than
wall time. Reported:

- the standard pipeline (normalise, segment, recognise in event windows, extract),
  per stage and in total;
- recognition alone in full mode (every mention of every article, what
  `marsad recognize` does): once with the word caches the pipeline run filled (a
  long run's steady state), and the first pass of a fresh process (K new processes,
  default 3: each loads the resources, normalises and segments the corpus, then
  recognises every article once: no word cache filled, no per-word regex compiled
  yet; run under `taskset -c 1`, they inherit the one core);
- load time of the resources (lexicons, actor registry, gazetteer) and peak RSS;
- the share of the pipeline's time spent on places: place recognition (gazetteer
  names and spatial phrases) and geocoding (choosing each event's location), timed
  around those calls during the pipeline run;
- each timed run begins with a garbage collection (the run itself is timed with the
  collector on), so that a full collection brought on by the objects made before it
  (the corpus held in memory, the resources) is not counted in it;
- a machine reference: the CPU time of a fixed pure-Python workload (dict stores and
  string slices), best of three, before and after the runs. A shared virtual machine's
  speed differs between days and drifts over minutes; figures from two runs compare
  only in proportion to their references.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import resource
import subprocess
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


def _read(corpus: str, limit: int) -> list:
    from marsad.ingest import IngestProblem, read_inputs

    docs = []
    for item in read_inputs([corpus]):
        if isinstance(item, IngestProblem):
            continue
        docs.append(item)
        if limit and len(docs) >= limit:
            break
    return docs


def _first_pass(corpus: str, limit: int) -> int:
    """In a fresh process: load the resources (as a run does first), normalise and
    segment the corpus, then time full-mode recognition over it once; prints the two
    times."""
    from marsad.pipeline import NORMALIZE, SEGMENT, Analysis
    from marsad.recognize import RecognizeStage, Resources

    t0 = time.perf_counter()
    stage = RecognizeStage(Resources.load())
    load_s = time.perf_counter() - t0
    segmented = [SEGMENT(NORMALIZE(Analysis(d))) for d in _read(corpus, limit)]
    gc.collect()
    t = time.process_time()
    for a in segmented:
        stage(a)
    print(f"first-pass {time.process_time() - t!r} {load_s!r}")
    return 0


def _first_pass_in_subprocess(corpus: str, limit: int) -> tuple[float, float]:
    """(recognition CPU seconds, resources load seconds) of :func:`_first_pass` run in
    a new process (on the CPUs this one may use)."""
    run = subprocess.run([sys.executable, __file__, corpus, "--limit", str(limit), "--first-pass"],
                         capture_output=True, text=True, check=True)
    _, rec, load = run.stdout.split()[-3:]
    return float(rec), float(load)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/corpus/ant-2018/ant-2018.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    ap.add_argument("--first-pass-rounds", type=int, default=3,
                    help="how many fresh processes time their first pass (default 3)")
    ap.add_argument("--first-pass", action="store_true", help=argparse.SUPPRESS)  # the child's run
    args = ap.parse_args()
    if args.first_pass:
        return _first_pass(args.corpus, args.limit)

    from marsad.pipeline import Analysis, build_pipeline
    from marsad.recognize import RecognizeStage, Resources

    docs = _read(args.corpus, args.limit)
    if not docs:
        print(f"no articles read from {args.corpus}", file=sys.stderr)
        return 2
    n = len(docs)
    chars = sum(len(d.raw_text) for d in docs)
    reference_before = _reference_seconds()

    t0 = time.perf_counter()
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
    # each timed run starts with a collection: the objects made before it (the corpus,
    # the resources) would otherwise bring on a full collection inside it, which a
    # process that streams its documents does not pay there
    gc.collect()
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

    gc.collect()
    t = time.process_time()
    mentions = 0
    for a in segmented:
        mentions += len(full_recognition(a).mentions)
    full_rec = time.process_time() - t

    # a fresh process's first pass: its own process (no word cache, no regex compiled
    # yet, nothing of this run's warm-up), several times (the machine drifts)
    cold = [_first_pass_in_subprocess(args.corpus, args.limit) for _ in range(args.first_pass_rounds)]
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
    for k, (cold_rec, cold_load) in enumerate(cold, 1):
        print(f"  first pass of a fresh process ({k}/{len(cold)}): {cold_rec / n * 1000:.3f} ms/article = "
              f"{n / cold_rec:,.0f} articles/s (its resources load: {cold_load:.2f} s)")
    print(f"peak RSS: {rss:,.0f} MiB")
    print(f"machine reference (fixed pure-Python workload): {reference_before:.3f} s before, "
          f"{reference_after:.3f} s after")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
