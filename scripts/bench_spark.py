#!/usr/bin/env python3
"""Benchmark: the Spark engine against the local engine on the same corpus.

Runs, each in a fresh subprocess and a fresh output,

    marsad run CORPUS --engine spark --master local[2] --output WORK/spark
    marsad run CORPUS --workers 2 --db sqlite:///WORK/local.db

and reports the wall time and the peak memory of each (the resident memory of the
whole process tree, sampled every 0.2 s: the JVM, the Python driver and its Python
workers), then whether the two event sets are identical field by field (ids included;
the ``timestamp``, the time of writing, aside).

    python scripts/bench_spark.py [CORPUS] [--master local[2]] [--workers 2] [--work DIR]

CORPUS defaults to ../shared/corpus/ant-2018/ant-2018.jsonl.gz. Linux only (reads /proc).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "ant-2018" / "ant-2018.jsonl.gz"


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        tree.setdefault(ppid, []).append(int(d))
    return tree


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root: int) -> int:
    tree = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total


def timed(cmd: list[str], env: dict[str, str]) -> dict:
    """Run ``cmd``; its wall time, peak tree memory, exit code and last output lines."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        "peak_mib": round(peak[0] / 1024),
        "exit": proc.returncode,
        "tail": [line for line in out.splitlines() if line.strip()][-4:],
    }


def compare(spark_dir: Path, db: str) -> dict:
    from marsad.scale import read_events
    from marsad.store import Store

    def key(e) -> dict:
        d = e.to_json()
        d.pop("timestamp")
        return d

    spark = {e.event_id_cnty: key(e) for e in read_events(str(spark_dir))}
    with Store(db) as store:
        local = {e.event_id_cnty: key(e) for e in store.iter_events()}
    differ = sorted(k for k in spark.keys() & local.keys() if spark[k] != local[k])
    out = {
        "events_spark": len(spark),
        "events_local": len(local),
        "only_spark": sorted(spark.keys() - local.keys())[:10],
        "only_local": sorted(local.keys() - spark.keys())[:10],
        "differ": differ[:10],
        "identical": spark == local,
    }
    if differ:
        a, b = local[differ[0]], spark[differ[0]]
        out["first_difference"] = {f: [a.get(f), b.get(f)] for f in a if a.get(f) != b.get(f)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(CORPUS))
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--work", default=None, help="a directory for the outputs (default: a temporary one)")
    args = ap.parse_args()
    if not Path(args.corpus).exists():
        print(f"no corpus at {args.corpus}: give its path (../shared is needed)", file=sys.stderr)
        return 2
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    for p in (work / "spark", work / "local.db"):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    work.mkdir(parents=True, exist_ok=True)
    beside = Path(sys.executable).parent / "marsad"  # the marsad of this interpreter's environment
    marsad = [str(beside)] if beside.exists() else [shutil.which("marsad") or "marsad"]
    env = dict(os.environ)
    db = f"sqlite:///{work / 'local.db'}"
    print(f"corpus {args.corpus}\nwork {work}", flush=True)
    spark = timed(marsad + ["run", args.corpus, "--engine", "spark", "--master", args.master,
                            "--output", str(work / "spark"), "-q"], env)
    print(f"spark ({args.master}): {spark['seconds']} s, peak {spark['peak_mib']} MiB, exit {spark['exit']}",
          *spark["tail"], sep="\n  ", flush=True)
    local = timed(marsad + ["run", args.corpus, "--workers", str(args.workers), "--db", db, "-q"], env)
    print(f"local ({args.workers} workers): {local['seconds']} s, peak {local['peak_mib']} MiB, exit {local['exit']}",
          *local["tail"], sep="\n  ", flush=True)
    # 1 is "some inputs failed" (the corpus holds a blank article): both engines must agree
    if spark["exit"] != local["exit"] or spark["exit"] not in (0, 1):
        print("a run failed, or the two engines ended differently: no comparison")
        return 1
    result = compare(work / "spark", db)
    for k, v in result.items():
        print(f"{k}: {v}")
    print("IDENTICAL" if result["identical"] else "DIFFERENT")
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
