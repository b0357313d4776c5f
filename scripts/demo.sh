#!/usr/bin/env bash
# Set up marsad in .venv and run the main job: extract the events of the reference
# article (../shared/corpus/seed/alaraby-isis-tactics.txt when present, otherwise
# examples/example-article.txt). The gazetteer ships with marsad: nothing else to
# install. On a terminal the events print as a table; piped, as JSON lines.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e . >/dev/null
SHARED=../shared
if [ -f "$SHARED/corpus/seed/alaraby-isis-tactics.txt" ]; then
  ARTICLE="$SHARED/corpus/seed/alaraby-isis-tactics.txt"; PUBLISHED=2022-06-06
else
  ARTICLE=examples/example-article.txt; PUBLISHED=2019-05-15
fi
echo "== marsad extract $ARTICLE --published $PUBLISHED" >&2
.venv/bin/marsad extract "$ARTICLE" --published "$PUBLISHED" "$@"
