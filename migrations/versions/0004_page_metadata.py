"""Page metadata: the author and the site name of a document read from a web page.

Documents read from HTML pages and web archives keep the author and the
site name the page gives (its title, canonical URL and publication date go
into the existing ``title``, ``url`` and ``published``). Documents stored
before this revision keep NULL in both.

Both directions alter ``documents`` in place (``recreate="never"``), as
0003 does for ``runs``: copying the table would drop it while ``quotes``
and ``speaker_roles`` refer to it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", recreate="never") as batch:
        batch.add_column(sa.Column("author", sa.String(length=1000), nullable=True))
        batch.add_column(sa.Column("site_name", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents", recreate="never") as batch:
        batch.drop_column("site_name")
        batch.drop_column("author")
