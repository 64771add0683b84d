"""The read-side commands and ``attribution db`` on a database holding the seed gold quotes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store import gold_quotes, seed_documents, seeded_path  # noqa: F401 (a fixture)

from attribution.cli import main
from attribution.store import EXPORT_FIELDS

MUKHANOV_QUOTES = 7  # gold quotes of Vadim Mukhanov in seed 000


@pytest.fixture(scope="module")
def db_url(seeded_path: Path) -> str:  # noqa: F811 (the fixture)
    return f"sqlite:///{seeded_path}"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_quotes_by_speaker_as_jsonl(db_url: str) -> None:
    code, output = run("quotes", "--db", db_url, "--speaker", "Mukhanov", "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in output.splitlines()]
    assert (
        len(rows) == MUKHANOV_QUOTES == sum(q.speaker == "Vadim Mukhanov" for _, q in gold_quotes())
    )
    assert {row["speaker"] for row in rows} == {"Vadim Mukhanov"}


def test_quotes_table_and_csv(db_url: str) -> None:
    code, output = run("quotes", "--db", db_url, "--search", "tandem", "--type", "mixed")
    assert code == 0 and "Toğrul" in output and "tandem" in output
    code, output = run(
        "quotes", "--db", db_url, "--affiliation", "MGIMO", "--format", "csv", "--limit", "2"
    )
    rows = list(csv.DictReader(io.StringIO(output)))
    assert code == 0 and len(rows) == 2 and {r["affiliation"] for r in rows} == {"MGIMO"}


def test_speakers(db_url: str) -> None:
    code, output = run("speakers", "--db", db_url, "--format", "jsonl")
    rows = {row["name"]: row for row in map(json.loads, output.splitlines())}
    assert code == 0
    assert rows["Vadim Mukhanov"]["quotes"] == MUKHANOV_QUOTES
    assert rows["Ilham Aliyev"]["documents"] == 4
    code, output = run("speakers", "--db", db_url)
    assert code == 0 and "Vadim Mukhanov" in output


def test_sql_reads_the_view(db_url: str) -> None:
    code, output = run(
        "sql",
        "--db",
        db_url,
        "--format",
        "csv",
        "SELECT speaker, text FROM quote_view WHERE speaker LIKE '%Mukhanov%'",
    )
    rows = list(csv.DictReader(io.StringIO(output)))
    assert code == 0 and len(rows) == MUKHANOV_QUOTES
    code, output = run("sql", "--db", db_url, "SELECT count(*) AS n FROM quotes")
    assert code == 0 and str(len(gold_quotes())) in output
    code, output = run("sql", "--db", db_url, "SELECT '[bold]as typed[/bold]' AS text")
    assert code == 0 and "[bold]as typed[/bold]" in output  # table cells are not rich markup


@pytest.mark.parametrize(
    "statement", ["DELETE FROM quotes", "SELECT 1; DROP TABLE quotes", "ATTACH 'x.db' AS x"]
)
def test_sql_refuses_writes_with_a_one_line_error(db_url: str, statement: str) -> None:
    code, output = run("sql", "--db", db_url, statement)
    assert code == 1
    assert output.startswith("Error: ") and output.count("\n") == 1 and "Traceback" not in output
    code, output = run("sql", "--db", db_url, "SELECT count(*) FROM quotes", "--format", "jsonl")
    assert json.loads(output) == {"count(*)": len(gold_quotes())}


def test_export_jsonl_and_csv(db_url: str, tmp_path: Path) -> None:
    texts = {document.name: document.text for document, _ in seed_documents()}
    out = tmp_path / "quotes.jsonl"
    code, _ = run("export", "--db", db_url, "--output", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert code == 0 and len(rows) == len(gold_quotes())
    for row in rows:
        assert tuple(row) == EXPORT_FIELDS
        assert texts[row["document"]][row["start"] : row["end"]] == row["text"]
    code, output = run("export", "--db", db_url, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(output)))
    assert code == 0 and tuple(table[0]) == EXPORT_FIELDS
    assert [r["text"] for r in table] == [r["text"] for r in rows]


def test_db_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, output = run("db", "current", "--db", url)
    assert code == 0 and "no schema yet" in output and not (tmp_path / "new.db").exists()
    code, output = run("db", "upgrade", "0001", "--db", url)
    assert code == 0 and "0001" in output
    code, output = run("db", "current", "--db", url)
    assert "revision 0001" in output and "newest is" in output
    code, output = run("db", "upgrade", "--db", url)
    code, output = run("db", "downgrade", "base", "--db", url)
    assert code == 0 and "base" in output


@pytest.mark.parametrize(
    "args",
    [
        ("quotes", "--db", "nosuchdialect://x"),
        ("db", "downgrade", "nosuchrevision", "--db", "sqlite://"),
        ("quotes", "--db", "/no/such/directory/quotes.db"),
    ],
)
def test_errors_are_one_line(args: tuple[str, ...]) -> None:
    code, output = run(*args)
    assert code == 1
    assert output.startswith("Error: ") and output.count("\n") == 1


def test_an_sqlite_library_too_old_for_the_store_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sqlite3.sqlite_version_info", (3, 34, 1))  # RHEL 9's, before RETURNING
    code, output = run("quotes", "--db", str(tmp_path / "quotes.db"))
    assert code == 1 and output.count("\n") == 1
    assert output.startswith("Error: SQLite 3.34.1 is too old: the store needs SQLite 3.35.0 or newer")
    assert not (tmp_path / "quotes.db").exists()


def test_help_texts() -> None:
    for command in ("quotes", "speakers", "sql", "export", "db"):
        code, output = run(command, "--help")
        assert code == 0 and "Usage:" in output
    assert "--speaker NAME" in run("quotes", "--help")[1]
