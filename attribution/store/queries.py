"""Read side: find quotes, list speakers, runs and failed documents, export rows.

Every user-supplied value reaches the database as a bound parameter. Full-text
search uses SQLite FTS5 (``quotes_fts``) or PostgreSQL ``to_tsvector``; the
user's words are turned into a query of plain words, so no search string can
change the query's meaning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import (
    Engine,
    Select,
    and_,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
)

from attribution.model import QUOTE_TYPES
from attribution.store import names
from attribution.store.schema import (
    Document,
    DocumentError,
    Organization,
    Quote,
    Run,
    Speaker,
    SpeakerAlias,
    SpeakerRole,
    as_utc,
)

#: The keys of every exported row, in order.
EXPORT_FIELDS: tuple[str, ...] = (
    "document",
    "type",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_kind",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "role",
    "affiliation",
    "outlet",
    "cue",
    "confidence",
)

#: The keys of every row ``list_runs`` returns, in order (times are aware UTC datetimes).
RUN_FIELDS: tuple[str, ...] = (
    "id",
    "status",
    "started",
    "finished",
    "heartbeat",
    "host",
    "pid",
    "model",
    "model_version",
    "extractor_version",
    "read",
    "stored",
    "skipped",
    "failed",
    "quotes",
)
#: The keys of every row ``list_document_errors`` returns, in order.
DOCUMENT_ERROR_FIELDS: tuple[str, ...] = ("run_id", "document", "message", "created")

_QUOTES_FTS = table("quotes_fts", column("rowid"), column("quotes_fts"))
_SEARCH_WORD = re.compile(r"[^\W_]+")


class QueryError(Exception):
    """An SQL query the database could not run (syntax error, unknown table ...)."""


class ReadOnlyQueryError(QueryError):
    """An SQL query that would change the database, or more than one statement."""


#: Quotes in document order.
_DOCUMENT_ORDER = (Quote.document_id, Quote.start, Quote.end, Quote.id)
#: SQLite connections that read quotes map this much of the file into memory: a page read
#: from the operating system's cache is then not copied (a search of thousands of hits
#: reads a page per hit).
SQLITE_READ_MMAP_BYTES = 1 << 30


def _quote_rows(fields: tuple[str, ...]) -> Select:
    """Quotes joined with their document, speaker and affiliation, in document order."""
    columns = {
        "quote_id": Quote.id,
        "document": Document.name,
        "type": Quote.type,
        "text": Quote.text,
        "start": Quote.start,
        "end": Quote.end,
        "speaker": Speaker.canonical_name,
        "speaker_kind": Speaker.kind,
        "speaker_mention": Quote.speaker_mention,
        "speaker_start": Quote.speaker_start,
        "speaker_end": Quote.speaker_end,
        "role": Quote.role,
        "affiliation": Organization.name,
        "outlet": Quote.outlet,
        "cue": Quote.cue,
        "confidence": Quote.confidence,
    }
    return (
        select(*(columns[field].label(field) for field in fields))
        .select_from(Quote)
        .join(Document, Document.id == Quote.document_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .outerjoin(Organization, Organization.id == Quote.affiliation_id)
        .order_by(*_DOCUMENT_ORDER)
    )



def search_words(words: str) -> list[str]:
    """The plain words of a search string; punctuation and operators are dropped."""
    return _SEARCH_WORD.findall(words)


def _full_text_condition(dialect: str, words: list[str]):
    if not words:
        return false()
    if dialect == "sqlite":
        fts_query = " ".join(f'"{word}"' for word in words)  # each word a literal string
        matching = select(_QUOTES_FTS.c.rowid).where(_QUOTES_FTS.c.quotes_fts.match(fts_query))
        return Quote.id.in_(matching)
    if dialect == "postgresql":
        # the configuration is written inline, as in the GIN index, so the index applies
        english = literal_column("'english'")
        return func.to_tsvector(english, Quote.text).bool_op("@@")(
            func.plainto_tsquery(english, " ".join(words))
        )
    lowered = func.lower(Quote.text)
    return and_(*(lowered.contains(word.lower(), autoescape=True) for word in words))


def speaker_condition(speaker: str):
    keys = {names.name_key(speaker, kind) for kind in ("person", "organization")} - {""}
    if not keys:
        return false()
    matching = select(SpeakerAlias.speaker_id).where(
        or_(*(SpeakerAlias.alias_key.contains(key, autoescape=True) for key in keys))
    )
    return Quote.speaker_id.in_(matching)


def find_quotes(
    engine: Engine,
    *,
    speaker: str | None = None,
    affiliation: str | None = None,
    outlet: str | None = None,
    search: str | None = None,
    type: str | None = None,
    document: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored quotes matching every given filter, in document order.

    ``speaker`` matches any recorded name of a speaker (``Mukhanov`` finds
    ``Vadim Mukhanov``), folding case, diacritics and given-name spellings;
    ``affiliation`` and ``outlet`` match a part of the name, ignoring case;
    ``search`` matches quotes containing all its words (stemmed); ``type`` is
    one of ``direct``, ``indirect``, ``mixed``; ``document`` is a document's
    name or external id. Each row has ``quote_id`` and the ``EXPORT_FIELDS``.

    With a ``limit``, the ids of the first matches are found first, joining
    only the tables a filter needs, and only their rows are read in full.
    """
    conditions = []
    if speaker is not None:
        conditions.append(speaker_condition(speaker))
    if affiliation is not None:
        conditions.append(Organization.name.icontains(affiliation, autoescape=True))
    if outlet is not None:
        conditions.append(Quote.outlet.icontains(outlet, autoescape=True))
    if search is not None:
        conditions.append(_full_text_condition(engine.dialect.name, search_words(search)))
    if type is not None:
        if type not in QUOTE_TYPES:
            raise ValueError(f"quote type must be one of {', '.join(QUOTE_TYPES)}, not {type!r}")
        conditions.append(Quote.type == type)
    if document is not None:
        conditions.append(or_(Document.name == document, Document.external_id == document))
    query = _quote_rows(("quote_id", *EXPORT_FIELDS))
    if limit is None:
        query = query.where(*conditions)
    else:
        if limit < 0:
            raise ValueError("limit must not be negative")
        page = select(Quote.id).select_from(Quote)
        if document is not None:
            page = page.join(Document, Document.id == Quote.document_id)
        if affiliation is not None:
            page = page.join(Organization, Organization.id == Quote.affiliation_id)
        page = page.where(*conditions).order_by(*_DOCUMENT_ORDER).limit(limit)
        query = query.where(Quote.id.in_(page))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA mmap_size = {SQLITE_READ_MMAP_BYTES}")
        return [dict(row) for row in connection.execute(query).mappings()]


