"""The version: one release number, a CHANGELOG entry for it, a build digest."""

from __future__ import annotations

import re

from marsad import __version__
from marsad.versions import build_version, code_digest
from tests.conftest import ROOT


def test_the_release_has_a_changelog_entry():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## (\S+)", changelog, flags=re.M)
    if releases and releases[0] == "Unreleased":  # changes merged since the release, above it
        releases = releases[1:]
    assert releases and releases[0] == __version__, f"CHANGELOG.md's newest entry is {releases[:1]}, marsad is {__version__}"


def test_the_version_is_pep_440_with_a_local_digest():
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{10}", build_version())
    assert build_version().endswith(code_digest())


def test_pyproject_takes_the_version_from_the_package():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and 'version = {attr = "marsad.__version__"}' in pyproject
