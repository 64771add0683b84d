"""The extraction job on a Dask cluster: parse on the workers, store from the client.

``run_dask_job`` is ``jobs.run_job`` with the parsing moved to Dask workers.
The client reads the inputs, skips texts already stored, and submits batches
of texts as tasks; each worker loads the spaCy pipeline once (a worker plugin
loads it when the worker joins; ``nlp.load_pipeline`` caches it) and returns
plain ``Quote`` lists. The client stores them as a job does (a transaction
per batch, a document the database refuses rolled back alone:
``store.documents.DocumentWriter``), in
input order, so the database is the one a single-process job makes: same
documents, same quotes, same speakers.

Writing from the client keeps the database reachable from one machine only,
works with SQLite as well as PostgreSQL, and keeps the run bookkeeping
(counts, errors, interruption) in one place. Its limit is the client's write
rate (see ``bench/run.py``): far above what a few dozen parsing workers
produce. At most ``BATCHES_IN_FLIGHT_PER_WORKER + 1`` batches per worker
thread are in flight, so memory stays bounded whatever the input size.

Needs ``pip install 'attribution[dask]'`` on the client and on every worker,
with the same spaCy model installed everywhere.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterable, Iterator
from functools import partial

from distributed import Client, Future, KilledWorker
from distributed.deploy import Cluster
from distributed.diagnostics.plugin import WorkerPlugin
from sqlalchemy.engine import Engine

from attribution.inputs import InputItem
from attribution.jobs import (
    BATCHES_IN_FLIGHT_PER_WORKER,
    DEFAULT_BATCH_SIZE,
    JobSummary,
    ProgressCallback,
    run_job,
    with_tail_shared,
)
from attribution.model import Document
from attribution.workers import ExtractionFailure, Outcome, extract_texts
from attribution.store.db import open_database


class PipelinePreloader(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts (or joins later), once per worker process."""

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    async def setup(self, worker) -> None:
        from attribution.pipeline import load_pipeline

        # Off the event loop: loading takes seconds and the worker must keep answering heartbeats.
        await asyncio.to_thread(load_pipeline, self.model_name)


def run_dask_job(
    db: str | Engine,
    items: Iterable[InputItem],
    *,
    scheduler: str | Client | Cluster,
    model: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    options: dict | None = None,
    progress: ProgressCallback | None = None,
) -> JobSummary:
    """Extract and store every document of ``items`` using the Dask cluster at ``scheduler``.

    ``db`` is a database URL or an engine; ``scheduler`` is a scheduler
    address (``tcp://host:8786``), a ``Client`` or a ``Cluster`` object. The
    run is ``jobs.run_job``'s, with ``engine: dask`` and the scheduler address
    in its options.
    """
    from attribution.spacy_models import resolve_model_name

    model_name = resolve_model_name(model)
    owns_client = not isinstance(scheduler, Client)
    client = Client(scheduler) if owns_client else scheduler
    engine = open_database(db) if isinstance(db, str) else db
    try:
        client.register_plugin(PipelinePreloader(model_name), name=f"attribution-pipeline-{model_name}")
        return run_job(
            engine,
            items,
            model=model_name,
            workers=len(client.nthreads()),
            batch_size=batch_size,
            options={**(options or {}), "engine": "dask", "scheduler": client.scheduler.address},
            progress=progress,
            parser=partial(parse_on_dask, client),
        )
    finally:
        if engine is not db:
            engine.dispose()
        if owns_client:
            client.close()


def parse_on_dask(
    client: Client, batches: Iterable[list[Document]], model_name: str
) -> Iterator[tuple[list[Document], list[Outcome]]]:
    """Parse batches as Dask tasks, yielding results in input order.

    One task a batch; the last batches are shared out among the worker threads
    (``jobs.with_tail_shared``). At most ``(1 + BATCHES_IN_FLIGHT_PER_WORKER)`` tasks per worker thread
    (counted again before each submission, so a cluster that grows gets more)
    are in flight. A batch whose task killed its workers (``KilledWorker``:
    a crash or out-of-memory) fails each of its documents; the job goes on.
    """
    pending: deque[tuple[list[Document], Future]] = deque()
    try:
        for batch in with_tail_shared(batches, _threads(client)):
            pending.append((batch, client.submit(extract_texts, model_name, [d.text for d in batch], pure=False)))
            if len(pending) >= _window(client):
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        if pending:
            client.cancel([future for _, future in pending])


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def _window(client: Client) -> int:
    return _threads(client) * (1 + BATCHES_IN_FLIGHT_PER_WORKER)


def _result(batch: list[Document], future: Future) -> tuple[list[Document], list[Outcome]]:
    try:
        return batch, future.result()
    except KilledWorker as exc:
        failure = ExtractionFailure(f"the Dask task parsing this batch killed its workers ({exc})")
        return batch, [failure] * len(batch)
    finally:
        future.release()
