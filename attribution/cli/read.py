"""Read-side commands (placeholder)."""

import click


@click.command()
def quotes() -> None:
    """List stored quotes."""


@click.command()
def speakers() -> None:
    """List speakers."""


@click.command()
def sql() -> None:
    """Run a read-only SQL query."""


@click.command()
def export() -> None:
    """Export quotes."""
