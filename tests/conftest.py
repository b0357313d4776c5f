"""Shared test fixtures: where ../shared is, and a gazetteer built from it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import gazetteer_fixture

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "alaraby-isis-tactics.txt"
CORPUS = SHARED / "corpus" / "ant-2018" / "ant-2018.jsonl.gz"
GOLD = SHARED / "gold" / "dev.jsonl"
GAZETTEER_SRC = SHARED / "gazetteer"

FIXTURE_GAZETTEER = gazetteer_fixture.directory()  # written at test time

needs_shared = pytest.mark.skipif(
    not (SEED.exists() and CORPUS.exists() and GOLD.exists() and GAZETTEER_SRC.exists()),
    reason="../shared not present: the corpus, gold and gazetteers are needed for this test",
)


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory) -> Path:
    """A gazetteer installed from ../shared/gazetteer into a temporary data directory."""
    if not GAZETTEER_SRC.exists():
        pytest.skip("../shared not present: no gazetteer to install")
    from marsad.geocode.install import install_gazetteer

    target = tmp_path_factory.mktemp("marsad-data")
    install_gazetteer(GAZETTEER_SRC, target)
    return target


@pytest.fixture(scope="session")
def shared_pipeline(shared_data_dir):
    """The standard pipeline over the gazetteer built from ../shared."""
    from marsad.pipeline import build_pipeline

    return build_pipeline(data_dir=str(shared_data_dir))


@pytest.fixture(scope="session", autouse=True)
def fixture_gazetteer(tmp_path_factory) -> Path:
    """Unit tests run on a tiny hand-written gazetteer (tests/gazetteer_fixture.py),
    installed once into a temporary data directory named by $MARSAD_DATA, so they do
    not depend on what is installed on the machine. Corpus tests use shared_data_dir."""
    import os

    from marsad.geocode.install import install_gazetteer

    target = tmp_path_factory.mktemp("marsad-fixture-data")
    install_gazetteer(FIXTURE_GAZETTEER, target)
    old = os.environ.get("MARSAD_DATA")
    os.environ["MARSAD_DATA"] = str(target)
    yield target
    if old is None:
        os.environ.pop("MARSAD_DATA", None)
    else:
        os.environ["MARSAD_DATA"] = old
