"""The SQL store: schema and migrations (db, schema), runs, documents, speakers, reading back.

Knows nothing of spaCy: it stores ``attribution.model`` dataclasses.
"""

from attribution.store.db import current, downgrade, open_database, upgrade
from attribution.store.queries import (
    DOCUMENT_ERROR_FIELDS,
    EXPORT_FIELDS,
    RUN_FIELDS,
    QueryError,
    ReadOnlyQueryError,
    find_quotes,
    iter_export_rows,
    list_document_errors,
    list_runs,
    list_speakers,
)
from attribution.store.readonly_sql import run_readonly_sql
from attribution.store.report_counts import REPORT_TABLES, report_tables
from attribution.store.documents import is_stored, record_error, store_document, text_sha256
from attribution.store.runs import finish_run, mark_abandoned_runs, start_run, touch_run

__all__ = [
    "DOCUMENT_ERROR_FIELDS",
    "EXPORT_FIELDS",
    "REPORT_TABLES",
    "RUN_FIELDS",
    "QueryError",
    "ReadOnlyQueryError",
    "current",
    "downgrade",
    "find_quotes",
    "finish_run",
    "is_stored",
    "iter_export_rows",
    "list_document_errors",
    "list_runs",
    "list_speakers",
    "mark_abandoned_runs",
    "open_database",
    "record_error",
    "report_tables",
    "run_readonly_sql",
    "start_run",
    "store_document",
    "text_sha256",
    "touch_run",
    "upgrade",
]
