"""``attribution eval``: score predictions against gold files (GUIDELINES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from attribution.cli.options import model_option
from attribution.evaluate import (
    EvalReport,
    GoldError,
    evaluate,
    format_report,
    group_rows,
    load_gold_dir,
    load_predictions_jsonl,
)
from attribution.evaluate.error_kinds import DEFAULT_EXAMPLES, format_errors, group_errors

if TYPE_CHECKING:
    from attribution.baseline import BaselineResult


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Score the quotes stored in this database (SQLAlchemy URL or SQLite file path).",
)
@click.option(
    "--predictions",
    "predictions_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE.jsonl",
    help="Score these quotes: one JSON object per line with the export keys (document, type, start, end, ...).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--lenient", is_flag=True, help="Lenient matching: overlap covers at least 30% of the gold span.")
@click.option(
    "--baseline",
    type=click.Choice(["textacy"]),
    default=None,
    help="Also score a baseline on GOLD_DIR/*.txt (textacy: direct quotes only).",
)
@model_option
@click.option(
    "--details/--no-details",
    default=True,
    show_default=True,
    help="List misses, false positives and wrong speakers (with --errors only when given explicitly).",
)
@click.option(
    "--errors",
    "show_errors",
    is_flag=True,
    help="Group the errors by kind with counts (see below); replaces the --details listing.",
)
@click.option(
    "--examples",
    type=click.IntRange(min=0),
    default=DEFAULT_EXAMPLES,
    show_default=True,
    metavar="N",
    help="With --errors: print up to N examples of each kind (0: the table only).",
)
@click.pass_context
def eval_command(
    ctx: click.Context,
    gold_dir: Path,
    db_url: str | None,
    predictions_file: Path | None,
    as_json: bool,
    lenient: bool,
    baseline: str | None,
    model: str | None,
    details: bool,
    show_errors: bool,
    examples: int,
) -> None:
    """Score quotes against the gold files of GOLD_DIR (NAME.gold.json next to NAME.txt).

    \b
    The quotes scored are, in order of preference:
      --predictions FILE.jsonl   quotes exported as JSON Lines
      --db URL                   quotes stored in a database
      (neither)                  the extractor run on GOLD_DIR/*.txt
    Prints P/R/F1 for direct, indirect+mixed and all quotes, speaker accuracy,
    end-to-end scores and role/affiliation/outlet accuracy (GUIDELINES.md, "Scoring").

    \b
    --errors counts the failed checks of the "all" matching by kind (a matched
    quote fails one check per wrong value); each is in exactly one kind:
      missed                 gold quote matched by no prediction
      spurious               prediction matching no gold quote
      no_speaker             gold speaker (scored) not null, predicted null
      partial_name           both non-null, one normalised name's words a
                             whole-word subsequence of the other's (Horvat /
                             Bo Horvat)
      wrong_speaker          both non-null, different, not partial
      speaker_for_null_gold  gold speaker null (scored), a speaker predicted
      A_missing              gold A not null, predicted null
      A_different            gold A not null, predicted value neither
                             contains nor is contained in it
    where A is role, affiliation or outlet. The first three speaker kinds add
    up to speaker total - correct of the "all" row; all four to TP - e2e TP.
    With --json, --errors adds "errors": {"total", "counts": kind -> count,
    "findings": kind -> list}.
    """
    if db_url and predictions_file:
        raise click.UsageError("give at most one of --db and --predictions")
    if ctx.get_parameter_source("examples") == ParameterSource.COMMANDLINE and not show_errors:
        raise click.UsageError("--examples needs --errors")
    if show_errors and ctx.get_parameter_source("details") != ParameterSource.COMMANDLINE:
        details = False
    try:
        gold = load_gold_dir(gold_dir)
    except GoldError as error:
        raise click.ClickException(str(error)) from error

    source, predictions = _predictions(gold_dir, db_url, predictions_file, model)
    report = evaluate(gold, predictions, lenient=lenient)
    baseline_result = baseline_report = None
    if baseline == "textacy":
        from attribution.baseline import textacy_predict_dir

        baseline_result = _with_model_errors(textacy_predict_dir, gold_dir, model)
        baseline_report = evaluate(gold, baseline_result.predictions, lenient=lenient)

    if as_json:
        click.echo(json.dumps(_report_data(report, baseline, baseline_result, baseline_report, show_errors),
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"Scoring: {source}")
    click.echo(format_report(report, details=details))
    if show_errors:
        click.echo("")
        click.echo(format_errors(group_errors(report), examples=examples))
    if baseline_report is not None:
        _echo_baseline(gold_dir, baseline_result, baseline_report, show_errors)


def _report_data(
    report: EvalReport,
    baseline: str | None,
    baseline_result: BaselineResult | None,
    baseline_report: EvalReport | None,
    show_errors: bool,
) -> dict:
    """The ``--json`` document: the report, with ``errors`` and the ``baseline`` when asked for."""
    data = report.to_dict()
    if show_errors:
        data["errors"] = group_errors(report).to_dict()
    if baseline_report is not None:
        data["baseline"] = {
            "name": baseline,
            "failed_documents": baseline_result.errors,
            **baseline_report.to_dict(),
        }
        if show_errors:
            data["baseline"]["errors"] = group_errors(baseline_report).to_dict()
    return data


def _echo_baseline(
    gold_dir: Path, baseline_result: BaselineResult, baseline_report: EvalReport, show_errors: bool
) -> None:
    """The textacy baseline's scores (direct quotes only) and the documents it raised on."""
    click.echo("")
    click.echo(f"Baseline: textacy direct_quotations on {gold_dir}/*.txt (direct quotes only)")
    click.echo(
        f"textacy raised on {len(baseline_result.errors)} of {len(baseline_result.predictions)} "
        "documents (scored as having no quotes):"
    )
    for name, message in baseline_result.errors.items():
        click.echo(f"  {name}: {message.split(';')[0]}")
    click.echo("")
    click.echo(format_report(baseline_report, details=False))
    if show_errors:
        click.echo("")
        click.echo(format_errors(group_errors(baseline_report), examples=0))


def _predictions(
    gold_dir: Path, db_url: str | None, predictions_file: Path | None, model: str | None
) -> tuple[str, dict]:
    """``(description, predictions by document)`` for the chosen source."""
    if predictions_file is not None:
        try:
            predictions = load_predictions_jsonl(predictions_file)
        except (ValueError, KeyError, TypeError) as error:
            raise click.ClickException(f"{predictions_file}: unusable predictions ({error})") from error
        return f"predictions file {predictions_file}", predictions
    if db_url:
        return f"quotes stored in {db_url}", _stored_predictions(db_url)
    from attribution.evaluate import extract_dir

    predictions = _with_model_errors(extract_dir, gold_dir, model)
    return f"attribution extractor on {gold_dir}/*.txt", predictions


def _with_model_errors(function, *args):
    """Call ``function``, turning a missing spaCy model into a one-line CLI error."""
    from attribution.spacy_models import ModelNotFoundError

    try:
        return function(*args)
    except ModelNotFoundError as error:
        raise click.ClickException(str(error)) from error


def _stored_predictions(db_url: str) -> dict:
    """Quotes read from a database through the store's export rows."""
    from attribution.store.db import open_database
    from attribution.store.queries import iter_export_rows

    from sqlalchemy.exc import SQLAlchemyError

    try:
        engine = open_database(db_url)
        try:
            return group_rows(iter_export_rows(engine))
        finally:
            engine.dispose()
    except SQLAlchemyError as error:
        raise click.ClickException(f"cannot read quotes from {db_url}: {error}") from error
