"""The map layers shipped with marsad: what they hold, that they are right where the
gazetteer says places are, and that they stay small."""

from __future__ import annotations

import pytest

from marsad.errors import ConfigError
from marsad.geocode import _data
from marsad.geocode.boundaries import LAYERS, boundary_layer, boundary_layers, layer_bytes
from marsad.geocode.gazetteer import shipped_gazetteer


def _rings(geometry):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for poly in polys:
        yield from ((i, ring) for i, ring in enumerate(poly))


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def test_the_layers_are_small_geojson_with_their_attribution():
    layers = boundary_layers()
    assert [layer.name for layer in layers] == list(LAYERS)
    assert sum(layer.size for layer in layers) <= 3_000_000
    for layer in layers:
        doc = boundary_layer(layer.name)
        assert doc["type"] == "FeatureCollection" and doc["name"] == layer.name and layer.features > 10
        assert layer.attribution and all("simplified" in a for a in layer.attribution)
        for f in doc["features"]:
            assert f["type"] == "Feature" and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
            for i, ring in _rings(f["geometry"]):
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(-180 <= x <= 180 and -85.0511 <= y <= 85.0511 for x, y in ring)
                # no ring jumps across the 180th meridian (it would draw a band round the
                # globe), but along the edge of the map (Antarctica's ring runs along it)
                assert all(abs(b[0] - a[0]) <= 180 or a[1] == b[1] == -85.051
                           for a, b in zip(ring, ring[1:])), f["properties"]
                # RFC 7946: exterior rings counter-clockwise, holes clockwise
                assert (_signed_area(ring) > 0) == (i == 0), (f["properties"], i)


def test_the_syrian_layers_carry_the_gazetteers_p_codes():
    gaz = shipped_gazetteer()
    admin1 = boundary_layer("syria-admin1")["features"]
    admin2 = boundary_layer("syria-admin2")["features"]
    gaz_admin1 = {p.pcode for p in gaz.places() if p.kind == "admin1"}
    assert {f["properties"]["pcode"] for f in admin1} == gaz_admin1 and len(admin1) == 14
    idleb = next(f["properties"] for f in admin1 if f["properties"]["pcode"] == "SY07")
    assert idleb == {"pcode": "SY07", "name_en": "Idleb", "name_ar": "إدلب"}
    assert len(admin2) >= 60
    for f in admin2:
        p = f["properties"]
        assert p["pcode"].startswith(p["admin1_pcode"]) and p["admin1_pcode"] in gaz_admin1 and p["name_ar"]


def test_the_world_layer_names_the_countries_of_marsads_table():
    props = [f["properties"] for f in boundary_layer("world-countries")["features"]]
    by_iso3 = {p["iso3"]: p for p in props if p["iso3"]}
    assert len(props) > 200
    mapped = [c for c in _data.countries() if c.iso3 in by_iso3]
    assert len(mapped) >= 200 and all(c.iso3 in by_iso3 for c in _data.countries()[:26])
    for c in mapped:
        assert by_iso3[c.iso3]["iso_num"] == c.iso_num and by_iso3[c.iso3]["name_ar"] == c.names_ar[0]
    assert by_iso3["SYR"]["name_en"] == "Syria" and by_iso3["FJI"]["name_ar"] == "فيجي"


def test_places_fall_in_their_polygons():
    """The OCHA communities lie in their own governorates: OCHA's own polygons leave 48
    of 5,251 border villages outside theirs (by up to 0.034 degrees), and the
    simplified ones (borders moved by at most a few hundred metres) no more; the
    capitals of marsad's country table lie in their countries."""
    shapely = pytest.importorskip("shapely", reason="shapely (the dev extra) checks the polygons")
    from shapely.geometry import Point, shape

    gov = {f["properties"]["pcode"]: shape(f["geometry"]) for f in boundary_layer("syria-admin1")["features"]}
    for g in gov.values():
        shapely.prepare(g)
    communities = [p for p in shipped_gazetteer().places() if p.kind == "community" and p.source == "ocha"]
    outside = [p for p in communities if not gov[p.admin1_pcode].contains(Point(p.lon, p.lat))]
    assert len(communities) > 5000 and len(outside) <= 50
    assert all(gov[p.admin1_pcode].distance(Point(p.lon, p.lat)) < 0.04 for p in outside)
    countries = {f["properties"]["iso3"]: shape(f["geometry"]) for f in boundary_layer("world-countries")["features"]}
    mapped = [c for c in _data.countries() if c.iso3 in countries]
    inside = [c.iso3 for c in mapped if countries[c.iso3].distance(Point(c.lon, c.lat)) < 0.05]
    far = [(c.iso3, c.capital) for c in mapped if c.iso3 not in inside]
    # every curated country is drawn; of the world's (Natural Earth 1:50m leaves out
    # the smallest territories) nearly all, their capitals in them
    assert all(c.iso3 in countries for c in _data.countries()[:26]) and len(mapped) >= 200
    assert len(far) <= 3, far


def test_an_unknown_layer_is_named_with_the_choices():
    with pytest.raises(ConfigError, match="no map layer 'syria-admin3': choose one of syria-admin1, syria-admin2"):
        layer_bytes("syria-admin3")
