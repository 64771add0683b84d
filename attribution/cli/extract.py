"""``attribution extract``: read articles, find their quotes, store both."""

from __future__ import annotations

import sys
from functools import partial

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from attribution.cli.db import store_errors
from attribution.cli.options import db_option, model_option


@click.command(
    epilog="""\b
Exit status:
  0    every document was stored or was already stored
  1    some documents failed (listed in the summary and in document_errors)
  2    bad usage, no model installed, or the database cannot be opened
  130  interrupted (Ctrl-C or SIGTERM); the run is marked interrupted, and
       a re-run of the same command picks up where it stopped
"""
)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@model_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parser processes; each loads the model once. Use the number of cores.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Documents per parser batch.",
)
@click.option(
    "--input-format",
    type=click.Choice(["auto", "text", "jsonl", "html"]),
    default="auto",
    show_default=True,
    help="auto: the file name tells the kind (see PATH above), other files named on the command "
    "line are one text article each; stdin is JSON Lines if it starts with '{', an HTML page if it "
    "starts with '<!doctype html' or '<html', else text. text, jsonl, html: every file and stdin is of "
    "that kind (still gunzipped when its name ends in .gz).",
)
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: parse in --workers processes on this machine; dask: parse on the Dask cluster "
    "at --scheduler (needs `pip install 'attribution[dask]'`); this process stores the results.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="Dask scheduler address for --engine dask, e.g. tcp://host:8786 (also $DASK_SCHEDULER_ADDRESS).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def extract(
    paths: tuple[str, ...],
    db_url: str,
    model: str | None,
    workers: int,
    batch_size: int,
    input_format: str,
    engine_name: str,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Extract the quotes of every article in PATH... and store them.

    \b
    PATH is one of
      x.txt              one article
      x.html, x.htm      a saved web page: its article text and metadata
                         (title, author, date, canonical URL, site name)
      x.jsonl, x.ndjson  one article per line: "text" (or "html", a page)
                         and optional "id", "title", "url", "date", which
                         win over the page's metadata
      x.warc             a web archive: every HTML page (HTTP 200) is an
                         article; other records are counted as skipped
      x.<any of these>.gz  the same, gzip-compressed (x.warc.gz, x.html.gz)
      a directory        its files of these kinds, recursively
      -                  stdin

    Each document is stored with its quotes atomically (each parse batch in one
    transaction; a document the database refuses rolls back alone). A document whose text is already
    in the database is skipped, so re-running a job adds nothing twice. A document that cannot be read or parsed is recorded in the
    document_errors table with the reason, and the job goes on.
    """
    from attribution.inputs import count_input_files, iter_inputs
    from attribution.jobs import run_job
    from attribution.spacy_models import ModelNotFoundError, resolve_model_name
    from attribution.store.db import open_database

    console = Console(stderr=True)
    try:
        resolve_model_name(model)
    except ModelNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    run = partial(run_job, workers=workers)
    if engine_name == "dask":
        if not scheduler:
            raise click.UsageError("--engine dask needs --scheduler ADDRESS (or $DASK_SCHEDULER_ADDRESS)")
        try:
            from attribution.distributed import run_dask_job
        except ImportError:
            raise click.UsageError("--engine dask needs Dask: pip install 'attribution[dask]'") from None
        run = partial(run_dask_job, scheduler=scheduler)
    try:
        with store_errors():
            engine = open_database(db_url)
    except click.ClickException as error:
        raise DatabaseUnavailable(f"cannot open the database {db_url}: {error.message}") from None
    items = iter_inputs(paths, input_format)
    options = {"paths": list(paths), "input_format": input_format}
    show_progress = not quiet and console.is_terminal
    with (
        store_errors(),
        _progress_bar(console, count_input_files(paths) if show_progress else None, show_progress) as advance,
    ):
        summary = run(engine, items, model=model, batch_size=batch_size, options=options, progress=advance)
    if not quiet:
        _print_summary(console, summary, db_url)
    sys.exit(summary.exit_code)


class DatabaseUnavailable(click.ClickException):
    """The database cannot be opened or upgraded: exit status 2, like bad usage."""

    exit_code = 2


class _progress_bar:
    """A rich progress bar on a terminal; a no-op callback elsewhere."""

    def __init__(self, console: Console, total: int | None, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.total = total
        self.counts = {"stored": 0, "skipped": 0, "failed": 0}

    def __enter__(self):
        if not self.enabled:
            return None
        self.progress.start()
        self.task = self.progress.add_task("extracting", total=self.total)
        return self.advance

    def advance(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        description = " ".join(f"{k} {v}" for k, v in self.counts.items())
        self.progress.update(self.task, advance=1, description=description)

    def __exit__(self, *exc_info) -> None:
        if self.enabled:
            self.progress.stop()


def _print_summary(console: Console, summary, db_url: str) -> None:
    line = (
        f"[bold]{summary.status}[/]: {summary.read} documents read, {summary.stored} stored, "
        f"{summary.skipped} skipped (already stored), {summary.failed} failed; "
        f"{summary.quotes} quotes found in {summary.elapsed:.1f} s (run {summary.run_id}, {db_url})"
    )
    if summary.records_skipped:
        line += f"; {summary.records_skipped} web archive records skipped (not an HTML page)"
    console.print(line, highlight=False)
    for message in summary.errors:
        console.print(f"  [red]failed[/] {escape(message)}", highlight=False)
    if summary.failed > len(summary.errors):
        console.print(
            f"  … and {summary.failed - len(summary.errors)} more: attribution runs --errors {summary.run_id}",
            highlight=False,
        )
    if summary.abandoned_runs:
        from attribution.store.runs import STALE_AFTER

        runs = ", ".join(map(str, summary.abandoned_runs))
        console.print(
            f"earlier run(s) {runs} marked interrupted (their process is gone or gave no sign of life "
            f"for {int(STALE_AFTER.total_seconds() // 60)} minutes): attribution runs",
            highlight=False,
        )
