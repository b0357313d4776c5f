"""The two optional C extensions; everything else is declared in pyproject.toml.

setuptools still calls ``[tool.setuptools] ext-modules`` experimental and warns on every
build, so the extensions are declared here. Both are optional: without a C compiler
the build goes on and the same code runs in Python (``MARSAD_PURE_PYTHON=1`` forces it).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # recognition's word scan (src/marsad/recognize/_wordscan.c)
        Extension("marsad.recognize._wordscan", ["src/marsad/recognize/_wordscan.c"], optional=True),
        # the core records' __init__ and the mention maker (src/marsad/_records.c)
        Extension("marsad._records", ["src/marsad/_records.c"], optional=True),
    ],
)
