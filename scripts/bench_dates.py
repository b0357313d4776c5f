#!/usr/bin/env python
"""Benchmark the date, number, casualty and means recognisers.

Runs all four over the first N articles of ../shared/corpus/ant-2018 (default 2000)
and prints articles/s and ms per 1,000 characters (normalisation timed apart).

    .venv/bin/python scripts/bench_dates.py [N]
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from marsad.dates import find_dates
from marsad.normalize import normalize
from marsad.recognize.casualties import find_casualties
from marsad.recognize.means import find_means
from marsad.recognize.numbers import find_numbers

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ant-2018" / "ant-2018.jsonl.gz"


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: nothing to benchmark", file=sys.stderr)
        return 1
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line).get("text") or "")
            if len(texts) >= n:
                break
    chars = sum(len(t) for t in texts)
    # warm the cached lexicons
    find_casualties(normalize("قتل 3 في غارة أمس"))
    find_means(normalize("غارة"))
    t0 = time.perf_counter()
    norms = [normalize(t) for t in texts]
    t1 = time.perf_counter()
    counts: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    for raw, norm in zip(texts, norms):
        a = time.perf_counter()
        d = find_dates(norm, raw)
        b = time.perf_counter()
        nums = find_numbers(norm, raw)
        c = time.perf_counter()
        cas = find_casualties(norm, nums, raw)
        e = time.perf_counter()
        mn = find_means(norm, raw)
        f = time.perf_counter()
        timings["dates"] += b - a
        timings["numbers"] += c - b
        timings["casualties"] += e - c
        timings["means"] += f - e
        counts["dates"] += len(d)
        counts["numbers"] += len(nums)
        counts["casualties"] += len(cas)
        counts["means"] += len(mn)
    t2 = time.perf_counter()
    rec = t2 - t1
    print(f"{len(texts)} articles, {chars:,} characters")
    print(f"normalise: {t1 - t0:.3f}s")
    print(f"recognisers: {rec:.3f}s = {len(texts) / rec:,.0f} articles/s, {rec * 1e6 / chars:.3f} ms per 1,000 chars")
    for k in ("dates", "numbers", "casualties", "means"):
        print(f"  {k:<11} {timings[k]:.3f}s  {counts[k]:>7,} records  {timings[k] * 1e6 / chars:.3f} ms/1k chars")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
