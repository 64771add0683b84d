"""Alembic environment for attribution.

The engine comes from ``attribution.store.db`` (which puts it in
``config.attributes["engine"]``), or, for the plain ``alembic`` command, from
``-x db=URL``, then ``$ATTRIBUTION_DB``, then ``sqlite:///quotes.db``.
Migrations run inside ``migration_connection``: one transaction holding a
lock, so two processes upgrading the same fresh database do not collide.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from attribution.store.db import (
    DEFAULT_URL,
    URL_ENV,
    database_url,
    make_engine,
    migration_connection,
)
from attribution.store.schema import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def command_line_url() -> str:
    """The database URL for the plain ``alembic`` command."""
    return context.get_x_argument(as_dictionary=True).get("db") or os.environ.get(
        URL_ENV, DEFAULT_URL
    )


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (``alembic upgrade head --sql``)."""
    context.configure(
        url=database_url(command_line_url()),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    owns_engine = engine is None
    if owns_engine:
        engine = make_engine(command_line_url())
    try:
        with migration_connection(engine) as connection:
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        if owns_engine:
            engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
