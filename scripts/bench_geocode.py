"""Benchmark the gazetteer and place pipeline.

Usage: .venv/bin/python scripts/bench_geocode.py [--source ../shared/gazetteer]
       [--corpus ../shared/corpus/ant-2018/ant-2018.jsonl.gz] [--n 2000]

Prints: gazetteer build time, load time (cold, from its JSON file), memory after load,
recognizer build time, and per-article time of normalisation (the baseline) and of
place recognition + geocoding over the first N corpus articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    root = Path(__file__).resolve().parents[1]
    ap.add_argument("--source", default=str(root.parent / "shared" / "gazetteer"))
    ap.add_argument("--corpus", default=str(root.parent / "shared" / "corpus" / "ant-2018" / "ant-2018.jsonl.gz"))
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()

    from marsad.geocode.install import install_gazetteer
    from marsad.geocode import gazetteer as gz
    from marsad.geocode.resolve import Geocoder
    from marsad.model import MentionKind
    from marsad.normalize import normalize
    from marsad.recognize.places import PlaceRecognizer

    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        rep = install_gazetteer(Path(args.source), Path(d))
        print(f"build: {time.perf_counter() - t:.2f} s  ({rep.counts})")
        print(f"gazetteer file: {(Path(d) / gz.GAZETTEER_FILE).stat().st_size / 1e6:.1f} MB")
        t = time.perf_counter()
        gaz = gz._read_installed(Path(d))
        load = time.perf_counter() - t
        del gaz
        tracemalloc.start()  # memory on a second load (tracemalloc slows loading)
        gaz = gz._read_installed(Path(d))
        cur, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"load: {load * 1000:.0f} ms; memory held after load: {cur / 1e6:.1f} MB "
              f"(process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB)")
    t = time.perf_counter()
    rec = PlaceRecognizer(gaz)
    geo = Geocoder(gaz)
    print(f"recognizer build: {(time.perf_counter() - t) * 1000:.0f} ms")

    docs = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= args.n:
                break
            docs.append(json.loads(line)["text"] or "")
    t = time.perf_counter()
    norms = [normalize(x) for x in docs]
    t_norm = time.perf_counter() - t
    t = time.perf_counter()
    n_places = n_phr = n_loc = 0
    for raw, n in zip(docs, norms):
        ms = rec.find(n, raw)
        ctx = geo.context(ms)
        for m in ms:
            if m.kind is MentionKind.PLACE_PHRASE:
                n_phr += 1
            else:
                n_places += 1
            if geo.locate([m], ctx) is not None:
                n_loc += 1
    t_geo = time.perf_counter() - t
    n = len(docs)
    print(f"articles: {n}; normalise: {t_norm / n * 1000:.2f} ms/article; "
          f"places+geocoding: {t_geo / n * 1000:.2f} ms/article ({n / t_geo:.0f} articles/s)")
    print(f"PLACE mentions {n_places}, PLACE_PHRASE {n_phr}, located {n_loc}")


if __name__ == "__main__":
    main()
