"""The batch writer jobs store by: a transaction per batch, written together, a SAVEPOINT per document when refused."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from test_store import seed_documents, table_counts

from attribution import jobs
from attribution.model import Document, Quote
from attribution.store import documents, find_quotes, open_database, start_run
from attribution.store.documents import DocumentWriter, WriteResult
from attribution.store.schema import Run

#: Refuses (as a constraint of the database would) the quotes whose text is ``poison``.
POISON_TRIGGER = """CREATE TRIGGER refuse_poison BEFORE INSERT ON quotes WHEN new.text = 'poison'
BEGIN SELECT RAISE(ABORT, 'poison refused'); END"""


def article(number: int, speaker: str, said: str) -> tuple[Document, list[Quote]]:
    """A one-sentence article quoting ``speaker``, with its quote and speaker mention at their offsets."""
    sentence = f"Article {number}: “{said},” {speaker} said."
    start = sentence.index("“") + 1
    mention = sentence.index(speaker)
    quote = Quote(type="direct", text=said, start=start, end=start + len(said), speaker=speaker,
                  speaker_kind="person", speaker_mention=speaker, speaker_start=mention,
                  speaker_end=mention + len(speaker), affiliation=f"{speaker} Institute", cue="said",
                  confidence=0.9)
    return Document(name=f"article-{number}.txt", text=sentence), [quote]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "quotes.db")
    yield engine
    engine.dispose()


def new_run(engine: Engine) -> int:
    return start_run(engine, model_name=None, model_version=None, extractor_version=None, options=None)


def test_a_document_the_database_refuses_rolls_back_alone_and_its_neighbours_are_stored(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.exec_driver_sql(POISON_TRIGGER)
    results: list[WriteResult] = []
    writer = DocumentWriter(engine, new_run(engine), results.append)
    for number, speaker, said in ((1, "Anna Kovalenko", "The harbour opens in May"),
                                  (2, "Zed Poisoner", "poison"),
                                  (3, "Boris Lindqvist", "The ferries run at night")):
        writer.add(*article(number, speaker, said))
    assert results == []  # held until flushed
    writer.flush()

    assert [(r.name, r.status, r.quotes) for r in results] == [
        ("article-1.txt", "stored", 1), ("article-2.txt", "failed", 0), ("article-3.txt", "stored", 1)]
    assert "poison refused" in results[1].message
    counts = table_counts(engine)
    # Nothing of the refused document stays: its row, speaker, alias, organisation, role.
    assert {name: counts[name] for name in ("documents", "quotes", "speakers", "speaker_aliases",
                                            "organizations", "speaker_roles", "document_errors")} == {
        "documents": 2, "quotes": 2, "speakers": 2, "speaker_aliases": 2, "organizations": 2,
        "speaker_roles": 2, "document_errors": 1}
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT document_name FROM document_errors")) == "article-2.txt"
        assert connection.scalar(text("SELECT count(*) FROM speakers WHERE canonical_name = 'Zed Poisoner'")) == 0
        mismatched = connection.scalar(text(
            'SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id '
            'WHERE substr(d.text, q.start + 1, q."end" - q.start) != q.text '
            'OR substr(d.text, q.speaker_start + 1, q.speaker_end - q.speaker_start) != q.speaker_mention'))
    assert mismatched == 0  # offsets index the stored text: text[start:end] (SQL substr counts from 1)
    assert [q["document"] for q in find_quotes(engine, search="ferries")] == ["article-3.txt"]
    assert [q["document"] for q in find_quotes(engine, search="harbour")] == ["article-1.txt"]
    assert find_quotes(engine, search="poison") == []


def stored_batched_and_alone(tmp_path: Path, articles) -> tuple[Engine, Engine]:
    """Two new databases holding ``articles``: one batch through a writer, and one ``store_document`` each."""
    batched, alone = open_database(tmp_path / "batched.db"), open_database(tmp_path / "alone.db")
    writer = DocumentWriter(batched, new_run(batched), lambda result: None)
    run_id = new_run(alone)
    for document, quotes in articles:
        writer.add(document, quotes)
        assert documents.store_document(alone, run_id, document, quotes)
    writer.flush()
    return batched, alone


def test_a_batch_stores_what_one_transaction_per_document_stores(tmp_path: Path) -> None:
    batched, alone = stored_batched_and_alone(tmp_path, seed_documents())
    query = text('SELECT d.name, q.start, q."end", q.text, s.canonical_name, o.name FROM quotes q '
                 'JOIN documents d ON d.id = q.document_id LEFT JOIN speakers s ON s.id = q.speaker_id '
                 'LEFT JOIN organizations o ON o.id = q.affiliation_id ORDER BY q.id')
    with batched.connect() as a, alone.connect() as b:
        assert a.execute(query).all() == b.execute(query).all()
        fts = text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'said OR president OR minister'")
        assert a.scalar(fts) == b.scalar(fts) > 0
    assert table_counts(batched) == table_counts(alone)
    batched.dispose()
    alone.dispose()


def test_speakers_merge_across_the_documents_of_one_batch_as_across_transactions(tmp_path: Path) -> None:
    """A bare surname, then the full name with an agreeing role, then the bare surname again,
    and a namesake whose role disagrees: in one batch as one document at a time."""
    cast = (("Markov", "political scientist", "male"), ("Sergei Markov", "political scientist", None),
            ("Markov", "political scientist", None), ("Andrei Markov", "ice hockey player", "male"))
    articles = []
    for number, (speaker, role, gender) in enumerate(cast, 1):
        document, (quote,) = article(number, speaker, f"Talks resume in week {number}")
        articles.append((document, [replace(quote, role=role, speaker_gender=gender,
                                            speaker_gender_evidence="pronoun" if gender else None)]))
    batched, alone = stored_batched_and_alone(tmp_path, articles)
    query = text("SELECT d.name, s.canonical_name, s.gender, r.role FROM quotes q "
                 "JOIN documents d ON d.id = q.document_id JOIN speakers s ON s.id = q.speaker_id "
                 "JOIN speaker_roles r ON r.speaker_id = s.id AND r.document_id = d.id ORDER BY d.name")
    aliases = text("SELECT s.canonical_name, a.alias FROM speaker_aliases a "
                   "JOIN speakers s ON s.id = a.speaker_id ORDER BY 1, 2")
    with batched.connect() as a, alone.connect() as b:
        assert a.execute(query).all() == b.execute(query).all() == [
            ("article-1.txt", "Sergei Markov", "male", "political scientist"),
            ("article-2.txt", "Sergei Markov", "male", "political scientist"),
            ("article-3.txt", "Sergei Markov", "male", "political scientist"),
            ("article-4.txt", "Andrei Markov", "male", "ice hockey player")]
        assert a.execute(aliases).all() == b.execute(aliases).all()
    assert table_counts(batched) == table_counts(alone)
    batched.dispose()
    alone.dispose()


def test_the_writer_writes_once_it_holds_a_full_batch(engine: Engine) -> None:
    results: list[WriteResult] = []
    writer = DocumentWriter(engine, new_run(engine), results.append, batch_documents=2)
    writer.add(*article(1, "Anna Kovalenko", "One"))
    assert table_counts(engine)["documents"] == 0
    writer.add(*article(2, "Anna Kovalenko", "Two"))
    assert table_counts(engine)["documents"] == 2 and len(results) == 2
    writer.add(*article(1, "Anna Kovalenko", "One"))  # the same text again
    writer.add_failure("broken.txt", "broken.txt: not UTF-8")
    assert [r.status for r in results[2:]] == ["skipped", "failed"]
    assert table_counts(engine)["document_errors"] == 1


# --- a job killed in the middle of a batch ------------------------------------------------

DOCUMENT_COUNT, BATCH, KILLED_AT = 30, 10, 25
SPEAKERS = ("Anna Kovalenko", "Boris Lindqvist", "Carla Mendes")


def corpus() -> list[Document]:
    return [article(n, SPEAKERS[n % 3], f"Statement number {n} on the harbour")[0] for n in range(DOCUMENT_COUNT)]


def quoting_parser(batches, model_name):
    """Parses nothing: each article's quote comes from its known layout (no spaCy needed)."""
    for batch in batches:
        outcomes = []
        for document in batch:
            number = int(document.name.split("-")[1].split(".")[0])
            outcomes.append(article(number, SPEAKERS[number % 3], f"Statement number {number} on the harbour")[1])
        yield batch, outcomes


