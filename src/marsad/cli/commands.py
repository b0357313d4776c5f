"""extract, recognize and evaluate."""

from __future__ import annotations

import typer

from marsad import __version__
from marsad.cli import app


@app.command("version")
def version() -> None:
    """Print marsad's version. Example: marsad version"""
    typer.echo(__version__)
