"""The store's write and read sides on real seed articles and their gold quotes."""

from __future__ import annotations

import json
import multiprocessing
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text, update
from sqlalchemy.exc import OperationalError

from attribution.model import Document, Quote
from attribution.store import (
    EXPORT_FIELDS,
    QueryError,
    ReadOnlyQueryError,
    documents,
    find_quotes,
    finish_run,
    is_stored,
    iter_export_rows,
    list_speakers,
    mark_abandoned_runs,
    open_database,
    record_error,
    run_readonly_sql,
    schema,
    start_run,
    store_document,
    text_sha256,
    touch_run,
)

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
QUOTE_FIELDS = set(Quote.__dataclass_fields__)


def seed_documents() -> list[tuple[Document, list[Quote]]]:
    """Each seed article with its gold quotes as ``Quote`` objects."""
    documents = []
    for gold_path in sorted(SEEDS.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text_path = gold_path.with_name(gold["document"])
        document = Document(name=gold["document"], text=text_path.read_text(encoding="utf-8"))
        quotes = [
            Quote(**{key: value for key, value in record.items() if key in QUOTE_FIELDS})
            for record in gold["quotes"]
        ]
        documents.append((document, quotes))
    return documents


def gold_quotes() -> list[tuple[str, Quote]]:
    """(document name, quote) for every gold quote of the seeds."""
    return [(document.name, quote) for document, quotes in seed_documents() for quote in quotes]


def store_seeds(engine: Engine) -> int:
    """Store every seed document in a new run; return the run id."""
    run_id = start_run(
        engine, model_name="gold", model_version=None, extractor_version="test", options={}
    )
    for document, quotes in seed_documents():
        assert store_document(engine, run_id, document, quotes)
    return run_id


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in schema.Base.metadata.sorted_tables
        }


def made_up_document(
    name: str, sentence: str, speaker: str, mention: str, role: str | None
) -> tuple[Document, Quote]:
    """A one-sentence article ``"<words>," <mention>, <role>, said.`` and its direct quote."""
    start = sentence.index('"') + 1
    end = sentence.index('"', start) - 1  # without the comma before the closing mark
    mention_start = sentence.index(mention)
    quote = Quote(
        type="direct",
        text=sentence[start:end],
        start=start,
        end=end,
        speaker=speaker,
        speaker_kind="person",
        speaker_mention=mention,
        speaker_start=mention_start,
        speaker_end=mention_start + len(mention),
        role=role,
        cue="said",
        confidence=0.9,
    )
    return Document(name=name, text=sentence), quote


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = open_database(tmp_path / "quotes.db")
    yield engine
    engine.dispose()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """A database with the seeds, for tests that change it."""
    store_seeds(engine)
    return engine


@pytest.fixture(scope="module")
def seeded_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the seeds, shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("store") / "quotes.db"
    engine = open_database(path)
    store_seeds(engine)
    engine.dispose()
    return path


@pytest.fixture
def read_only(seeded_path: Path) -> Engine:
    engine = open_database(seeded_path)
    yield engine
    engine.dispose()


# --- writing -------------------------------------------------------------------


def test_storing_the_same_text_again_returns_false_and_adds_nothing(seeded: Engine) -> None:
    before = table_counts(seeded)
    run_id = start_run(
        seeded, model_name=None, model_version=None, extractor_version=None, options=None
    )
    for document, quotes in seed_documents():
        renamed = Document(name="copy-" + document.name, text=document.text)
        assert store_document(seeded, run_id, renamed, quotes) is False
        assert is_stored(seeded, text_sha256(document.text))
    after = table_counts(seeded)
    assert after.pop("runs") == before.pop("runs") + 1
    assert after == before
    assert before["documents"] == 5
    assert before["quotes"] == len(gold_quotes())


