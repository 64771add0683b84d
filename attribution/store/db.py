"""Engines, connection settings and schema upgrades.

Commands open a database with ``open_database``, which upgrades the schema
to the newest Alembic revision before returning the engine; the schema is
never created any other way than by the migrations.

On SQLite every connection gets WAL journaling, a 30 s ``busy_timeout``,
``foreign_keys=ON`` and ``synchronous=NORMAL``, and SQLAlchemy (not the
``sqlite3`` module) emits ``BEGIN``, so a transaction really starts at
``begin()``. A connection with the execution option ``sqlite_begin=
"IMMEDIATE"`` takes the write lock at ``BEGIN``: writers and schema upgrades
use it, so two processes never both plan the same write on a stale view.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

URL_ENV = "ATTRIBUTION_DB"
DEFAULT_URL = "sqlite:///quotes.db"
BUSY_TIMEOUT_MS = 30_000
SQLITE_PRAGMAS: tuple[str, ...] = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",  # first: the others may wait for a lock
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
)
#: Oldest SQLite the store runs on: it inserts with ``RETURNING`` (SQLite 3.35) and
#: migration 0003 downgrades with ``ALTER TABLE ... DROP COLUMN`` (3.35).
MIN_SQLITE_VERSION = (3, 35, 0)
#: PostgreSQL advisory lock held while migrating (any constant shared by all processes).
MIGRATION_LOCK_KEY = 0x41545452

#: What the functions here accept as a database: an SQLAlchemy URL or a path to an SQLite file.
DatabaseURL = str | os.PathLike[str] | URL


def database_url(url: DatabaseURL) -> URL:
    """``url`` as an SQLAlchemy URL; a path, or a string without ``://``, means an SQLite file."""
    if isinstance(url, URL):
        return url
    if isinstance(url, os.PathLike) or "://" not in url:
        return URL.create("sqlite", database=os.fspath(url))
    return make_url(url)


def make_engine(url: DatabaseURL) -> Engine:
    """An engine with this project's connection settings; the schema is left as is.

    Raises ``SQLiteTooOldError`` for an SQLite library older than ``MIN_SQLITE_VERSION``.
    """
    engine = create_engine(database_url(url))
    if engine.dialect.name == "sqlite":
        check_sqlite_version(sqlite3.sqlite_version_info)
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


class SQLiteTooOldError(RuntimeError):
    """The SQLite library Python uses is older than ``MIN_SQLITE_VERSION``."""


def check_sqlite_version(version: tuple[int, int, int]) -> None:
    """Raise ``SQLiteTooOldError`` naming both versions when ``version`` is too old for the store."""
    if version < MIN_SQLITE_VERSION:
        found, needed = ".".join(map(str, version)), ".".join(map(str, MIN_SQLITE_VERSION))
        raise SQLiteTooOldError(
            f"SQLite {found} is too old: the store needs SQLite {needed} or newer "
            "(the library Python's sqlite3 module is built with); use a newer Python or a server database"
        )


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    _use_wal(cursor)
    cursor.close()


def _use_wal(cursor) -> None:
    """Switch the file to WAL journaling (it stays so once set). While another process
    creates or switches the same file the switch can fail as locked despite the busy
    timeout, so it is retried until that timeout has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _begin_sqlite_transaction(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
        raise ValueError(f"unknown SQLite BEGIN mode {mode!r}")
    connection.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that holds the write lock from its start.

    Commits when the block ends, rolls back if it raises. On SQLite this is
    ``BEGIN IMMEDIATE`` (waits up to ``busy_timeout`` for other writers).
    """
    with engine.connect() as connection:
        connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            yield connection


def is_database_locked(error: DBAPIError) -> bool:
    """Whether ``error`` is SQLite's "database is locked/busy" (worth a retry)."""
    message = str(error.orig).lower()
    return "database is locked" in message or "database is busy" in message


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic ``Config`` for the packaged migration scripts, migrating ``engine``.

    Built in code so it works from any working directory and from an
    installed package; ``alembic.ini`` at the repository root is the
    equivalent for the plain ``alembic`` command.
    """
    config = Config()
    config.set_main_option("script_location", str(files("attribution.migrations")))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A write transaction that no other process can migrate concurrently.

    SQLite: ``BEGIN IMMEDIATE`` holds the database's write lock. PostgreSQL: a
    transaction-level advisory lock. Whoever comes second waits, then finds
    the schema already at the target revision and does nothing.
    """
    with write_transaction(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        yield connection


def upgrade(url: DatabaseURL, rev: str = "head") -> None:
    """Upgrade the database at ``url`` to revision ``rev`` (creating it if new)."""
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), rev)
    finally:
        engine.dispose()


def downgrade(url: DatabaseURL, rev: str) -> None:
    """Downgrade the database at ``url`` to revision ``rev`` (``base`` empties it)."""
    engine = make_engine(url)
    try:
        command.downgrade(alembic_config(engine), rev)
    finally:
        engine.dispose()


def current(url: DatabaseURL) -> str | None:
    """The revision the database at ``url`` is at, or None for an empty or missing database."""
    url = database_url(url)
    is_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if is_file and not url.database.startswith("file:") and not Path(url.database).exists():
        return None  # do not create the file just to look at it
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    """The newest revision of the packaged migrations."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "no migration scripts found"
    return revision


def open_database(url: DatabaseURL) -> Engine:
    """An engine for ``url`` whose schema has been upgraded to the newest revision."""
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "head")
    except BaseException:
        engine.dispose()
        raise
    return engine
