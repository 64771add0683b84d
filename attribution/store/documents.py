"""Documents: each stored with all its quotes, or not at all.

Input is ``attribution.model.Document`` and ``attribution.model.Quote``; this
module knows nothing of spaCy. A text is stored once: documents are
identified by the SHA-256 of their text. A document that cannot be read or
extracted is recorded in ``document_errors``.

Jobs write through a ``DocumentWriter``: it holds documents until it is
flushed (a job flushes after every parse batch) or holds
``BATCH_DOCUMENTS``, then writes them all in one transaction: first all
together, a statement per table; if the database refuses that, with a
SAVEPOINT per document, so a document that fails rolls back alone (and is
recorded in ``document_errors``) while the others of its batch are stored.
Quotes whose offsets do not fit their text are caught before either.
``store_document`` stores one document in its own transaction.

Every write transaction takes the write lock at its start
(``db.write_transaction``): a transaction that read first and wrote later
could find that another process wrote meanwhile, which SQLite reports as
"database is locked" at once, without waiting for the busy timeout.

On SQLite the full-text index ``quotes_fts`` is filled by the writers here,
once per transaction (``_indexing_new_quotes``), not by a trigger per row
(migration 0007): FTS5 flushes its pending index at every statement and
savepoint, so a statement per transaction is about twice as fast.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, exists, func, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from attribution import model
from attribution.store.db import is_database_locked, write_transaction
from attribution.store.schema import Document, DocumentError, Quote
from attribution.store.speakers import SpeakerDirectory, organization_id

#: How often a write transaction is attempted when SQLite says "database is locked".
WRITE_ATTEMPTS = 5
#: Seconds before the first retry; doubled after each further failure.
RETRY_DELAY = 0.2
#: Most documents a ``DocumentWriter`` writes in one transaction.
BATCH_DOCUMENTS = 100


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_stored(engine: Engine, sha256: str) -> bool:
    """Whether a document whose text has this SHA-256 is already stored."""
    with engine.connect() as connection:
        return _already_stored(connection, sha256)


# Statements built once: building a statement costs more than running it on SQLite.
_STORED = select(exists().where(Document.text_sha256 == bindparam("sha256")))
_STORED_AMONG = select(Document.text_sha256).where(
    Document.text_sha256.in_(bindparam("sha256s", expanding=True))
)
_NEW_DOCUMENTS = insert(Document).returning(Document.id, sort_by_parameter_order=True)
_NEW_QUOTES = insert(Quote).returning(Quote.id)
_NEW_ERROR = insert(DocumentError)
_LAST_QUOTE_ID = select(func.coalesce(func.max(Quote.id), 0))
_INDEX_QUOTES_AFTER = text(
    "INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes WHERE id > :before"
)


def _already_stored(connection: Connection, sha256: str) -> bool:
    return bool(connection.scalar(_STORED, {"sha256": sha256}))


def record_error(
    engine: Engine, run_id: int, document_name: str, message: str, sha256: str | None = None
) -> None:
    """Record that ``run_id`` failed on a document, and why."""
    with write_transaction(engine) as connection:
        _insert_error(connection, run_id, document_name, message, sha256)


def _insert_error(
    connection: Connection, run_id: int, document_name: str, message: str, sha256: str | None
) -> None:
    connection.execute(_NEW_ERROR, _error_row(run_id, document_name, message, sha256))


def _error_row(run_id: int, document_name: str, message: str, sha256: str | None) -> dict[str, Any]:
    return {"run_id": run_id, "document_name": document_name, "text_sha256": sha256, "message": message}


def store_document(
    engine: Engine, run_id: int, document: model.Document, quotes: Sequence[model.Quote]
) -> bool:
    """Store a document and its quotes in one transaction; False if its text is already stored.

    Returns False and writes nothing when the same text is stored already,
    also when another process stores it at the same moment. Retries a few
    times, with growing pauses, while SQLite reports the database locked
    (and once on a server database when a concurrent process created the
    same speaker or organisation).

    Raises ``ValueError`` (writing nothing) when a quote's offsets do not
    match the text.
    """
    for quote in quotes:
        check_quote(document, quote)
    sha256 = text_sha256(document.text)

    def write(connection: Connection) -> bool:
        with _indexing_new_quotes(connection):
            return _store_in_savepoint(connection, run_id, document, sha256, quotes)

    return _in_write_transaction(engine, write)


def _in_write_transaction(engine: Engine, write: Callable[[Connection], Any]) -> Any:
    """``write(connection)`` in a write transaction, tried again while SQLite reports the database locked."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with write_transaction(engine) as connection:
                return write(connection)
        except OperationalError as error:
            if attempt == WRITE_ATTEMPTS - 1 or not is_database_locked(error):
                raise
        time.sleep(RETRY_DELAY * 2**attempt)
    raise AssertionError("unreachable")


