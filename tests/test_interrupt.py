"""Interrupted and repeated jobs: a real ``attribution extract`` killed part-way.

The corpus is 200 short articles, each two paragraphs of the fixture
articles (one holding a quotation mark), so every document is unique and
has real sentences to parse. A reference database comes from one
uninterrupted run.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import attribution

FIXTURES = Path(__file__).parent / "fixtures"
ATTRIBUTION = Path(sys.executable).parent / "attribution"
DOCUMENT_COUNT = 200

#: One row per stored quote, independent of row ids; speakers and
#: organisations by name.
QUOTE_ROWS = """
SELECT d.name, d.text_sha256, q.type, q.start, q."end", q.text, q.cue,
       s.canonical_name, s.kind, q.speaker_mention, q.speaker_start, q.speaker_end,
       q.role, o.name, q.outlet, q.confidence
FROM quotes q
JOIN documents d ON d.id = q.document_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN organizations o ON o.id = q.affiliation_id
ORDER BY d.name, q.start, q."end", q.type
"""


def write_corpus(directory: Path) -> None:
    paragraphs = [
        line
        for path in sorted(FIXTURES.glob("*/*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
        if 80 <= len(line) <= 300
    ]
    quoted = [p for p in dict.fromkeys(paragraphs) if any(mark in p for mark in '"“«')]
    plain = [p for p in dict.fromkeys(paragraphs) if p not in quoted]
    assert len(quoted) >= DOCUMENT_COUNT and len(plain) >= DOCUMENT_COUNT
    directory.mkdir()
    for number in range(DOCUMENT_COUNT):
        text = f"{quoted[number]}\n{plain[number]}\n"
        (directory / f"article_{number:03d}.txt").write_text(text, encoding="utf-8")


def extract_command(corpus: Path, db: Path) -> list[str]:
    return [str(ATTRIBUTION), "extract", str(corpus), "--db", f"sqlite:///{db}", "--batch-size", "8"]


def run_to_end(corpus: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(extract_command(corpus, db), capture_output=True, text=True, timeout=600)


def connect(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def stored_documents(db: Path) -> int:
    """Documents stored so far (0 while the database or its schema does not exist yet)."""
    if not db.exists():
        return 0
    connection = connect(db)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        connection.close()


def start_and_wait_for(corpus: Path, db: Path, documents: int) -> subprocess.Popen:
    """Start a job and return once it has stored at least ``documents`` documents."""
    process = subprocess.Popen(extract_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while stored_documents(db) < documents:
        assert process.poll() is None, f"the job ended early: {process.communicate()}"
        assert time.monotonic() < deadline, "the job stored nothing in 300 s"
        time.sleep(0.05)
    assert process.poll() is None, "the job finished before it could be interrupted"
    return process


def database_content(db: Path) -> tuple[list[tuple], list[tuple]]:
    """``(documents, quotes)`` as comparable rows."""
    connection = connect(db)
    try:
        documents = connection.execute(
            "SELECT name, source, text, text_sha256 FROM documents ORDER BY name"
        ).fetchall()
        return documents, connection.execute(QUOTE_ROWS).fetchall()
    finally:
        connection.close()


def assert_same_content(db: Path, reference: Path) -> None:
    """Same documents and quotes; on failure the rows that differ are shown."""
    documents, quotes = database_content(db)
    reference_documents, reference_quotes = database_content(reference)
    assert documents == reference_documents
    missing = Counter(reference_quotes) - Counter(quotes)
    extra = Counter(quotes) - Counter(reference_quotes)
    assert (sorted(missing), sorted(extra)) == ([], [])


def assert_no_duplicates(db: Path) -> None:
    connection = connect(db)
    try:
        assert connection.execute(
            "SELECT count(*) - count(DISTINCT text_sha256) FROM documents"
        ).fetchone()[0] == 0
        assert connection.execute(
            'SELECT count(*) FROM (SELECT 1 FROM quotes GROUP BY document_id, type, start, "end" HAVING count(*) > 1)'
        ).fetchone()[0] == 0
    finally:
        connection.close()


def extracted_quote_rows(text: str) -> list[tuple]:
    return sorted(
        (q.type, q.start, q.end, q.text, q.cue, q.speaker_mention, q.speaker_start, q.speaker_end,
         q.role, q.affiliation, q.outlet, q.confidence)
        for q in attribution.extract(text)
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("interrupt") / "corpus"
    write_corpus(directory)
    return directory


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> Path:
    """The database one uninterrupted run produces."""
    db = tmp_path_factory.mktemp("reference") / "quotes.db"
    result = run_to_end(corpus, db)
    assert result.returncode == 0, result.stderr
    assert f"{DOCUMENT_COUNT} stored" in result.stderr
    return db


@pytest.mark.slow  # kills a running `attribution extract` (and builds a 200-article reference)
def test_sigkill_leaves_whole_documents_and_a_rerun_completes_the_database(corpus, reference, tmp_path):
    db = tmp_path / "quotes.db"
    process = start_and_wait_for(corpus, db, documents=20)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL

    # Consistent after the kill: each stored document has exactly the quotes
    # extraction gives for its text, so none is half-written.
    connection = connect(db)
    documents = connection.execute("SELECT id, text FROM documents").fetchall()
    assert 20 <= len(documents) < DOCUMENT_COUNT
    for document_id, text in documents:
        stored = sorted(
            connection.execute(
                'SELECT q.type, q.start, q."end", q.text, q.cue, q.speaker_mention, q.speaker_start, '
                "q.speaker_end, q.role, o.name, q.outlet, q.confidence FROM quotes q "
                "LEFT JOIN organizations o ON o.id = q.affiliation_id WHERE q.document_id = ?",
                (document_id,),
            ).fetchall()
        )
        assert stored == extracted_quote_rows(text)
    connection.close()

    rerun = run_to_end(corpus, db)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{DOCUMENT_COUNT - len(documents)} stored, {len(documents)} skipped" in rerun.stderr
    assert_same_content(db, reference)
    assert_no_duplicates(db)


@pytest.mark.slow  # interrupts a running `attribution extract`
def test_sigint_stops_cleanly_marks_the_run_interrupted_and_prints_the_summary(corpus, reference, tmp_path):
    db = tmp_path / "quotes.db"
    process = start_and_wait_for(corpus, db, documents=10)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("interrupted: ")

    connection = connect(db)
    status, finished, stored, quotes = connection.execute(
        "SELECT status, finished, documents_stored, quotes_stored FROM runs"
    ).fetchone()
    assert status == "interrupted" and finished is not None
    # The document in hand was finished (or never begun): the counts match the tables.
    assert stored == connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert quotes == connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert f"{stored} stored" in stderr
    connection.close()
    documents, quote_rows = database_content(db)
    reference_documents, reference_quotes = database_content(reference)
    names = {name for name, *_ in documents}
    assert set(documents) <= set(reference_documents)
    assert quote_rows == [row for row in reference_quotes if row[0] in names]


@pytest.mark.slow  # terminates a running `attribution extract`
def test_sigterm_is_handled_like_ctrl_c(corpus, tmp_path):
    db = tmp_path / "quotes.db"
    process = start_and_wait_for(corpus, db, documents=1)
    os.kill(process.pid, signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    connection = connect(db)
    assert connection.execute("SELECT status FROM runs").fetchone()[0] == "interrupted"
    connection.close()


def test_a_stop_signal_while_a_document_is_stored_waits_for_the_store_to_end():
    from attribution.jobs import _StopSignals

    steps = []
    with pytest.raises(KeyboardInterrupt), _StopSignals() as stop_signals:
        with stop_signals.deferred():
            os.kill(os.getpid(), signal.SIGINT)
            steps.append("stored after the signal")
        steps.append("never reached")
    assert steps == ["stored after the signal"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored
