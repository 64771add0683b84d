"""The Alembic migrations: they build exactly the ORM schema, move both ways, keep data."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from old_databases import fill_at_revision, store_seeds_and_an_error
from sqlalchemy import func, inspect, select, text, update
from test_store import gold_quotes, made_up_document, store_seeds, table_counts

from attribution.store import (
    current,
    downgrade,
    find_quotes,
    open_database,
    store_document,
    upgrade,
)
from attribution.model import Document, Quote
from attribution.store.db import alembic_config, head, make_engine
from attribution.store.schema import Base, Speaker

REPO = Path(__file__).resolve().parent.parent
FIRST_REVISION = "0001"
#: Made by the migrations with raw SQL, unknown to the ORM.
SEARCH_OBJECTS = ("quotes_fts", "quote_view")


def only_orm_objects(obj, name, type_, reflected, compare_to) -> bool:
    return not (name or "").startswith(SEARCH_OBJECTS)


def test_migrations_build_exactly_the_orm_schema(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "quotes.db")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": only_orm_objects, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
        names = set(inspect(connection).get_table_names()) | set(
            inspect(connection).get_view_names()
        )
    engine.dispose()
    assert {"quotes_fts", "quote_view"} <= names


def test_upgrade_downgrade_upgrade_on_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    assert current(url) is None
    upgrade(url)
    assert current(url) == head()
    downgrade(url, "base")
    assert current(url) is None
    engine = make_engine(url)
    with engine.connect() as connection:
        leftovers = connection.execute(
            text(
                "SELECT name FROM sqlite_master"
                " WHERE name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ).all()
    engine.dispose()
    assert leftovers == []
    upgrade(url)
    assert current(url) == head()


def test_data_stored_at_the_first_revision_survives_upgrade_and_downgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    fill_at_revision(tmp_path, url, FIRST_REVISION, store_seeds_and_an_error)
    engine = make_engine(url)
    before = table_counts(engine)
    engine.dispose()
    assert before["documents"] == 5 and before["document_errors"] == 1

    engine = open_database(url)  # upgrades to head
    assert current(url) == head() != FIRST_REVISION
    assert table_counts(engine) == before
    tandem = [q.text for _, q in gold_quotes() if "tandem" in q.text]
    assert [row["text"] for row in find_quotes(engine, search="tandem")] == tandem  # indexed
    with engine.connect() as connection:
        assert (
            connection.scalar(select(func.count()).select_from(text("quote_view")))
            == before["quotes"]
        )
    engine.dispose()

    downgrade(url, FIRST_REVISION)
    engine = make_engine(url)
    assert table_counts(engine) == before
    engine.dispose()


def page_columns(url: str) -> list[tuple]:
    engine = make_engine(url)
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("documents")}
        wanted = [c for c in ("name", "title", "url", "author", "site_name") if c in columns]
        rows = connection.execute(text(f"SELECT {', '.join(wanted)} FROM documents ORDER BY id")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_page_metadata_revision_moves_both_ways_with_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    fill_at_revision(tmp_path, url, "0003", store_seeds_and_an_error)
    engine = make_engine(url)
    before = table_counts(engine)
    engine.dispose()
    old_rows = page_columns(url)
    assert len(old_rows) == 5 and all(len(row) == 3 for row in old_rows)  # no author, site_name yet

    engine = open_database(url)
    assert current(url) == head()
    assert table_counts(engine) == before
    assert page_columns(url) == [(*row, None, None) for row in old_rows]
    page, quote = made_up_document(
        "page.html", '"The harbour will grow," Elena Marsh, the mayor, said.', "Elena Marsh", "Elena Marsh", "the mayor"
    )
    page = dataclasses.replace(page, title="Harbour", url="https://x.example/h", author="Sarah Lindqvist",
                               site_name="The Gazette")
    assert store_document(engine, before["runs"], page, [quote])
    engine.dispose()
    assert page_columns(url)[-1] == ("page.html", "Harbour", "https://x.example/h", "Sarah Lindqvist", "The Gazette")

    downgrade(url, "0003")
    assert current(url) == "0003"
    assert page_columns(url) == [*old_rows, ("page.html", "Harbour", "https://x.example/h")]
    engine = make_engine(url)
    after = table_counts(engine)
    engine.dispose()
    assert (after["documents"], after["quotes"]) == (before["documents"] + 1, before["quotes"] + 1)
    assert (after["runs"], after["document_errors"]) == (before["runs"], before["document_errors"])
    engine = open_database(url)  # up again: the columns come back empty
    assert [row["text"] for row in find_quotes(engine, search="harbour")] == ["The harbour will grow"]
    engine.dispose()
    assert page_columns(url)[-1] == ("page.html", "Harbour", "https://x.example/h", None, None)


def test_opening_an_up_to_date_database_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "quotes.db"
    engine = open_database(path)
    store_seeds(engine)
    before = table_counts(engine)
    engine.dispose()
    engine = open_database(path)
    assert table_counts(engine) == before
    engine.dispose()
    assert current(path) == head()


GENDER_REVISION = "0005"


def speaker_rows(engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            select(Speaker.id, Speaker.canonical_name, Speaker.kind, Speaker.name_key).order_by(Speaker.id)
        ).all()


def gender_columns(engine) -> set[str]:
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("speakers")}
    return columns & {"gender", "gender_evidence"}


def test_speaker_gender_columns_move_both_ways_with_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    below = ScriptDirectory.from_config(alembic_config()).get_revision(GENDER_REVISION).down_revision
    upgrade(url, below)
    engine = make_engine(url)
    run_id = store_seeds(engine)  # gold quotes carry no gender: nothing newer is written
    before, speakers = table_counts(engine), speaker_rows(engine)
    assert gender_columns(engine) == set()
    engine.dispose()

    upgrade(url, GENDER_REVISION)
    engine = make_engine(url)
    assert (table_counts(engine), speaker_rows(engine)) == (before, speakers)
    with engine.connect() as connection:
        assert set(connection.execute(select(Speaker.gender, Speaker.gender_evidence)).all()) == {(None, None)}
    text_ = '"Talks will resume," Vadim Mukhanov said, and he smiled.'
    quote = Quote(type="direct", text="Talks will resume,", start=1, end=19, speaker="Vadim Mukhanov",
                  speaker_kind="person", speaker_mention="Vadim Mukhanov", speaker_start=21, speaker_end=35,
                  speaker_gender="male", speaker_gender_evidence="pronoun", confidence=0.9)
    assert store_document(engine, run_id, Document(name="new.txt", text=text_), [quote])
    with engine.begin() as connection:  # an old speaker given a gender by hand too
        connection.execute(update(Speaker).where(Speaker.id == speakers[-1].id).values(gender="female",
                                                                                       gender_evidence="honorific"))
    with engine.connect() as connection:
        genders = connection.execute(select(Speaker.canonical_name, Speaker.gender).where(Speaker.gender.is_not(None))).all()
    assert sorted(genders) == sorted([("Vadim Mukhanov", "male"), (speakers[-1].canonical_name, "female")])
    after = table_counts(engine)
    engine.dispose()

    downgrade(url, below)
    engine = make_engine(url)
    assert gender_columns(engine) == set()
    assert (table_counts(engine), speaker_rows(engine)) == (after, speakers)
    engine.dispose()
    upgrade(url, GENDER_REVISION)
    engine = make_engine(url)
    assert gender_columns(engine) == {"gender", "gender_evidence"}
    assert table_counts(engine) == after
    engine.dispose()


def _open(url: str) -> str | None:
    open_database(url).dispose()
    return current(url)


@pytest.mark.slow  # two processes
def test_two_processes_can_create_the_same_database_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_open, [url, url]) == [head(), head()]


def run_alembic(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )


@pytest.mark.slow  # `alembic` subprocesses
def test_plain_alembic_command_uses_x_db_then_the_environment(tmp_path: Path) -> None:
    first, second = tmp_path / "x.db", tmp_path / "env.db"
    run_alembic("-x", f"db=sqlite:///{first}", "upgrade", "head")
    assert current(first) == head()
    run_alembic("upgrade", FIRST_REVISION, env={"ATTRIBUTION_DB": f"sqlite:///{second}"})
    assert current(second) == FIRST_REVISION


@pytest.mark.slow  # an `alembic` subprocess
def test_postgresql_gets_a_gin_index_instead_of_fts5() -> None:
    sql = run_alembic(
        "-x", "db=postgresql://user@localhost/quotes", "upgrade", "head", "--sql"
    ).stdout
    assert "USING gin (to_tsvector('english', text))" in sql
    assert "fts5" not in sql and "CREATE TRIGGER" not in sql
    assert "CREATE VIEW quote_view" in sql


def view_columns(engine) -> list[str]:
    with engine.connect() as connection:
        return [c["name"] for c in inspect(connection).get_columns("quote_view")]


def test_quote_view_gains_date_and_gender_and_loses_them_on_downgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    upgrade(url, "0005")
    engine = make_engine(url)
    store_seeds(engine)
    before = table_counts(engine)
    assert "published" not in view_columns(engine) and "speaker_gender" not in view_columns(engine)
    engine.dispose()

    upgrade(url, "0006")
    engine = make_engine(url)
    columns = view_columns(engine)
    assert columns[1:3] == ["document", "published"]
    assert columns[columns.index("speaker_kind") + 1] == "speaker_gender"
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*), count(published) FROM quote_view")).one()
    assert rows[0] == before["quotes"]
    engine.dispose()

    downgrade(url, "0005")
    engine = make_engine(url)
    assert "published" not in view_columns(engine) and "speaker_gender" not in view_columns(engine)
    assert table_counts(engine) == before
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM quote_view")) == before["quotes"]
    engine.dispose()


def triggers(engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))


def test_full_text_indexing_moves_from_the_trigger_to_the_writers_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    upgrade(url, "0006")
    engine = make_engine(url)
    store_seeds(engine)  # indexed by the trigger
    found_before = len(find_quotes(engine, search="Karabakh"))
    assert found_before > 0 and "quotes_fts_insert" in triggers(engine)
    engine.dispose()

    upgrade(url, "0007")
    engine = make_engine(url)
    assert triggers(engine) == {"quotes_fts_delete", "quotes_fts_update"}
    assert len(find_quotes(engine, search="Karabakh")) == found_before
    document, quote = made_up_document(
        "new.txt", 'Ruth Okafor said: "Karabakh talks resume," Okafor, an envoy, said.', "Ruth Okafor", "Okafor", "envoy"
    )
    assert store_document(engine, 1, document, [quote])  # indexed by the writer
    assert len(find_quotes(engine, search="Karabakh")) == found_before + 1
    engine.dispose()

    downgrade(url, "0006")
    engine = make_engine(url)
    assert "quotes_fts_insert" in triggers(engine)
    with engine.begin() as connection:  # a row inserted by plain SQL is indexed again
        connection.execute(text(
            "INSERT INTO quotes (document_id, run_id, type, text, start, \"end\", confidence) "
            "SELECT id, 1, 'direct', 'Karabakh again', 0, 5, 0.5 FROM documents WHERE name = 'new.txt'"
        ))
    assert len(find_quotes(engine, search="Karabakh")) == found_before + 2
    engine.dispose()
