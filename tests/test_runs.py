"""Run liveness (host, pid, heartbeat; abandoned runs marked ``interrupted``) and ``attribution runs``.

The killed job is a real ``attribution extract`` process (the corpus and
helpers of ``test_interrupt``) stopped with SIGKILL after its first stored
document.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, insert, inspect, select, update
from test_interrupt import FIXTURES, connect, corpus, start_and_wait_for  # noqa: F401 (fixture)
from test_store import seed_documents, table_counts

from attribution.cli import main
from attribution.cli.runs import ERROR_TABLE_COLUMNS, RUN_TABLE_COLUMNS
from attribution.inputs import iter_inputs
from attribution.jobs import run_job
from attribution.store import (
    DOCUMENT_ERROR_FIELDS,
    RUN_FIELDS,
    downgrade,
    list_document_errors,
    list_runs,
    mark_abandoned_runs,
    open_database,
    record_error,
    start_run,
    store_document,
    touch_run,
    upgrade,
    writer,
)
from attribution.store.db import make_engine
from attribution.store.schema import Document, Quote, Run, utcnow

ATTRIBUTION = Path(sys.executable).parent / "attribution"
LIVENESS_COLUMNS = {"host", "pid", "heartbeat"}
ELSEWHERE = "elsewhere.invalid"  # a host name no machine has


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_database(tmp_path / "quotes.db")
    yield engine
    engine.dispose()


def new_run(engine: Engine) -> int:
    return start_run(engine, model_name="test", model_version=None, extractor_version=None, options=None)


def set_run(engine: Engine, run_id: int, **values) -> None:
    with engine.begin() as connection:
        connection.execute(update(Run).where(Run.id == run_id).values(**values))


def run_row(engine: Engine, run_id: int):
    with engine.connect() as connection:
        return connection.execute(select(Run.__table__).where(Run.id == run_id)).one()


def exited_process_id() -> int:
    """The id of a process that has run, ended and been reaped."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# --- migration 0003 ------------------------------------------------------------------


def old_columns(engine: Engine) -> list[tuple]:
    columns = [c for c in Run.__table__.c if c.name not in LIVENESS_COLUMNS]
    with engine.connect() as connection:
        return connection.execute(select(*columns).order_by(Run.id)).all()


def test_migration_0003_adds_the_liveness_columns_and_its_downgrade_keeps_every_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    upgrade(url, "0002")
    engine = make_engine(url)
    with engine.begin() as connection:  # a run as the previous version wrote it: no liveness
        run_id = connection.scalar(insert(Run).returning(Run.id), {"model_name": "old", "status": "running"})
    for document, quotes in seed_documents():
        assert store_document(engine, run_id, document, quotes)
    record_error(engine, run_id, "photo.png", "binary file")
    runs_before, counts_before = old_columns(engine), table_counts(engine)
    engine.dispose()

    upgrade(url, "0003")
    engine = make_engine(url)
    assert LIVENESS_COLUMNS <= {c["name"] for c in inspect(engine).get_columns("runs")}
    assert old_columns(engine) == runs_before and table_counts(engine) == counts_before
    run = run_row(engine, run_id)
    assert (run.host, run.pid, run.heartbeat) == (None, None, None)
    engine.dispose()

    downgrade(url, "0002")  # foreign keys are on: copying `runs` would fail or cascade
    engine = make_engine(url)
    assert not LIVENESS_COLUMNS & {c["name"] for c in inspect(engine).get_columns("runs")}
    assert old_columns(engine) == runs_before and table_counts(engine) == counts_before
    engine.dispose()


