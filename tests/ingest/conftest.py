"""Fixtures for the ingest tests."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from ingest_helpers import jsonl_bytes


@pytest.fixture
def write_jsonl(tmp_path: Path):
    def write(name: str, records, *, gz: bool = False) -> Path:
        path = tmp_path / name
        data = jsonl_bytes(records)
        path.write_bytes(gzip.compress(data) if gz else data)
        return path

    return write
