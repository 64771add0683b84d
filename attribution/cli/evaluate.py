"""``attribution eval`` (placeholder)."""

import click


@click.command("eval")
def eval_command() -> None:
    """Score predictions against gold files (GUIDELINES.md)."""
