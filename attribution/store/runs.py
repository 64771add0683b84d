"""Runs: a job's start, heartbeat and end, and runs whose process died without a word.

A run records the host, the process id and (on Linux) the exact identity
of the job's process, and a heartbeat the job refreshes while it works
(``touch_run``); ``mark_abandoned_runs`` marks the runs whose process died
without a word (SIGKILL, power cut, out of memory) ``interrupted``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row, func, insert, select, update

from attribution.store.db import write_transaction
from attribution.store.schema import RUN_STATUSES, Document, DocumentError, Quote, Run, as_utc, utcnow

#: Seconds between a job's heartbeats (``jobs.run_job`` beats from a timer thread).
HEARTBEAT_SECONDS = 30.0
#: A running run whose process cannot be looked up and whose heartbeat is older than this
#: is taken for dead (see ``mark_abandoned_runs``).
STALE_AFTER = timedelta(seconds=10 * HEARTBEAT_SECONDS)
RUN_COUNTS: tuple[str, ...] = (
    "documents_read",
    "documents_stored",
    "documents_skipped",
    "documents_failed",
    "quotes_stored",
)


def start_run(
    engine: Engine,
    *,
    model_name: str | None,
    model_version: str | None,
    extractor_version: str | None,
    options: Mapping[str, Any] | None,
) -> int:
    """Record the start of a run (status ``running``) by this process and return its id.

    The run notes this host's name, this process's id and identity
    (``process_identity``: None where ``/proc`` does not tell it), and its
    first heartbeat.
    """
    now = utcnow()
    with write_transaction(engine) as connection:
        return connection.scalar(
            insert(Run).returning(Run.id),
            {
                "started": now,
                "heartbeat": now,
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "process_identity": process_identity(),
                "model_name": model_name,
                "model_version": model_version,
                "extractor_version": extractor_version,
                "options": dict(options) if options is not None else None,
                "status": "running",
            },
        )


def finish_run(engine: Engine, run_id: int, *, status: str, counts: Mapping[str, int]) -> None:
    """Close a run: its final ``status`` and ``counts`` (keys from ``RUN_COUNTS``)."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {', '.join(RUN_STATUSES)}, not {status!r}")
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
    with write_transaction(engine) as connection:
        updated = connection.execute(
            update(Run).where(Run.id == run_id).values(status=status, finished=utcnow(), **counts)
        )
        if updated.rowcount != 1:
            raise ValueError(f"no run with id {run_id}")


def touch_run(engine: Engine, run_id: int, counts: Mapping[str, int] | None = None) -> None:
    """Refresh the heartbeat of a live run, and save its ``counts`` so far when given.

    The run is ``running`` again if another job took it for abandoned (its
    heartbeat came late), since its process has just shown that it lives.
    """
    counts = counts or {}
    unknown = set(counts) - set(RUN_COUNTS)
    if unknown:
        raise ValueError(f"unknown run counts: {', '.join(sorted(unknown))}")
    with write_transaction(engine) as connection:
        updated = connection.execute(
            update(Run)
            .where(Run.id == run_id)
            .values(heartbeat=utcnow(), status="running", finished=None, **counts)
        )
        if updated.rowcount != 1:
            raise ValueError(f"no run with id {run_id}")


