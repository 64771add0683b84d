"""One speakers row per real person across documents, extracted from real articles end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.inputs import iter_inputs
from attribution.jobs import run_job
from attribution.store import list_speakers, open_database

FIXTURES = Path(__file__).parent / "fixtures"
POLNEAR = FIXTURES / "polnear"
ARTICLES = [
    # Elijah Cummings, quoted as "Elijah Cummings" in one and "Elijah E. Cummings" in the other.
    POLNEAR / "politico_2016-09-22_house-panel-votes-to-hold-clinto.txt",
    POLNEAR / "wash-post_2016-09-08_virginian-could-make-history-aga.txt",
    # Bill Clinton and Hillary Clinton: two people sharing a surname.
    POLNEAR / "breitbart_2016-10-04_bill-clinton-calls-obamacare-cra.txt",
    POLNEAR / "breitbart_2016-09-21_only-percent-of-hillary-clinton-.txt",
]


@pytest.fixture(scope="module")
def speakers(tmp_path_factory):
    engine = open_database(tmp_path_factory.mktemp("across") / "quotes.db")
    inputs = [str(FIXTURES / "seeds"), *map(str, ARTICLES)]
    summary = run_job(engine, iter_inputs(inputs))
    assert summary.stored == 5 + len(ARTICLES)
    return list_speakers(engine)


def rows_named(speakers, surname):
    return {row["name"]: row for row in speakers if row["name"].split()[-1] == surname}


def test_a_person_quoted_in_several_articles_is_one_speaker(speakers):
    # The seeds quote Ilham Aliyev in four of the five articles (gold files).
    aliyev = rows_named(speakers, "Aliyev")
    assert list(aliyev) == ["Ilham Aliyev"]
    assert aliyev["Ilham Aliyev"]["documents"] >= 3


def test_a_middle_initial_does_not_make_a_second_speaker(speakers):
    cummings = rows_named(speakers, "Cummings")
    assert len(cummings) == 1
    (row,) = cummings.values()
    assert row["documents"] == 2
    assert {"Elijah Cummings", "Elijah E. Cummings"} <= set(row["aliases"])


def test_two_people_sharing_a_surname_stay_two_speakers(speakers):
    clintons = rows_named(speakers, "Clinton")
    assert {"Bill Clinton", "Hillary Clinton"} <= set(clintons)
    assert not set(clintons["Bill Clinton"]["aliases"]) & {"Hillary Clinton", "Hillary"}
