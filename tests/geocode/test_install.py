from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.errors import DataInstallError, DataNotInstalledError
from marsad.geocode import _data
from marsad.geocode.gazetteer import load_gazetteer
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
    assert r.exit_code == 1 and "no gazetteer installed" in r.output and "marsad data install" in r.output
    r = runner.invoke(app, ["data", "install", "--from", str(FIXTURE)])
    assert r.exit_code == 0, r.output
    assert "installed gazetteer 1+" in r.output
    assert f"community {N_COMM}," in r.output and "admin1 7" in r.output
    assert "OCHA" in r.output and "GeoNames" in r.output  # attribution printed
    man = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert man["counts"]["community"] == N_COMM and man["version"].startswith("1+")
    assert {s["id"] for s in man["sources"]} >= {"ocha-communities", "geonames-mena"}
    assert all(len(s["sha256"]) == 64 for s in man["sources"])
    r = runner.invoke(app, ["data", "status"])
    assert r.exit_code == 0 and man["version"] in r.output and f"community {N_COMM}," in r.output
    r = runner.invoke(app, ["data", "path"])
    assert r.output.strip() == str(tmp_path / "d")


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
    assert not (tmp_path / "gazetteer.pkl").exists()


def test_no_url_and_no_local_copy_says_where_to_get_it(tmp_path):
    with pytest.raises(DataInstallError, match="Download it from https://data.humdata.org"):
        install_gazetteer(None, tmp_path)


def test_fallback_without_installed_data(tmp_path):
    with pytest.raises(DataNotInstalledError, match="marsad data install"):
        load_gazetteer(tmp_path, fallback=False)
    gaz = load_gazetteer(tmp_path)
    assert gaz.coarse and "marsad data install" in gaz.warning
    assert any(p.country_iso3 == "SYR" and p.kind == "town" for p in gaz.lookup("حلب"))
    assert gaz.lookup("سوريا")[0].id == "country:SYR"


def test_an_unusable_installed_gazetteer_says_why_and_how_to_fix_it(tmp_path):
    import pickle

    from marsad.geocode.gazetteer import GAZETTEER_FILE, _load_cached

    install_gazetteer(FIXTURE, tmp_path)
    path = tmp_path / GAZETTEER_FILE
    path.write_bytes(b"not a pickle")
    _load_cached.cache_clear()  # the loader remembers a file by its modification time
    with pytest.raises(DataNotInstalledError) as err:
        load_gazetteer(tmp_path)
    msg = str(err.value)
    assert f"gazetteer at {path} cannot be used: the file is unreadable (" in msg
    assert msg.endswith("; reinstall it: run `marsad data install` (or `marsad data install --from DIR` for a local copy)")

    path.write_bytes(pickle.dumps({"format": -1}))
    _load_cached.cache_clear()  # the loader remembers a file by its modification time
    with pytest.raises(DataNotInstalledError, match=r"cannot be used: it is in format -1 and this marsad reads format"):
        load_gazetteer(tmp_path)
    _load_cached.cache_clear()  # the loader remembers a file by its modification time
