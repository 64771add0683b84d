"""``attribution db upgrade`` moves a populated old database to head without losing data.

The database is created at the first revision by the real CLI and filled
with plain SQL written against that revision's tables (as an old version of
the tool would have left it), then upgraded by the CLI.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from attribution.store import db as store_db

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ATTRIBUTION = Path(sys.executable).parent / "attribution"

pytestmark = pytest.mark.slow  # `attribution db` subprocesses
DOCUMENT = "000_ff046a3759e742c7.txt"
CREATED = "2026-01-01 00:00:00.000000"

#: The tables of the first revision and rows for them (ids chosen, so references hold).
FIRST_REVISION_ROWS: dict[str, list[dict]] = {
    "runs": [
        {"id": 1, "started": CREATED, "finished": CREATED, "model_name": "en_core_web_sm", "model_version": "3.8.0",
         "extractor_version": "0.0.1", "options": '{"workers": 1}', "documents_read": 2, "documents_stored": 1,
         "documents_skipped": 0, "documents_failed": 1, "quotes_stored": 1, "status": "completed"},
    ],
    "organizations": [{"id": 1, "name": "MGIMO"}],
    "speakers": [
        {"id": 1, "canonical_name": "Vadim Mukhanov", "kind": "person", "name_key": "vadim mukhanov",
         "surname_key": "mukhanov", "created": CREATED},
    ],
    "speaker_aliases": [
        {"id": 1, "speaker_id": 1, "alias": "Vadim Mukhanov", "alias_key": "vadim mukhanov"},
        {"id": 2, "speaker_id": 1, "alias": "Mukhanov", "alias_key": "mukhanov"},
    ],
    "documents": [],  # filled from the seed article below
    "speaker_roles": [
        {"id": 1, "speaker_id": 1, "document_id": 1, "role": "Senior Research Fellow", "organization_id": 1},
    ],
    "quotes": [],  # filled from the seed's gold quotes below
    "document_errors": [
        {"id": 1, "run_id": 1, "document_name": "photo.png", "text_sha256": None,
         "message": "photo.png: binary file (a PNG image), not a text article", "created": CREATED},
    ],
}


def first_revision_rows() -> dict[str, list[dict]]:
    rows = {table: list(values) for table, values in FIRST_REVISION_ROWS.items()}
    text = (SEEDS / DOCUMENT).read_text(encoding="utf-8")
    rows["documents"].append(
        {"id": 1, "name": DOCUMENT, "source": str(SEEDS / DOCUMENT), "external_id": None, "title": None,
         "url": None, "published": None, "text": text, "text_sha256": "0" * 64, "run_id": 1, "created": CREATED}
    )
    gold = json.loads((SEEDS / DOCUMENT.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    for number, quote in enumerate(gold["quotes"], start=1):
        is_mukhanov = quote["speaker"] == "Vadim Mukhanov"
        rows["quotes"].append(
            {"id": number, "document_id": 1, "run_id": 1, "type": quote["type"], "text": quote["text"],
             "start": quote["start"], "end": quote["end"], "cue": quote["cue"],
             "speaker_id": 1 if is_mukhanov else None, "speaker_mention": quote["speaker_mention"],
             "speaker_start": None, "speaker_end": None, "role": quote["role"],
             "affiliation_id": 1 if quote["affiliation"] == "MGIMO" else None, "outlet": quote["outlet"],
             "confidence": 0.9}
        )
    return rows


def cli(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(ATTRIBUTION), *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def table_rows(db: Path, table: str, columns: list[str]) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        return connection.execute(f'SELECT {names} FROM "{table}" ORDER BY id').fetchall()
    finally:
        connection.close()


def test_populated_first_revision_database_upgrades_to_head_with_data_intact(tmp_path):
    db = tmp_path / "old.db"
    revisions = list(ScriptDirectory.from_config(store_db.alembic_config()).walk_revisions("base", "heads"))
    first = revisions[-1].revision
    cli("db", "upgrade", first, "--db", str(db))

    rows = first_revision_rows()
    connection = sqlite3.connect(db)
    with connection:
        for table, values in rows.items():
            for row in values:
                columns = ", ".join(f'"{c}"' for c in row)
                connection.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})',
                                   tuple(row.values()))
    connection.close()

    upgraded = cli("db", "upgrade", "--db", str(db))
    assert f"at revision {store_db.head()}" in upgraded.stdout
    for table, values in rows.items():
        columns = list(values[0])
        assert table_rows(db, table, columns) == [tuple(row.values()) for row in values], table

    # The new revisions' structures cover the old rows: search, the view, the CLI.
    found = cli("quotes", "--search", "Belarus Azerbaijan", "--format", "jsonl", "--db", str(db))
    texts = [json.loads(line)["text"] for line in found.stdout.splitlines()]
    assert texts and all("Belarus" in t and "Azerbaijan" in t for t in texts)
    by_speaker = cli("quotes", "--speaker", "Mukhanov", "--format", "jsonl", "--db", str(db))
    expected = sum(1 for quote in rows["quotes"] if quote["speaker_id"] == 1)
    assert len(by_speaker.stdout.splitlines()) == expected
    view = cli("sql", "SELECT count(*) AS n FROM quote_view", "--format", "jsonl", "--db", str(db))
    assert json.loads(view.stdout)["n"] == len(rows["quotes"])


def test_downgrade_to_base_and_upgrade_again_on_an_empty_database(tmp_path):
    db = tmp_path / "empty.db"
    cli("db", "upgrade", "--db", str(db))
    assert f"revision {store_db.head()} (newest)" in cli("db", "current", "--db", str(db)).stdout
    cli("db", "downgrade", "base", "--db", str(db))
    connection = sqlite3.connect(db)
    left = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    connection.close()
    assert left <= {"alembic_version"}
    assert store_db.current(str(db)) is None
    cli("db", "upgrade", "--db", str(db))
    assert store_db.current(str(db)) == store_db.head()
    view = cli("sql", "SELECT count(*) AS n FROM quote_view", "--format", "jsonl", "--db", str(db))
    assert json.loads(view.stdout)["n"] == 0
