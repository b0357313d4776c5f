"""The two optional C extensions, and the web app's npm files in a built wheel;
everything else is declared in pyproject.toml.

setuptools still calls ``[tool.setuptools] ext-modules`` experimental and warns on every
build, so the extensions are declared here. Both are optional: without a C compiler
the build goes on and the same code runs in Python (``MARSAD_PURE_PYTHON=1`` forces it).

``marsad serve`` uses Leaflet, its marker clusters and the Noto Sans Arabic font,
installed from npm by ``npm ci`` (package.json and its lockfile) and never committed.
A wheel built in a checkout where ``npm ci`` ran carries them in
``marsad/serve/vendor/`` (an editable install reads them from ``node_modules``).
"""

import shutil
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

# the URL prefix under /vendor/ -> the npm package's folder (as in marsad/serve/assets.py)
VENDOR = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "noto-sans-arabic": "@fontsource/noto-sans-arabic",
}


class BuildPyWithAssets(build_py):
    def run(self):
        super().run()
        modules = Path(__file__).resolve().parent / "node_modules"
        if getattr(self, "editable_mode", False) or not modules.is_dir():
            return
        target = Path(self.build_lib) / "marsad" / "serve" / "vendor"
        for prefix, folder in VENDOR.items():
            if (modules / folder).is_dir():
                shutil.copytree(modules / folder, target / prefix, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("*.map", "*.md", "*-src.js", "*.woff"))


setup(
    cmdclass={"build_py": BuildPyWithAssets},
    ext_modules=[
        # recognition's word scan (src/marsad/recognize/_wordscan.c)
        Extension("marsad.recognize._wordscan", ["src/marsad/recognize/_wordscan.c"], optional=True),
        # the core records' __init__ and the mention maker (src/marsad/_records.c)
        Extension("marsad._records", ["src/marsad/_records.c"], optional=True),
    ],
)
