"""The data shipped inside the package is what scripts/build_data.py builds from the
open sources, and follows the curated files it was built from."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from marsad.geocode import _data
from marsad.geocode.gazetteer import GAZETTEER_FILE, MANIFEST_FILE, shipped_gazetteer
from marsad.geocode.install import curated_inputs, shipped_manifest
from tests.conftest import GAZETTEER_SRC, ROOT

SHIPPED = ROOT / "src" / "marsad" / "data" / "gazetteer"
REBUILD = "run `.venv/bin/python scripts/build_data.py` (it needs ../shared) and commit the result"


def _script():
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "scripts" / "build_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_gazetteer_loads_and_is_the_one_its_manifest_describes():
    gaz = shipped_gazetteer()
    man = shipped_manifest()
    assert gaz is not None and man is not None
    assert gaz.version == man["version"] and gaz.attribution() == man["attribution"]
    counts = gaz.counts()
    counts["names"] = sum(1 for _ in gaz.keys())
    assert counts == man["counts"]
    assert man["built_at"] is None and all("location" not in s for s in man["sources"])  # nothing of the machine


def test_the_shipped_gazetteer_was_built_from_the_pinned_sources():
    pins = {e.id: e.sha256 for e in _data.sources()}
    shipped = {s["id"]: s["sha256"] for s in shipped_manifest()["sources"]}
    assert shipped == {k: v for k, v in pins.items() if k in shipped}, f"sources.yaml moved a pin: {REBUILD}"
    required = {e.id for e in _data.sources() if e.required}
    assert required <= set(shipped)


def test_the_shipped_gazetteer_follows_the_curated_files():
    """A change to aliases.yaml, countries.yaml or sources.yaml must be built into the
    shipped gazetteer, or a user without installed data gets other results."""
    stale = {k for k, v in curated_inputs().items() if shipped_manifest()["curated"].get(k) != v}
    assert not stale, f"the shipped gazetteer was built from other versions of {sorted(stale)}: {REBUILD}"


@pytest.mark.corpus
@pytest.mark.skipif(not GAZETTEER_SRC.exists(), reason="../shared/gazetteer not present: cannot rebuild the shipped gazetteer")
def test_the_shipped_gazetteer_is_what_the_script_builds(tmp_path):
    script = _script()
    script.build_gazetteer(GAZETTEER_SRC.parent, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [GAZETTEER_FILE, MANIFEST_FILE]
    diffs = script.differences(tmp_path, SHIPPED)
    assert not diffs, "\n".join(diffs) + f"\n{REBUILD}"


@pytest.mark.corpus
@pytest.mark.skipif(not GAZETTEER_SRC.exists(), reason="../shared/gazetteer not present: cannot rebuild the shipped gazetteer")
def test_the_script_refuses_a_source_whose_checksum_moved(tmp_path):
    from marsad.errors import DataInstallError

    shared = _shared_with_one_byte_more(tmp_path, "opensyria-admin/districts.json")
    with pytest.raises(DataInstallError, match="opensyria-districts: sha256 .* differs from the pinned 80a7854c"):
        _script().build_gazetteer(shared, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def _shared_with_one_byte_more(tmp_path, relative: str) -> Path:
    """A copy of ../shared/gazetteer in ``tmp_path/shared`` whose file ``relative`` has
    one byte more than the pinned one."""
    import shutil

    shared = tmp_path / "shared"
    shutil.copytree(GAZETTEER_SRC, shared / "gazetteer")
    with (shared / "gazetteer" / relative).open("a", encoding="utf-8") as fh:
        fh.write("\n")
    return shared


def test_the_shipped_manifest_is_plain_json():
    doc = json.loads((SHIPPED / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert doc["format"] == 2 and doc["version"].startswith("2+")
    assert Path(SHIPPED / GAZETTEER_FILE).stat().st_size < 6_000_000  # the wheel stays far under 25 MB


BOUNDARIES = ROOT / "src" / "marsad" / "data" / "boundaries"


@pytest.fixture
def layer_sources():
    """Skips, saying why, when a source of the map layers or shapely is missing."""
    if not (GAZETTEER_SRC / "ocha-syria-2015" / "admin1.geojson").is_file():
        pytest.skip("../shared/gazetteer not present: cannot rebuild the Syrian map layers")
    if not (ROOT / "node_modules" / "world-atlas" / "countries-50m.json").is_file():
        pytest.skip("node_modules/world-atlas not installed: `npm ci` (scripts/test.sh runs it when npm is there)")
    if importlib.util.find_spec("shapely") is None:
        pytest.skip("shapely not installed: pip install -e '.[dev]'")


@pytest.mark.corpus
def test_the_shipped_map_layers_are_what_the_script_builds(tmp_path, layer_sources):
    script = _script()
    script.build_boundaries(GAZETTEER_SRC.parent, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in BOUNDARIES.glob("*.geojson"))
    diffs = script.differences(tmp_path, BOUNDARIES)
    assert not diffs, "\n".join(diffs) + f"\n{REBUILD}"


@pytest.mark.corpus
def test_the_map_layer_build_refuses_a_source_whose_checksum_moved(tmp_path, layer_sources):
    script = _script()
    shared = _shared_with_one_byte_more(tmp_path, "ocha-syria-2015/admin2.geojson")
    with pytest.raises(script.BuildError, match="syria-admin2: sha256 .* differs from the pinned e3a4c2c2"):
        script.build_boundaries(shared, tmp_path / "out")
