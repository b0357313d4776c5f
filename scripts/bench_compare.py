"""Compare full-mode recognition speed of two commits, run alternately on this machine.

Usage: python scripts/bench_compare.py BASE [NEW] [--rounds 3] [--limit N] [CORPUS]

A machine's speed can drift over minutes (shared virtual machines do), so figures from
runs made at different times do not compare. This checks out BASE (and NEW, else the
working tree) into temporary git worktrees, builds each one's C modules (its
pyproject's ext-modules) in place, and runs the same measurement in a fresh process
for each, alternating BASE, NEW, BASE, NEW ... on one core. Each run loads the
resources and recognises every article three times (process CPU time): the first pass
starts with empty word caches, as a fresh process over a corpus does ("cold"); the
faster of the other two is the steady state of a long run ("warm"). The ratios of
each pair are printed, and their range.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared/corpus/ant-2018/ant-2018.jsonl.gz"

_MEASURE = """
import gc, sys, time
from marsad.ingest import IngestProblem, read_inputs
from marsad.pipeline import NORMALIZE, SEGMENT, Pipeline
from marsad.recognize import Resources, recognize

limit = int(sys.argv[2])
docs = []
for d in read_inputs([sys.argv[1]]):
    if isinstance(d, IngestProblem):
        continue
    docs.append(d)
    if limit and len(docs) >= limit:
        break
res = Resources.load()
segment = Pipeline([NORMALIZE, SEGMENT])
analyses = [segment.run(d) for d in docs]
times = []
for _ in range(3):
    gc.collect()  # not a full collection brought on by the corpus made just before
    t = time.process_time()
    for a in analyses:
        recognize(a, res)
    times.append(time.process_time() - t)
print(times[0] / len(analyses), min(times[1:]) / len(analyses))
"""


def _build_in_place(src: Path) -> None:
    """Build the worktree's C modules (its pyproject's ext-modules) next to its sources."""
    pyproject = src.parent / "pyproject.toml"
    exts = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("setuptools", {}).get(
        "ext-modules", []) if pyproject.exists() else []
    if not exts:
        return
    listed = ", ".join(f"Extension({e['name']!r}, {[str(src.parent / f) for f in e['sources']]!r})" for e in exts)
    code = (
        "from setuptools import Distribution, Extension\n"
        "from setuptools.command.build_ext import build_ext\n"
        f"dist = Distribution({{'ext_modules': [{listed}], 'package_dir': {{'': {str(src)!r}}}}})\n"
        "cmd = build_ext(dist); cmd.inplace = True; cmd.ensure_finalized(); cmd.run()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=src.parent, capture_output=True)


def _worktree(rev: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(where), rev], check=True)
    _build_in_place(where / "src")
    return where / "src"


def _run(src: Path, corpus: str, limit: int) -> tuple[float, float]:
    """(cold, warm) seconds per article."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("MARSAD_PURE_PYTHON", None)
    cmd = [sys.executable, "-c", _MEASURE, corpus, str(limit)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "1", *cmd]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    cold, warm = out.strip().splitlines()[-1].split()
    return float(cold), float(warm)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("new", nargs="?", help="a commit (default: the working tree)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="marsad-compare-"))
    trees = []
    try:
        base_src = _worktree(args.base, tmp / "base")
        trees.append(tmp / "base")
        if args.new:
            new_src = _worktree(args.new, tmp / "new")
            trees.append(tmp / "new")
        else:
            new_src = ROOT / "src"
        ratios: dict[str, list[float]] = {"cold": [], "warm": []}
        for k in range(args.rounds):
            base = _run(base_src, args.corpus, args.limit)
            new = _run(new_src, args.corpus, args.limit)
            for what, b, n in zip(ratios, base, new):
                ratios[what].append(b / n)
                print(f"round {k + 1} {what}: base {b * 1000:.3f} ms/article ({1 / b:,.0f}/s), "
                      f"new {n * 1000:.3f} ms/article ({1 / n:,.0f}/s), new is {b / n:.2f}x", flush=True)
        for what, rs in ratios.items():
            print(f"new against base, {what}: {min(rs):.2f}x to {max(rs):.2f}x over {len(rs)} rounds")
    finally:
        for tree in trees:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
