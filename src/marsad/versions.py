"""Which marsad made an output, so that two outputs can be compared.

``marsad.__version__`` is the release (``0.2.0``), raised with a CHANGELOG entry
whenever a release changes what extraction gives. Between releases the code and the
lexicons change too, so :func:`build_version` adds a local part: the digest of every
file of the package that can change an output (its Python code and its data: lexicons,
actor registries, the shipped gazetteer; not the map layers), ``0.3.0+3fa2b1c9d0``.
Two runs with the same build version and the same gazetteer version give the same
events from the same articles. Exports record both (:func:`export_metadata`), and
so does every ``marsad run`` in its store.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from marsad import __version__

__all__ = ["build_version", "code_digest", "export_metadata", "gazetteer_description"]

#: the package files whose content can change an output
_SUFFIXES = (".py", ".yaml", ".tsv", ".json")
#: folders of the package that cannot (map layers for display)
_NOT_OUTPUT = ("data/boundaries/",)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The sha256 (10 hex digits) of the package's code and data files, by relative path."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    files = sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts)
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel.startswith(_NOT_OUTPUT):
            continue
        h.update(rel.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:10]


def build_version() -> str:
    """The release and the digest of the files that make the output: ``0.3.0+3fa2b1c9d0``."""
    return f"{__version__}+{code_digest()}"


def gazetteer_description(gazetteer=None) -> dict:
    """``{"version", "origin"}`` of ``gazetteer`` (default: the one in use), or of
    nothing when none can be loaded."""
    if gazetteer is None:
        try:
            from marsad.geocode import load_gazetteer

            gazetteer = load_gazetteer()
        except Exception:  # an unreadable installed gazetteer: say so, export anyway
            return {"version": None, "origin": None}
    return {"version": gazetteer.version, "origin": gazetteer.origin}


def export_metadata(attribution: list[str] | tuple[str, ...], gazetteer: dict | None = None) -> dict:
    """What every export records: the marsad that wrote it, the gazetteer, the
    attribution of its data."""
    return {
        "marsad_version": build_version(),
        "gazetteer": gazetteer if gazetteer is not None else gazetteer_description(),
        "attribution": list(attribution),
    }
