"""Bad input through the real ``attribution extract`` into a real SQLite file.

One job reads a directory holding every kind of bad (and awkward but good)
input, plus explicit paths to binary files and a path that does not exist.
Each test then checks one input: a good document is stored exactly, with
quotes whose offsets index its stored text; a bad one is listed in
``document_errors`` with a reason a person understands. The job finishes
and its exit status says that something failed.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
ATTRIBUTION = Path(sys.executable).parent / "attribution"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BIG_SIZE = 5 * 1024 * 1024
#: A line of fixed-width padding: the bulk of the 5 MB article (see ``five_megabyte_article``).
PADDING_LINE = " " * 4095 + "\n"
LINE_COUNT = 10_000
#: A paragraph with a reported quotation (``as the Russian president noted, ... “...”``).
JSONL_TEXT = next(p for p in SEED_TEXTS[4].split("\n") if "president noted" in p)


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ATTRIBUTION_DB"}
    return subprocess.run(
        [str(ATTRIBUTION), *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def five_megabyte_article() -> tuple[str, list[tuple[int, str]]]:
    """A 5 MB text: three real articles at its start, middle and end, padded between.

    The padding is blank fixed-width lines (as in scraped or exported pages),
    which the parser gets through quickly, so this tests reading, hashing,
    splitting past spaCy's length limit, storing 5 MB and shifting offsets
    back from the later segments, not the parser's speed on 5 MB of prose
    (5 MB of prose takes about ten minutes on two cores).
    Returns the text and ``(offset, article)`` of each embedded article.
    """
    first, middle, last = SEED_TEXTS[0], SEED_TEXTS[1], SEED_TEXTS[4]
    pad_total = BIG_SIZE - len(first) - len(middle) - len(last)
    half = PADDING_LINE * (pad_total // 2 // len(PADDING_LINE))
    rest = PADDING_LINE * ((pad_total - len(half)) // len(PADDING_LINE))
    text = first + "\n" + half + middle + "\n" + rest
    text += " " * (BIG_SIZE - len(text) - len(last) - 1) + "\n" + last
    placed = [(0, first), (len(first) + 1 + len(half), middle), (len(text) - len(last), last)]
    return text, placed


def ten_thousand_lines() -> str:
    """An article with one word per line (like a narrow column converted from PDF)."""
    words = SEED_TEXTS[2].split()
    return "\n".join(words[i % len(words)] for i in range(LINE_COUNT)) + "\n"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bad-inputs")
    articles = root / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(SEED_TEXTS[0].split("\n")[0] + "\n", encoding="utf-8")
    (articles / "empty.txt").write_bytes(b"")
    (articles / "blank.txt").write_bytes(b" \n\t\r\n   \n")
    (articles / "latin1.txt").write_bytes("“Ça suffit,” a déclaré le ministre.".encode("cp1252"))
    (articles / "compressed.txt").write_bytes(gzip.compress(SEED_TEXTS[3].encode()))
    (articles / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SEED_TEXTS[2].encode("utf-8"))
    (articles / "utf16.txt").write_bytes(SEED_TEXTS[3].encode("utf-16"))
    (articles / "crlf.txt").write_bytes(SEED_TEXTS[1].replace("\n", "\r\n").encode("utf-8"))
    (articles / "big.txt").write_text(five_megabyte_article()[0], encoding="utf-8")
    (articles / "lines.txt").write_text(ten_thousand_lines(), encoding="utf-8")
    records = [
        json.dumps({"id": "jsonl-good", "text": JSONL_TEXT, "title": "From JSONL"}),
        '{"id": "cut-off", "text": "The minister said that',
        json.dumps({"id": "no-text", "title": "A record without its text"}),
    ]
    (articles / "batch.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    unreadable = articles / "unreadable"
    unreadable.mkdir()
    (unreadable / "dangling.txt").symlink_to(root / "deleted-article.txt")
    (unreadable / "loop.txt").symlink_to(unreadable / "loop.txt")
    os.mkfifo(unreadable / "pipe.txt")
    if os.geteuid() != 0:  # root reads everything, whatever the mode
        (unreadable / "no-permission.txt").write_text("Secret.", encoding="utf-8")
        (unreadable / "no-permission.txt").chmod(0)
    (root / "photo.png").write_bytes(PNG + b"\x00" * 64)
    (root / "archive.gz").write_bytes(gzip.compress(b"An article about nothing."))
    return root


@pytest.fixture(scope="module")
def job(inputs, tmp_path_factory):
    """Run the job once; yields ``(completed process, sqlite3 connection to the result)``."""
    db = tmp_path_factory.mktemp("bad-db") / "quotes.db"
    missing = inputs / "no-such-article.txt"
    result = run_cli(
        "extract", str(inputs / "articles"), str(inputs / "photo.png"), str(inputs / "archive.gz"),
        str(missing), "--db", f"sqlite:///{db}",
    )
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    yield result, connection
    connection.close()
    for path in (inputs / "articles" / "unreadable").iterdir():
        path.unlink()  # so tmp_path cleanup never blocks on the pipe or a mode-0 file


def stored(connection: sqlite3.Connection, name: str) -> tuple[int, str]:
    rows = connection.execute("SELECT id, text FROM documents WHERE name = ?", (name,)).fetchall()
    assert len(rows) == 1, f"{name} stored {len(rows)} times"
    return rows[0]


def error_message(connection: sqlite3.Connection, name: str) -> str:
    rows = connection.execute(
        "SELECT message FROM document_errors WHERE document_name = ? OR document_name LIKE ?",
        (name, f"%/{name}"),
    ).fetchall()
    assert len(rows) == 1, f"{name}: {len(rows)} errors recorded"
    return rows[0][0]


def check_quote_offsets(connection: sqlite3.Connection, document_id: int, text: str) -> int:
    """Every stored quote of the document indexes the stored text; returns how many there are."""
    quotes = connection.execute(
        'SELECT text, start, "end", speaker_mention, speaker_start, speaker_end FROM quotes WHERE document_id = ?',
        (document_id,),
    ).fetchall()
    for quote, start, end, mention, mention_start, mention_end in quotes:
        assert 0 <= start < end <= len(text) and text[start:end] == quote
        if mention_start is not None:
            assert text[mention_start:mention_end] == mention
    return len(quotes)


@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_the_job_finishes_and_its_exit_status_says_something_failed(job):
    result, connection = job
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    status, read, stored_count, failed = connection.execute(
        "SELECT status, documents_read, documents_stored, documents_failed FROM runs"
    ).fetchone()
    errors = connection.execute("SELECT count(*) FROM document_errors").fetchone()[0]
    documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert status == "completed"
    assert (stored_count, documents) == (7, 7)
    assert failed == errors == read - stored_count
    assert f"{failed} failed" in result.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty.txt: empty document (no text)"),
        ("blank.txt", "blank.txt: empty document (no text)"),
        ("photo.png", "photo.png: binary file (a PNG image), not a text article"),
        ("archive.gz", "archive.gz: gzip-compressed, but the name does not say what is inside; name it"),
        ("compressed.txt", "compressed.txt: binary file (gzip-compressed data)"),
        ("latin1.txt", "latin1.txt: not valid UTF-8 (byte 0x93 at offset 0); convert the file to UTF-8"),
        ("batch.jsonl:2", "batch.jsonl:2: malformed JSON (Unterminated string starting at column 27)"),
        ("no-text", 'batch.jsonl:3: no "text" or "html" field'),
        ("dangling.txt", "dangling.txt: cannot read (No such file or directory)"),
        ("loop.txt", "loop.txt: cannot read (Too many levels of symbolic links)"),
        ("pipe.txt", "pipe.txt: not a regular file"),
        ("no-such-article.txt", "no-such-article.txt: no such file or directory"),
    ],
)
@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_bad_input_is_recorded_with_its_reason(job, name, reason):
    _, connection = job
    assert reason in error_message(connection, name)
    assert connection.execute("SELECT count(*) FROM documents WHERE name = ?", (name,)).fetchone()[0] == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_file_without_read_permission_is_recorded(job):
    _, connection = job
    assert "no-permission.txt: cannot read (Permission denied)" in error_message(connection, "no-permission.txt")


@pytest.mark.parametrize(
    ("name", "expected_text"),
    [
        ("good.txt", SEED_TEXTS[0].split("\n")[0] + "\n"),
        ("bom.txt", SEED_TEXTS[2]),  # the BOM is not part of the text
        ("utf16.txt", SEED_TEXTS[3]),
        ("crlf.txt", SEED_TEXTS[1].replace("\n", "\r\n")),  # kept, so offsets index the file
        ("jsonl-good", JSONL_TEXT),
    ],
)
@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_good_documents_are_stored_exactly_with_valid_quotes(job, name, expected_text):
    _, connection = job
    document_id, text = stored(connection, name)
    assert text == expected_text
    assert check_quote_offsets(connection, document_id, text) > 0


@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_five_megabyte_article_is_stored_with_quotes_from_start_middle_and_end(job):
    _, connection = job
    document_id, text = stored(connection, "big.txt")
    expected, placed = five_megabyte_article()
    assert len(text) == BIG_SIZE and text == expected
    assert check_quote_offsets(connection, document_id, text) > 0
    starts = [row[0] for row in connection.execute("SELECT start FROM quotes WHERE document_id = ?", (document_id,))]
    for offset, article in placed:
        assert any(offset <= start < offset + len(article) for start in starts), f"no quote in article at {offset}"
    # The last article is 5 MB into the text: its quotes are those of the article alone.
    last_offset, last = placed[-1]
    alone = connection.execute(
        "SELECT q.start - ?, q.text FROM quotes q WHERE q.document_id = ? AND q.start >= ? AND q.type = 'direct'",
        (last_offset, document_id, last_offset),
    ).fetchall()
    assert alone and all(last[start : start + len(quote)] == quote for start, quote in alone)


@pytest.mark.slow  # the `job` fixture runs the `attribution` CLI in a subprocess
def test_document_of_ten_thousand_short_lines_is_stored(job):
    _, connection = job
    document_id, text = stored(connection, "lines.txt")
    assert text == ten_thousand_lines() and text.count("\n") == LINE_COUNT
    check_quote_offsets(connection, document_id, text)


@pytest.mark.slow  # runs the `attribution` CLI in a subprocess
def test_clean_inputs_exit_zero_and_a_rerun_skips_everything(inputs, tmp_path):
    db = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = tmp_path / "clean"
    clean.mkdir()
    for number, text in enumerate(SEED_TEXTS[:2]):
        (clean / f"{number}.txt").write_text(text.split("\n")[0], encoding="utf-8")
    first = run_cli("extract", str(clean), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "2 stored" in first.stderr and "0 failed" in first.stderr
    again = run_cli("extract", str(clean), "--db", db)
    assert again.returncode == 0, again.stderr
    assert "0 stored, 2 skipped" in again.stderr


def test_database_that_cannot_be_opened_is_a_usage_error(tmp_path):
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    result = run_cli("extract", str(SEEDS / "000_ff046a3759e742c7.txt"), "--db", str(tmp_path / "a-file" / "q.db"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "unable to open database file" in result.stderr


def test_quotes_the_store_refuses_fail_only_their_document(tmp_path):
    from attribution.model import Document, Quote
    from attribution.store import db as store_db
    from attribution.store import runs
    from attribution.store.documents import DocumentWriter

    engine = store_db.open_database(f"sqlite:///{tmp_path / 'q.db'}")
    run_id = runs.start_run(engine, model_name=None, model_version=None, extractor_version=None, options=None)
    results = []
    writer = DocumentWriter(engine, run_id, results.append)
    document = Document(name="a.txt", text="“Yes,” he said.")
    misplaced = Quote(type="direct", text="Yes,", start=0, end=4)  # the text is at 1:5
    writer.add(document, [misplaced])
    writer.add(document, [Quote(type="direct", text="Yes,", start=1, end=5)])
    writer.flush()
    with engine.connect() as connection:
        (message,) = connection.exec_driver_sql("SELECT message FROM document_errors").scalars()
        assert connection.exec_driver_sql("SELECT text FROM quotes").scalars().all() == ["Yes,"]
    engine.dispose()
    assert message == "a.txt: not stored (ValueError: a.txt: quote at 0:4: text does not match document[start:end])"
    assert [(r.status, r.quotes) for r in results] == [("failed", 0), ("stored", 1)]


def test_help_documents_the_exit_status():
    from click.testing import CliRunner

    from attribution.cli import main

    help_text = CliRunner().invoke(main, ["extract", "--help"]).output
    for line in ("0    every document was stored", "1    some documents failed", "2    bad usage",
                 "130  interrupted"):
        assert line in help_text
