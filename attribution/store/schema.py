"""The database schema as SQLAlchemy 2.0 typed ORM classes.

These classes describe the tables; the tables themselves are created only by
the Alembic migrations in ``migrations/versions`` (``tests/test_migrations.py``
checks that both agree). The SQLite FTS5 table ``quotes_fts``, its triggers and
the ``quote_view`` view exist only in the migrations.

Offsets (``start``, ``end``, ``speaker_start``, ``speaker_end``) index the
stored ``documents.text``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from attribution.model import QUOTE_TYPES, SPEAKER_KINDS

RUN_STATUSES: tuple[str, ...] = ("running", "completed", "interrupted", "failed")

#: Deterministic constraint names, so later migrations (and SQLite batch
#: mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime; naive values (SQLite returns those) are taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Run(Base):
    """One invocation of the extractor: what ran, with which model, and what it did.

    ``host`` and ``pid`` name the process running it, ``process_identity``
    (Linux: boot id, pid and time namespaces, start ticks) tells that very
    process from any other; ``heartbeat`` is the last time that process
    showed it was alive (see ``runs.mark_abandoned_runs``).
    """

    __tablename__ = "runs"
    __table_args__ = (CheckConstraint(_in("status", RUN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    model_name: Mapped[str | None] = mapped_column(String(200))
    model_version: Mapped[str | None] = mapped_column(String(50))
    extractor_version: Mapped[str | None] = mapped_column(String(50))
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    documents_read: Mapped[int] = mapped_column(Integer, default=0)
    documents_stored: Mapped[int] = mapped_column(Integer, default=0)
    documents_skipped: Mapped[int] = mapped_column(Integer, default=0)
    documents_failed: Mapped[int] = mapped_column(Integer, default=0)
    quotes_stored: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="running")
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    process_identity: Mapped[str | None] = mapped_column(String(100))
    heartbeat: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Document(Base):
    """One stored article; its text is stored once, identified by its SHA-256.

    For a web page, ``text`` is the article text extracted from it, and
    ``title``, ``url``, ``published``, ``author`` and ``site_name`` come from
    its metadata where the input did not give them.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    source: Mapped[str | None] = mapped_column(String(1000))
    external_id: Mapped[str | None] = mapped_column(String(500), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[str | None] = mapped_column(String(50))
    author: Mapped[str | None] = mapped_column(String(1000))
    site_name: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Organization(Base):
    """An organisation a speaker is affiliated with (``MGIMO``, ``Milli Majlis``)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)


class Speaker(Base):
    """One real person or organisation, merged across documents.

    ``name_key`` is the folded canonical name (see ``store.names.name_key``)
    and is unique per kind; ``surname_key`` is its last word, for persons.
    ``gender`` (``female``/``male``, NULL when unknown) and ``gender_evidence``
    are what the articles state of a person, combined over its documents by
    ``model.combine_gender`` (see ``model.Speaker``).
    """

    __tablename__ = "speakers"
    __table_args__ = (
        UniqueConstraint("kind", "name_key"),
        CheckConstraint(_in("kind", SPEAKER_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    name_key: Mapped[str] = mapped_column(String(500))
    surname_key: Mapped[str | None] = mapped_column(String(200), index=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    gender: Mapped[str | None] = mapped_column(String(10))
    gender_evidence: Mapped[str | None] = mapped_column(String(50))

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", passive_deletes=True
    )


class SpeakerAlias(Base):
    """A surface form a speaker was named by (``Vadim Mukhanov``, ``Mukhanov``)."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(500))
    alias_key: Mapped[str] = mapped_column(String(500), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """What one document said a speaker is: role and/or affiliation."""

    __tablename__ = "speaker_roles"
    __table_args__ = (
        CheckConstraint(
            "role IS NOT NULL OR organization_id IS NOT NULL", name="role_or_organization"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str | None] = mapped_column(String(1000))
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )


class Quote(Base):
    """One attributed quote; ``text == documents.text[start:end]``."""

    __tablename__ = "quotes"
    __table_args__ = (
        CheckConstraint(_in("type", QUOTE_TYPES), name="type"),
        CheckConstraint('start >= 0 AND start < "end"', name="span"),
        CheckConstraint(
            "speaker_start IS NULL OR (speaker_start >= 0 AND speaker_start < speaker_end)",
            name="speaker_span",
        ),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        Index(None, "document_id", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    type: Mapped[str] = mapped_column(String(10), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(200))
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"), index=True
    )
    speaker_mention: Mapped[str | None] = mapped_column(String(1000))
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(1000))
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    outlet: Mapped[str | None] = mapped_column(String(500), index=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)

    document: Mapped[Document] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship()
    affiliation: Mapped[Organization | None] = relationship()


class DocumentError(Base):
    """A document a run could not process, and why."""

    __tablename__ = "document_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    document_name: Mapped[str] = mapped_column(String(1000))
    text_sha256: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
