"""The serve command: the department's plan in a browser (``planner.web``)."""

from __future__ import annotations

from pathlib import Path

import click

from planner.cli.app import cli, console, inputs_option, solve_options
from planner.errors import PlannerError


@cli.command()
@inputs_option
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (SQLAlchemy) [default: sqlite beside the inputs, <inputs>.planner.sqlite].",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option(
    "--year",
    type=click.Choice(["1", "2", "3", "all"]),
    help="Years Replanifier plans [default: as last time, all years at first].",
)
@click.option(
    "--scenarios",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of scenario files for the Scénarios page [default: scenarios/ beside the inputs].",
)
@click.option(
    "--export",
    "export_only",
    is_flag=True,
    help="Write the tables edited in the pages back to the inputs, then exit (no server).",
)
@click.option(
    "--create-admin",
    "create_admin",
    is_flag=True,
    help="Create the administrator's account (or give it a new password), then exit. The login is "
    "$PLANNER_ADMIN_LOGIN (default admin); the password $PLANNER_ADMIN_PASSWORD, else the first line "
    "of standard input when it is not a terminal, else asked twice without echo.",
)
@solve_options
def serve(
    inputs_path: Path,
    db_url: str | None,
    host: str,
    port: int,
    year: str | None,
    scenarios: Path | None,
    export_only: bool,
    create_admin: bool,
    overrides: dict,
) -> None:
    """Serve the plan in a browser: see it, fix cells by hand, re-plan around them, print the fiches.

    On first start the inputs (a folder of CSV files or a workbook) are imported
    into the database; edits made in the pages are checked as `planner validate`
    checks files, and written back to the same files on request (the Exporter
    button, or --export). Open http://127.0.0.1:8000 (--port) in a browser; Ctrl-C stops.
    Everyone signs in: create the first account with --create-admin, the others in the
    Comptes page.
    """
    from planner.web.db import default_url

    if not inputs_path.exists():
        raise PlannerError(
            f"inputs not found: {inputs_path}",
            hint="Give --inputs a folder of CSV files or an .xlsx workbook.",
        )
    url = db_url or default_url(inputs_path)
    if create_admin:
        login, made = _create_admin(url)
        console.print(
            f"{'created' if made else 'new password for'} the administrator {login!r} in {url}; "
            "now start `planner serve` and sign in",
            highlight=False,
        )
        return
    if export_only:
        written = _export(inputs_path, url)
        console.print(
            f"wrote {', '.join(written)}" if written else "nothing to write: the files are up to date"
        )
        return
    import uvicorn

    from planner.web.app import create_app
    from planner.web.page import Config

    _check_port(host, port)
    years = None if year is None else ([1, 2, 3] if year == "all" else [int(year)])
    given = {key: value for key, value in overrides.items() if value is not None and key != "weeks"}
    if not overrides.get("weeks", True):
        given["weeks"] = False
    app = create_app(Config(inputs_path, url, years, given, scenarios))
    console.print(
        f"planner serve: {inputs_path} in {url}; open http://{host}:{port} (Ctrl-C stops)", highlight=False
    )
    if not _has_account(url):
        console.print(
            "no account yet: create the administrator's with "
            f"`planner serve --inputs {inputs_path} --create-admin` (the sign-in page says so too)",
            highlight=False,
        )
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)


def _password() -> str:
    """The administrator's password: $PLANNER_ADMIN_PASSWORD, a line of stdin, or asked without echo."""
    import os
    import sys

    given = os.environ.get("PLANNER_ADMIN_PASSWORD")
    if given:
        return given
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise PlannerError(
                "no password on standard input",
                hint="Give it on the first line, or set PLANNER_ADMIN_PASSWORD.",
            )
        return line
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _create_admin(url: str) -> tuple[str, bool]:
    import os

    from planner.web.accounts import AccountError, ensure_admin
    from planner.web.db import connect, transaction

    login = os.environ.get("PLANNER_ADMIN_LOGIN", "admin").strip() or "admin"
    password = _password()
    if len(password) < 8:
        raise PlannerError("the password is too short", hint="Give at least 8 characters.")
    sessions = connect(url)
    try:
        with transaction(sessions) as session:
            _, made = ensure_admin(session, login, password)
    except AccountError as exc:
        raise PlannerError(f"cannot create the administrator {login!r}: {exc}") from None
    finally:
        sessions.kw["bind"].dispose()
    return login, made


def _has_account(url: str) -> bool:
    from planner.web.accounts import any_account
    from planner.web.db import connect

    sessions = connect(url)
    try:
        with sessions() as session:
            return any_account(session)
    finally:
        sessions.kw["bind"].dispose()


def _export(inputs_path: Path, url: str) -> list[str]:
    from sqlalchemy import select

    from planner.web import tables
    from planner.web.db import connect, transaction
    from planner.web.models import Workspace

    sessions = connect(url)
    with transaction(sessions) as session:
        workspace = session.scalar(select(Workspace).where(Workspace.source == str(inputs_path.resolve())))
        if workspace is None:
            raise PlannerError(
                f"the database {url} holds no tables of {inputs_path}",
                hint="Start `planner serve` on these inputs first.",
            )
        return tables.export(session, workspace)


def _check_port(host: str, port: int) -> None:
    """Refuse a port already taken, before the database is opened."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PlannerError(
                f"cannot listen on {host}:{port} ({exc.strerror})", hint="Give another --port."
            ) from None
