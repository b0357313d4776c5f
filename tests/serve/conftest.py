"""Fixtures for the web app and API tests (the data: serve_data.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from tests.store.conftest import db_url, pg_url, sqlite_url  # noqa: E402,F401  (fixtures)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(request, tmp_path_factory):
    """db_url for a whole module (a store that the module's tests only read)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('serve-ro') / 'marsad.db'}"
        return
    from tests.store.conftest import pg_schema_url

    yield from pg_schema_url()
