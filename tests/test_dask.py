"""The Dask engine gives the database a single-process job gives, on a local 2-worker cluster."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask is not installed: pip install -e '.[dask]'")

from sqlalchemy import Engine, text  # noqa: E402

from attribution.distributed import run_dask_job  # noqa: E402
from attribution.inputs import iter_inputs  # noqa: E402
from attribution.jobs import run_job  # noqa: E402
from attribution.store import iter_export_rows, open_database  # noqa: E402

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ATTRIBUTION = str(Path(sys.executable).parent / "attribution")

pytestmark = pytest.mark.slow  # a local cluster of worker processes, and CLI subprocesses


def database_content(engine: Engine) -> dict:
    """Documents, quotes (with speakers), speakers and aliases: everything but run ids and times."""
    with engine.connect() as connection:
        documents = connection.execute(text("SELECT name, source, text, text_sha256 FROM documents ORDER BY id")).all()
        speakers = connection.execute(text("SELECT canonical_name, kind, name_key FROM speakers ORDER BY id")).all()
        aliases = connection.execute(
            text("SELECT s.canonical_name, a.alias FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id ORDER BY a.id")
        ).all()
    return {
        "documents": [tuple(row) for row in documents],
        "quotes": list(iter_export_rows(engine)),
        "speakers": [tuple(row) for row in speakers],
        "aliases": [tuple(row) for row in aliases],
    }


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local_cluster:
        yield local_cluster


def test_a_dask_job_stores_what_a_single_process_job_stores(tmp_path: Path, cluster) -> None:
    local = open_database(tmp_path / "local.db")
    local_summary = run_job(local, iter_inputs([str(SEEDS)]), batch_size=2)
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    # Batches of 2 spread the 5 articles over both workers.
    dask_summary = run_dask_job(dask_url, iter_inputs([str(SEEDS)]), scheduler=cluster, batch_size=2)
    dask = open_database(dask_url)
    with dask.connect() as connection:
        run = connection.execute(text("SELECT status, options FROM runs")).one()
    assert dask_summary.status == local_summary.status == "completed"
    assert (dask_summary.stored, dask_summary.quotes) == (local_summary.stored, local_summary.quotes) == (5, dask_summary.quotes)
    assert dask_summary.quotes > 0
    assert database_content(dask) == database_content(local)
    assert run.status == "completed" and '"engine": "dask"' in run.options


def test_a_second_dask_run_skips_every_stored_document(tmp_path: Path, cluster) -> None:
    url = f"sqlite:///{tmp_path / 'again.db'}"
    first = run_dask_job(url, iter_inputs([str(SEEDS / "000_ff046a3759e742c7.txt")]), scheduler=cluster)
    second = run_dask_job(url, iter_inputs([str(SEEDS)]), scheduler=cluster.scheduler_address)
    assert (first.stored, first.skipped) == (1, 0)
    assert (second.stored, second.skipped, second.read) == (4, 1, 5)


def test_the_cli_runs_a_job_on_the_cluster_at_scheduler(tmp_path: Path, cluster) -> None:
    db = tmp_path / "cli.db"
    result = subprocess.run(
        [ATTRIBUTION, "extract", str(SEEDS), "--db", str(db), "--engine", "dask", "--scheduler", cluster.scheduler_address],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "5 stored" in result.stderr
    with open_database(db).connect() as connection:
        options = connection.execute(text("SELECT options FROM runs")).scalar_one()
        stored = connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
    assert stored == 5 and cluster.scheduler_address in options


def test_the_dask_engine_without_a_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DASK_SCHEDULER_ADDRESS"}
    result = subprocess.run(
        [ATTRIBUTION, "extract", str(SEEDS), "--db", str(tmp_path / "x.db"), "--engine", "dask"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 2
    assert "--engine dask needs --scheduler ADDRESS" in result.stderr
