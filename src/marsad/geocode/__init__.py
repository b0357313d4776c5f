"""Gazetteer install and load, and geocoding of place mentions (ACLED precision)."""

from __future__ import annotations

from marsad.geocode.gazetteer import FALLBACK_WARNING, Gazetteer, Place, load_gazetteer, shipped_gazetteer
from marsad.geocode.install import InstallReport, install_gazetteer, uninstall_gazetteer

__all__ = [
    "FALLBACK_WARNING",
    "Gazetteer",
    "Place",
    "load_gazetteer",
    "shipped_gazetteer",
    "InstallReport",
    "install_gazetteer",
    "uninstall_gazetteer",
]
