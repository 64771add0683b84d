"""Build and run the Datasette instance of ``attribution serve``.

The database file is opened read-only (``mode=ro``, plus ``PRAGMA
query_only`` on every connection, see ``plugin.py``) and served under the
name ``quotes`` with the packaged ``metadata.yaml`` and templates.
"""

from __future__ import annotations

import asyncio
import sqlite3
from importlib.resources import files
from pathlib import Path

import uvicorn
import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from attribution.serve import plugin
from attribution.store import db as store_db

#: The name the database is served under: URLs are /quotes/...
DATABASE = plugin.DATABASE
PACKAGE = files("attribution.serve")
SETTINGS = {"sql_time_limit_ms": 5000, "default_page_size": 50, "suggest_facets": False}


class ServeError(Exception):
    """The database cannot be served (missing, not SQLite, not migrated)."""


def schema_revision(path: Path) -> str | None:
    """The Alembic revision of the SQLite file at ``path``, read without writing to it.

    None when the file has no schema; ``ServeError`` when it is missing or not SQLite.
    """
    if not path.is_file():
        raise ServeError(f"no database file at {path}")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise ServeError(f"{path}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise ServeError(f"{path} is not an SQLite database ({error})") from None
    finally:
        connection.close()


def check_database(path: Path) -> None:
    """Raise ``ServeError`` unless ``path`` is an attribution database at the newest revision."""
    revision, head = schema_revision(path), store_db.head()
    if revision is None:
        raise ServeError(
            f"{path} has no attribution schema: make it with "
            f"`attribution extract ARTICLES --db {path}` or `attribution db upgrade --db {path}`"
        )
    if revision != head:
        raise ServeError(
            f"{path} is at schema revision {revision}, the newest is {head}: "
            f"run `attribution db upgrade --db {path}` first (serve never writes)"
        )


def load_metadata() -> dict:
    """The packaged Datasette metadata (``metadata.yaml``)."""
    return yaml.safe_load(PACKAGE.joinpath("metadata.yaml").read_text(encoding="utf-8"))


def make_datasette(path: Path) -> Datasette:
    """A Datasette serving ``path`` read-only as ``quotes``, with our metadata, templates, CSS."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="attribution")
    datasette = Datasette(
        metadata=load_metadata(),
        template_dir=str(PACKAGE.joinpath("templates")),
        static_mounts=[("attribution", str(PACKAGE.joinpath("static")))],
        settings=SETTINGS,
    )
    datasette.remove_database("_memory")
    datasette.add_database(Database(datasette, path=str(path.resolve()), is_mutable=True), DATABASE)
    return datasette


def serve(path: Path, host: str, port: int) -> None:
    """Serve ``path`` on ``host:port`` until interrupted."""
    datasette = make_datasette(path)
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
