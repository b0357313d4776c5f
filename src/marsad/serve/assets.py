"""Where the web app's files are: its own (``static/``, in the package) and the
third-party ones installed from npm (package.json: Leaflet, its marker clusters, the
Noto Sans Arabic font), which are never copied into the repository.

The npm files are found, in this order, in the package's ``vendor/`` folder (a wheel
built where ``npm ci`` ran carries them: see setup.py), in ``$MARSAD_NODE_MODULES``,
and in the ``node_modules`` of the checkout marsad runs from.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from marsad.errors import ConfigError

__all__ = ["STATIC", "VENDOR", "vendor_file", "vendor_roots", "check_vendor"]

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: URL prefix under /vendor/ -> the folder of the npm package that it serves
VENDOR: dict[str, str] = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "noto-sans-arabic": "@fontsource/noto-sans-arabic",
}
#: a file of each, to check that they are there
_PROBES = ("leaflet/leaflet.js", "markercluster/leaflet.markercluster.js", "noto-sans-arabic/arabic-400.css")


@lru_cache(maxsize=1)
def vendor_roots() -> tuple[tuple[Path, bool], ...]:
    """(folder, whether it is laid out as node_modules) in the order they are searched."""
    roots = [(HERE / "vendor", False)]
    env = os.environ.get("MARSAD_NODE_MODULES")
    if env:
        roots.append((Path(env), True))
    for parent in HERE.parents[:4]:
        roots.append((parent / "node_modules", True))
    roots.append((Path.cwd() / "node_modules", True))
    return tuple((r, npm) for r, npm in roots if r.is_dir())


def vendor_file(path: str) -> Path | None:
    """The file of ``/vendor/PATH``, or None (unknown prefix, missing, or outside)."""
    prefix, _, rest = path.partition("/")
    if prefix not in VENDOR or not rest:
        return None
    for root, npm in vendor_roots():
        base = (root / VENDOR[prefix] if npm else root / prefix).resolve()
        target = (base / rest).resolve()
        if base in target.parents and target.is_file():
            return target
    return None


def check_vendor() -> None:
    """Raise :class:`ConfigError` when the npm files are not installed."""
    missing = [p for p in _PROBES if vendor_file(p) is None]
    if missing:
        raise ConfigError(
            "the web app's JavaScript is not installed (" + ", ".join(missing) + "): run `npm ci` in the "
            "marsad checkout (package.json), or set MARSAD_NODE_MODULES to a node_modules folder holding "
            "leaflet, leaflet.markercluster and @fontsource/noto-sans-arabic"
        )