def iter_export_rows(engine: Engine, batch_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Every stored quote as a dict with exactly the ``EXPORT_FIELDS``, in document order.

    Rows are fetched ``batch_size`` at a time; the connection stays open
    until the iterator is exhausted or closed.
    """
    query = _quote_rows(EXPORT_FIELDS)
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=batch_size).execute(query)
        for row in result.mappings():
            yield {field: row[field] for field in EXPORT_FIELDS}


def list_speakers(engine: Engine) -> list[dict[str, Any]]:
    """Every speaker with its gender (and evidence), number of quotes and documents, roles,
    affiliations, outlets, aliases.

    Most-quoted first; the lists are sorted and without repeats.
    """
    with engine.connect() as connection:
        speakers = connection.execute(
            select(Speaker.id, Speaker.canonical_name, Speaker.kind, Speaker.gender, Speaker.gender_evidence)
        ).all()
        counts = {
            speaker_id: (quotes, documents)
            for speaker_id, quotes, documents in connection.execute(
                select(
                    Quote.speaker_id,
                    func.count(Quote.id),
                    func.count(Quote.document_id.distinct()),
                )
                .where(Quote.speaker_id.is_not(None))
                .group_by(Quote.speaker_id)
            )
        }
        details: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for speaker_id, role, organization in connection.execute(
            select(SpeakerRole.speaker_id, SpeakerRole.role, Organization.name).outerjoin(
                Organization, Organization.id == SpeakerRole.organization_id
            )
        ):
            if role:
                details[speaker_id]["roles"].add(role)
            if organization:
                details[speaker_id]["affiliations"].add(organization)
        for speaker_id, outlet in connection.execute(
            select(Quote.speaker_id, Quote.outlet)
            .where(Quote.speaker_id.is_not(None), Quote.outlet.is_not(None))
            .distinct()
        ):
            details[speaker_id]["outlets"].add(outlet)
        for speaker_id, alias in connection.execute(
            select(SpeakerAlias.speaker_id, SpeakerAlias.alias)
        ):
            details[speaker_id]["aliases"].add(alias)
    rows = [
        {
            "name": name,
            "kind": kind,
            "gender": gender,
            "gender_evidence": evidence,
            "quotes": counts.get(speaker_id, (0, 0))[0],
            "documents": counts.get(speaker_id, (0, 0))[1],
            **{
                field: sorted(details[speaker_id][field])
                for field in ("roles", "affiliations", "outlets", "aliases")
            },
        }
        for speaker_id, name, kind, gender, evidence in speakers
    ]
    return sorted(rows, key=lambda row: (-row["quotes"], row["name"].casefold()))


def list_runs(engine: Engine, limit: int | None = None) -> list[dict[str, Any]]:
    """The runs, newest first, at most ``limit``; each row has the ``RUN_FIELDS``.

    ``read``, ``stored``, ``skipped``, ``failed`` and ``quotes`` are the run's
    document and quote counts; a run still ``running`` shows those of its
    last heartbeat.
    """
    query = (
        select(
            Run.id.label("id"),
            Run.status.label("status"),
            Run.started.label("started"),
            Run.finished.label("finished"),
            Run.heartbeat.label("heartbeat"),
            Run.host.label("host"),
            Run.pid.label("pid"),
            Run.model_name.label("model"),
            Run.model_version.label("model_version"),
            Run.extractor_version.label("extractor_version"),
            Run.documents_read.label("read"),
            Run.documents_stored.label("stored"),
            Run.documents_skipped.label("skipped"),
            Run.documents_failed.label("failed"),
            Run.quotes_stored.label("quotes"),
        )
        .order_by(Run.id.desc())
        .limit(_checked_limit(limit))
    )
    with engine.connect() as connection:
        rows = [dict(row) for row in connection.execute(query).mappings()]
    for row in rows:
        for field in ("started", "finished", "heartbeat"):
            if row[field] is not None:
                row[field] = as_utc(row[field])
    return rows


def list_document_errors(
    engine: Engine, run_id: int | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """The documents a run (or any run) could not process, and why; at most ``limit``.

    Newest run first, each run's errors in the order they happened; each row
    has the ``DOCUMENT_ERROR_FIELDS``. Raises ``ValueError`` for an unknown ``run_id``.
    """
    query = select(
        DocumentError.run_id.label("run_id"),
        DocumentError.document_name.label("document"),
        DocumentError.message.label("message"),
        DocumentError.created.label("created"),
    ).order_by(DocumentError.run_id.desc(), DocumentError.id)
    with engine.connect() as connection:
        if run_id is not None:
            if connection.scalar(select(Run.id).where(Run.id == run_id)) is None:
                raise ValueError(f"no run with id {run_id}")
            query = query.where(DocumentError.run_id == run_id)
        rows = [
            dict(row) for row in connection.execute(query.limit(_checked_limit(limit))).mappings()
        ]
    for row in rows:
        row["created"] = as_utc(row["created"])
    return rows


def _checked_limit(limit: int | None) -> int | None:
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    return limit
