"""Write side: runs, documents with their quotes, speakers merged across documents.

Input is ``attribution.model.Document`` and ``attribution.model.Quote``; this
module knows nothing of spaCy. Each document is stored in one transaction
with all its quotes, or not at all. A text is stored once: documents are
identified by the SHA-256 of their text.

Speaker merging (rules in ``store.names``): a quote's speaker joins the
existing speaker of the same kind with the same name key (case, diacritics,
punctuation and given-name transliteration folded). A bare surname
(``Markov``) joins an existing person only when exactly one person has that
surname and a role sharing a word with the quote's role; otherwise it is a
new speaker. A speaker without a kind is stored as a person.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, exists, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from attribution import model
from attribution.store import names
from attribution.store.db import is_database_locked, write_transaction
from attribution.store.schema import (
    RUN_STATUSES,
    Document,
    DocumentError,
    Organization,
    Quote,
    Run,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    utcnow,
)

#: How often a document write is attempted when SQLite says "database is locked".
WRITE_ATTEMPTS = 5
#: Seconds before the first retry; doubled after each further failure.
RETRY_DELAY = 0.2
RUN_COUNTS: tuple[str, ...] = (
    "documents_read",
    "documents_stored",
    "documents_skipped",
    "documents_failed",
    "quotes_stored",
)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def start_run(
    engine: Engine,
    *,
    model_name: str | None,
    model_version: str | None,
    extractor_version: str | None,
    options: Mapping[str, Any] | None,
) -> int:
    """Record the start of a run (status ``running``) and return its id."""
    with Session(engine) as session, session.begin():
        run = Run(
            model_name=model_name,
            model_version=model_version,
            extractor_version=extractor_version,
            options=dict(options) if options is not None else None,
            status="running",
        )
        session.add(run)
        session.flush()
        return run.id


def finish_run(engine: Engine, run_id: int, *, status: str, counts: Mapping[str, int]) -> None:
    """Close a run: its final ``status`` and ``counts`` (keys from ``RUN_COUNTS``)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES)}, not {status!r}")
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
    with Session(engine) as session, session.begin():
        run = session.get(Run, run_id)
        if run is None:
            raise ValueError(f"no run with id {run_id}")
        run.status = status
        run.finished = utcnow()
        for name, value in counts.items():
            setattr(run, name, value)


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
    with Session(engine) as session, session.begin():
        session.add(
            DocumentError(
                run_id=run_id, document_name=document_name, text_sha256=sha256, message=message
            )
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
                with Session(bind=connection) as session:
                    _add_document(session, run_id, document, sha256, quotes)
                    session.flush()
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
    session: Session,
    run_id: int,
    document: model.Document,
    sha256: str,
    quotes: Sequence[model.Quote],
) -> None:
    row = Document(
        name=document.name,
        source=document.source,
        external_id=document.external_id,
        title=document.title,
        url=document.url,
        published=document.published,
        text=document.text,
        text_sha256=sha256,
        run_id=run_id,
    )
    session.add(row)
    session.flush()
    speakers = _SpeakerDirectory(session)
    organizations: dict[str, Organization] = {}
    roles_seen: set[tuple[int, str | None, int | None]] = set()
    rows: list[Quote] = []
    for quote in quotes:
        speaker = speakers.resolve(quote) if quote.speaker else None
        affiliation = None
        if quote.affiliation and quote.affiliation.strip():
            name = quote.affiliation.strip()
            if name not in organizations:
                organizations[name] = _organization(session, name)
            affiliation = organizations[name]
        if speaker is not None and (quote.role or affiliation is not None):
            role_key = (speaker.id, quote.role, affiliation.id if affiliation else None)
            if role_key not in roles_seen:
                roles_seen.add(role_key)
                session.add(
                    SpeakerRole(
                        speaker_id=speaker.id,
                        document_id=row.id,
                        role=quote.role,
                        organization_id=role_key[2],
                    )
                )
        rows.append(
            Quote(
                document_id=row.id,
                run_id=run_id,
                type=quote.type,
                text=quote.text,
                start=quote.start,
                end=quote.end,
                cue=quote.cue,
                speaker_id=speaker.id if speaker else None,
                speaker_mention=quote.speaker_mention,
                speaker_start=quote.speaker_start,
                speaker_end=quote.speaker_end,
                role=quote.role,
                affiliation_id=affiliation.id if affiliation else None,
                outlet=quote.outlet,
                confidence=quote.confidence,
            )
        )
    # Added last, so the look-ups above do not flush quote rows one by one:
    # they are inserted together when the transaction commits.
    session.add_all(rows)


def _organization(session: Session, name: str) -> Organization:
    found = session.scalar(select(Organization).where(Organization.name == name))
    if found is None:
        found = Organization(name=name)
        session.add(found)
        session.flush()
    return found


class _SpeakerDirectory:
    """Finds or creates the ``speakers`` row for each quote of one document."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.resolved: dict[tuple[str, str, str | None], Speaker] = {}
        self.aliases: set[tuple[int, str]] = set()

    def resolve(self, quote: model.Quote) -> Speaker | None:
        """The speaker of ``quote`` (created if new), with its names recorded as aliases."""
        name = (quote.speaker or "").strip()
        kind = quote.speaker_kind or "person"
        key = names.name_key(name, kind)
        if not key:
            return None
        cache_key = (key, kind, quote.role if names.is_bare_surname(key, kind) else None)
        speaker = self.resolved.get(cache_key)
        if speaker is None:
            speaker = self._find(key, kind, quote.role) or self._create(name, kind, key)
            self.resolved[cache_key] = speaker
        self._add_alias(speaker, name, kind)
        if names.is_name_mention(quote.speaker_mention, name, kind):
            self._add_alias(speaker, quote.speaker_mention.strip(), kind)
        return speaker

    def _find(self, key: str, kind: str, role: str | None) -> Speaker | None:
        session = self.session
        same_name = session.scalar(
            select(Speaker).where(Speaker.kind == kind, Speaker.name_key == key)
        )
        if same_name is not None or not names.is_bare_surname(key, kind) or not role:
            return same_name
        namesakes = session.scalars(
            select(Speaker).where(
                Speaker.kind == kind, Speaker.surname_key == key, Speaker.name_key != key
            )
        ).all()
        if len(namesakes) != 1:
            return None
        known_roles = session.scalars(
            select(SpeakerRole.role).where(SpeakerRole.speaker_id == namesakes[0].id)
        ).all()
        return namesakes[0] if names.roles_compatible(role, known_roles) else None

    def _create(self, name: str, kind: str, key: str) -> Speaker:
        speaker = Speaker(
            canonical_name=name, kind=kind, name_key=key, surname_key=names.surname_key(key, kind)
        )
        self.session.add(speaker)
        self.session.flush()
        return speaker

    def _add_alias(self, speaker: Speaker, alias: str, kind: str) -> None:
        if (speaker.id, alias) in self.aliases:
            return
        self.aliases.add((speaker.id, alias))
        known = self.session.scalar(
            select(
                exists().where(SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.alias == alias)
            )
        )
        if not known:
            self.session.add(
                SpeakerAlias(
                    speaker_id=speaker.id, alias=alias, alias_key=names.name_key(alias, kind)
                )
            )