def job(url: str) -> jobs.JobSummary:
    engine = open_database(url)
    try:
        return jobs.run_job(engine, corpus(), batch_size=BATCH, parser=quoting_parser)
    finally:
        engine.dispose()


def job_killed_inside_a_batch(url: str) -> None:
    """Run the job and SIGKILL this process while it stores document ``KILLED_AT`` (the third batch)."""
    real_add, added = documents._add_documents, []

    def add_then_die(connection, run_id, items):
        added.extend(document.name for document, _, _ in items)
        if len(added) >= KILLED_AT:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_add(connection, run_id, items)

    documents._add_documents = add_then_die
    job(url)


def database_rows(url: str) -> tuple[list, list]:
    engine = open_database(url)
    with engine.connect() as connection:
        rows = (connection.execute(text("SELECT name, text_sha256 FROM documents ORDER BY name")).all(),
                connection.execute(text('SELECT d.name, q.start, q."end", q.text, s.canonical_name FROM quotes q '
                                        'JOIN documents d ON d.id = q.document_id '
                                        'JOIN speakers s ON s.id = q.speaker_id ORDER BY d.name')).all())
    engine.dispose()
    return rows


@pytest.mark.slow  # a child process killed with SIGKILL
def test_a_job_killed_inside_a_batch_loses_that_batch_only_and_a_rerun_completes_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    child = multiprocessing.get_context("fork").Process(target=job_killed_inside_a_batch, args=(url,))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL

    stored, quotes = database_rows(url)
    assert len(stored) == 2 * BATCH  # the two committed batches, nothing of the third
    assert len(quotes) == 2 * BATCH
    engine = open_database(url)
    with engine.connect() as connection:
        assert connection.scalar(select(Run.status)) == "running"  # the dead job could not say
        assert connection.scalar(text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'harbour'")) == 2 * BATCH
    engine.dispose()

    summary = job(url)
    assert (summary.status, summary.stored, summary.skipped, summary.abandoned_runs) == (
        "completed", DOCUMENT_COUNT - 2 * BATCH, 2 * BATCH, [1])
    reference = f"sqlite:///{tmp_path / 'uninterrupted.db'}"
    assert job(reference).stored == DOCUMENT_COUNT
    assert database_rows(url) == database_rows(reference)
    engine = open_database(url)
    assert len(find_quotes(engine, search="harbour")) == DOCUMENT_COUNT
    engine.dispose()