def test_a_failure_inside_a_document_writes_nothing_of_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    document, quotes = seed_documents()[0]  # 15 quotes, 4 organisations
    calls = []

    def failing_organization(session, name):
        calls.append(name)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return original(session, name)

    original = documents.organization_id
    monkeypatch.setattr(documents, "organization_id", failing_organization)
    with pytest.raises(RuntimeError):
        store_document(engine, run_id, document, quotes)
    counts = table_counts(engine)
    assert counts["runs"] == 1
    assert sum(counts.values()) == 1  # the run; no document, quote, speaker or alias
    monkeypatch.undo()
    assert store_document(engine, run_id, document, quotes)
    assert table_counts(engine)["quotes"] == len(quotes)


def test_offsets_that_do_not_match_the_text_are_refused(engine: Engine) -> None:
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    document, quotes = seed_documents()[1]
    shifted = Quote(**{**quotes[-1].to_dict(), "start": quotes[-1].start + 1})
    with pytest.raises(ValueError, match="does not match"):
        store_document(engine, run_id, document, [*quotes[:-1], shifted])
    assert table_counts(engine)["documents"] == 0


def test_a_text_stored_concurrently_returns_false(
    seeded: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unique hash, not only the check before inserting, keeps texts single."""
    document, quotes = seed_documents()[2]
    real_check, checks = documents._already_stored, []

    def misses_the_first_time(connection, sha256):  # as if the other commit came just after
        checks.append(sha256)
        return len(checks) > 1 and real_check(connection, sha256)

    monkeypatch.setattr(documents, "_already_stored", misses_the_first_time)
    before = table_counts(seeded)
    assert store_document(seeded, 1, Document(name="again", text=document.text), quotes) is False
    assert len(checks) == 2
    assert table_counts(seeded) == before


def test_every_write_takes_the_lock_when_its_transaction_begins(engine: Engine) -> None:
    """A transaction that reads, then writes, fails at once on SQLite ("database is
    locked") if another process wrote in between; writers must BEGIN IMMEDIATE."""
    transactions: list[list[str]] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        if statement.startswith("BEGIN"):
            transactions.append([])
        if transactions:
            transactions[-1].append(statement.split(None, 2)[0] + " " + statement.split()[1])

    abandoned = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    with engine.begin() as connection:  # a run of another host, silent for a day
        connection.execute(
            update(schema.Run)
            .where(schema.Run.id == abandoned)
            .values(host="elsewhere.invalid", heartbeat=schema.utcnow() - timedelta(days=1))
        )
    event.listen(engine, "before_cursor_execute", record)
    assert mark_abandoned_runs(engine) == [abandoned]
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    touch_run(engine, run_id, {"documents_read": 1})
    document, quotes = seed_documents()[0]
    assert store_document(engine, run_id, document, quotes)
    record_error(engine, run_id, "broken.txt", "not UTF-8")
    finish_run(engine, run_id, status="completed", counts={"documents_stored": 1})
    event.remove(engine, "before_cursor_execute", record)

    writes = [t for t in transactions if any(s.split()[0] in ("INSERT", "UPDATE") for s in t)]
    assert len(writes) == 6  # abandoned runs, start, heartbeat, document, error, finish
    assert all(t[0] == "BEGIN IMMEDIATE" for t in writes), writes


def test_database_locked_is_retried(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    document, quotes = seed_documents()[1]
    real_transaction = documents.write_transaction
    failures = []

    def locked_twice(engine):
        if len(failures) < 2:
            failures.append(1)
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        return real_transaction(engine)

    monkeypatch.setattr(documents, "write_transaction", locked_twice)
    monkeypatch.setattr(documents, "RETRY_DELAY", 0.0)
    assert store_document(engine, run_id, document, quotes)
    assert len(failures) == 2
    assert table_counts(engine)["quotes"] == len(quotes)


def _store_all_seeds(url: str) -> list[bool]:
    engine = open_database(url)
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    results = [store_document(engine, run_id, d, q) for d, q in seed_documents()]
    engine.dispose()
    return results


@pytest.mark.slow  # two processes
def test_two_processes_storing_the_same_documents_store_each_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with multiprocessing.get_context("fork").Pool(2) as pool:
        first, second = pool.map(_store_all_seeds, [url, url])
    assert [a + b for a, b in zip(first, second, strict=True)] == [1] * 5
    engine = open_database(url)
    assert table_counts(engine)["documents"] == 5
    assert table_counts(engine)["quotes"] == len(gold_quotes())
    engine.dispose()


def test_runs_and_errors_are_recorded(engine: Engine) -> None:
    run_id = start_run(
        engine,
        model_name="en_core_web_sm",
        model_version="3.8.0",
        extractor_version="0.1.0",
        options={"batch_size": 8},
    )
    record_error(engine, run_id, "broken.txt", "UnicodeDecodeError: invalid byte", sha256=None)
    finish_run(
        engine, run_id, status="completed", counts={"documents_read": 2, "documents_failed": 1}
    )
    with engine.connect() as connection:
        run = connection.execute(select(schema.Run)).one()
        error = connection.execute(select(schema.DocumentError)).one()
    assert (run.status, run.documents_read, run.documents_failed, run.documents_stored) == (
        "completed",
        2,
        1,
        0,
    )
    assert run.options == {"batch_size": 8} and run.finished is not None
    assert (error.run_id, error.document_name) == (run_id, "broken.txt")
    with pytest.raises(ValueError):
        finish_run(engine, run_id, status="done", counts={})
    with pytest.raises(ValueError):
        finish_run(engine, run_id, status="failed", counts={"pages": 3})


# --- speakers across documents ------------------------------------------------


def speaker_rows(engine: Engine, surname: str) -> list[dict]:
    return [row for row in list_speakers(engine) if surname in row["name"]]


def test_a_speaker_is_one_row_across_documents(read_only: Engine) -> None:
    gold_documents = {name for name, q in gold_quotes() if q.speaker == "Ilham Aliyev"}
    (aliyev,) = speaker_rows(read_only, "Aliyev")
    assert aliyev["documents"] == len(gold_documents) == 4
    assert aliyev["quotes"] == sum(q.speaker == "Ilham Aliyev" for _, q in gold_quotes())
    assert "Aliyev" in aliyev["aliases"] and "he" not in aliyev["aliases"]


def test_transliterations_and_a_bare_surname_with_the_same_role_merge(seeded: Engine) -> None:
    run_id = start_run(
        seeded, model_name=None, model_version=None, extractor_version=None, options=None
    )
    for document, quote in (
        made_up_document(
            "b.txt",
            '"Moscow will not object," Sergey Markov, a political scientist, said.',
            "Sergey Markov",
            "Sergey Markov",
            "political scientist",
        ),
        made_up_document(
            "c.txt",
            '"Sanctions will fail," Mr. Markov, a Russian political analyst, said.',
            "Mr. Markov",
            "Mr. Markov",
            "Russian political analyst",
        ),
    ):
        assert store_document(seeded, run_id, document, [quote])
    (markov,) = speaker_rows(seeded, "Markov")
    gold_count = sum(q.speaker == "Sergei Markov" for _, q in gold_quotes())
    assert markov["name"] == "Sergei Markov"
    assert (markov["quotes"], markov["documents"]) == (gold_count + 2, 3)
    assert {"Sergei Markov", "Sergey Markov", "Markov", "Mr. Markov"} <= set(markov["aliases"])
    assert len(find_quotes(seeded, speaker="Sergey Markov")) == gold_count + 2


def test_a_bare_surname_shared_by_two_people_does_not_merge(seeded: Engine) -> None:
    run_id = start_run(
        seeded, model_name=None, model_version=None, extractor_version=None, options=None
    )
    other, other_quote = made_up_document(
        "d.txt",
        '"The team played well," Andrei Markov, a political scientist, said.',
        "Andrei Markov",
        "Andrei Markov",
        "political scientist",
    )
    bare, bare_quote = made_up_document(
        "e.txt",
        '"Talks will resume," Markov, a political scientist, said.',
        "Markov",
        "Markov",
        "political scientist",
    )
    assert store_document(seeded, run_id, other, [other_quote])
    assert store_document(seeded, run_id, bare, [bare_quote])
    names = sorted(row["name"] for row in speaker_rows(seeded, "Markov"))
    assert names == ["Andrei Markov", "Markov", "Sergei Markov"]


def test_a_bare_surname_with_an_unrelated_role_does_not_merge(seeded: Engine) -> None:
    run_id = start_run(
        seeded, model_name=None, model_version=None, extractor_version=None, options=None
    )
    document, quote = made_up_document(
        "f.txt",
        '"Prices will rise," Mukhanov, a bank spokesman, said.',
        "Mukhanov",
        "Mukhanov",
        "bank spokesman",
    )
    assert store_document(seeded, run_id, document, [quote])
    assert sorted(row["name"] for row in speaker_rows(seeded, "Mukhanov")) == [
        "Mukhanov",
        "Vadim Mukhanov",
    ]


def test_same_surname_different_first_names_never_merge(seeded: Engine) -> None:
    run_id = start_run(
        seeded, model_name=None, model_version=None, extractor_version=None, options=None
    )
    document, quote = made_up_document(
        "g.txt",
        '"Azerbaijan will be strong," Heydar Aliyev, the former President, said.',
        "Heydar Aliyev",
        "Heydar Aliyev",
        "President",
    )
    assert store_document(seeded, run_id, document, [quote])
    assert sorted(row["name"] for row in speaker_rows(seeded, "Aliyev")) == [
        "Heydar Aliyev",
        "Ilham Aliyev",
    ]
    bare, bare_quote = made_up_document(
        "h.txt", '"We are ready," Aliyev, the President, said.', "Aliyev", "Aliyev", "President"
    )
    assert store_document(seeded, run_id, bare, [bare_quote])
    assert len(speaker_rows(seeded, "Aliyev")) == 3  # two namesakes: the bare surname stays apart


def pashayev_documents(role_of_full_name: str) -> list[tuple[Document, Quote]]:
    """An article naming a speaker by surname alone, and one naming him in full."""
    return [
        made_up_document(
            "bare.txt",
            '"The border talks will drag on," Pashayev, a political scientist, said.',
            "Pashayev",
            "Pashayev",
            "political scientist",
        ),
        made_up_document(
            "full.txt",
            f'"Baku expects nothing new," Elchin Pashayev, {role_of_full_name}, said.',
            "Elchin Pashayev",
            "Elchin Pashayev",
            role_of_full_name,
        ),
    ]


def store_in_order(engine: Engine, documents: list[tuple[Document, Quote]]) -> list[tuple]:
    run_id = start_run(
        engine, model_name=None, model_version=None, extractor_version=None, options=None
    )
    for document, quote in documents:
        assert store_document(engine, run_id, document, [quote])
    return sorted(
        (row["name"], row["quotes"], tuple(sorted(row["aliases"])))
        for row in speaker_rows(engine, "Pashayev")
    )


def test_a_full_name_takes_over_the_speaker_first_stored_under_the_surname(
    tmp_path: Path,
) -> None:
    documents = pashayev_documents("a Baku-based political scientist")
    in_order = store_in_order(open_database(tmp_path / "a.db"), documents)
    reversed_order = store_in_order(open_database(tmp_path / "b.db"), documents[::-1])
    assert in_order == reversed_order == [("Elchin Pashayev", 2, ("Elchin Pashayev", "Pashayev"))]


def test_a_full_name_with_an_unrelated_role_does_not_take_over(engine: Engine) -> None:
    rows = store_in_order(engine, pashayev_documents("the head of a football club"))
    assert [name for name, _, _ in rows] == ["Elchin Pashayev", "Pashayev"]


def test_no_take_over_while_another_person_of_that_surname_is_named_in_full(
    engine: Engine,
) -> None:
    other = made_up_document(
        "other.txt",
        '"The team will win," Rauf Pashayev, a football coach, said.',
        "Rauf Pashayev",
        "Rauf Pashayev",
        "football coach",
    )
    bare, full = pashayev_documents("a political scientist")
    # The bare surname's role does not fit Rauf, so it is stored apart; then Elchin,
    # whose role fits it, might be either Pashayev of the surname: no take-over.
    rows = store_in_order(engine, [other, bare, full])
    assert [name for name, _, _ in rows] == ["Elchin Pashayev", "Pashayev", "Rauf Pashayev"]


# --- reading -------------------------------------------------------------------


def test_speaker_filter_matches_any_recorded_name(read_only: Engine) -> None:
    gold = [q for _, q in gold_quotes() if q.speaker == "Vadim Mukhanov"]
    for query in ("Mukhanov", "vadim mukhanov", "MUKHANOV"):
        rows = find_quotes(read_only, speaker=query)
        assert [(r["start"], r["text"]) for r in rows] == [(q.start, q.text) for q in gold]
    ministry = find_quotes(read_only, speaker="Russian Foreign Ministry")
    assert {r["speaker"] for r in ministry} == {"Russian Ministry of Foreign Affairs"}
    ismayil = find_quotes(read_only, speaker="Togrul")  # written Toğrul
    assert {r["speaker"] for r in ismayil} == {"Toğrul Ismayil"}
    assert len(ismayil) == sum(q.speaker == "Toğrul Ismayil" for _, q in gold_quotes())


def test_filters_combine(read_only: Engine) -> None:
    gold = gold_quotes()
    rows = find_quotes(read_only, affiliation="mgimo", type="direct")
    assert len(rows) == sum(q.affiliation == "MGIMO" and q.type == "direct" for _, q in gold) > 0
    rows = find_quotes(read_only, outlet="RIA", document="002_d8019474688abbb6.txt")
    expected = [q.text for n, q in gold if n.startswith("002") and q.outlet == "RIA Novosti"]
    assert [r["text"] for r in rows] == expected and expected
    assert len(find_quotes(read_only, limit=3)) == 3
    with pytest.raises(ValueError):
        find_quotes(read_only, type="paraphrase")


@pytest.mark.parametrize(
    "filters",
    [{}, {"search": "Russia"}, {"affiliation": "mgimo"}, {"document": "002_d8019474688abbb6.txt", "type": "direct"},
     {"speaker": "Mukhanov", "search": "Turkey"}],
)
def test_a_limit_gives_the_first_rows_of_the_unlimited_query(read_only: Engine, filters: dict) -> None:
    every = find_quotes(read_only, **filters)
    assert len(every) > 2
    for limit in (0, 1, 2, len(every), len(every) + 5):
        assert find_quotes(read_only, **filters, limit=limit) == every[:limit]


def test_full_text_search_is_stemmed_and_follows_changes(seeded: Engine) -> None:
    meeting = re.compile(r"\bmeet(s|ing|ings)?\b", re.IGNORECASE)
    expected = sorted(q.text for _, q in gold_quotes() if meeting.search(q.text))
    assert sorted(r["text"] for r in find_quotes(seeded, search="meetings")) == expected
    both = find_quotes(seeded, search="Aliyev tandem")
    assert [r["text"] for r in both] == [
        q.text for _, q in gold_quotes() if "tandem" in q.text and "Aliyev" in q.text
    ]
    with seeded.begin() as connection:  # update and delete reach the index via triggers
        connection.execute(text("UPDATE quotes SET text = 'zanzibar' WHERE id = 1"))
        connection.execute(text("DELETE FROM documents WHERE name LIKE '001%'"))
    assert [r["quote_id"] for r in find_quotes(seeded, search="zanzibar")] == [1]
    assert find_quotes(seeded, search="tandem") == []


HOSTILE = ["x' OR 1=1 --", '"', "NEAR(a b", "*", "'; DROP TABLE quotes; --", "%", "_", "a OR b", ""]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_filter_values_are_only_data(read_only: Engine, hostile: str) -> None:
    before = table_counts(read_only)
    assert find_quotes(read_only, speaker=hostile) == []
    if hostile:  # the empty string is part of every name
        assert find_quotes(read_only, affiliation=hostile) == []
        assert find_quotes(read_only, outlet=hostile) == []
    for row in find_quotes(read_only, search=hostile):  # plain words, all of them required
        words = set(re.findall(r"[^\W_]+", row["text"].lower()))
        assert {"x", "or"} <= words or {"near", "a", "b"} <= words or {"a", "or", "b"} <= words
    assert table_counts(read_only) == before


def test_search_words_ignore_quote_marks_and_operators(read_only: Engine) -> None:
    tandem = [q.text for _, q in gold_quotes() if "tandem" in q.text]
    assert len(tandem) == 1
    for query in ('tandem"', '"tandem', "tandem*", "(tandem", "tandem AND"):
        assert [
            r["text"] for r in find_quotes(read_only, search=query)
        ] == tandem or query == "tandem AND"
    assert find_quotes(read_only, search='"') == []


def test_export_rows_have_the_fields_and_index_the_document_text(read_only: Engine) -> None:
    texts = {document.name: document.text for document, _ in seed_documents()}
    rows = list(iter_export_rows(read_only, batch_size=7))
    assert len(rows) == len(gold_quotes())
    for row in rows:
        assert tuple(row) == EXPORT_FIELDS
        assert texts[row["document"]][row["start"] : row["end"]] == row["text"]
    assert [(r["document"], r["start"]) for r in rows] == sorted(
        (r["document"], r["start"]) for r in rows
    )


def test_speaker_listing(read_only: Engine) -> None:
    (mukhanov,) = speaker_rows(read_only, "Mukhanov")
    assert mukhanov == {
        "name": "Vadim Mukhanov",
        "kind": "person",
        "gender": None,  # the gold quotes carry no gender
        "gender_evidence": None,
        "quotes": 7,
        "documents": 1,
        "roles": [
            "Senior Research Fellow at the Center for Caucasian Studies and Regional Security"
        ],
        "affiliations": ["MGIMO"],
        "outlets": ["EADaily"],
        "aliases": ["Mukhanov", "Vadim Mukhanov"],  # not "The expert", "he"
    }
    (turkey,) = [row for row in list_speakers(read_only) if row["name"] == "Turkey"]
    assert turkey["kind"] == "organization"


# --- read-only SQL -------------------------------------------------------------


def database_content(path: Path) -> tuple[bytes, bytes]:
    """The database file and its write-ahead log (empty when there is none).

    A read-only connection may leave an empty ``-wal`` and a ``-shm`` index
    behind; neither holds data.
    """
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def test_read_only_sql_reads(seeded_path: Path) -> None:
    url = str(seeded_path)
    columns, rows = run_readonly_sql(
        url, "SELECT speaker, text FROM quote_view WHERE speaker LIKE '%Mukhanov%';"
    )
    assert columns == ["speaker", "text"] and len(rows) == 7
    assert run_readonly_sql(url, "SELECT ';' AS semicolon -- trailing comment") == (
        ["semicolon"],
        [(";",)],
    )
    columns, rows = run_readonly_sql(url, "PRAGMA table_info(quotes)")
    assert "speaker_id" in [row[1] for row in rows]
    assert run_readonly_sql(url, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'tandem'")[
        1
    ] == [(1,)]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM quotes",
        "DROP TABLE quotes",
        "INSERT INTO organizations (name) VALUES ('x')",
        "UPDATE speakers SET canonical_name = 'x'",
        "CREATE TABLE t (x)",
        "ATTACH DATABASE ':memory:' AS other",
        "PRAGMA writable_schema = 1",
        "PRAGMA journal_mode = DELETE",
        "PRAGMA user_version = 7",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        "VACUUM",
        "SELECT 1; DELETE FROM quotes",
        "SELECT 1;; DROP TABLE quotes",
        "WITH x AS (SELECT 1) DELETE FROM quotes",
    ],
)
def test_read_only_sql_refuses_writes_and_changes_nothing(
    seeded_path: Path, statement: str
) -> None:
    path = seeded_path  # no engine is open on it: its WAL was checkpointed into the file
    before = database_content(path)
    with pytest.raises(ReadOnlyQueryError):
        run_readonly_sql(f"sqlite:///{path}", statement)
    assert database_content(path) == before


def test_read_only_sql_reports_other_errors(seeded_path: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError) as error:
        run_readonly_sql(seeded_path, "SELEC 1")
    assert not isinstance(error.value, ReadOnlyQueryError)
    with pytest.raises(QueryError):
        run_readonly_sql(str(tmp_path / "missing.db"), "SELECT 1")
    assert not (tmp_path / "missing.db").exists()
