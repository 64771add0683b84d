"""Two ``attribution extract`` processes writing one SQLite file at once.

Both start on a database that does not exist yet (so they also race to
create the schema) with overlapping inputs; the read commands run while
they write.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import attribution

FIXTURES = Path(__file__).parent / "fixtures"
ATTRIBUTION = Path(sys.executable).parent / "attribution"

pytestmark = pytest.mark.slow  # concurrent `attribution extract` processes
#: Documents 0..149 go to the first job, 75..224 to the second: 75 are read by both.
FIRST, SECOND = range(0, 150), range(75, 225)


def articles() -> list[str]:
    """120 short unique articles: pairs of paragraphs of the fixture articles."""
    paragraphs = list(
        dict.fromkeys(
            line
            for path in sorted(FIXTURES.glob("*/*.txt"))
            for line in path.read_text(encoding="utf-8").split("\n")
            if 80 <= len(line) <= 300
        )
    )
    return [f"{paragraphs[2 * n]}\n{paragraphs[2 * n + 1]}\n" for n in range(max(SECOND) + 1)]


def write_inputs(directory: Path, numbers: range, texts: list[str]) -> Path:
    directory.mkdir()
    for number in numbers:
        (directory / f"article_{number:03d}.txt").write_text(texts[number], encoding="utf-8")
    return directory


def cli(*args: str) -> list[str]:
    return [str(ATTRIBUTION), *args]


def test_two_writers_finish_without_locks_or_duplicates_while_readers_read(tmp_path):
    texts = articles()
    db = tmp_path / "shared.db"
    url = f"sqlite:///{db}"
    first = write_inputs(tmp_path / "first", FIRST, texts)
    second = write_inputs(tmp_path / "second", SECOND, texts)
    jobs = [
        subprocess.Popen(cli("extract", str(inputs), "--db", url, "--batch-size", "4"),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for inputs in (first, second)
    ]

    # Read while both write: wait for the first stored quotes, then query.
    deadline = time.monotonic() + 300
    while True:
        assert time.monotonic() < deadline
        assert all(job.poll() is None for job in jobs), "a job ended before the readers ran"
        count = subprocess.run(cli("sql", "SELECT count(*) AS n FROM quotes", "--format", "jsonl", "--db", url),
                               capture_output=True, text=True, timeout=120)
        if count.returncode == 0 and json.loads(count.stdout)["n"] > 0:
            break
        assert "locked" not in count.stderr, count.stderr
        time.sleep(0.2)
    listed = subprocess.run(cli("quotes", "--limit", "3", "--format", "jsonl", "--db", url),
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert 1 <= len(rows) <= 3 and all(row["text"] for row in rows)
    assert any(job.poll() is None for job in jobs), "the readers ran after the writers had finished"

    outputs = [job.communicate(timeout=600) for job in jobs]
    for job, (_, stderr) in zip(jobs, outputs, strict=True):
        assert job.returncode == 0, stderr
        assert "locked" not in stderr and "Traceback" not in stderr

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names = [name for (name,) in connection.execute("SELECT name FROM documents")]
    assert sorted(names) == sorted(f"article_{n:03d}.txt" for n in set(FIRST) | set(SECOND))
    stored, skipped, quotes = connection.execute(
        "SELECT sum(documents_stored), sum(documents_skipped), sum(quotes_stored) FROM runs WHERE status = 'completed'"
    ).fetchone()
    assert (stored, skipped) == (len(names), len(FIRST) + len(SECOND) - len(names))
    assert quotes == connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert connection.execute(
        'SELECT count(*) FROM (SELECT 1 FROM quotes GROUP BY document_id, type, start, "end" HAVING count(*) > 1)'
    ).fetchone()[0] == 0
    assert connection.execute(
        "SELECT count(*) FROM (SELECT 1 FROM speakers GROUP BY kind, name_key HAVING count(*) > 1)"
    ).fetchone()[0] == 0
    # The documents both jobs read have exactly their own quotes, stored once.
    for number in set(FIRST) & set(SECOND):
        stored_spans = sorted(
            connection.execute(
                'SELECT q.type, q.start, q."end", q.text FROM quotes q JOIN documents d ON d.id = q.document_id '
                "WHERE d.name = ?",
                (f"article_{number:03d}.txt",),
            ).fetchall()
        )
        assert stored_spans == sorted((q.type, q.start, q.end, q.text) for q in attribution.extract(texts[number]))
    connection.close()
