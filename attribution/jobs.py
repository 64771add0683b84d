"""Extraction jobs: stream documents through the parser into the database.

A job reads ``InputItem``s lazily, skips documents whose text is already
stored, counts the web archive records that are no article
(``SkippedRecord``), parses the rest in batches (in this process or in ``workers``
processes), and stores the documents through a ``documents.DocumentWriter``:
each document with its quotes atomically (a SAVEPOINT), each parse batch in
one transaction (at most ``documents.BATCH_DOCUMENTS`` documents). Bad inputs and failed extractions are
recorded in ``document_errors``; nothing stops the job but Ctrl-C (SIGINT) or
SIGTERM, after which the documents already parsed are stored and the run is
marked ``interrupted``. Memory is bounded by the batch size and the number of
batches in flight, not by the input size.

While it runs, a timer thread refreshes the run's heartbeat (with the counts
so far) every ``runs.HEARTBEAT_SECONDS``, whether documents are coming or
not (a slow input, a long batch); a heartbeat that fails (database locked,
connection lost) is logged and never fails the job. A job that dies without a
word (SIGKILL, power cut) leaves its run ``running`` until the next job on the
database starts and marks it ``interrupted`` (``runs.mark_abandoned_runs``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from multiprocessing import get_context

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from attribution import EXTRACTOR_VERSION
from attribution.inputs import InputError, InputItem, SkippedRecord
from attribution.model import Document
from attribution.store import documents, runs
from attribution.workers import Outcome, describe_exception, extract_texts, init_worker

log = logging.getLogger(__name__)

#: Documents per parser batch (``nlp.pipe`` batch and the unit sent to a worker).
DEFAULT_BATCH_SIZE = 16
#: Batches queued per worker process beyond the one it is parsing.
BATCHES_IN_FLIGHT_PER_WORKER = 2

ProgressCallback = Callable[[str], None]
#: Parses batches of documents with the named model, yielding each batch with
#: one outcome per document, in input order.
BatchParser = Callable[[Iterable[list[Document]], str], Iterator[tuple[list[Document], list[Outcome]]]]


@dataclass(slots=True)
class JobSummary:
    """What a job did; ``exit_code`` is what the CLI returns."""

    run_id: int
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    quotes: int = 0
    #: Web archive records that are no article (images, redirects, requests ...); not documents.
    records_skipped: int = 0
    status: str = "running"
    elapsed: float = 0.0
    errors: list[str] = field(default_factory=list)
    #: Earlier runs this job found dead (process gone) and marked ``interrupted``.
    abandoned_runs: list[int] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.status == "interrupted":
            return 130
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        """The run counters under the names the ``runs`` table uses."""
        return {
            "documents_read": self.read,
            "documents_stored": self.stored,
            "documents_skipped": self.skipped,
            "documents_failed": self.failed,
            "quotes_stored": self.quotes,
        }


#: At most this many error messages are kept on the summary for display.
MAX_ERRORS_SHOWN = 20


def run_job(
    engine: Engine,
    items: Iterable[InputItem],
    *,
    model: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    options: dict | None = None,
    progress: ProgressCallback | None = None,
    parser: BatchParser | None = None,
) -> JobSummary:
    """Extract and store every document of ``items``; returns the summary of the run.

    Batches are parsed in this process (``workers == 1``), in ``workers``
    processes, or by ``parser`` when given (the Dask engine passes its own).
    """
    from attribution.spacy_models import model_meta, resolve_model_name

    model_name = resolve_model_name(model)
    meta_name, meta_version = model_meta(model_name)
    abandoned = runs.mark_abandoned_runs(engine)
    run_id = runs.start_run(
        engine,
        model_name=meta_name,
        model_version=meta_version,
        extractor_version=EXTRACTOR_VERSION,
        options={**(options or {}), "workers": workers, "batch_size": batch_size, "model": model_name},
    )
    summary = JobSummary(run_id=run_id, abandoned_runs=abandoned)
    started = time.monotonic()
    heartbeat = _Heartbeat(engine, summary)
    notify = progress or (lambda outcome: None)
    parse = parser or (partial(_parse_in_workers, workers=workers) if workers > 1 else _parse_here)
    writer = documents.DocumentWriter(engine, run_id, partial(_count, summary, notify))
    try:
        heartbeat.start()
        with _StopSignals() as stop_signals:
            try:
                batches = _new_document_batches(engine, writer, items, batch_size, summary, notify, stop_signals)
                for batch, outcomes in parse(batches, model_name):
                    _store_batch(writer, batch, outcomes, stop_signals)
            finally:
                with stop_signals.deferred():
                    writer.flush()  # input failures recorded since the last batch
        summary.status = "completed"
    except KeyboardInterrupt:
        summary.status = "interrupted"
    except BaseException:
        summary.status = "failed"
        raise
    finally:
        heartbeat.stop()  # before the run is finished: no beat may follow (it would reopen the run)
        summary.elapsed = time.monotonic() - started
        runs.finish_run(engine, run_id, status=summary.status, counts=summary.counts())
    return summary


def _store_batch(
    writer: documents.DocumentWriter,
    batch: Sequence[Document],
    outcomes: Sequence[Outcome],
    stop_signals: _StopSignals,
) -> None:
    """Store a parsed batch (and the failures of its documents) in one transaction;
    a stop signal waits until it is committed and counted."""
    with stop_signals.deferred():
        for document, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                message = f"{document.name}: extraction failed ({describe_exception(outcome)})"
                writer.add_failure(document.name, message, documents.text_sha256(document.text))
            else:
                writer.add(document, outcome)
        writer.flush()


def _count(summary: JobSummary, notify: ProgressCallback, result: documents.WriteResult) -> None:
    """Count a document the writer has committed, and report which counter moved."""
    if result.status == "stored":
        summary.stored += 1
        summary.quotes += result.quotes
    elif result.status == "skipped":
        summary.skipped += 1
    else:
        summary.failed += 1
        if len(summary.errors) < MAX_ERRORS_SHOWN:
            summary.errors.append(result.message)
    notify(result.status)


class _Heartbeat:
    """A daemon thread refreshing the run's heartbeat and saved counts every ``runs.HEARTBEAT_SECONDS``.

    A database error in a beat is logged as a warning and the next beat tried
    as usual. ``stop`` returns once the thread has ended, so no beat is
    written after it.
    """

    def __init__(self, engine: Engine, summary: JobSummary) -> None:
        self.engine = engine
        self.summary = summary
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"attribution-heartbeat-run-{summary.run_id}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        interval = runs.HEARTBEAT_SECONDS
        while not self._stopped.wait(interval):
            try:
                runs.touch_run(self.engine, self.summary.run_id, self.summary.counts())
            except DBAPIError as exc:
                log.warning(
                    "run %d: heartbeat not saved (%s); the job goes on",
                    self.summary.run_id,
                    describe_exception(exc),
                )


def _new_document_batches(
    engine: Engine,
    writer: documents.DocumentWriter,
    items: Iterable[InputItem],
    batch_size: int,
    summary: JobSummary,
    notify: ProgressCallback,
    stop_signals: _StopSignals,
) -> Iterator[list[Document]]:
    """Batches of documents not yet stored; input errors go to the writer on the way."""
    batch: list[Document] = []
    for item in items:
        if isinstance(item, SkippedRecord):
            summary.records_skipped += 1
            continue
        summary.read += 1
        if isinstance(item, InputError):
            with stop_signals.deferred():
                writer.add_failure(item.name, item.message)
            continue
        if documents.is_stored(engine, documents.text_sha256(item.text)):
            summary.skipped += 1
            notify("skipped")
            continue
        batch.append(item)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- parsing here or in worker processes -------------------------------------------------


def _parse_here(
    batches: Iterable[list[Document]], model_name: str
) -> Iterator[tuple[list[Document], list[Outcome]]]:
    from attribution.pipeline import extract_batch, load_pipeline

    nlp = load_pipeline(model_name)
    for batch in batches:
        yield batch, extract_batch(nlp, [d.text for d in batch])


def _parse_in_workers(
    batches: Iterable[list[Document]], model_name: str, workers: int
) -> Iterator[tuple[list[Document], list[Outcome]]]:
    """Parse batches in ``workers`` processes, yielding results in input order.

    Each worker parses whole batches, except the last ``workers`` batches of
    the input, which are shared out among them (``with_tail_shared``) so that
    no worker sits idle while another parses the last batch. At most
    ``workers * (1 + BATCHES_IN_FLIGHT_PER_WORKER)`` batches or shares are in
    flight, so a huge input is never read ahead into memory.
    """
    window = workers * (1 + BATCHES_IN_FLIGHT_PER_WORKER)
    pending: deque[tuple[list[Document], Future]] = deque()
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=init_worker,
        initargs=(model_name,),
    )
    try:
        for batch in with_tail_shared(batches, workers):
            pending.append((batch, executor.submit(extract_texts, model_name, [d.text for d in batch])))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def with_tail_shared(batches: Iterable[list[Document]], workers: int) -> Iterator[list[Document]]:
    """``batches`` as they come, but the last ``workers`` of them each cut into at most ``workers`` shares.

    Whole batches make the best use of a worker (``nlp.pipe`` is faster on
    bigger batches), but at the end of a job the worker given the last batch
    parses it alone. Holding ``workers`` batches back until the next ones
    arrive shows which ones are the last.
    """
    held: deque[list[Document]] = deque()
    for batch in batches:
        held.append(batch)
        if len(held) > workers:
            yield held.popleft()
    for batch in held:
        size = -(-len(batch) // workers)
        yield from (batch[start : start + size] for start in range(0, len(batch), size))


class _StopSignals:
    """Within the block SIGINT and SIGTERM stop the job by raising ``KeyboardInterrupt``.

    Inside ``deferred()`` (storing one document and counting it) a signal is
    held back until the block ends, so the document in hand is stored and
    counted, never half-counted. Signal handlers can only be set from the
    main thread; elsewhere the block changes nothing.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self._previous: dict[int, object] = {}
        self._deferring = False
        self._pending = False

    def __enter__(self) -> _StopSignals:
        if threading.current_thread() is threading.main_thread():
            self._previous = {signum: signal.signal(signum, self._handle) for signum in self.SIGNALS}
        return self

    def __exit__(self, *exc_info) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum, frame) -> None:
        if self._deferring:
            self._pending = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self._pending:
            raise KeyboardInterrupt
