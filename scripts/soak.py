"""Soak test of `marsad run` (not in CI): the corpus stored under kill -9 and Ctrl-C at
random points and two runs at once, then checked against a clean run's store.

Usage: python scripts/soak.py [CORPUS] [--limit N] [--cycles K] [--workers W] [--seed S] [--keep DIR]

1. The first N articles of the corpus (default ../shared/corpus/ant-2018/ant-2018.jsonl.gz)
   are stored by one uninterrupted `marsad run` (the reference).
2. Into a second store, K runs of the same command are each stopped at a random moment,
   by SIGKILL (kill -9) or by SIGINT sent to the whole process group (a terminal's
   Ctrl-C): a Ctrl-C'd run must exit 130 with one line and no traceback.
3. Two runs are started at once on the same store (both with --wait): both must exit 0.
4. A last run completes the store, which must then hold exactly the reference's
   documents and events (every field but the update timestamp), with no run left
   marked running.

Prints one line per step and a last line: "soak: OK ..." (exit 0) or "soak: FAILED ..." (exit 1).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARSAD = str(Path(sys.executable).with_name("marsad"))


def _subset(corpus: Path, limit: int, out: Path) -> int:
    n = 0
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rb") as src, open(out, "wb") as dst:
        for line in src:
            if n >= limit:
                break
            if line.strip():
                dst.write(line)
                n += 1
    return n


def _cmd(inputs: Path, url: str, workers: int, *more: str) -> list[str]:
    return [MARSAD, "run", str(inputs), "--db", url, "--batch-size", "50", "--workers", str(workers), "-q", *more]


def _state(url: str) -> tuple[list[dict], list[tuple[str, str]], list[str]]:
    from sqlalchemy import select

    from marsad.store import Store
    from marsad.store import schema as S

    with Store(url, create=False) as store:
        events = []
        for e in store.iter_events():
            row = e.to_json()
            row.pop("timestamp")
            events.append(row)
        with store.engine.connect() as conn:
            d = S.documents.c
            docs = sorted(tuple(r) for r in conn.execute(select(d.doc_id, d.sha256).where(d.current.is_(True))))
            runs = conn.execute(select(S.runs.c.status).order_by(S.runs.c.id)).scalars().all()
    return events, docs, runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/corpus/ant-2018/ant-2018.jsonl.gz"))
    ap.add_argument("--limit", type=int, default=2000, help="articles (default 2000; the whole corpus: 0)")
    ap.add_argument("--cycles", type=int, default=8, help="interrupted runs (default 8)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", default=None, help="keep the stores in this folder")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.is_file():
        print(f"soak: no corpus at {corpus} (../shared is needed, or give CORPUS)", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)  # nosec B311  # chooses when to interrupt, not a secret
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="marsad-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    inputs = work / "input.jsonl"
    n = _subset(corpus, args.limit or 10**9, inputs)
    ref_url, url = f"sqlite:///{work / 'reference.db'}", f"sqlite:///{work / 'soak.db'}"
    for f in ("reference.db", "soak.db"):
        (work / f).unlink(missing_ok=True)
    failures: list[str] = []
    print(f"soak: {n:,} articles, seed {seed}, stores in {work}", flush=True)

    t = time.monotonic()
    ref = subprocess.run(_cmd(inputs, ref_url, args.workers), capture_output=True, text=True)
    clean_seconds = time.monotonic() - t
    if ref.returncode != 0:
        print(f"soak: FAILED: the reference run exited {ref.returncode}: {ref.stderr[-2000:]}")
        return 1
    print(f"reference run: {clean_seconds:.1f} s", flush=True)

    kills = ints = 0
    for cycle in range(args.cycles):
        how = ("kill", "int")[(cycle + rng.randrange(2)) % 2] if cycle > 1 else ("kill", "int")[cycle]
        delay = rng.uniform(0.3, max(0.5, clean_seconds * 0.5))
        proc = subprocess.Popen(_cmd(inputs, url, args.workers), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL if how == "kill" else signal.SIGINT)
            sent = time.monotonic()
        else:
            sent = None
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            _, err = proc.communicate()
            failures.append(f"cycle {cycle}: the run did not stop within 60 s of SIG{how.upper()}")
            continue
        took = time.monotonic() - sent if sent else 0.0
        if sent is None:
            what = f"finished before the signal (exit {proc.returncode})"
            if proc.returncode != 0:
                failures.append(f"cycle {cycle}: an uninterrupted run exited {proc.returncode}: {err[-500:]}")
        elif how == "kill":
            kills += 1
            what = f"kill -9 after {delay:.1f} s (exit {proc.returncode})"
            if proc.returncode not in (-signal.SIGKILL, 0):
                failures.append(f"cycle {cycle}: kill -9 gave exit {proc.returncode}")
        else:
            ints += 1
            lines = [ln for ln in err.splitlines() if ln.strip()]
            what = f"Ctrl-C after {delay:.1f} s: exit {proc.returncode} in {took:.1f} s"
            if proc.returncode == 130:
                if len(lines) != 1 or "Traceback" in err:
                    failures.append(f"cycle {cycle}: Ctrl-C printed {len(lines)} lines: {err[-800:]}")
                if took > 3.0:
                    failures.append(f"cycle {cycle}: Ctrl-C took {took:.1f} s to stop the run")
            elif proc.returncode != 0:  # 0: it had just finished
                failures.append(f"cycle {cycle}: Ctrl-C gave exit {proc.returncode}: {err[-800:]}")
        print(f"cycle {cycle + 1}/{args.cycles}: {what}", flush=True)

    # two runs at once on the same store: the second waits for the first
    a = subprocess.Popen(_cmd(inputs, url, args.workers, "--wait"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    b = subprocess.Popen(_cmd(inputs, url, args.workers, "--wait"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    out_a, err_a = a.communicate(timeout=3600)
    out_b, err_b = b.communicate(timeout=3600)
    waited = "waiting for" in err_a + err_b
    print(f"two runs at once: exits {a.returncode} and {b.returncode}"
          f"{', one waited for the other' if waited else ''}", flush=True)
    for name, p, err in (("first", a, err_a), ("second", b, err_b)):
        if p.returncode != 0:
            failures.append(f"{name} concurrent run exited {p.returncode}: {err[-800:]}")

    last = subprocess.run(_cmd(inputs, url, args.workers), capture_output=True, text=True)
    if last.returncode != 0:
        failures.append(f"the last run exited {last.returncode}: {last.stderr[-800:]}")
    ref_events, ref_docs, _ = _state(ref_url)
    events, docs, runs = _state(url)
    if docs != ref_docs:
        failures.append(f"documents differ: {len(docs):,} stored, the reference has {len(ref_docs):,}")
    if events != ref_events:
        failures.append(f"events differ: {len(events):,} stored, the reference has {len(ref_events):,}")
    if "running" in runs:
        failures.append(f"runs left marked running: {runs}")
    summary = (f"{n:,} articles, {kills} kill -9 and {ints} Ctrl-C at random points, two runs at once, "
               f"{len(runs)} runs ({runs.count('interrupted')} recorded interrupted); "
               f"{len(events):,} events and {len(docs):,} documents")
    if failures:
        print("soak: FAILED: " + summary)
        for f in failures:
            print("  " + f)
        return 1
    print(f"soak: OK: {summary}, the same as the clean run's (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
