"""``attribution report``: charts of who is quoted, where and when, in one HTML file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from attribution.cli.db import store_errors
from attribution.cli.options import db_option
from attribution.store import open_database, report_tables
from attribution.store.db import database_url


@click.command()
@click.option("--speaker", metavar="NAME", help="Only this speaker's quotes (any of their names).")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only documents dated on or after this day (undated documents are left out).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    metavar="N",
    help="Rows in the rankings (people, organisations, outlets, affiliations).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default="report.html",
    show_default=True,
    help="HTML file to write.",
)
@db_option
def report(
    speaker: str | None, since: datetime | None, top: int, output: Path, db_url: str
) -> None:
    """Write one self-contained HTML report: charts, each with its table.

    Most quoted people and organisations, quotes per outlet and per
    affiliation, quotes per month of the document date, direct vs indirect
    vs mixed, person vs organisation speakers. The file has no scripts and
    loads nothing from elsewhere: it opens offline. Needs matplotlib:
    pip install 'attribution[report]'.

    \b
    Example:
      attribution report --since 2024-01-01 -o report.html
    """
    try:
        from attribution.report.page import render_report
    except ModuleNotFoundError as error:
        raise click.ClickException(
            f"attribution report needs matplotlib ({error.name.split('.')[0]} is not installed): "
            "pip install 'attribution[report]'"
        ) from None
    since_day = since.date().isoformat() if since else None
    with store_errors():
        engine = open_database(db_url)
        try:
            tables = report_tables(engine, speaker=speaker, since=since_day, top=top)
        finally:
            engine.dispose()
    filters = {name: value for name, value in (("speaker", speaker), ("since", since_day)) if value}
    url = database_url(db_url)
    shown = url.database if url.get_backend_name() == "sqlite" else url.render_as_string()
    output.write_text(render_report(tables, database=shown, filters=filters), encoding="utf-8")
    click.echo(f"wrote {output}: {tables['total']} quotes")
