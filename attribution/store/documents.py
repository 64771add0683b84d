"""Documents: each stored with all its quotes in one transaction, or not at all.

Input is ``attribution.model.Document`` and ``attribution.model.Quote``; this
module knows nothing of spaCy. A text is stored once: documents are
identified by the SHA-256 of their text. A document that cannot be read or
extracted is recorded in ``document_errors`` (``record_error``).

Every write transaction takes the write lock at its start
(``db.write_transaction``): a transaction that read first and wrote later
could find that another process wrote meanwhile, which SQLite reports as
"database is locked" at once, without waiting for the busy timeout.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, exists, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from attribution import model
from attribution.store.db import is_database_locked, write_transaction
from attribution.store.schema import Document, DocumentError, Quote
from attribution.store.speakers import SpeakerDirectory, organization_id

#: How often a document write is attempted when SQLite says "database is locked".
WRITE_ATTEMPTS = 5
#: Seconds before the first retry; doubled after each further failure.
RETRY_DELAY = 0.2


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_stored(engine: Engine, sha256: str) -> bool:
    """Whether a document whose text has this SHA-256 is already stored."""
    with engine.connect() as connection:
        return _already_stored(connection, sha256)


def _already_stored(connection: Connection, sha256: str) -> bool:
    return bool(connection.scalar(select(exists().where(Document.text_sha256 == sha256))))


def record_error(
    engine: Engine, run_id: int, document_name: str, message: str, sha256: str | None = None
) -> None:
    """Record that ``run_id`` failed on a document, and why."""
    with write_transaction(engine) as connection:
        connection.execute(
            insert(DocumentError),
            {"run_id": run_id, "document_name": document_name, "text_sha256": sha256, "message": message},
        )


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
    for attempt in range(WRITE_ATTEMPTS):
        last_attempt = attempt == WRITE_ATTEMPTS - 1
        try:
            with write_transaction(engine) as connection:
                if _already_stored(connection, sha256):
                    return False
                _add_document(connection, run_id, document, sha256, quotes)
            return True
        except IntegrityError:
            if is_stored(engine, sha256):
                return False  # another process stored the same text first
            if attempt > 0 or engine.dialect.name == "sqlite":
                raise  # a real constraint violation, e.g. an unknown run id
            # a server database: another process added the same speaker or
            # organisation meanwhile; once more, and it will be found
        except OperationalError as error:
            if last_attempt or not is_database_locked(error):
                raise
        time.sleep(RETRY_DELAY * 2**attempt)
    raise AssertionError("unreachable")


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


def _add_document(
    connection: Connection,
    run_id: int,
    document: model.Document,
    sha256: str,
    quotes: Sequence[model.Quote],
) -> None:
    document_id = connection.scalar(
        insert(Document).returning(Document.id),
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
        },
    )
    speakers = SpeakerDirectory(connection)
    organizations: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    for quote in quotes:
        speaker_id = speakers.resolve(quote) if quote.speaker else None
        affiliation_id = None
        if quote.affiliation and quote.affiliation.strip():
            name = quote.affiliation.strip()
            if name not in organizations:
                organizations[name] = organization_id(connection, name)
            affiliation_id = organizations[name]
        if speaker_id is not None and (quote.role or affiliation_id is not None):
            speakers.note_role(speaker_id, quote.role, affiliation_id)
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
    speakers.store_notes(document_id)
    if rows:
        insert_quotes(connection, rows)


def insert_quotes(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``quotes`` rows (column name → value) in multi-row ``INSERT`` statements.

    Asking for ``RETURNING`` makes SQLAlchemy send the rows in batches of
    many rows a statement ("insertmanyvalues") rather than one statement a
    row. On SQLite that matters: the FTS5 insert trigger flushes the search
    index once per statement, so row by row is slower the more rows a
    transaction holds (1.4 times for 40 quotes, 4 times for 10,000).
    """
    connection.execute(insert(Quote).returning(Quote.id), list(rows)).all()
