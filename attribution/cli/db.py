"""``attribution db``: upgrade, downgrade and inspect the schema (Alembic migrations)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from alembic.util.exc import CommandError
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from attribution.cli.options import db_option
from attribution.store import db as store_db
from attribution.store.queries import QueryError


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn the store's expected failures into one-line ``Error: ...`` messages."""
    try:
        yield
    except (ArgumentError, NoSuchModuleError) as error:
        raise click.ClickException(f"bad database URL: {error}") from None
    except ModuleNotFoundError as error:
        raise click.ClickException(
            f"database driver not installed: {error.name} (see the README for extras)"
        ) from None
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise click.ClickException(f"database error: {reason}") from None
    except CommandError as error:
        raise click.ClickException(f"migration: {error}") from None
    except store_db.SQLiteTooOldError as error:
        raise click.ClickException(str(error)) from None
    except (QueryError, ValueError) as error:
        raise click.ClickException(str(error)) from None


def _shown(url: str) -> str:
    return store_db.database_url(url).render_as_string(hide_password=True)


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations).

    Every other command upgrades the database to the newest revision before
    using it; these commands move it explicitly or show where it is.
    """


@db.command()
@click.argument("rev", default="head")
@db_option
def upgrade(rev: str, db_url: str) -> None:
    """Upgrade the schema to revision REV (default: head, the newest)."""
    with store_errors():
        store_db.upgrade(db_url, rev)
        click.echo(f"{_shown(db_url)}: at revision {store_db.current(db_url)}")


@db.command()
@click.argument("rev")
@db_option
def downgrade(rev: str, db_url: str) -> None:
    """Downgrade the schema to revision REV ("base" removes every table and its data)."""
    with store_errors():
        store_db.downgrade(db_url, rev)
        click.echo(f"{_shown(db_url)}: at revision {store_db.current(db_url) or 'base (empty)'}")


@db.command()
@db_option
def current(db_url: str) -> None:
    """Show the revision the database is at, and whether it is the newest."""
    with store_errors():
        revision = store_db.current(db_url)
        head = store_db.head()
    if revision is None:
        click.echo(f"{_shown(db_url)}: no schema yet (newest revision: {head})")
    else:
        state = "newest" if revision == head else f"newest is {head}"
        click.echo(f"{_shown(db_url)}: revision {revision} ({state})")