def mark_abandoned_runs(engine: Engine) -> list[int]:
    """Mark ``interrupted`` every running run whose process is gone; return their ids.

    A run's process is looked up only where its id means the same process
    here: the run was recorded on this host, with this process's boot and
    pid and time namespaces (``process_identity``; Linux only). Then it is
    alive iff ``/proc/<pid>/stat`` exists, is not a zombie and shows the
    recorded start ticks (another start: the id was reused); a live process
    is never given up, however late its heartbeat. Every other run (another
    host, another boot — maybe another machine of the same name —, another
    pid namespace such as a container, no ``/proc``, a process hidden from
    this user) is abandoned when its last heartbeat (else its start) is
    older than ``STALE_AFTER``; a live job beats every ``HEARTBEAT_SECONDS``.

    An abandoned run ends at its last heartbeat. The documents it stored and
    failed on and the quotes it stored are counted in the tables, so they
    include the work done after that heartbeat; the documents read and
    skipped are those the heartbeat saved (read at least stored + skipped +
    failed).
    """
    host = socket.gethostname()
    namespace = _process_namespace()
    now = utcnow()
    marked = []
    with write_transaction(engine) as connection:
        running = connection.execute(
            select(
                Run.id,
                Run.host,
                Run.pid,
                Run.process_identity,
                Run.started,
                Run.heartbeat,
                Run.documents_read,
                Run.documents_skipped,
            ).where(Run.status == "running")
        ).all()
        for run in running:
            if not _is_abandoned(run, host, namespace, now):
                continue
            stored = connection.scalar(select(func.count()).where(Document.run_id == run.id))
            quotes = connection.scalar(select(func.count()).where(Quote.run_id == run.id))
            failed = connection.scalar(select(func.count()).where(DocumentError.run_id == run.id))
            read = max(run.documents_read, stored + failed + run.documents_skipped)
            updated = connection.execute(
                update(Run)
                .where(Run.id == run.id, Run.status == "running")
                .values(
                    status="interrupted",
                    finished=run.heartbeat or run.started,
                    documents_read=read,
                    documents_stored=stored,
                    documents_failed=failed,
                    quotes_stored=quotes,
                )
            )
            if updated.rowcount == 1:
                marked.append(run.id)
    return marked


def process_identity() -> str | None:
    """This process's identity: ``"<boot id> <pid ns> <time ns> <start ticks>"``; None without Linux ``/proc``.

    The boot id and the inodes of the pid and time namespaces say where a
    process id and start ticks mean the same process; the start ticks
    (clock ticks after boot, field 22 of ``/proc/<pid>/stat``) tell this
    process from a later one given the same id. No wall clock is involved.
    """
    namespace = _process_namespace()
    status = _proc_stat("self")
    if namespace is None or status is None:
        return None
    return f"{namespace} {status[1]}"


def _process_namespace() -> str | None:
    """``"<boot id> <pid ns> <time ns>"`` of this process; None where ``/proc`` cannot tell.

    None also when ``/proc`` is mounted for another pid namespace (its
    ``self`` is not this process's id), where its entries are not our ids.
    The time namespace is 0 on kernels without time namespaces (before 5.6).
    """
    try:
        if os.readlink("/proc/self") != str(os.getpid()):
            return None
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as boot_id:
            boot = boot_id.read().strip()
        pid_namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return None
    try:
        time_namespace = os.stat("/proc/self/ns/time").st_ino
    except FileNotFoundError:
        time_namespace = 0
    except OSError:
        return None
    return f"{boot} {pid_namespace} {time_namespace}" if boot else None


def _is_abandoned(run: Row, host: str, namespace: str | None, now: datetime) -> bool:
    alive = _run_process_is_alive(run, host, namespace)
    if alive is not None:
        return not alive
    return now - as_utc(run.heartbeat or run.started) > STALE_AFTER


def _run_process_is_alive(run: Row, host: str, namespace: str | None) -> bool | None:
    """Whether the run's process is alive, if this process can look it up (see
    ``mark_abandoned_runs``); None if it cannot."""
    if namespace is None or run.host != host or run.pid is None or run.pid <= 0 or not run.process_identity:
        return None
    run_namespace, _, start_ticks = run.process_identity.rpartition(" ")
    if run_namespace != namespace or not (start_ticks.isascii() and start_ticks.isdigit()):
        return None
    try:
        status = _proc_stat(run.pid)
    except OSError:
        return None  # e.g. /proc mounted with hidepid=noaccess: another user's process is not shown
    if status is None:
        # Gone, or hidden from this user (hidepid=invisible): only "no such process" is sure.
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass
        return None
    state, ticks = status
    return state not in ("Z", "X") and ticks == int(start_ticks)


def _proc_stat(pid: int | str) -> tuple[str, int] | None:
    """``(state, start ticks)`` of process ``pid`` (or ``"self"``) from Linux ``/proc``.

    None when there is no such entry (no such process, or no ``/proc``) or it
    cannot be parsed; ``OSError`` (such as ``PermissionError``) when it cannot be read.
    """
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rpartition(")")[2].split()  # after the command name
    except (FileNotFoundError, ProcessLookupError):
        return None
    try:
        return fields[0], int(fields[19])
    except (IndexError, ValueError):
        return None
