"""``attribution db``: create, upgrade and inspect the schema (placeholder)."""

import click


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations)."""