def _store_in_savepoint(
    connection: Connection,
    run_id: int,
    document: model.Document,
    sha256: str,
    quotes: Sequence[model.Quote],
) -> bool:
    """Store a checked document inside a SAVEPOINT; False if its text is stored already.

    A failure rolls back this document alone and is raised, except a clash
    with the same text stored concurrently (False) and, on a server
    database, the first clash with a speaker or organisation another process
    created meanwhile (tried once more, and it will be found).
    """
    for attempt in range(2):
        try:
            with connection.begin_nested():
                if _already_stored(connection, sha256):
                    return False
                _add_documents(connection, run_id, [(document, sha256, quotes)])
            return True
        except IntegrityError:
            if _already_stored(connection, sha256):
                return False  # another process stored the same text first
            if attempt > 0 or connection.dialect.name == "sqlite":
                raise  # a real constraint violation, e.g. an unknown run id
    raise AssertionError("unreachable")


@contextmanager
def _indexing_new_quotes(connection: Connection) -> Iterator[None]:
    """Within the block, quotes inserted on ``connection`` are added to SQLite's ``quotes_fts``
    at its end, in one statement (no-op on other databases: their index is maintained by the database).

    Must be used inside a write transaction, which holds the write lock: every
    quote id above the highest at the start is then one of this transaction.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    before = connection.scalar(_LAST_QUOTE_ID)
    yield
    connection.execute(_INDEX_QUOTES_AFTER, {"before": before})


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What became of one document handed to a ``DocumentWriter``, once its batch is committed.

    ``status`` is ``stored``, ``skipped`` (text already stored) or ``failed``
    (recorded in ``document_errors`` with ``message``); ``quotes`` is the
    number of quotes stored.
    """

    name: str
    status: str
    quotes: int = 0
    message: str | None = None


@dataclass(frozen=True, slots=True)
class _Pending:
    document: model.Document | None  # None: a failure to record
    quotes: Sequence[model.Quote]
    name: str
    sha256: str | None
    message: str | None = None


