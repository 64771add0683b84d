"""Run liveness (host, pid, process identity, heartbeat; abandoned runs marked
``interrupted``) and ``attribution runs``.

The killed job is a real ``attribution extract`` process (the corpus and
helpers of ``test_interrupt``) stopped with SIGKILL after its first stored
document. The pid-namespace tests run ``unshare --pid --fork --mount-proc``
(skipped where that is not permitted).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, insert, inspect, select, update
from sqlalchemy.exc import OperationalError
from old_databases import fill_at_revision, store_seeds_and_an_error
from test_interrupt import FIXTURES, connect, corpus, start_and_wait_for  # noqa: F401 (fixture)
from test_store import seed_documents, table_counts

from attribution.cli import main
from attribution.cli.runs import ERROR_TABLE_COLUMNS, RUN_TABLE_COLUMNS
from attribution.inputs import iter_inputs
from attribution.jobs import run_job
from attribution.model import Document as InputDocument
from attribution.store import (
    DOCUMENT_ERROR_FIELDS,
    RUN_FIELDS,
    downgrade,
    list_document_errors,
    list_runs,
    mark_abandoned_runs,
    open_database,
    record_error,
    runs,
    start_run,
    store_document,
    touch_run,
    upgrade,
)
from attribution.store.db import make_engine
from attribution.store.schema import Document, Quote, Run, as_utc, utcnow

ATTRIBUTION = Path(sys.executable).parent / "attribution"
LIVENESS_COLUMNS = {"host", "pid", "process_identity", "heartbeat"}
ELSEWHERE = "elsewhere.invalid"  # a host name no machine has
HAS_PROC = Path("/proc/self/stat").exists() and runs.process_identity() is not None
needs_proc = pytest.mark.skipif(not HAS_PROC, reason="process identities come from Linux /proc")


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


def proc_fields(pid: int | str) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command name: [0] state, [19] start ticks."""
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def this_namespace() -> str:
    """Boot id, pid namespace and time namespace of this process, read here from /proc."""
    boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    time_ns = os.stat("/proc/self/ns/time").st_ino if Path("/proc/self/ns/time").exists() else 0
    return f"{boot} {os.stat('/proc/self/ns/pid').st_ino} {time_ns}"


def identity_of(pid: int, namespace: str | None = None) -> str:
    """The identity a run of process ``pid`` (of this namespace) records."""
    return f"{namespace or this_namespace()} {proc_fields(pid)[19]}"


# --- migration 0003 ------------------------------------------------------------------


def old_columns(engine: Engine) -> list[tuple]:
    columns = [c for c in Run.__table__.c if c.name not in LIVENESS_COLUMNS]
    with engine.connect() as connection:
        return connection.execute(select(*columns).order_by(Run.id)).all()


