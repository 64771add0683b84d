"""Tables, constraints and indexes of the store (see attribution/store/schema.py).

Revision ID: 0001
Revises:
Create Date: 2026-11-24 02:45:19.473249
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("name", name=op.f("uq_organizations_name")),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("model_name", sa.String(length=200), nullable=True),
        sa.Column("model_version", sa.String(length=50), nullable=True),
        sa.Column("extractor_version", sa.String(length=50), nullable=True),
        sa.Column("options", sa.JSON(), nullable=True),
        sa.Column("documents_read", sa.Integer(), nullable=False),
        sa.Column("documents_stored", sa.Integer(), nullable=False),
        sa.Column("documents_skipped", sa.Integer(), nullable=False),
        sa.Column("documents_failed", sa.Integer(), nullable=False),
        sa.Column("quotes_stored", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'interrupted', 'failed')",
            name=op.f("ck_runs_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_name", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_key", sa.String(length=500), nullable=False),
        sa.Column("surname_key", sa.String(length=200), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'organization')", name=op.f("ck_speakers_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
        sa.UniqueConstraint("kind", "name_key", name=op.f("uq_speakers_kind_name_key")),
    )
    op.create_index(op.f("ix_speakers_surname_key"), "speakers", ["surname_key"])
    op.create_table(
        "document_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("document_name", sa.String(length=1000), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_document_errors_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_errors")),
    )
    op.create_index(op.f("ix_document_errors_run_id"), "document_errors", ["run_id"])
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=True),
        sa.Column("external_id", sa.String(length=500), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("published", sa.String(length=50), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_documents_run_id_runs"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("text_sha256", name=op.f("uq_documents_text_sha256")),
    )
    op.create_index(op.f("ix_documents_external_id"), "documents", ["external_id"])
    op.create_index(op.f("ix_documents_name"), "documents", ["name"])
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=500), nullable=False),
        sa.Column("alias_key", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_aliases_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_aliases")),
        sa.UniqueConstraint(
            "speaker_id", "alias", name=op.f("uq_speaker_aliases_speaker_id_alias")
        ),
    )
    op.create_index(op.f("ix_speaker_aliases_alias_key"), "speaker_aliases", ["alias_key"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("cue", sa.String(length=200), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker_mention", sa.String(length=1000), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=1000), nullable=True),
        sa.Column("affiliation_id", sa.Integer(), nullable=True),
        sa.Column("outlet", sa.String(length=500), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.CheckConstraint("type IN ('direct', 'indirect', 'mixed')", name=op.f("ck_quotes_type")),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_quotes_confidence")
        ),
        sa.CheckConstraint(
            "speaker_start IS NULL OR (speaker_start >= 0 AND speaker_start < speaker_end)",
            name=op.f("ck_quotes_speaker_span"),
        ),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f("ck_quotes_span")),
        sa.ForeignKeyConstraint(
            ["affiliation_id"],
            ["organizations.id"],
            name=op.f("fk_quotes_affiliation_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quotes_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_quotes_run_id_runs")),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_quotes_speaker_id_speakers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    op.create_index(op.f("ix_quotes_affiliation_id"), "quotes", ["affiliation_id"])
    op.create_index(op.f("ix_quotes_document_id_start"), "quotes", ["document_id", "start"])
    op.create_index(op.f("ix_quotes_outlet"), "quotes", ["outlet"])
    op.create_index(op.f("ix_quotes_run_id"), "quotes", ["run_id"])
    op.create_index(op.f("ix_quotes_speaker_id"), "quotes", ["speaker_id"])
    op.create_index(op.f("ix_quotes_type"), "quotes", ["type"])
    op.create_table(
        "speaker_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=1000), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "role IS NOT NULL OR organization_id IS NOT NULL",
            name=op.f("ck_speaker_roles_role_or_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_speaker_roles_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_speaker_roles_organization_id_organizations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            name=op.f("fk_speaker_roles_speaker_id_speakers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_roles")),
    )
    op.create_index(op.f("ix_speaker_roles_document_id"), "speaker_roles", ["document_id"])
    op.create_index(op.f("ix_speaker_roles_organization_id"), "speaker_roles", ["organization_id"])
    op.create_index(op.f("ix_speaker_roles_speaker_id"), "speaker_roles", ["speaker_id"])


def downgrade() -> None:
    for table in (
        "speaker_roles",
        "quotes",
        "speaker_aliases",
        "documents",
        "document_errors",
        "speakers",
        "runs",
        "organizations",
    ):
        op.drop_table(table)  # its indexes go with it
