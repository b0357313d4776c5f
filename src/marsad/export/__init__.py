"""Writing events: ACLED CSV, JSON lines, GeoJSON and Parquet.

Every export records which marsad wrote it (:func:`marsad.versions.build_version`),
the gazetteer in use (version, and whether it is the shipped or an installed one) and
the attribution of the data (:func:`marsad.versions.export_metadata`), plus what the
caller adds (``marsad export``: the versions that extracted the stored events).

- ``acled-csv``: ACLED's columns in ACLED's order (:data:`~marsad.model.ACLED_COLUMNS`),
  then marsad's (:data:`~marsad.model.EXTRA_COLUMNS`); UTF-8, comma separated, a
  header row, empty cells for missing values: ``pandas.read_csv`` reads it as is.
  A CSV has no room for metadata, so it goes in a sidecar ``FILE.meta.json`` (on
  standard output, the CLI prints the attribution on standard error). A text cell
  that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe (OWASP's rule against formula injection: a spreadsheet shows
  it as text instead of running it); ``safe_csv=False`` writes cells as they are.
- ``jsonl``: one :meth:`Event.to_json` object per line: the row plus the evidence
  span, every source doc id, actor ids and the provenance of every field; the
  metadata in a sidecar ``FILE.meta.json`` as for CSV.
- ``geojson``: an RFC 7946 FeatureCollection of points ``[longitude, latitude]``,
  properties = the row, the attribution in a top-level ``"attribution"`` member, the
  rest in a ``"marsad"`` member. Events without coordinates are skipped and counted.
- ``parquet``: an explicit pyarrow schema (dates ``date32``, small integers
  ``int32``, the timestamp ``int64``, coordinates and confidence ``float64``, all
  nullable); the metadata in the schema's (``marsad_version``, ``gazetteer``,
  ``attribution``, ...).

A file is written under a temporary name and renamed when complete
(:func:`marsad.export.files.atomic_output`): an error or an interruption never leaves
a truncated file; an unwritable path is an :class:`~marsad.errors.OutputError`.
"""

from __future__ import annotations

import csv
import io
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, Iterable

import orjson

from marsad.errors import ConfigError
from marsad.export.files import atomic_output, safe_cell
from marsad.model import ACLED_COLUMNS, OUTPUT_COLUMNS, Event
from marsad.versions import export_metadata

__all__ = [
    "FORMATS",
    "ExportReport",
    "attribution",
    "export_events",
    "parquet_schema",
    "parquet_table",
    "write_sidecar",
]

FORMATS: tuple[str, ...] = ("acled-csv", "jsonl", "geojson", "parquet")

_INT32 = ("year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities")
_INT64 = ("timestamp",)
_FLOAT = ("latitude", "longitude", "confidence")
_DATE = ("event_date",)


@dataclass(frozen=True, slots=True)
class ExportReport:
    format: str
    output: str  # a path, or "-" for standard output
    written: int
    skipped_without_coordinates: int
    attribution: tuple[str, ...]
    sidecar: str | None = None


def attribution() -> list[str]:
    """Attribution lines of the installed gazetteer's sources ([] when unavailable)."""
    try:
        from marsad.geocode import load_gazetteer
    except ImportError:
        return []
    try:
        return list(load_gazetteer().attribution())
    except Exception:  # no gazetteer installed, or an unreadable one: export anyway
        return []


def parquet_schema(attribution_lines: Iterable[str] = (), extra: dict | None = None):
    """The pyarrow schema of the Parquet export (OUTPUT_COLUMNS, typed), with the
    export's metadata (``extra``: more members)."""
    import pyarrow as pa

    fields = []
    for name in OUTPUT_COLUMNS:
        if name in _INT32:
            t = pa.int32()
        elif name in _INT64:
            t = pa.int64()
        elif name in _FLOAT:
            t = pa.float64()
        elif name in _DATE:
            t = pa.date32()
        else:
            t = pa.string()
        fields.append(pa.field(name, t, nullable=True))
    fields.append(pa.field("sources", pa.list_(pa.string()), nullable=True))
    about = {**export_metadata(list(attribution_lines)), **(extra or {})}
    meta = {k.encode(): (v.encode() if isinstance(v, str) else orjson.dumps(v)) for k, v in about.items()}
    meta[b"acled_columns"] = orjson.dumps(list(ACLED_COLUMNS))
    return pa.schema(fields, metadata=meta)


