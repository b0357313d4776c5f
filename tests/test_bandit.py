"""The security lint: ``bandit -r src`` finds nothing (every exception is justified in
place with ``# nosec BXXX  # why``). Runs with the suite, so CI runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bandit_finds_nothing_in_src():
    bandit = Path(sys.executable).with_name("bandit")
    assert bandit.exists(), "bandit is missing: pip install -e '.[dev]'"
    r = subprocess.run([str(bandit), "-r", str(ROOT / "src"), "-q", "-f", "json"], capture_output=True, text=True,
                       timeout=300)
    report = json.loads(r.stdout)
    found = [f"{x['filename']}:{x['line_number']}: {x['test_id']} {x['issue_text']}" for x in report["results"]]
    assert not found, "bandit:\n" + "\n".join(found)
    assert not report["errors"], report["errors"]
    assert r.returncode == 0
