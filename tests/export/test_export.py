"""Exports read back: pandas for CSV and Parquet, a GeoJSON schema check, JSON lines."""

from __future__ import annotations

import json
from datetime import date

import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from marsad.errors import ConfigError
from marsad.export import FORMATS, export_events, parquet_schema
from marsad.model import ACLED_COLUMNS, OUTPUT_COLUMNS, Event, FieldEvidence, Span
from marsad.versions import build_version

ATTRIBUTION = ["OCHA Syria P-codes (CC BY 3.0 IGO)", "GeoNames (CC BY 4.0)"]

# RFC 7946, the parts this export uses: a FeatureCollection of Point features.
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def events() -> list[Event]:
    text = "قُتل 11 مدنياً، السبت، بضربة جوية تركية على أحياء عفرين"
    return [
        Event(
            doc_id="AL-1", event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
            evidence=text, evidence_span=Span(0, len(text)), event_id_cnty="SYR1",
            event_date=date(2018, 3, 17), time_precision=1, disorder_type="Political violence",
            actor1="Military Forces of Turkey", actor2="Civilians (Syria)", inter1=8, inter2=7, interaction=78,
            civilian_targeting="Civilian targeting", iso=760, region="Middle East", country="Syria",
            admin1="Aleppo", admin2="Afrin", admin3="Afrin", location="Afrin", latitude=36.5133,
            longitude=36.8637, geo_precision=1, source="alarabiya; bbc", fatalities=11,
            notes='On 17 March 2018, a Turkish air strike, "Afrin", killed 11 civilians.\nSecond line.',
            timestamp=1700000000, pcode="C1366", sources=("AL-1", "BB-2"),
            provenance={"fatalities": FieldEvidence((Span(5, 7),), "number-before-noun", 0.9)},
        ),
        Event(
            doc_id="FR-3", event_type="Strategic developments", sub_event_type="Agreement",
            evidence="اتفاق", evidence_span=Span(3, 8), event_id_cnty="SYR2", event_date=None,
            country="Syria", fatalities=0, sources=("FR-3",),
        ),
    ]


def test_acled_csv_reads_back_unchanged_with_pandas(tmp_path):
    out = tmp_path / "events.csv"
    rep = export_events(events(), "acled-csv", out, attribution_lines=ATTRIBUTION)
    assert rep.written == 2
    df = pd.read_csv(out)
    assert list(df.columns) == list(OUTPUT_COLUMNS)
    assert list(df.columns[: len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    first = df.iloc[0]
    assert first["event_id_cnty"] == "SYR1" and first["event_date"] == "2018-03-17" and first["year"] == 2018
    assert first["fatalities"] == 11 and first["latitude"] == pytest.approx(36.5133)
    assert first["notes"] == events()[0].notes  # quotes, commas and newlines survive
    assert first["evidence"] == events()[0].evidence
    assert pd.isna(df.iloc[1]["latitude"]) and pd.isna(df.iloc[1]["event_date"])
    meta = json.loads((tmp_path / "events.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["attribution"] == ATTRIBUTION and meta["rows"] == 2 and rep.sidecar.endswith(".meta.json")
    assert meta["marsad_version"] == build_version() and meta["columns"] == list(OUTPUT_COLUMNS)


def test_parquet_has_an_explicit_schema_and_the_attribution(tmp_path):
    out = tmp_path / "events.parquet"
    export_events(events(), "parquet", out, attribution_lines=ATTRIBUTION)
    table = pq.read_table(out)
    schema = table.schema
    assert schema.field("event_date").type == pa.date32()
    assert schema.field("fatalities").type == pa.int32()
    assert schema.field("timestamp").type == pa.int64()
    assert schema.field("latitude").type == pa.float64()
    assert schema.field("event_id_cnty").type == pa.string()
    assert schema.names[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert json.loads(schema.metadata[b"attribution"]) == ATTRIBUTION
    assert schema.metadata[b"marsad_version"].decode() == build_version()
    assert set(json.loads(schema.metadata[b"gazetteer"])) == {"version", "origin"}
    assert schema.equals(parquet_schema(ATTRIBUTION), check_metadata=False)
    df = pd.read_parquet(out)
    assert df.loc[0, "event_date"] == date(2018, 3, 17)
    assert df.loc[0, "inter1"] == 8 and pd.isna(df.loc[1, "inter1"])
    assert list(df.loc[0, "sources"]) == ["AL-1", "BB-2"]


def test_geojson_is_a_valid_feature_collection_in_lon_lat_order(tmp_path):
    out = tmp_path / "events.geojson"
    rep = export_events(events(), "geojson", out, attribution_lines=ATTRIBUTION)
    fc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(fc, GEOJSON_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert rep.written == 1 and rep.skipped_without_coordinates == 1
    assert fc["marsad"]["skipped_without_coordinates"] == 1
    assert fc["attribution"] == ATTRIBUTION
    (feature,) = fc["features"]
    assert feature["geometry"]["coordinates"] == [36.8637, 36.5133]  # lon, lat
    assert feature["properties"]["event_id_cnty"] == "SYR1"
    assert set(OUTPUT_COLUMNS) <= set(feature["properties"])
    # an invalid collection is caught by the check (it can fail)
    fc["features"][0]["geometry"]["coordinates"] = [200, 36.5]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(fc, GEOJSON_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_jsonl_carries_provenance_and_every_source(tmp_path):
    out = tmp_path / "events.jsonl"
    rep = export_events(events(), "jsonl", out, attribution_lines=ATTRIBUTION, extra={"extracted_by": []})
    meta = json.loads((tmp_path / "events.jsonl.meta.json").read_text(encoding="utf-8"))
    assert rep.sidecar == f"{out}.meta.json" and meta["format"] == "jsonl" and meta["rows"] == 2
    assert meta["attribution"] == ATTRIBUTION and meta["extracted_by"] == [] and "columns" not in meta
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 2
    assert lines[0]["sources"] == ["AL-1", "BB-2"]
    assert lines[0]["provenance"]["fatalities"]["spans"] == [[5, 7]]
    assert lines[0]["evidence_span"] == [0, len(lines[0]["evidence"])]


def test_stdout_and_bad_formats(capsys):
    export_events(events()[:1], "jsonl", "-", attribution_lines=[])
    assert json.loads(capsys.readouterr().out)["event_id_cnty"] == "SYR1"
    with pytest.raises(ConfigError, match="acled-csv"):
        export_events([], "xlsx", "-")
    assert FORMATS == ("acled-csv", "jsonl", "geojson", "parquet")


def test_empty_exports_are_still_readable(tmp_path):
    export_events([], "acled-csv", tmp_path / "e.csv", attribution_lines=[])
    assert list(pd.read_csv(tmp_path / "e.csv").columns) == list(OUTPUT_COLUMNS)
    export_events([], "parquet", tmp_path / "e.parquet", attribution_lines=[])
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
    export_events([], "geojson", tmp_path / "e.geojson", attribution_lines=[])
    jsonschema.validate(json.loads((tmp_path / "e.geojson").read_text()), GEOJSON_SCHEMA)
