"""Run liveness: the host, process id and process identity of a run, and its last heartbeat.

A job records where it runs (``host``, ``pid``, and on Linux
``process_identity``: boot id, pid and time namespaces, start ticks) and
refreshes ``heartbeat`` while it works, so a run whose process died without
a word (SIGKILL, power cut, out of memory) can be told from a live one and
marked ``interrupted`` (``attribution.store.writer.mark_abandoned_runs``).
Runs stored before this revision keep NULL in all four.

Both directions alter ``runs`` in place (``recreate="never"``): SQLite adds
and (since 3.35) drops a plain column without copying the table. Copying it
would drop ``runs`` while ``documents``, ``quotes`` and ``document_errors``
refer to it: with foreign keys on, SQLite refuses that ("FOREIGN KEY
constraint failed") or cascades the delete to the referring rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 05:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs", recreate="never") as batch:
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("process_identity", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("heartbeat", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs", recreate="never") as batch:
        batch.drop_column("heartbeat")
        batch.drop_column("process_identity")
        batch.drop_column("pid")
        batch.drop_column("host")
