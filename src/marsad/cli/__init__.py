"""The `marsad` command line: a thin layer over the library API."""

from __future__ import annotations

import typer

#: exit statuses (README.md, "Exit status"): all went well; some inputs failed (or the
#: command failed: an unwritable output, a store in use); a usage error (a bad option,
#: a missing input file); interrupted (Ctrl-C: 128 + SIGINT)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="marsad",
    help="marsad: Arabic news articles to ACLED-coded political-violence events.\n\n"
    "Example: marsad extract examples/example-article.txt --published 2019-05-15",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from marsad.versions import build_version

        typer.echo(f"marsad {build_version()}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print marsad's version and exit."),
) -> None:
    """marsad: Arabic news articles to ACLED-coded political-violence events."""

# Sub-command modules register themselves on `app` (or add a sub-app) when imported.
from marsad.cli import commands  # noqa: E402,F401
# -- sub-apps: one import line each below --
from marsad.cli.data import app as _data_app; app.add_typer(_data_app, name="data")  # noqa: E402,E702
from marsad.cli import store as _store  # noqa: E402,F401
from marsad.cli.serve import users_app as _users_app; app.add_typer(_users_app, name="users")  # noqa: E402,E702


def main() -> None:
    app()
