#!/usr/bin/env bash
# Retrain the model shipped in the package (src/marsad/data/models/) from ../shared:
# the studied part of the gold articles and of the GSR sentences, with the options
# below, recording 5-fold cross-validation and the held-out scores in its manifest.
# Run it after any change to the rules or the features (a test checks the shipped
# model is what this builds).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA=${MARSAD_DATA_DIR:-$(mktemp -d)}
[ -f "$DATA/manifest.json" ] || .venv/bin/marsad data install --from "$SHARED/gazetteer" --data "$DATA" >&2
exec .venv/bin/marsad train \
  "$SHARED/gold/dev.jsonl" "$SHARED/gold/train.jsonl" \
  "$SHARED/external/arabic_event_gsr/assault_train.csv" "$SHARED/external/arabic_event_gsr/protest_train.csv" \
  --corpus "$SHARED/corpus/ant-2018/ant-2018.jsonl.gz" --corpus "$SHARED/corpus/seed/alaraby-isis-tactics.txt" \
  --split studied --folds 5 --C "${C:-1.0}" --gsr-weight "${GSR_WEIGHT:-0.5}" \
  --data "$DATA" --output src/marsad/data/models "$@"
