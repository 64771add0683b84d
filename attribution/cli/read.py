"""Read-side commands: ``quotes``, ``speakers``, ``sql``, ``export``."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from attribution.cli.db import store_errors
from attribution.cli.options import db_option
from attribution.model import QUOTE_TYPES
from attribution.store import (
    EXPORT_FIELDS,
    find_quotes,
    iter_export_rows,
    list_speakers,
    open_database,
    run_readonly_sql,
)

FORMATS = ("table", "jsonl", "csv")
#: Columns of the ``quotes`` table view (JSON Lines and CSV carry every field).
QUOTE_TABLE_COLUMNS = ("document", "type", "speaker", "role", "affiliation", "outlet", "text")
SPEAKER_FIELDS = (
    "name",
    "kind",
    "gender",
    "gender_evidence",
    "quotes",
    "documents",
    "roles",
    "affiliations",
    "outlets",
    "aliases",
)
SPEAKER_TABLE_COLUMNS = ("name", "kind", "gender", "quotes", "documents", "roles", "affiliations", "outlets")

format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table: aligned columns for reading; jsonl: one JSON object per line; csv: with a header.",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


#: Columns that share the width left by the others, whose values are clipped.
WIDE_COLUMNS = frozenset({"text", "roles", "aliases"})
NARROW_WIDTH = 18
#: Line width when standard output is not a terminal (a pipe or a file).
PIPE_WIDTH = 160


def print_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str | None = None,
    *,
    clip: bool = True,
) -> None:
    """Print rows as a rich table on standard output (values are text, never markup).

    With ``clip``, values of ``WIDE_COLUMNS`` wrap in the width the other
    columns leave and other values are cut to ``NARROW_WIDTH`` characters;
    without, rich sizes every column and wraps the widest. Output to a pipe
    or file is ``PIPE_WIDTH`` characters wide.
    """
    wide = [not clip or column in WIDE_COLUMNS for column in columns]
    table = Table(title=title, header_style="bold", expand=clip and any(wide))
    for column, is_wide in zip(columns, wide, strict=True):
        table.add_column(column, ratio=1 if clip and is_wide else None, no_wrap=not is_wide)
    for row in rows:
        table.add_row(
            *(
                Text(
                    value
                    if is_wide or len(value) <= NARROW_WIDTH
                    else value[: NARROW_WIDTH - 1] + "…"
                )
                for value, is_wide in zip(map(_cell, row), wide, strict=True)
            )
        )
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPE_WIDTH)
    console.print(table)


def write_jsonl(rows: Iterable[dict[str, Any]], stream: TextIO) -> None:
    """One JSON object per row and line, non-ASCII characters kept as they are."""
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str], stream: TextIO) -> None:
    """CSV with a header line; list values are joined with ``; ``."""
    writer = csv.DictWriter(stream, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: "; ".join(value) if isinstance(value, list) else value
                for key, value in row.items()
            }
        )


def write_rows(
    rows: list[dict[str, Any]],
    fields: Sequence[str],
    table_columns: Sequence[str],
    output_format: str,
    title: str,
) -> None:
    """Print ``rows`` in the chosen format on standard output."""
    if output_format == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif output_format == "csv":
        write_csv(rows, fields, sys.stdout)
    else:
        print_table(table_columns, ([row[c] for c in table_columns] for row in rows), title)


@click.command()
@click.option(
    "--speaker", metavar="NAME", help="Any name of the speaker: Mukhanov finds Vadim Mukhanov."
)
@click.option(
    "--affiliation", metavar="ORG", help="Part of the speaker's organisation (case ignored)."
)
@click.option("--outlet", metavar="NAME", help="Part of the outlet's name (case ignored).")
@click.option(
    "--search", metavar="WORDS", help="Quotes containing all these words (full-text, stemmed)."
)
@click.option(
    "--type", "quote_type", type=click.Choice(QUOTE_TYPES), help="Only this kind of quote."
)
@click.option("--document", metavar="D", help="Only the document with this name or external id.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N quotes.")
@format_option
@db_option
def quotes(
    speaker: str | None,
    affiliation: str | None,
    outlet: str | None,
    search: str | None,
    quote_type: str | None,
    document: str | None,
    limit: int | None,
    output_format: str,
    db_url: str,
) -> None:
    """List stored quotes, in document order; every filter given must match.

    \b
    Examples:
      attribution quotes --speaker Mukhanov
      attribution quotes --search "peace agreement" --type direct --format jsonl
    """
    with store_errors():
        engine = open_database(db_url)
        try:
            rows = find_quotes(
                engine,
                speaker=speaker,
                affiliation=affiliation,
                outlet=outlet,
                search=search,
                type=quote_type,
                document=document,
                limit=limit,
            )
        finally:
            engine.dispose()
    write_rows(
        rows,
        ("quote_id", *EXPORT_FIELDS),
        QUOTE_TABLE_COLUMNS,
        output_format,
        f"{len(rows)} quotes",
    )


@click.command()
@format_option
@db_option
def speakers(output_format: str, db_url: str) -> None:
    """List speakers, most quoted first, with their gender, roles, affiliations and outlets.

    One row per person or organisation, merged across documents. The gender
    is only what the articles state (pronoun, honorific, role noun: see
    gender_evidence), never guessed from a name; empty when unknown or when
    the evidence conflicts.
    """
    with store_errors():
        engine = open_database(db_url)
        try:
            rows = list_speakers(engine)
        finally:
            engine.dispose()
    write_rows(rows, SPEAKER_FIELDS, SPEAKER_TABLE_COLUMNS, output_format, f"{len(rows)} speakers")


@click.command()
@click.argument("query")
@format_option
@db_option
def sql(query: str, output_format: str, db_url: str) -> None:
    """Run one read-only SQL statement and print its rows.

    The database is opened read-only: statements that would change it
    (INSERT, DELETE, DROP, ATTACH, PRAGMA settings ...) are refused, and so
    is more than one statement. The view quote_view has one readable row per
    quote.

    \b
    Example:
      attribution sql "SELECT speaker, text FROM quote_view WHERE speaker LIKE '%Mukhanov%'"
    """
    with store_errors():
        open_database(db_url).dispose()  # bring the schema up to date first
        columns, rows = run_readonly_sql(db_url, query)
    if output_format == "table":
        print_table(columns, rows, clip=False)
    else:
        dicts = [dict(zip(columns, row, strict=True)) for row in rows]
        write_rows(dicts, columns, columns, output_format, "")


@contextmanager
def _output_stream(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as stream:
        yield stream


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("jsonl", "csv")),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per quote; csv: with a header line.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default="-",
    help="File to write (default: standard output).",
)
@db_option
def export(output_format: str, output: str, db_url: str) -> None:
    """Export every stored quote with its speaker, role, affiliation and outlet.

    Fields: document, type, text, start, end, speaker, speaker_kind,
    speaker_mention, speaker_start, speaker_end, role, affiliation, outlet,
    cue, confidence. Offsets index the stored document text.
    """
    with store_errors():
        engine = open_database(db_url)
        try:
            with _output_stream(output) as stream:
                rows = iter_export_rows(engine)
                if output_format == "csv":
                    write_csv(rows, EXPORT_FIELDS, stream)
                else:
                    write_jsonl(rows, stream)
        finally:
            engine.dispose()
