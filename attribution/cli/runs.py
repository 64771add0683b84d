"""``attribution runs``: what the extraction jobs did, and which documents failed."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from attribution.cli.db import store_errors
from attribution.cli.options import db_option
from attribution.cli.read import format_option, print_table, write_csv, write_jsonl
from attribution.store import (
    DOCUMENT_ERROR_FIELDS,
    RUN_FIELDS,
    list_document_errors,
    list_runs,
    mark_abandoned_runs,
    open_database,
)
from attribution.store.runs import HEARTBEAT_SECONDS, STALE_AFTER

RUN_TABLE_COLUMNS = (
    "id",
    "started",
    "finished",
    "status",
    "model",
    "read",
    "stored",
    "skipped",
    "failed",
    "quotes",
)
ERROR_TABLE_COLUMNS = ("run_id", "document", "message")
#: What ``--errors`` without a run id stands for.
ALL_RUNS = "all"


class RunIdType(click.ParamType):
    """A run id (a positive integer), or ``all``."""

    name = "run_id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if value == ALL_RUNS or isinstance(value, int):
            return value
        text = str(value)
        if text.isascii() and text.isdigit() and int(text) > 0:  # isdigit alone takes "²" and "١"
            return int(text)
        self.fail(f"{value!r} is not a run id (a positive integer) nor {ALL_RUNS!r}", param, ctx)


def _shown_times(row: dict[str, Any], output_format: str) -> dict[str, Any]:
    """``row`` with its datetimes as text: ISO 8601 for jsonl and csv, shorter for the table."""
    return {
        key: (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if output_format == "table"
            else value.isoformat(timespec="seconds")
        )
        if isinstance(value, datetime)
        else value
        for key, value in row.items()
    }


def _write(
    rows: list[dict[str, Any]],
    fields: tuple[str, ...],
    table_columns: tuple[str, ...],
    output_format: str,
    title: str,
) -> None:
    """``rows`` in ``output_format``; as a table, no rows are one line saying so (``title``)."""
    rows = [_shown_times(row, output_format) for row in rows]
    if output_format == "table" and not rows:
        click.echo(title)
    elif output_format == "jsonl":
        write_jsonl(rows, sys.stdout)
    elif output_format == "csv":
        write_csv(rows, fields, sys.stdout)
    else:
        print_table(
            table_columns, ([row[c] for c in table_columns] for row in rows), title, clip=False
        )


RUNS_HELP = f"""List the extraction runs, newest first, with what each one did.

Each run is one `attribution extract`: when it started and finished, its
status, the model, and how many documents it read, stored, skipped (already
stored) and failed on, and how many quotes it stored. Times are UTC.

\b
Status:
  running      the job is at work
  completed    it went through all its input
  interrupted  stopped by Ctrl-C or SIGTERM, or its process died without a
               word (SIGKILL, power cut, out of memory); re-run the same
               command to finish its work
  failed       it stopped on an unexpected error

A job killed without a word cannot mark its own run, so the run still
shows running. The next job on the database, and this command, mark it
interrupted, ending at its last heartbeat, once they see that its process is
gone or that its heartbeat (refreshed every {int(HEARTBEAT_SECONDS)} s while a job runs) is
more than {int(STALE_AFTER.total_seconds() // 60)} minutes old. The process itself is checked only for a job
on this machine and in the same container (pid namespace) as the check;
any other job is judged by its heartbeat alone.

\b
Examples:
  attribution runs --limit 5
  attribution runs --errors          # the failed documents of every run
  attribution runs --errors 3 --format csv
"""


@click.command(help=RUNS_HELP)
@click.option(
    "--errors",
    "errors_of",
    type=RunIdType(),
    is_flag=False,
    flag_value=ALL_RUNS,
    default=None,
    metavar="[RUN_ID]",
    help="List the documents that failed, and why: of run RUN_ID, or of every run.",
)
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N rows.")
@format_option
@db_option
def runs(errors_of: int | str | None, limit: int | None, output_format: str, db_url: str) -> None:
    """List the runs, or with ``--errors`` the documents they failed on (help: ``RUNS_HELP``)."""
    run_id = None if errors_of in (None, ALL_RUNS) else int(errors_of)
    with store_errors():
        engine = open_database(db_url)
        try:
            if errors_of is None:
                mark_abandoned_runs(engine)
                rows = list_runs(engine, limit=limit)
            else:
                rows = list_document_errors(engine, run_id, limit=limit)
        finally:
            engine.dispose()
    if errors_of is None:
        _write(rows, RUN_FIELDS, RUN_TABLE_COLUMNS, output_format, _count(rows, "run"))
    else:
        of_run = "" if run_id is None else f" of run {run_id}"
        title = _count(rows, "failed document") + of_run
        _write(rows, DOCUMENT_ERROR_FIELDS, ERROR_TABLE_COLUMNS, output_format, title)


def _count(rows: list, noun: str) -> str:
    """``"no runs"``, ``"1 run"``, ``"2 runs"``."""
    return f"{len(rows) or 'no'} {noun}{'' if len(rows) == 1 else 's'}"
