"""SQLite: quotes reach the full-text index from the store's writers, not from a trigger per row.

Drops the ``quotes_fts_insert`` trigger of 0002. ``store.documents`` adds the
quotes a write transaction inserted to ``quotes_fts`` in one statement at its
end: FTS5 flushes its pending index at every statement and savepoint, so a
trigger per row made a batch of documents write the index once per
document. The delete and update triggers stay. Downgrade creates the insert
trigger again (the index is complete either way). Nothing changes on
PostgreSQL, whose GIN index the database maintains.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSERT_TRIGGER = """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
    END"""


def upgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER quotes_fts_insert")


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(INSERT_TRIGGER)
