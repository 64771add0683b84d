"""``attribution serve``: browse and query the quote database in Datasette, read-only."""

from __future__ import annotations

from pathlib import Path

import click

from attribution.store.db import DEFAULT_URL, URL_ENV, database_url


def sqlite_path(db: str) -> Path:
    """The SQLite file named by ``db`` (a path or an ``sqlite:///`` URL)."""
    url = database_url(db)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException(f"attribution serve needs an SQLite database file, not {db}")
    return Path(url.database)


@click.command()
@click.argument("db", envvar=URL_ENV, default=DEFAULT_URL, required=False, metavar="[DB]")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: every interface; the data is then public).",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8001,
    show_default=True,
    help="Port to listen on.",
)
def serve(db: str, host: str, port: int) -> None:
    """Serve the quote database DB in Datasette, read-only, until Ctrl-C.

    DB is an SQLite file or sqlite:/// URL (default: $ATTRIBUTION_DB, else
    ./quotes.db); it must exist and be at the newest schema revision, since
    serve never writes to it. Prints the address to open: quote_view there
    has full-text search on the quote text, facets (speaker, affiliation,
    outlet, type, document), the README's queries as canned queries, and
    every quote_id links to the quote highlighted in its document.

    Needs Datasette: pip install 'attribution[serve]'.
    """
    path = sqlite_path(db)
    try:
        from attribution.serve import app
    except ModuleNotFoundError as error:
        raise click.ClickException(
            f"attribution serve needs Datasette ({error.name.split('.')[0]} is not installed): "
            "pip install 'attribution[serve]'"
        ) from None
    try:
        app.check_database(path)
    except app.ServeError as error:
        raise click.ClickException(str(error)) from None
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving {path} read-only at http://{shown_host}:{port}/{app.DATABASE}/quote_view "
        "(Ctrl-C to stop)"
    )
    app.serve(path, host, port)
