"""quote_view with the document's date (``published``) and the speaker's gender.

The view of 0002 gains ``published`` after ``document`` and
``speaker_gender`` after ``speaker_kind`` (so that ``attribution serve`` can
facet quotes by date and gender); downgrade restores 0002's view. The view is
dropped and created again: PostgreSQL's ``CREATE OR REPLACE VIEW`` cannot put
new columns between old ones.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 06:30:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _view_of_0002() -> str:
    """The ``CREATE VIEW`` statement of revision 0002 (the file beside this one)."""
    spec = importlib.util.spec_from_file_location("search_0002", Path(__file__).with_name("0002_search.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.QUOTE_VIEW


def _view_with_date_and_gender() -> str:
    view = _view_of_0002()
    for after, added in (
        ("    d.name AS document,\n", "    d.published AS published,\n"),
        ("    s.kind AS speaker_kind,\n", "    s.gender AS speaker_gender,\n"),
    ):
        if after not in view:
            raise RuntimeError(f"revision 0002's quote_view has no line {after.strip()!r}")
        view = view.replace(after, after + added)
    return view


def upgrade() -> None:
    op.execute("DROP VIEW quote_view")
    op.execute(_view_with_date_and_gender())


def downgrade() -> None:
    op.execute("DROP VIEW quote_view")
    op.execute(_view_of_0002())
