"""Corpus scale on Spark: ``marsad run --engine spark``, the same events as the local engine.

:func:`run_spark` reads the inputs as ``marsad run`` reads them, extracts on the
executors (``mapPartitions``, one pipeline per Python worker built from the package
data), de-duplicates as a Spark job (:mod:`marsad.scale.blocks`: blocks by event type and
month, the local engine's pair test inside a block, connected components, each
component replayed with the local engine's own de-duplicator, ids numbered as the store
numbers them) and writes a Parquet dataset partitioned by country and year-month
(:mod:`marsad.scale.output`) and, with ``--db``, the store (:mod:`marsad.scale.db`).
Needs the ``spark`` extra (``pip install 'marsad[spark]'``) and Java 17. See docs/scale.md.
"""

from __future__ import annotations

from marsad.scale.output import read_events
from marsad.scale.spark import SparkOptions, SparkReport, run_spark, spark_session

__all__ = ["SparkOptions", "SparkReport", "read_events", "run_spark", "spark_session"]