def test_migration_0003_adds_the_liveness_columns_and_its_downgrade_keeps_every_row(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    fill_at_revision(tmp_path, url, "0002", store_seeds_and_an_error)  # runs as then: no liveness
    engine = make_engine(url)
    with engine.connect() as connection:
        run_id = connection.scalar(select(Run.id))
    runs_before, counts_before = old_columns(engine), table_counts(engine)
    engine.dispose()

    upgrade(url, "0003")
    engine = make_engine(url)
    assert LIVENESS_COLUMNS <= {c["name"] for c in inspect(engine).get_columns("runs")}
    assert old_columns(engine) == runs_before and table_counts(engine) == counts_before
    run = run_row(engine, run_id)
    assert (run.host, run.pid, run.process_identity, run.heartbeat) == (None, None, None, None)
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
    long_ago = utcnow() - runs.STALE_AFTER - timedelta(minutes=1)
    with engine.begin() as connection:
        old = connection.scalar(insert(Run).returning(Run.id), {"status": "running", "started": long_ago})
        recent = connection.scalar(insert(Run).returning(Run.id), {"status": "running"})
    engine.dispose()
    engine = open_database(url)
    assert mark_abandoned_runs(engine) == [old]
    assert run_row(engine, recent).status == "running"
    assert as_utc(run_row(engine, old).finished) == long_ago
    engine.dispose()


# --- which runs are abandoned ----------------------------------------------------------


def test_start_run_records_this_host_this_process_and_a_first_heartbeat(engine: Engine) -> None:
    run = run_row(engine, new_run(engine))
    assert (run.host, run.pid, run.status) == (socket.gethostname(), os.getpid(), "running")
    assert run.heartbeat == run.started
    if HAS_PROC:
        assert run.process_identity == identity_of(os.getpid())


@needs_proc
def test_a_live_run_of_this_host_is_never_marked_however_old_its_start_and_heartbeat(engine: Engine) -> None:
    run_id = new_run(engine)  # this very process: alive
    long_ago = utcnow() - timedelta(days=2)  # as a wall-clock step forward would make them look
    set_run(engine, run_id, started=long_ago, heartbeat=long_ago)
    assert mark_abandoned_runs(engine) == []
    assert run_row(engine, run_id).status == "running"


@needs_proc
def test_a_live_process_with_the_recorded_start_ticks_keeps_its_run_and_its_death_ends_it(engine: Engine) -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        run_id = new_run(engine)
        set_run(engine, run_id, pid=process.pid, process_identity=identity_of(process.pid),
                heartbeat=utcnow() - timedelta(days=1))
        assert mark_abandoned_runs(engine) == []
    finally:
        process.kill()
        process.wait()
    assert mark_abandoned_runs(engine) == [run_id]


@needs_proc
def test_a_process_id_reused_by_another_process_does_not_keep_a_run_alive(engine: Engine) -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        ticks = int(proc_fields(process.pid)[19])
        earlier, later = new_run(engine), new_run(engine)  # the id's earlier or later holder
        set_run(engine, earlier, pid=process.pid, process_identity=f"{this_namespace()} {ticks - 1}")
        set_run(engine, later, pid=process.pid, process_identity=f"{this_namespace()} {ticks + 1}")
        assert sorted(mark_abandoned_runs(engine)) == [earlier, later]  # fresh heartbeats do not matter
    finally:
        process.kill()
        process.wait()


def test_a_run_whose_process_has_ended_is_marked_interrupted_at_its_last_heartbeat(engine: Engine) -> None:
    run_id = new_run(engine)
    set_run(engine, run_id, pid=exited_process_id())
    heartbeat = run_row(engine, run_id).heartbeat
    assert mark_abandoned_runs(engine) == ([run_id] if HAS_PROC else [])  # else: its heartbeat is fresh
    if HAS_PROC:
        run = run_row(engine, run_id)
        assert (run.status, run.finished) == ("interrupted", heartbeat)
        assert mark_abandoned_runs(engine) == []  # once


@needs_proc
def test_a_run_whose_process_is_a_zombie_not_yet_reaped_is_marked(engine: Engine) -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        run_id = new_run(engine)
        set_run(engine, run_id, pid=process.pid, process_identity=identity_of(process.pid))
        deadline = time.monotonic() + 60
        while proc_fields(process.pid)[0] != "Z":  # ended, not reaped (no poll): same start ticks
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert mark_abandoned_runs(engine) == [run_id]
    finally:
        process.wait()


@needs_proc
@pytest.mark.parametrize("where", ["pid namespace", "boot"])
def test_a_run_of_this_host_in_another_pid_namespace_or_boot_is_judged_by_its_heartbeat(
    engine: Engine, where: str
) -> None:
    boot, pid_namespace, time_namespace = this_namespace().split()
    elsewhere = (
        f"{boot} {int(pid_namespace) + 1} {time_namespace}"
        if where == "pid namespace"
        else f"00000000-0000-4000-8000-000000000000 {pid_namespace} {time_namespace}"
    )
    alive_here, gone_here = new_run(engine), new_run(engine)  # what the pid would say here
    set_run(engine, alive_here, process_identity=f"{elsewhere} {proc_fields('self')[19]}")
    set_run(engine, gone_here, pid=exited_process_id(), process_identity=f"{elsewhere} 1")
    assert mark_abandoned_runs(engine) == []  # fresh heartbeats: both kept
    set_run(engine, alive_here, heartbeat=utcnow() - runs.STALE_AFTER - timedelta(seconds=5))
    assert mark_abandoned_runs(engine) == [alive_here]


def test_a_run_without_a_process_identity_is_judged_by_its_heartbeat(engine: Engine) -> None:
    """Where /proc does not tell (macOS, Windows) a process id alone proves nothing."""
    fresh, stale = new_run(engine), new_run(engine)
    set_run(engine, fresh, pid=exited_process_id(), process_identity=None)
    set_run(engine, stale, process_identity=None, heartbeat=utcnow() - runs.STALE_AFTER * 2)
    assert mark_abandoned_runs(engine) == [stale]  # though its process (this one) lives


@needs_proc
def test_a_check_from_a_process_without_proc_uses_heartbeats_only(engine: Engine, monkeypatch) -> None:
    run_id = new_run(engine)
    set_run(engine, run_id, pid=exited_process_id())  # gone, recorded with this namespace
    monkeypatch.setattr(runs, "_process_namespace", lambda: None)
    assert mark_abandoned_runs(engine) == []


def unshare_works() -> bool:
    try:
        return subprocess.run(
            ["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True, timeout=60
        ).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


in_new_pid_namespace = pytest.mark.skipif(
    not (HAS_PROC and shutil.which("unshare") and unshare_works()),
    reason="needs Linux and permission to run unshare --pid --fork --mount-proc",
)


def run_in_new_pid_namespace(code: str, *args: str) -> str:
    """Run Python ``code`` (with ``args``) as pid 1 of a new pid namespace (same host name)."""
    result = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@in_new_pid_namespace
@pytest.mark.slow  # a Python subprocess in a new pid namespace
def test_a_check_from_another_pid_namespace_leaves_a_live_run_of_this_one_running(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    engine = open_database(url)
    try:
        live = new_run(engine)  # this process, its heartbeat fresh: its pid means nothing in there
        marked = run_in_new_pid_namespace(
            "import sys; from attribution.store import open_database, mark_abandoned_runs;"
            "print(mark_abandoned_runs(open_database(sys.argv[1])))",
            url,
        )
        assert marked.strip() == "[]"
        assert run_row(engine, live).status == "running"
    finally:
        engine.dispose()


@in_new_pid_namespace
@pytest.mark.slow  # a Python subprocess in a new pid namespace
def test_a_run_left_by_a_process_of_another_pid_namespace_is_judged_by_its_heartbeat(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    run_in_new_pid_namespace(  # pid 1 in there; here pid 1 is init, alive
        "import sys; from attribution.store import open_database, start_run;"
        "start_run(open_database(sys.argv[1]), model_name=None, model_version=None,"
        " extractor_version=None, options=None)",
        url,
    )
    engine = open_database(url)
    try:
        run = run_row(engine, 1)
        assert run.host == socket.gethostname() and run.pid == 1
        assert run.process_identity.split()[0] == this_namespace().split()[0]  # same boot
        assert run.process_identity.split()[1] != this_namespace().split()[1]  # other pid namespace
        assert mark_abandoned_runs(engine) == []  # its heartbeat is fresh
        set_run(engine, 1, heartbeat=utcnow() - runs.STALE_AFTER - timedelta(seconds=5))
        assert mark_abandoned_runs(engine) == [1]  # though pid 1 lives here
    finally:
        engine.dispose()


def test_a_run_of_another_host_is_marked_only_when_its_heartbeat_is_older_than_stale_after(
    engine: Engine,
) -> None:
    stale, fresh = new_run(engine), new_run(engine)
    now = utcnow()
    set_run(engine, stale, host=ELSEWHERE, pid=1, heartbeat=now - runs.STALE_AFTER - timedelta(seconds=5))
    set_run(engine, fresh, host=ELSEWHERE, pid=1, heartbeat=now - runs.STALE_AFTER + timedelta(minutes=1))
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
    set_run(engine, run_id, host=ELSEWHERE, heartbeat=utcnow() - runs.STALE_AFTER * 2)

    assert mark_abandoned_runs(engine) == [run_id]
    run = run_row(engine, run_id)
    assert (run.documents_stored, run.documents_failed, run.documents_skipped) == (len(documents), 1, 0)
    assert run.quotes_stored == sum(len(quotes) for _, quotes in documents)
    assert run.documents_read == len(documents) + 1


def test_a_heartbeat_revives_a_live_run_that_was_given_up(engine: Engine) -> None:
    run_id = new_run(engine)
    set_run(engine, run_id, host=ELSEWHERE, heartbeat=utcnow() - runs.STALE_AFTER * 2)
    assert mark_abandoned_runs(engine) == [run_id]
    touch_run(engine, run_id, {"documents_read": 3})
    run = run_row(engine, run_id)
    assert (run.status, run.finished, run.documents_read) == ("running", None, 3)
    assert utcnow() - as_utc(run.heartbeat) < timedelta(minutes=1)
    with pytest.raises(ValueError, match="unknown run counts"):
        touch_run(engine, run_id, {"pages": 1})
    with pytest.raises(ValueError, match="no run"):
        touch_run(engine, run_id + 100)


# --- the job: heartbeats, and cleaning up after a killed job ---------------------------


def no_quotes(batches, model_name):
    """A batch parser that finds no quote in any document (no spaCy needed)."""
    for batch in batches:
        yield batch, [[] for _ in batch]


def newest_run(engine: Engine):
    with engine.connect() as connection:
        return connection.execute(select(Run.__table__).order_by(Run.id.desc()).limit(1)).one()


def heartbeat_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("attribution-heartbeat")]


def test_the_job_beats_while_its_input_keeps_it_waiting_and_stops_before_the_run_finishes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runs, "HEARTBEAT_SECONDS", 0.05)
    calls: list[str] = []
    real_touch, real_finish = runs.touch_run, runs.finish_run
    monkeypatch.setattr(runs, "touch_run", lambda *a, **k: (calls.append("beat"), real_touch(*a, **k))[1])
    monkeypatch.setattr(runs, "finish_run", lambda *a, **k: (calls.append("finish"), real_finish(*a, **k))[1])
    during_wait = []

    def slow_input() -> Iterator[InputDocument]:
        yield InputDocument(name="first.txt", text="The first article, without quotes.")
        before = newest_run(engine)
        time.sleep(1.0)  # a slow producer: no document comes, the job only waits
        during_wait.extend([before, newest_run(engine)])
        yield InputDocument(name="second.txt", text="The second article, without quotes.")

    summary = run_job(engine, slow_input(), batch_size=1, parser=no_quotes)
    assert (summary.status, summary.read, summary.stored) == ("completed", 2, 2)
    before, after = during_wait
    assert as_utc(after.heartbeat) > as_utc(before.heartbeat)
    assert (after.status, after.documents_read, after.documents_stored) == ("running", 1, 1)

    assert calls.count("beat") >= 2 and calls[-1] == "finish"  # no beat after the finish
    assert heartbeat_threads() == []
    time.sleep(0.3)
    assert calls[-1] == "finish"
    run = newest_run(engine)
    assert (run.status, run.documents_read, run.documents_stored) == ("completed", 2, 2)


def test_a_heartbeat_that_fails_is_logged_and_does_not_fail_the_job(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runs, "HEARTBEAT_SECONDS", 0.05)
    attempts = []

    def locked(*args, **kwargs) -> None:
        attempts.append(1)
        raise OperationalError("UPDATE runs", {}, Exception("database is locked"))

    monkeypatch.setattr(runs, "touch_run", locked)

    def slow_input() -> Iterator[InputDocument]:
        yield InputDocument(name="first.txt", text="The first article, without quotes.")
        time.sleep(0.5)
        yield InputDocument(name="second.txt", text="The second article, without quotes.")

    with caplog.at_level(logging.WARNING, logger="attribution.jobs"):
        summary = run_job(engine, slow_input(), batch_size=1, parser=no_quotes)
    assert (summary.status, summary.stored, summary.exit_code) == ("completed", 2, 0)
    assert newest_run(engine).status == "completed"
    assert len(attempts) >= 2  # a failed beat does not stop the next
    assert any("heartbeat not saved" in r.message and "database is locked" in r.message for r in caplog.records)


@pytest.mark.slow  # kills a running `attribution extract`
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
    said = " ".join((next_job.stdout + next_job.stderr).split())  # rich wraps long lines
    assert (
        "earlier run(s) 1 marked interrupted (their process is gone or gave no sign of life for 5 minutes)"
        in said
    )

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
    for bad in ("x1", "0", "²", "١"):  # "²" and "١" are digits: int() refuses the one, reads the other
        code, output = run_cli("runs", "--errors", bad, "--db", db_url)
        assert code == 2 and "not a run id" in output, (bad, output)


def test_no_rows_are_one_line_as_a_table_and_no_record_as_jsonl_or_csv(db_url: str, tmp_path: Path) -> None:
    assert run_cli("runs", "--errors", "2", "--db", db_url) == (0, "no failed documents of run 2\n")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run_cli("runs", "--db", empty) == (0, "no runs\n")
    assert run_cli("runs", "--errors", "--db", empty) == (0, "no failed documents\n")
    assert run_cli("runs", "--db", empty, "--format", "jsonl") == (0, "")
    code, output = run_cli("runs", "--db", empty, "--format", "csv")  # a header, no row
    assert (code, output) == (0, ",".join(RUN_FIELDS) + "\n")


def test_runs_help() -> None:
    code, output = run_cli("runs", "--help")
    assert code == 0 and "--errors [RUN_ID]" in output and "interrupted" in output
    assert f"{int(runs.STALE_AFTER.total_seconds() // 60)} minutes" in output


def test_the_store_functions_refuse_a_negative_limit(engine: Engine) -> None:
    with pytest.raises(ValueError):
        list_runs(engine, limit=-1)
    with pytest.raises(ValueError):
        list_document_errors(engine, limit=-1)
