"""What a parsing worker process runs: the pipeline loaded once, texts in, quotes or error text out.

Kept apart from ``attribution.jobs`` so that a worker imports spaCy and the
extractor only, not the store and its migrations: a worker process starts
sooner.
"""

from __future__ import annotations

import signal

from sqlalchemy.exc import DBAPIError

from attribution.model import Quote

#: What parsing one text gives: its quotes, or the exception it raised.
Outcome = list[Quote] | Exception


class ExtractionFailure(Exception):
    """An extraction error carried back from a worker process as plain text."""


def describe_exception(exc: BaseException) -> str:
    """One line naming what went wrong; a database error without its SQL and parameters."""
    if isinstance(exc, ExtractionFailure):
        return str(exc)
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    return f"{type(exc).__name__}: {exc}"


def init_worker(model_name: str) -> None:
    """Load the pipeline once per worker process; workers leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from attribution.pipeline import load_pipeline

    load_pipeline(model_name)


def extract_texts(model_name: str, texts: list[str]) -> list[Outcome]:
    """Quotes of each text with the (per-process cached) pipeline, for another process to receive.

    Failures travel as ``ExtractionFailure`` text: not every exception type pickles.
    """
    from attribution.pipeline import extract_batch, load_pipeline

    return [
        ExtractionFailure(describe_exception(o)) if isinstance(o, Exception) else o
        for o in extract_batch(load_pipeline(model_name), texts)
    ]
