"""``attribution extract`` (placeholder)."""

import click


@click.command()
def extract() -> None:
    """Extract quotes from articles into the database."""