def write_sidecar(output: str | Path, fmt: str, rows: int, attribution_lines: Iterable[str],
                  extra: dict | None = None) -> str:
    """Write ``OUTPUT.meta.json``, the metadata of a file that has no room for it (CSV,
    JSON lines), and return its path."""
    sidecar = f"{output}.meta.json"
    doc = {"file": Path(output).name, "format": fmt, "rows": rows, **export_metadata(list(attribution_lines)),
           **(extra or {})}
    if fmt != "jsonl":
        doc["columns"] = list(OUTPUT_COLUMNS)
    with atomic_output(sidecar, "wb") as f:
        f.write(orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n")
    return sidecar


@contextmanager
def _open_text(output: str | IO):
    if not isinstance(output, str):  # a stream of the caller's (marsad serve's responses)
        yield output
        output.flush()
    elif output == "-":
        yield sys.stdout
        sys.stdout.flush()
    else:
        with atomic_output(output) as f:
            yield f


def _csv_value(v: Any, safe: bool = True) -> Any:
    if v is None:
        return ""
    return safe_cell(v) if safe else v


def export_events(
    events: Iterable[Event],
    fmt: str,
    output: str | Path | IO | None = None,
    *,
    attribution_lines: Iterable[str] | None = None,
    extra: dict | None = None,
    safe_csv: bool = True,
) -> ExportReport:
    """Write ``events`` in format ``fmt`` to ``output`` (a path; None or "-": stdout; or
    an object with ``write``, given ``str`` for the text formats and ``bytes`` for
    Parquet, which writes no sidecar); ``extra``: more members for the metadata;
    ``safe_csv``: neutralise formula-leading CSV cells (see the module docstring)."""
    if fmt not in FORMATS:
        raise ConfigError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    out: Any = output if hasattr(output, "write") else str(output) if output not in (None, "") else "-"
    attr = tuple(attribution() if attribution_lines is None else attribution_lines)
    if fmt == "parquet":
        return _parquet(events, out, attr, extra)
    written = skipped = 0
    sidecar = None
    with _open_text(out) as stream:
        if fmt == "acled-csv":
            w = csv.writer(stream, lineterminator="\n")
            w.writerow(OUTPUT_COLUMNS)
            for e in events:
                row = e.row()
                w.writerow([_csv_value(row[c], safe_csv) for c in OUTPUT_COLUMNS])
                written += 1
        elif fmt == "jsonl":
            for e in events:
                stream.write(orjson.dumps(e.to_json()).decode() + "\n")
                written += 1
        else:  # geojson, streamed feature by feature
            stream.write('{"type":"FeatureCollection","name":"marsad events",')
            stream.write('"attribution":' + orjson.dumps(list(attr)).decode() + ',"features":[')
            for e in events:
                if e.latitude is None or e.longitude is None:
                    skipped += 1
                    continue
                feature = {
                    "type": "Feature",
                    "id": e.event_id_cnty or None,
                    "geometry": {"type": "Point", "coordinates": [e.longitude, e.latitude]},
                    "properties": {**e.row(), "sources": list(e.sources)},
                }
                stream.write(("," if written else "") + orjson.dumps(feature).decode())
                written += 1
            about = {k: v for k, v in export_metadata(attr).items() if k != "attribution"}
            stream.write(
                '],"marsad":'
                + orjson.dumps({**about, **(extra or {}), "written": written,
                                "skipped_without_coordinates": skipped}).decode()
                + "}\n"
            )
    if fmt in ("acled-csv", "jsonl") and isinstance(out, str) and out != "-":
        sidecar = write_sidecar(out, fmt, written, attr, extra)
    return ExportReport(fmt, out if isinstance(out, str) else "<stream>", written, skipped, attr, sidecar)


def parquet_table(events: Iterable[Event], attribution_lines: Iterable[str] = (), extra: dict | None = None):
    """The events as a pyarrow Table of :func:`parquet_schema` (with its metadata)."""
    import pyarrow as pa

    schema = parquet_schema(attribution_lines, extra)
    columns: dict[str, list[Any]] = {name: [] for name in schema.names}
    for e in events:
        row = e.row()
        for name in OUTPUT_COLUMNS:
            v = row[name]
            if name in _DATE:
                v = e.event_date
            elif name in _INT32 or name in _INT64:
                v = None if v is None or v == "" else int(v)
            elif name in _FLOAT:
                v = None if v is None else float(v)
            elif v is not None and not isinstance(v, str):
                v = str(v)
            columns[name].append(v)
        columns["sources"].append(list(e.sources))
    return pa.table({n: pa.array(columns[n], type=schema.field(n).type) for n in schema.names}, schema=schema)


def _parquet(events: Iterable[Event], out: Any, attr: tuple[str, ...], extra: dict | None) -> ExportReport:
    import pyarrow.parquet as pq

    table = parquet_table(events, attr, extra)
    written = table.num_rows
    if not isinstance(out, str) or out == "-":
        buf = io.BytesIO()
        pq.write_table(table, buf)
        target = out if not isinstance(out, str) else sys.stdout.buffer
        target.write(buf.getvalue())
        target.flush()
        out = out if isinstance(out, str) else "<stream>"
    else:
        with atomic_output(out, "wb") as f:
            pq.write_table(table, f)
    return ExportReport("parquet", out, written, 0, attr)


def parse_date(value: str | None, option: str) -> date | None:
    """``YYYY-MM-DD`` for a CLI option, or a ConfigError that says so."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(f"{option} {value!r}: give a date as YYYY-MM-DD") from exc
