#!/usr/bin/env python
"""Benchmark `marsad run` on a corpus and measure de-duplication.

Runs ``marsad run INPUT --workers N --db URL`` in a subprocess (a fresh SQLite file
unless --db is given and --keep is set), times it, then prints: wall time, documents
stored, events before de-duplication (active reports), events after (active
canonical events), reports per event, and the de-dup F1 on the gold clusters.

Example:
    .venv/bin/python scripts/bench_run.py ../shared/corpus/ant-2018/ant-2018.jsonl.gz \\
        --workers 2 --db sqlite:////tmp/marsad-ant.db --gold ../shared/gold/dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--db", default="sqlite:////tmp/marsad-bench.db")
    ap.add_argument("--keep", action="store_true", help="do not delete an existing SQLite file first")
    ap.add_argument("--gold", default=None, help="gold .jsonl with cluster keys (for the de-dup F1)")
    args = ap.parse_args(argv)

    from marsad.store import Store

    if args.db.startswith("sqlite:///") and not args.keep:
        path = Path(args.db[len("sqlite:///"):])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)

    marsad = str(Path(sys.executable).with_name("marsad"))
    cmd = [marsad, "run", *args.inputs, "--workers", str(args.workers), "--batch-size", str(args.batch_size),
           "--db", args.db, "-q"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    sys.stderr.write(proc.stderr[-3000:])
    result: dict = {"command": " ".join(cmd), "exit_code": proc.returncode, "wall_seconds": round(wall, 1),
                    "output": proc.stdout.strip().splitlines()}
    with Store(args.db, create=False) as store:
        counts = store.counts()
    result["store"] = counts
    result["events_before_dedup"] = counts["reports"]
    result["events_after_dedup"] = counts["events"]
    if counts["events"]:
        result["reports_per_event"] = round(counts["reports"] / counts["events"], 3)
    if args.gold:
        from marsad.dedup import evaluate_clusters

        result["dedup_gold"] = evaluate_clusters(args.gold)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return proc.returncode


if __name__ == "__main__":
    raise SystemExit(main())
