"""Full-text search over quote text, and the readable quote_view.

SQLite: an FTS5 table ``quotes_fts`` with external content on ``quotes``
(porter stemming, diacritics folded), filled from existing rows and kept in
sync by insert/delete/update triggers. PostgreSQL: a GIN index on
``to_tsvector('english', text)``. Both: the view ``quote_view``.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = (
    """CREATE VIRTUAL TABLE quotes_fts USING fts5(
        text, content='quotes', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    "INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')",  # index rows stored before
)
SQLITE_FTS_DROP = (
    "DROP TRIGGER quotes_fts_update",
    "DROP TRIGGER quotes_fts_delete",
    "DROP TRIGGER quotes_fts_insert",
    "DROP TABLE quotes_fts",
)
POSTGRESQL_FTS = (
    "CREATE INDEX ix_quotes_text_tsvector ON quotes USING gin (to_tsvector('english', text))",
)
POSTGRESQL_FTS_DROP = ("DROP INDEX ix_quotes_text_tsvector",)

QUOTE_VIEW = """CREATE VIEW quote_view AS
SELECT
    q.id AS quote_id,
    d.name AS document,
    q.type AS type,
    q.text AS text,
    s.canonical_name AS speaker,
    s.kind AS speaker_kind,
    q.speaker_mention AS speaker_mention,
    q.role AS role,
    o.name AS affiliation,
    q.outlet AS outlet,
    q.cue AS cue,
    q.confidence AS confidence,
    q.start AS start,
    q."end" AS "end",
    q.speaker_start AS speaker_start,
    q.speaker_end AS speaker_end,
    q.document_id AS document_id,
    q.speaker_id AS speaker_id,
    q.run_id AS run_id
FROM quotes AS q
JOIN documents AS d ON d.id = q.document_id
LEFT JOIN speakers AS s ON s.id = q.speaker_id
LEFT JOIN organizations AS o ON o.id = q.affiliation_id"""


def _full_text_statements(create: bool) -> tuple[str, ...]:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        return SQLITE_FTS if create else SQLITE_FTS_DROP
    if dialect == "postgresql":
        return POSTGRESQL_FTS if create else POSTGRESQL_FTS_DROP
    return ()  # other databases: search falls back to LIKE


def upgrade() -> None:
    for statement in _full_text_statements(create=True):
        op.execute(statement)
    op.execute(QUOTE_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW quote_view")
    for statement in _full_text_statements(create=False):
        op.execute(statement)
