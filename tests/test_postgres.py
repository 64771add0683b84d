"""The store on a real PostgreSQL server: migrations, an extraction job, full-text search,
and concurrent writers that never duplicate a document.

The server is ``$ATTRIBUTION_TEST_PG_URL`` (``.ci/run`` starts one with
``.ci/start-postgres``); when that is unset, this module starts its own
throwaway server with the same script. The tests are skipped only when no
PostgreSQL server binaries are installed. Each test gets a new, empty database.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[postgres]'")

from sqlalchemy import create_engine, inspect, text  # noqa: E402
from sqlalchemy.engine import URL, make_url  # noqa: E402

from attribution.inputs import iter_inputs  # noqa: E402
from attribution.jobs import run_job  # noqa: E402
from attribution.model import Document, Quote  # noqa: E402
from attribution.store import db, documents, find_quotes, iter_export_rows, start_run, store_document  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
START_POSTGRES = REPO / ".ci" / "start-postgres"
URL_ENV = "ATTRIBUTION_TEST_PG_URL"
QUOTE_FIELDS = set(Quote.__slots__)

pytestmark = pytest.mark.slow  # a real PostgreSQL server, several processes


def server_binaries() -> str | None:
    """The directory holding ``initdb`` and ``pg_ctl``, searched like ``.ci/start-postgres`` does."""
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p)],
        reverse=True,
    )
    if pg_config := shutil.which("pg_config"):
        candidates.append(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
    if initdb := shutil.which("initdb"):
        candidates.append(str(Path(initdb).parent))
    for directory in candidates:
        if directory and all(os.access(Path(directory, tool), os.X_OK) for tool in ("initdb", "pg_ctl")):
            return directory
    return None


@pytest.fixture(scope="session")
def server_url() -> Iterator[URL]:
    """A PostgreSQL server: ``$ATTRIBUTION_TEST_PG_URL``, or one started here for the session."""
    if os.environ.get(URL_ENV):
        yield make_url(os.environ[URL_ENV])
        return
    if server_binaries() is None:
        pytest.skip(f"no PostgreSQL server binaries (initdb, pg_ctl) found and ${URL_ENV} is unset")
    started = subprocess.run(
        ["bash", str(START_POSTGRES), "--no-trap"], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=180
    )
    assert started.returncode == 0, f".ci/start-postgres failed:\n{started.stderr}"
    exported = dict(re.findall(r"^export (\w+)='([^']*)'$", started.stdout, re.MULTILINE))
    try:
        yield make_url(exported[URL_ENV])
    finally:
        subprocess.run(["bash", str(START_POSTGRES), "stop", exported["ATTRIBUTION_TEST_PG_DIR"]], timeout=120)


@pytest.fixture
def pg_url(server_url: URL) -> Iterator[str]:
    """The URL of a new, empty database on the server, dropped after the test."""
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def seed_documents() -> list[tuple[Document, list[Quote]]]:
    """Each seed article with its gold quotes."""
    documents = []
    for gold_path in sorted(SEEDS.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = Document(name=gold["document"], text=(SEEDS / gold["document"]).read_text(encoding="utf-8"))
        quotes = [Quote(**{k: v for k, v in q.items() if k in QUOTE_FIELDS}) for q in gold["quotes"]]
        documents.append((document, quotes))
    return documents


def count(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text(f"SELECT count(*) FROM {table}"))
    finally:
        engine.dispose()


def test_migrations_upgrade_to_head_with_a_tsvector_index(pg_url: str) -> None:
    assert db.current(pg_url) is None
    db.upgrade(pg_url)
    assert db.current(pg_url) == db.head()
    engine = create_engine(pg_url)
    try:
        inspector = inspect(engine)
        assert {"documents", "quotes", "speakers", "speaker_aliases", "runs", "document_errors"} <= set(
            inspector.get_table_names()
        )
        assert "quote_view" in inspector.get_view_names()
        assert "quotes_fts" not in inspector.get_table_names()  # SQLite's FTS5 table has no place here
        with engine.connect() as connection:
            definition = connection.scalar(
                text("SELECT indexdef FROM pg_indexes WHERE tablename = 'quotes' AND indexdef LIKE '%tsvector%'")
            )
    finally:
        engine.dispose()
    assert definition is not None and "USING gin" in definition and "'english'" in definition

    db.downgrade(pg_url, "base")
    assert db.current(pg_url) is None
    engine = create_engine(pg_url)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert inspect(engine).get_view_names() == []
    finally:
        engine.dispose()
    db.upgrade(pg_url)
    assert db.current(pg_url) == db.head()


def test_extraction_job_stores_documents_and_quotes(pg_url: str) -> None:
    engine = db.open_database(pg_url)
    try:
        summary = run_job(engine, iter_inputs([str(SEEDS)]))
        rows = list(iter_export_rows(engine))
        with engine.connect() as connection:
            texts = dict(connection.execute(text("SELECT name, text FROM documents")).all())
            run = connection.execute(text("SELECT status, documents_stored, quotes_stored FROM runs")).one()
        again = run_job(engine, iter_inputs([str(SEEDS)]))
    finally:
        engine.dispose()
    assert summary.status == "completed" and summary.stored == 5 and summary.failed == 0
    assert sorted(texts) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert all(texts[name] == (SEEDS / name).read_text(encoding="utf-8") for name in texts)
    assert len(rows) == summary.quotes > 0
    assert all(texts[r["document"]][r["start"] : r["end"]] == r["text"] for r in rows)
    assert tuple(run) == ("completed", 5, summary.quotes)
    assert again.stored == 0 and again.skipped == 5
    assert count(pg_url, "documents") == 5 and count(pg_url, "quotes") == summary.quotes


def test_full_text_search_uses_the_tsvector_index(pg_url: str) -> None:
    engine = db.open_database(pg_url)
    try:
        run_id = start_run(engine, model_name="gold", model_version=None, extractor_version="test", options={})
        for document, quotes in seed_documents():
            assert store_document(engine, run_id, document, quotes)
        every_quote = find_quotes(engine)
        # Stemmed: "visits" finds the quotes about Aliyev's "visit".
        found = find_quotes(engine, search="visits Belarus")
        injection = find_quotes(engine, search="x' OR 1=1 --")
        unbalanced = find_quotes(engine, search='"Aliyev')
        with engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                connection.scalars(
                    text(
                        "EXPLAIN SELECT id FROM quotes WHERE to_tsvector('english', text) @@ "
                        "plainto_tsquery('english', 'visit')"
                    )
                )
            )
    finally:
        engine.dispose()
    expected = {
        q["quote_id"]
        for q in every_quote
        if re.search(r"\bvisit", q["text"], re.IGNORECASE) and re.search(r"\bBelarus", q["text"])
    }
    assert expected and {q["quote_id"] for q in found} == expected
    assert injection == []
    assert {q["quote_id"] for q in unbalanced} == {q["quote_id"] for q in every_quote if "Aliyev" in q["text"]}
    assert "ix_quotes_text_tsvector" in plan


def _store_seeds_after(barrier, url: str, results) -> None:
    """Wait at ``barrier``, then store every seed with its gold quotes; put the outcomes in ``results``."""
    engine = db.open_database(url)
    run_id = start_run(engine, model_name="gold", model_version=None, extractor_version="test", options={})
    barrier.wait()
    results.put([store_document(engine, run_id, document, quotes) for document, quotes in seed_documents()])
    engine.dispose()


def test_two_processes_storing_the_same_documents_at_once_store_each_once(pg_url: str) -> None:
    db.upgrade(pg_url)
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_store_seeds_after, args=(barrier, pg_url, results)) for _ in range(2)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    seeds = seed_documents()
    stored_by = list(zip(*outcomes, strict=True))
    assert all(sorted(pair) == [False, True] for pair in stored_by), stored_by  # exactly one stores each
    assert count(pg_url, "documents") == len(seeds)
    assert count(pg_url, "quotes") == sum(len(quotes) for _, quotes in seeds)
    assert count(pg_url, "(SELECT text_sha256 FROM documents GROUP BY text_sha256 HAVING count(*) > 1) AS d") == 0


def test_two_extract_commands_on_the_same_articles_never_duplicate_a_document(pg_url: str) -> None:
    command = [sys.executable, "-m", "attribution", "extract", "--quiet", "--db", pg_url, str(SEEDS)]
    processes = [subprocess.Popen(command, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], errors
    engine = create_engine(pg_url)
    try:
        with engine.connect() as connection:
            runs = connection.execute(text("SELECT documents_stored, documents_skipped, quotes_stored FROM runs")).all()
            quotes_per_document = connection.execute(
                text("SELECT d.name, count(q.id) FROM documents d LEFT JOIN quotes q ON q.document_id = d.id GROUP BY d.name")
            ).all()
    finally:
        engine.dispose()
    assert len(runs) == 2
    assert sum(r[0] for r in runs) == 5 and sum(r[1] for r in runs) == 5  # every document stored by one run only
    assert len(quotes_per_document) == 5
    assert sum(n for _, n in quotes_per_document) == sum(r[2] for r in runs)


def test_two_full_names_never_take_over_the_same_bare_surname_at_once(pg_url: str) -> None:
    """Sergei and Andrei Markov, both stored while a bare "Markov" speaker exists: the
    second transaction blocks on the first one's take-over, then finds the name taken
    and stores its person apart (READ COMMITTED takes no lock for the decision)."""
    engine = db.open_database(pg_url)
    run_id = start_run(engine, model_name=None, model_version=None, extractor_version=None, options=None)

    def document(name: str, speaker: str) -> tuple[Document, list[Quote]]:
        text = f'"Talks will resume," {speaker}, a political scientist, said.'
        quote = Quote(type="direct", text="Talks will resume,", start=1, end=19, speaker=speaker,
                      speaker_kind="person", role="political scientist", cue="said")
        return Document(name=name, text=text), [quote]

    assert store_document(engine, run_id, *document("bare.txt", "Markov"))
    sergei, andrei = document("sergei.txt", "Sergei Markov"), document("andrei.txt", "Andrei Markov")
    outcome = {}
    with documents.write_transaction(engine) as connection:
        documents._add_documents(connection, run_id, [(sergei[0], documents.text_sha256(sergei[0].text), sergei[1])])
        second = threading.Thread(target=lambda: outcome.update(stored=store_document(engine, run_id, *andrei)))
        second.start()
        second.join(timeout=2)
        assert second.is_alive(), "the second take-over did not wait for the first"
    second.join(timeout=60)
    assert outcome == {"stored": True}
    by_document = {
        row["document"]: row["speaker"] for row in iter_export_rows(engine) if row["document"] != "bare.txt"
    }
    assert by_document == {"sergei.txt": "Sergei Markov", "andrei.txt": "Andrei Markov"}
    engine.dispose()
