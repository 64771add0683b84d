"""``attribution sql`` cannot change the database, and ``attribution quotes`` filters are data.

The database holds a real article with its gold quotes (stored through the
store, so no model is loaded). After every attack the file's bytes and its
full SQL dump are unchanged, and no other file appeared.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from attribution.model import Document, Quote
from attribution.store import db as store_db
from attribution.store import documents, runs
from attribution.store.queries import ReadOnlyQueryError, find_quotes
from attribution.store.readonly_sql import run_readonly_sql

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ATTRIBUTION = Path(sys.executable).parent / "attribution"
INJECTION = "x' OR 1=1 --"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "quotes.db"
    engine = store_db.open_database(f"sqlite:///{path}")
    gold = json.loads((SEEDS / "000_ff046a3759e742c7.gold.json").read_text(encoding="utf-8"))
    text = (SEEDS / gold["document"]).read_text(encoding="utf-8")
    quotes = [Quote(**q) for q in gold["quotes"]]
    run_id = runs.start_run(engine, model_name=None, model_version=None, extractor_version=None, options=None)
    assert documents.store_document(engine, run_id, Document(name=gold["document"], text=text), quotes)
    runs.finish_run(engine, run_id, status="completed", counts={"documents_stored": 1, "quotes_stored": len(quotes)})
    engine.dispose()
    return path


def snapshot(path: Path) -> tuple:
    """The file's SHA-256, its SQL dump, header settings and the names of the files beside it.

    The dump reads through the WAL, so a write not yet checkpointed into the
    file still shows.
    """
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dump = list(connection.iterdump())
        header = [connection.execute(f"PRAGMA {name}").fetchone() for name in ("user_version", "journal_mode")]
    finally:
        connection.close()
    files = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), dump, header, files


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ATTRIBUTION), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow  # runs the `attribution` CLI in a subprocess
def test_select_works(database):
    result = cli("sql", "SELECT speaker, text FROM quote_view WHERE speaker LIKE '%Mukhanov%';", "--format", "jsonl",
                 "--db", str(database))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(row["speaker"] == "Vadim Mukhanov" for row in rows)


#: Writes and tricks, each run through the real CLI.
CLI_ATTACKS = [
    "DELETE FROM quotes",
    "DROP TABLE quotes",
    "ATTACH DATABASE '{dir}/attached.db' AS other",
    "PRAGMA writable_schema = 1",
    "SELECT 1; DELETE FROM quotes",
    "SELECT count(*) FROM quotes; DROP TABLE quotes --",
]
#: More of them, run through ``run_readonly_sql`` in this process (each CLI call costs a second).
LIBRARY_ATTACKS = [
    "INSERT INTO organizations (name) VALUES ('Evil Corp')",
    "UPDATE documents SET text = 'gone'",
    "WITH doomed AS (SELECT id FROM quotes) DELETE FROM quotes WHERE id IN doomed",
    "CREATE TABLE notes (x)",
    "CREATE TEMP TABLE notes AS SELECT * FROM quotes",
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'x'",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 42",
    "VACUUM INTO '{dir}/copy.db'",
    "VACUUM",
    "ANALYZE",
    "REINDEX",
    "INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all')",
    "SELECT 1 /* ; */; DROP TABLE documents",
    "SELECT ';'; DELETE FROM documents",
    "DETACH DATABASE main",
]


@pytest.mark.parametrize("statement", CLI_ATTACKS)
@pytest.mark.slow  # runs the `attribution` CLI in a subprocess
def test_cli_refuses_writes_with_a_clear_error_and_changes_nothing(database, statement):
    before = snapshot(database)
    result = cli("sql", statement.format(dir=database.parent), "--db", str(database))
    assert result.returncode != 0
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    message = result.stderr.lower()
    assert "read-only" in message or "one sql statement" in message, result.stderr
    assert snapshot(database) == before


@pytest.mark.parametrize("statement", LIBRARY_ATTACKS)
def test_readonly_sql_refuses_every_write(database, statement):
    before = snapshot(database)
    with pytest.raises(ReadOnlyQueryError):
        run_readonly_sql(f"sqlite:///{database}", statement.format(dir=database.parent))
    assert snapshot(database) == before


@pytest.mark.slow  # runs the `attribution` CLI in a subprocess
def test_cli_quotes_filter_with_an_injection_finds_nothing(database):
    before = snapshot(database)
    result = cli("quotes", "--speaker", INJECTION, "--format", "jsonl", "--db", str(database))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert snapshot(database) == before


@pytest.mark.parametrize("field", ["speaker", "affiliation", "outlet", "search", "document"])
@pytest.mark.parametrize("value", [INJECTION, "Mukhanov'); DROP TABLE quotes; --", '"unbalanced', "%", "_", "*"])
def test_every_quote_filter_is_a_bound_parameter(database, field, value):
    before = snapshot(database)
    engine = store_db.open_database(f"sqlite:///{database}")
    try:
        assert find_quotes(engine, **{field: value}) == []
    finally:
        engine.dispose()
    assert snapshot(database) == before


@pytest.mark.slow  # runs the `attribution` CLI in a subprocess
def test_a_real_filter_still_finds_quotes(database):
    result = cli("quotes", "--speaker", "Mukhanov", "--format", "jsonl", "--db", str(database))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 0
