"""Rebuild the data shipped inside the marsad package from the open sources.

Usage: .venv/bin/python scripts/build_data.py [--shared ../shared] [--check] [--only gazetteer]

- ``src/marsad/data/gazetteer/``: the gazetteer (``gazetteer.json``, ``manifest.json``),
  built exactly as ``marsad data install --from ../shared/gazetteer`` builds it, from
  the sources of ``src/marsad/data/places/sources.yaml``; every file's sha256 must be
  the pinned one (a different file stops the build: review it, then move the pin).

The build is deterministic: the same sources give the same bytes, which the test
``tests/test_shipped_data.py`` checks (``--check`` does the same here: it builds into a
temporary folder and exits 1 when the shipped files differ).
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "marsad" / "data"
GAZETTEER_OUT = DATA / "gazetteer"
PARTS = ("gazetteer",)


def build_gazetteer(shared: Path, out: Path) -> list[str]:
    """Write the shipped gazetteer's two files into ``out``; returns the build's warnings."""
    from marsad.geocode.install import build_gazetteer as build, write_gazetteer

    built = build(shared / "gazetteer", strict=True)
    write_gazetteer(built, out, built_at=None, with_locations=False)
    return built.warnings


BUILDERS = {"gazetteer": (build_gazetteer, GAZETTEER_OUT)}


def differences(built: Path, shipped: Path) -> list[str]:
    """What differs between a fresh build and the shipped files (empty: nothing)."""
    out = []
    for f in sorted(built.iterdir()):
        old = shipped / f.name
        if not old.is_file():
            out.append(f"{f.name}: not shipped")
        elif not filecmp.cmp(f, old, shallow=False):
            diff = list(difflib.unified_diff(old.read_text(encoding="utf-8").splitlines(),
                                             f.read_text(encoding="utf-8").splitlines(),
                                             f"shipped/{f.name}", f"built/{f.name}", n=0, lineterm=""))
            out.append(f"{f.name}: differs ({len(diff)} diff lines)\n" + "\n".join(line[:200] for line in diff[:12]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared data folder")
    ap.add_argument("--check", action="store_true", help="build into a temporary folder and compare")
    ap.add_argument("--only", choices=PARTS, action="append", help="build only this part (may be repeated)")
    args = ap.parse_args()
    status = 0
    for part in args.only or PARTS:
        build, target = BUILDERS[part]
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                build(args.shared, Path(tmp))
                diffs = differences(Path(tmp), target)
            for d in diffs:
                print(f"{part}: {d}")
            print(f"{part}: {'differs from the build' if diffs else 'the shipped files are what the build gives'}")
            status |= bool(diffs)
        else:
            for w in build(args.shared, target):
                print(f"{part}: warning: {w}", file=sys.stderr)
            print(f"{part}: written to {target.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
