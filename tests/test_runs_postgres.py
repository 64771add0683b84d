"""Run liveness on PostgreSQL: migration 0003 both ways, heartbeats, abandoned runs, listing.

Uses the server of ``test_postgres`` (``$ATTRIBUTION_TEST_PG_URL``, or one it starts).
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, timedelta

import pytest

pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[postgres]'")

from sqlalchemy import inspect, select, update  # noqa: E402
from test_postgres import pg_url, server_url  # noqa: E402, F401 (fixtures)

from attribution.store import (  # noqa: E402
    current,
    downgrade,
    list_runs,
    mark_abandoned_runs,
    open_database,
    runs,
    start_run,
    touch_run,
    upgrade,
)
from attribution.store.db import head, make_engine  # noqa: E402
from attribution.store.schema import Run, utcnow  # noqa: E402

LIVENESS_COLUMNS = {"host", "pid", "process_identity", "heartbeat"}

pytestmark = pytest.mark.slow  # a real PostgreSQL server


def test_liveness_on_postgresql(pg_url: str) -> None:  # noqa: F811 (the fixture)
    engine = open_database(pg_url)
    try:
        live, silent = (
            start_run(engine, model_name="test", model_version=None, extractor_version=None, options=None)
            for _ in range(2)
        )
        touch_run(engine, live, {"documents_read": 2})
        last_sign = utcnow() - runs.STALE_AFTER - timedelta(minutes=1)
        with engine.begin() as connection:
            connection.execute(
                update(Run).where(Run.id == silent).values(host="elsewhere.invalid", heartbeat=last_sign)
            )
            assert connection.scalar(select(Run.process_identity).where(Run.id == live)) == (
                runs.process_identity()
            )
        assert mark_abandoned_runs(engine) == [silent]
        rows = {row["id"]: row for row in list_runs(engine)}
        assert (rows[live]["status"], rows[live]["read"]) == ("running", 2)
        assert (rows[live]["host"], rows[live]["pid"]) == (socket.gethostname(), os.getpid())
        assert rows[silent]["status"] == "interrupted"
        assert rows[silent]["finished"] == last_sign and rows[silent]["finished"].tzinfo == UTC
    finally:
        engine.dispose()

    downgrade(pg_url, "0002")
    engine = make_engine(pg_url)
    try:
        assert not LIVENESS_COLUMNS & {c["name"] for c in inspect(engine).get_columns("runs")}
    finally:
        engine.dispose()
    upgrade(pg_url)
    assert current(pg_url) == head()
    engine = make_engine(pg_url)
    try:
        assert LIVENESS_COLUMNS <= {c["name"] for c in inspect(engine).get_columns("runs")}
        assert [row["status"] for row in list_runs(engine)] == ["interrupted", "running"]
    finally:
        engine.dispose()
