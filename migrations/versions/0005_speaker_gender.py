"""Speaker gender: ``speakers.gender`` and ``speakers.gender_evidence``.

``gender`` is ``female`` or ``male`` where the articles state it (a pronoun,
an honorific or a gendered role noun used of the speaker), NULL otherwise;
``gender_evidence`` names the kinds of evidence (``pronoun,honorific``) or
``conflict`` (see ``attribution.model.Speaker``). Speakers stored before this
revision keep NULL in both.

Both directions alter ``speakers`` in place (``recreate="never"``), as 0003
does ``runs``: copying it would drop a table that ``quotes``,
``speaker_aliases`` and ``speaker_roles`` refer to.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("speakers", recreate="never") as batch:
        batch.add_column(sa.Column("gender", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("gender_evidence", sa.String(length=50), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("speakers", recreate="never") as batch:
        batch.drop_column("gender_evidence")
        batch.drop_column("gender")
