from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE_GAZETTEER

FIXTURE = FIXTURE_GAZETTEER
SHARED = Path(__file__).resolve().parents[3] / "shared"


@pytest.fixture(scope="session")
def fixture_gaz(tmp_path_factory):
    from marsad.geocode import install_gazetteer, load_gazetteer

    d = tmp_path_factory.mktemp("gaz-fixture")
    install_gazetteer(FIXTURE, d)
    return load_gazetteer(d, fallback=False)


@pytest.fixture(scope="session")
def shared_gaz(tmp_path_factory):
    if not (SHARED / "gazetteer" / "ocha-syria-2015" / "communities.tsv").is_file():
        pytest.skip(f"needs the shared development data at {SHARED} (absent)")
    from marsad.geocode import install_gazetteer, load_gazetteer

    d = tmp_path_factory.mktemp("gaz-shared")
    install_gazetteer(SHARED / "gazetteer", d)
    return load_gazetteer(d, fallback=False)
