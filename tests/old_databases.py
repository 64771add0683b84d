"""Databases at an older revision, holding what today's writer stores (for the migration tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, insert, select
from test_store import store_seeds

from attribution.store import open_database, record_error, upgrade
from attribution.store.db import make_engine
from attribution.store.schema import Base


def fill_at_revision(tmp_path: Path, url: str, revision: str, fill: Callable[[Engine], object]) -> None:
    """Create the database ``url`` at ``revision`` holding what ``fill`` stores.

    ``fill`` stores with today's writer into a database at head; its rows are
    copied into ``url`` in the columns the tables have at ``revision``, as an
    older version of the tool would have stored them.
    """
    newest = open_database(tmp_path / "newest.db")
    fill(newest)
    upgrade(url, revision)
    old = make_engine(url)
    with newest.connect() as source, old.begin() as target:
        for table in Base.metadata.sorted_tables:
            then = Table(table.name, MetaData(), autoload_with=target)
            rows = source.execute(select(*(table.c[c.name] for c in then.columns))).mappings().all()
            if rows:
                target.execute(insert(then), [dict(row) for row in rows])
    newest.dispose()
    old.dispose()


def store_seeds_and_an_error(engine: Engine) -> None:
    record_error(engine, store_seeds(engine), "photo.png", "binary file")