class DocumentWriter:
    """Stores documents in batches: one transaction a batch, a SAVEPOINT a document.

    ``add`` and ``add_failure`` hold a document; ``flush``, or holding
    ``batch_documents``, writes what is held. Each document's
    ``WriteResult`` goes to ``on_result`` once its batch is committed, in the
    order the documents were added. A document whose quotes the store
    refuses (``check_quote``, a constraint) rolls back alone and is recorded
    as failed. A process killed before a batch commits loses that batch only;
    a re-run stores it (its texts are not stored).
    """

    def __init__(
        self,
        engine: Engine,
        run_id: int,
        on_result: Callable[[WriteResult], None],
        *,
        batch_documents: int = BATCH_DOCUMENTS,
    ) -> None:
        self.engine = engine
        self.run_id = run_id
        self.on_result = on_result
        self.batch_documents = batch_documents
        self._pending: list[_Pending] = []

    def add(self, document: model.Document, quotes: Sequence[model.Quote]) -> None:
        """Hold ``document`` with its quotes for the next batch."""
        self._hold(_Pending(document, quotes, document.name, text_sha256(document.text)))

    def add_failure(self, name: str, message: str, sha256: str | None = None) -> None:
        """Hold the record of a document that could not be read or extracted."""
        self._hold(_Pending(None, (), name, sha256, message))

    def _hold(self, pending: _Pending) -> None:
        self._pending.append(pending)
        if len(self._pending) >= self.batch_documents:
            self.flush()

    def flush(self) -> None:
        """Write every held document in one transaction, then report their results."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []  # if the write fails, the batch is not stored
        for result in _in_write_transaction(self.engine, partial(self._write, batch)):
            self.on_result(result)

    def _write(self, batch: list[_Pending], connection: Connection) -> list[WriteResult]:
        with _indexing_new_quotes(connection):
            together = self._write_together(connection, batch)
            if together is not None:
                return together
            return [self._write_one(connection, pending) for pending in batch]

    def _write_together(self, connection: Connection, batch: list[_Pending]) -> list[WriteResult] | None:
        """Write the batch's documents a statement per table, in one SAVEPOINT.

        Returns None, having written nothing, when the database refuses them
        (a constraint, or a text another process stored meanwhile): the
        caller then writes them one SAVEPOINT each, so that only the
        document at fault fails.
        """
        failures: dict[int, str] = {}
        new: dict[int, _Pending] = {}
        for number, pending in enumerate(batch):
            message = _refusal(pending)
            if message is None:
                new[number] = pending
            else:
                failures[number] = message
        stored = set()
        if new:
            stored = set(connection.scalars(_STORED_AMONG, {"sha256s": [p.sha256 for p in new.values()]}))
        for number, pending in list(new.items()):
            if pending.sha256 in stored:
                del new[number]  # stored already, or earlier in this batch
            stored.add(pending.sha256)
        try:
            with connection.begin_nested():
                if new:
                    _add_documents(
                        connection,
                        self.run_id,
                        [(p.document, p.sha256, p.quotes) for p in new.values()],
                    )
        except IntegrityError:
            return None
        if failures:
            connection.execute(
                _NEW_ERROR,
                [
                    _error_row(self.run_id, batch[number].name, message, batch[number].sha256)
                    for number, message in failures.items()
                ],
            )
        results = []
        for number, pending in enumerate(batch):
            if number in failures:
                results.append(WriteResult(pending.name, "failed", message=failures[number]))
            elif number in new:
                results.append(WriteResult(pending.name, "stored", len(pending.quotes)))
            else:
                results.append(WriteResult(pending.name, "skipped"))
        return results

    def _write_one(self, connection: Connection, pending: _Pending) -> WriteResult:
        message = _refusal(pending)
        if message is None:
            try:
                stored = _store_in_savepoint(
                    connection, self.run_id, pending.document, pending.sha256, pending.quotes
                )
                if not stored:
                    return WriteResult(pending.name, "skipped")
                return WriteResult(pending.name, "stored", len(pending.quotes))
            except IntegrityError as exc:
                message = _not_stored(pending.name, exc)
        _insert_error(connection, self.run_id, pending.name, message, pending.sha256)
        return WriteResult(pending.name, "failed", message=message)


def _refusal(pending: _Pending) -> str | None:
    """Why a held document cannot be stored without asking the database (None: it can be tried)."""
    if pending.document is None:
        return pending.message
    try:
        for quote in pending.quotes:
            check_quote(pending.document, quote)
    except ValueError as exc:
        return _not_stored(pending.name, exc)
    return None


def _not_stored(name: str, exc: Exception) -> str:
    return f"{name}: not stored ({_describe(exc)})"


def _describe(exc: Exception) -> str:
    """``Type: message``; a database error without its SQL and parameters."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    return f"{type(exc).__name__}: {exc}"