def test_a_run_left_running_before_0003_is_abandoned_once_its_start_is_stale(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    upgrade(url, "0002")
    engine = make_engine(url)
    long_ago = utcnow() - writer.STALE_AFTER - timedelta(minutes=1)
    with engine.begin() as connection:
        old = connection.scalar(insert(Run).returning(Run.id), {"status": "running", "started": long_ago})
        recent = connection.scalar(insert(Run).returning(Run.id), {"status": "running"})
    engine.dispose()
    engine = open_database(url)
    assert mark_abandoned_runs(engine) == [old]
    assert run_row(engine, recent).status == "running"
    assert writer.as_utc(run_row(engine, old).finished) == long_ago
    engine.dispose()


# --- which runs are abandoned ----------------------------------------------------------


def test_start_run_records_this_host_this_process_and_a_first_heartbeat(engine: Engine) -> None:
    run = run_row(engine, new_run(engine))
    assert (run.host, run.pid, run.status) == (socket.gethostname(), os.getpid(), "running")
    assert run.heartbeat == run.started


def test_a_live_run_of_this_host_is_never_marked_however_old_its_heartbeat(engine: Engine) -> None:
    run_id = new_run(engine)  # this very process: alive
    set_run(engine, run_id, heartbeat=utcnow() - timedelta(days=1))
    assert mark_abandoned_runs(engine) == []
    assert run_row(engine, run_id).status == "running"


def test_a_run_whose_process_has_ended_is_marked_interrupted_at_its_last_heartbeat(engine: Engine) -> None:
    run_id = new_run(engine)
    set_run(engine, run_id, pid=exited_process_id())
    heartbeat = run_row(engine, run_id).heartbeat
    assert mark_abandoned_runs(engine) == [run_id]
    run = run_row(engine, run_id)
    assert (run.status, run.finished) == ("interrupted", heartbeat)
    assert mark_abandoned_runs(engine) == []  # once


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process states come from Linux /proc")
def test_a_run_whose_process_is_a_zombie_not_yet_reaped_is_marked(engine: Engine) -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    stat = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + 60
    while stat.read_text().rpartition(")")[2].split()[0] != "Z":  # ended, not reaped (no poll)
        assert time.monotonic() < deadline
        time.sleep(0.01)
    try:
        run_id = new_run(engine)
        set_run(engine, run_id, pid=process.pid)
        assert mark_abandoned_runs(engine) == [run_id]
    finally:
        process.wait()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times come from Linux /proc")
def test_a_process_id_reused_by_a_younger_process_does_not_keep_a_run_alive(engine: Engine) -> None:
    run_id = new_run(engine)  # this process's id, but a run started before this process existed
    set_run(engine, run_id, started=utcnow() - timedelta(days=2), heartbeat=utcnow() - timedelta(days=2))
    assert mark_abandoned_runs(engine) == [run_id]


def test_a_run_of_another_host_is_marked_only_when_its_heartbeat_is_older_than_stale_after(
    engine: Engine,
) -> None:
    stale, fresh = new_run(engine), new_run(engine)
    now = utcnow()
    set_run(engine, stale, host=ELSEWHERE, pid=1, heartbeat=now - writer.STALE_AFTER - timedelta(seconds=5))
    set_run(engine, fresh, host=ELSEWHERE, pid=1, heartbeat=now - writer.STALE_AFTER + timedelta(minutes=1))
    assert mark_abandoned_runs(engine) == [stale]
    assert run_row(engine, fresh).status == "running"


def test_an_abandoned_run_counts_what_it_stored_after_its_last_heartbeat(engine: Engine) -> None:
    run_id = new_run(engine)
    documents = seed_documents()
    assert store_document(engine, run_id, *documents[0])
    touch_run(engine, run_id, {"documents_read": 1, "documents_stored": 1, "quotes_stored": len(documents[0][1])})
    for document, quotes in documents[1:]:  # after the heartbeat, then silence
        assert store_document(engine, run_id, document, quotes)
    record_error(engine, run_id, "photo.png", "binary file")
    set_run(engine, run_id, host=ELSEWHERE, heartbeat=utcnow() - writer.STALE_AFTER * 2)

    assert mark_abandoned_runs(engine) == [run_id]
    run = run_row(engine, run_id)
    assert (run.documents_stored, run.documents_failed, run.documents_skipped) == (len(documents), 1, 0)
    assert run.quotes_stored == sum(len(quotes) for _, quotes in documents)
    assert run.documents_read == len(documents) + 1


def test_a_heartbeat_revives_a_live_run_that_was_given_up(engine: Engine) -> None:
    run_id = new_run(engine)
    set_run(engine, run_id, host=ELSEWHERE, heartbeat=utcnow() - writer.STALE_AFTER * 2)
    assert mark_abandoned_runs(engine) == [run_id]
    touch_run(engine, run_id, {"documents_read": 3})
    run = run_row(engine, run_id)
    assert (run.status, run.finished, run.documents_read) == ("running", None, 3)
    assert utcnow() - writer.as_utc(run.heartbeat) < timedelta(minutes=1)
    with pytest.raises(ValueError, match="unknown run counts"):
        touch_run(engine, run_id, {"pages": 1})
    with pytest.raises(ValueError, match="no run"):
        touch_run(engine, run_id + 100)


# --- the job: heartbeats, and cleaning up after a killed job ---------------------------


def test_the_job_beats_at_most_every_heartbeat_seconds(engine, tmp_path, monkeypatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(3):
        (inputs / f"{number}.txt").write_text(f"Article number {number}, without quotes.\n", encoding="utf-8")
    beats: list[dict[str, int]] = []
    real_touch = writer.touch_run
    monkeypatch.setattr(writer, "touch_run", lambda e, r, counts: (beats.append(counts), real_touch(e, r, counts)))

    run_job(engine, iter_inputs([str(inputs)]), batch_size=2)  # default: one beat in 30 s
    assert beats == []
    monkeypatch.setattr(writer, "HEARTBEAT_SECONDS", 0.0)  # now one beat per document
    run_job(engine, iter_inputs([str(inputs)]))  # every document is already stored: skipped
    assert [beat["documents_skipped"] for beat in beats] == [1, 2, 3]


def test_a_job_killed_with_sigkill_is_running_until_the_next_job_marks_it_interrupted(
    corpus: Path, tmp_path: Path  # noqa: F811 (the fixture)
) -> None:
    db = tmp_path / "quotes.db"
    process = start_and_wait_for(corpus, db, documents=1)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL

    connection = connect(db)
    (status, host, pid, heartbeat, finished), = connection.execute(
        "SELECT status, host, pid, heartbeat, finished FROM runs"
    ).fetchall()
    stored, quotes = connection.execute(
        "SELECT (SELECT count(*) FROM documents WHERE run_id = 1), (SELECT count(*) FROM quotes WHERE run_id = 1)"
    ).fetchone()
    connection.close()
    assert (status, host, pid, finished) == ("running", socket.gethostname(), process.pid, None)
    assert heartbeat is not None and stored >= 1

    one_new_article = tmp_path / "next"
    one_new_article.mkdir()
    shutil.copy(sorted((FIXTURES / "seeds").glob("*.txt"))[1], one_new_article)  # not in the corpus
    next_job = subprocess.run(
        [str(ATTRIBUTION), "extract", str(one_new_article), "--db", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=300,
    )
    assert next_job.returncode == 0, next_job.stderr
    assert "earlier run(s) 1 marked interrupted" in next_job.stdout + next_job.stderr

    connection = connect(db)
    rows = connection.execute(
        "SELECT id, status, finished, heartbeat, documents_stored, quotes_stored FROM runs ORDER BY id"
    ).fetchall()
    connection.close()
    assert rows[0] == (1, "interrupted", heartbeat, heartbeat, stored, quotes)
    assert rows[1][:2] == (2, "completed")


# --- attribution runs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database after one real job: a seed article stored, an empty and a binary file failed;
    then a run of another host that went silent an hour ago."""
    directory = tmp_path_factory.mktemp("runs")
    inputs = directory / "in"
    inputs.mkdir()
    shutil.copy(FIXTURES / "seeds" / "000_ff046a3759e742c7.txt", inputs)
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    (inputs / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    engine = open_database(directory / "quotes.db")
    summary = run_job(engine, iter_inputs([str(inputs)]))
    assert (summary.status, summary.stored, summary.failed) == ("completed", 1, 2)
    silent = new_run(engine)
    set_run(engine, silent, host=ELSEWHERE, heartbeat=utcnow() - timedelta(hours=1))
    engine.dispose()
    return f"sqlite:///{directory / 'quotes.db'}"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_runs_as_jsonl_newest_first_with_counts_from_the_tables(db_url: str) -> None:
    code, output = run_cli("runs", "--db", db_url, "--format", "jsonl")
    assert code == 0, output
    rows = [json.loads(line) for line in output.splitlines()]
    assert [(row["id"], row["status"]) for row in rows] == [(2, "interrupted"), (1, "completed")]
    assert all(list(row) == list(RUN_FIELDS) for row in rows)
    job = rows[1]
    engine = make_engine(db_url)
    with engine.connect() as connection:
        quotes = connection.scalar(select(func.count()).select_from(Quote).where(Quote.run_id == 1))
        document = connection.scalar(select(Document.name).where(Document.run_id == 1))
    engine.dispose()
    assert (job["read"], job["stored"], job["skipped"], job["failed"]) == (3, 1, 0, 2)
    assert job["quotes"] == quotes > 0 and document == "000_ff046a3759e742c7.txt"
    assert job["model"] and job["host"] == socket.gethostname()
    assert job["started"] <= job["finished"] and job["finished"].endswith("+00:00")
    assert rows[0]["finished"] == rows[0]["heartbeat"]  # given up at its last sign of life

    code, output = run_cli("runs", "--db", db_url, "--format", "jsonl", "--limit", "1")
    assert code == 0 and [json.loads(line)["id"] for line in output.splitlines()] == [2]


def test_runs_as_a_table(db_url: str) -> None:
    code, output = run_cli("runs", "--db", db_url)
    assert code == 0, output
    lines = output.splitlines()
    header = next(line for line in lines if "started" in line)
    assert [name for name in header.replace("┃", " ").split()] == list(RUN_TABLE_COLUMNS)
    first = next(line for line in lines if "completed" in line)
    cells = [cell.strip() for cell in first.split("│")[1:-1]]
    assert cells[0] == "1" and cells[5:9] == ["3", "1", "0", "2"]
    assert "interrupted" in output and "2 runs" in output


def test_errors_of_a_run_as_table_jsonl_and_csv(db_url: str) -> None:
    code, output = run_cli("runs", "--errors", "1", "--db", db_url, "--format", "jsonl")
    assert code == 0, output
    rows = [json.loads(line) for line in output.splitlines()]
    assert [(row["run_id"], row["document"]) for row in rows] == [(1, "empty.txt"), (1, "photo.txt")]
    assert all(list(row) == list(DOCUMENT_ERROR_FIELDS) for row in rows)
    assert "empty" in rows[0]["message"] and "binary file (a PNG image)" in rows[1]["message"]

    code, output = run_cli("runs", "--db", db_url, "--errors")  # every run
    assert code == 0 and "2 failed documents" in output
    assert all(column in output for column in ERROR_TABLE_COLUMNS)
    assert "photo.txt" in output and "a PNG image" in output

    code, output = run_cli("runs", "--errors", "--db", db_url, "--format", "csv", "--limit", "1")
    assert code == 0 and [row["document"] for row in csv.DictReader(io.StringIO(output))] == ["empty.txt"]
    assert run_cli("runs", "--errors", "2", "--db", db_url, "--format", "jsonl") == (0, "")


def test_errors_of_an_unknown_run_and_bad_run_ids(db_url: str) -> None:
    code, output = run_cli("runs", "--errors", "99", "--db", db_url)
    assert (code, output) == (1, "Error: no run with id 99\n")
    code, output = run_cli("runs", "--errors", "x1", "--db", db_url)
    assert code == 2 and "not a run id" in output


def test_runs_help() -> None:
    code, output = run_cli("runs", "--help")
    assert code == 0 and "--errors [RUN_ID]" in output and "interrupted" in output
    assert f"{int(writer.STALE_AFTER.total_seconds() // 60)} minutes" in output


def test_the_store_functions_refuse_a_negative_limit(engine: Engine) -> None:
    with pytest.raises(ValueError):
        list_runs(engine, limit=-1)
    with pytest.raises(ValueError):
        list_document_errors(engine, limit=-1)
