"""Administrative polygons shipped with marsad, for an offline map base layer.

Three GeoJSON FeatureCollections (RFC 7946: longitude first, exterior rings
counter-clockwise), simplified so that neighbours still share their borders, built by
``scripts/build_data.py`` from the sources in ``data/boundaries/sources.yaml``:

- ``syria-admin1``: the 14 governorates (``pcode``, ``name_en``, ``name_ar``), OCHA;
- ``syria-admin2``: the districts (also ``admin1_pcode``, ``admin1_en``), OCHA;
- ``world-countries``: the countries of the world (``iso_num``, ``iso3``, ``name_en``,
  ``name_ar`` where marsad's country table has it), Natural Earth 1:50m.

Each collection carries its ``title`` and ``attribution``. A web page can be sent
:func:`layer_bytes` as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import orjson

from marsad.errors import ConfigError

__all__ = ["LAYERS", "BoundaryLayer", "boundary_layers", "boundary_layer", "layer_bytes"]

LAYERS: tuple[str, ...] = ("syria-admin1", "syria-admin2", "world-countries")


@dataclass(frozen=True, slots=True)
class BoundaryLayer:
    name: str
    title: str
    attribution: tuple[str, ...]
    features: int
    size: int  # bytes of the GeoJSON file


def layer_bytes(name: str) -> bytes:
    """The GeoJSON text of layer ``name`` (one of :data:`LAYERS`)."""
    if name not in LAYERS:
        raise ConfigError(f"no map layer {name!r}: choose one of {', '.join(LAYERS)}")
    return resources.files("marsad").joinpath("data", "boundaries", f"{name}.geojson").read_bytes()


@lru_cache(maxsize=len(LAYERS))
def boundary_layer(name: str) -> dict:
    """Layer ``name`` as a GeoJSON FeatureCollection (parsed once)."""
    return orjson.loads(layer_bytes(name))


def boundary_layers() -> list[BoundaryLayer]:
    """What each shipped layer is, with its attribution."""
    out = []
    for name in LAYERS:
        raw = layer_bytes(name)
        doc = boundary_layer(name)
        out.append(BoundaryLayer(name, doc["title"], tuple(doc["attribution"]), len(doc["features"]), len(raw)))
    return out