def check_quote(document: model.Document, quote: model.Quote) -> None:
    """Raise ``ValueError`` unless ``quote`` fits ``document`` and holds valid values.

    Its offsets must index its text and speaker mention in the document; its
    type, speaker kind and confidence must be allowed values.
    """
    text = document.text
    where = f"{document.name}: quote at {quote.start}:{quote.end}"
    if quote.type not in model.QUOTE_TYPES:
        raise ValueError(f"{where}: unknown quote type {quote.type!r}")
    if quote.speaker_kind is not None and quote.speaker_kind not in model.SPEAKER_KINDS:
        raise ValueError(f"{where}: unknown speaker kind {quote.speaker_kind!r}")
    if quote.speaker_gender is not None and quote.speaker_gender not in model.GENDERS:
        raise ValueError(f"{where}: unknown speaker gender {quote.speaker_gender!r}")
    if not 0 <= quote.start < quote.end <= len(text) or text[quote.start : quote.end] != quote.text:
        raise ValueError(f"{where}: text does not match document[start:end]")
    if (quote.speaker_start is None) != (quote.speaker_end is None):
        raise ValueError(f"{where}: speaker_start and speaker_end must both be set or both None")
    if quote.speaker_start is not None and quote.speaker_end is not None:
        mention = text[quote.speaker_start : quote.speaker_end]
        if not 0 <= quote.speaker_start < quote.speaker_end <= len(text) or (
            quote.speaker_mention is not None and mention != quote.speaker_mention
        ):
            raise ValueError(
                f"{where}: speaker_mention does not match document[speaker_start:speaker_end]"
            )
    if not 0.0 <= quote.confidence <= 1.0:
        raise ValueError(f"{where}: confidence {quote.confidence} outside [0, 1]")


def _add_documents(
    connection: Connection,
    run_id: int,
    items: Sequence[tuple[model.Document, str, Sequence[model.Quote]]],
) -> None:
    """Insert checked documents (document, SHA-256 of its text, quotes) and their quotes,
    a statement per table for all of them; the speakers of each document are
    resolved in turn, as if it were written alone."""
    document_ids = connection.scalars(
        _NEW_DOCUMENTS,
        [
            {
                "name": document.name,
                "source": document.source,
                "external_id": document.external_id,
                "title": document.title,
                "url": document.url,
                "published": document.published,
                "author": document.author,
                "site_name": document.site_name,
                "text": document.text,
                "text_sha256": sha256,
                "run_id": run_id,
            }
            for document, sha256, _ in items
        ],
    ).all()
    speakers = SpeakerDirectory(connection, [quote for _, _, quotes in items for quote in quotes])
    organizations: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for document_id, (_, _, quotes) in zip(document_ids, items, strict=True):
        speakers.start_document()
        for quote in quotes:
            speaker_id = speakers.resolve(quote) if quote.speaker else None
            affiliation_id = None
            if quote.affiliation and quote.affiliation.strip():
                name = quote.affiliation.strip()
                if name not in organizations:
                    organizations[name] = organization_id(connection, name)
                affiliation_id = organizations[name]
            if speaker_id is not None and (quote.role or affiliation_id is not None):
                speakers.note_role(document_id, speaker_id, quote.role, affiliation_id)
            rows.append(
                {
                    "document_id": document_id,
                    "run_id": run_id,
                    "type": quote.type,
                    "text": quote.text,
                    "start": quote.start,
                    "end": quote.end,
                    "cue": quote.cue,
                    "speaker_id": speaker_id,
                    "speaker_mention": quote.speaker_mention,
                    "speaker_start": quote.speaker_start,
                    "speaker_end": quote.speaker_end,
                    "role": quote.role,
                    "affiliation_id": affiliation_id,
                    "outlet": quote.outlet,
                    "confidence": quote.confidence,
                }
            )
    speakers.store_notes()
    if rows:
        insert_quotes(connection, rows)


def insert_quotes(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``quotes`` rows (column name → value) in multi-row ``INSERT`` statements.

    Asking for ``RETURNING`` makes SQLAlchemy send the rows in batches of
    many rows a statement ("insertmanyvalues") rather than one statement a
    row, which is several times faster on SQLite. The rows reach
    ``quotes_fts`` when the writer's transaction ends (``_indexing_new_quotes``).
    """
    connection.execute(_NEW_QUOTES, list(rows)).all()
