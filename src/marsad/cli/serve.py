"""`marsad serve` (the web app and API) and `marsad users` (accounts, API tokens)."""

from __future__ import annotations

import sys
from typing import Optional

import typer
from rich.console import Console

from marsad.cli import app
from marsad.errors import ConfigError, MarsadError

err = Console(stderr=True)
users_app = typer.Typer(help="Accounts of the web app and API: add, list, passwords, API tokens.",
                        no_args_is_help=True)

_DB_HELP = "The store (default: marsad.db in $MARSAD_DATA, else in the user data dir)."


def _fail(exc: MarsadError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2 if isinstance(exc, ConfigError) else 1)


def _needs_serve() -> None:
    try:
        import argon2  # noqa: F401
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ConfigError(f"marsad serve needs the [serve] extra ({exc.name} is missing): "
                          "pip install 'marsad[serve]'") from None


@app.command("serve")
def serve_command(
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    public: bool = typer.Option(False, "--public", help="Let anyone read without logging in (changes still need a reviewer)."),
    tile_url: Optional[str] = typer.Option(None, "--tile-url", help="A raster tile URL template (https://.../{z}/{x}/{y}.png) under the shipped polygons; none by default (offline)."),
    tile_attribution: str = typer.Option("", "--tile-attribution", help="The tiles' attribution, shown on the map."),
) -> None:
    """The analysts' web app and API over the store: map, timeline, table, events with
    their evidence, corrections with their history.

    Example: marsad users add rana --role reviewer && marsad serve --db marsad.db
    """
    try:
        _needs_serve()
        import uvicorn

        from marsad.serve import ServeConfig, create_app
        from marsad.serve.assets import check_vendor
        from marsad.store import Store

        check_vendor()
        if tile_url and not tile_url.startswith(("https://", "http://")):
            raise ConfigError(f"--tile-url {tile_url!r}: give an http(s) URL template with {{z}}/{{x}}/{{y}}")
        store = Store(db, create=False)
        config = ServeConfig(db=db, public=public, tile_url=tile_url, tile_attribution=tile_attribution)
        application = create_app(config, store)
        users = store.engine.connect().exec_driver_sql("select count(*) from users").scalar()
    except MarsadError as exc:
        raise _fail(exc) from None
    where = store.engine.url.render_as_string(hide_password=True)
    err.print(f"marsad serve: store {where}; http://{host}:{port}/ "
              f"({'public read access' if public else 'login required'}; API at /api/v1, "
              f"reference at /api/v1/docs)", highlight=False, soft_wrap=True)
    if not users:
        err.print("no accounts yet: add one with `marsad users add NAME --role reviewer`", style="yellow",
                  highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)


def _store(db: Optional[str]):
    from marsad.store import Store

    return Store(db, create=False)


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="The user name (no spaces)."),
    role: str = typer.Option("viewer", "--role", help="viewer (reads), reviewer (corrects events), admin (also accounts)."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input (for scripts)."),
    replace: bool = typer.Option(False, "--replace", help="Change the role and password of an existing user."),
) -> None:
    """Add an account (asks for its password; at least 10 characters).

    Example: marsad users add rana --role reviewer
    """
    from marsad.serve import auth

    try:
        _needs_serve()
        store = _store(db)
        user = auth.add_user(store, name, role, _password(password_stdin), replace=replace)
    except MarsadError as exc:
        raise _fail(exc) from None
    typer.echo(f"user {user.name} ({user.role}) {'updated' if replace else 'added'}")


@users_app.command("passwd")
def users_passwd(
    name: str = typer.Argument(...),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    password_stdin: bool = typer.Option(False, "--password-stdin"),
) -> None:
    """Set a user's password (ends the user's sessions)."""
    from marsad.serve import auth

    try:
        _needs_serve()
        store = _store(db)
        found = {u["name"]: u for u in auth.list_users(store)}
        if name not in found:
            raise auth.AccountError(f"no user {name!r}: add it with `marsad users add {name} --role ...`")
        auth.add_user(store, name, found[name]["role"], _password(password_stdin), replace=True)
    except MarsadError as exc:
        raise _fail(exc) from None
    typer.echo(f"password of {name} changed")


@users_app.command("list")
def users_list(db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP)) -> None:
    """The accounts, their roles and last logins."""
    from marsad.serve import auth

    try:
        rows = auth.list_users(_store(db))
    except MarsadError as exc:
        raise _fail(exc) from None
    for u in rows:
        last = u["last_login"].isoformat(timespec="seconds") if u["last_login"] else "never"
        typer.echo(f"{u['name']}\t{u['role']}\t{'active' if u['active'] else 'disabled'}\tlast login {last}")


@users_app.command("disable")
def users_disable(name: str = typer.Argument(...), db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP)) -> None:
    """Disable an account: its sessions end and its API tokens are revoked."""
    from marsad.serve import auth

    try:
        auth.set_active(_store(db), name, False)
    except MarsadError as exc:
        raise _fail(exc) from None
    typer.echo(f"user {name} disabled")


@users_app.command("token")
def users_token(
    name: str = typer.Argument(..., help="The user the token acts as."),
    label: str = typer.Option("script", "--label", help="What the token is for (shown in the revision history)."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Create an API token for scripts (printed once: send it as Authorization: Bearer TOKEN)."""
    from marsad.serve import auth

    try:
        token = auth.create_token(_store(db), name, label)
    except MarsadError as exc:
        raise _fail(exc) from None
    typer.echo(token)
    err.print(f"API token {label!r} for {name}: keep it secret; it is not shown again", highlight=False)
