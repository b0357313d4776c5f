"""The reference article (../shared): its relative dates resolve as the gold says."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import SEED
from marsad.dates import find_dates, resolve
from marsad.normalize import normalize

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared not present: the seed article is needed")


def test_seed_article_dates():
    raw = SEED.read_text(encoding="utf-8")
    norm = normalize(raw)
    found = {}
    for d in find_dates(norm, raw):
        assert raw[d.span.start : d.span.end] == d.text
        found.setdefault(" ".join(normalize(d.text).text.split()), resolve(d, date(2022, 6, 6)))
    assert found["قبل يومين"].date == date(2022, 6, 4)
    assert found["يوم الخميس الماضي"].date == date(2022, 6, 2)
    assert found["عام 2020"].background
