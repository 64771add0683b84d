"""Speaker gender only from what the article states (profile.gender), and how it is stored.

Every article here is made up for the test.
"""

from __future__ import annotations

from itertools import permutations
from pathlib import Path

import pytest
from sqlalchemy import select

from attribution.model import GENDER_CONFLICT, Document, Quote, combine_gender
from attribution.pipeline import quotes_from_doc
from attribution.rules.names import first_names, gender_words
from attribution.store import list_speakers, open_database, start_run, store_document
from attribution.store.schema import Speaker
from attribution.text.parser_text import parser_text


def gender_of(nlp, text: str, speaker: str) -> tuple[str | None, str | None]:
    """``(gender, evidence)`` of every quote of ``speaker`` in ``text``: one value for all."""
    quotes = [q for q in quotes_from_doc(nlp(parser_text(text)), text) if q.speaker == speaker]
    assert quotes, f"no quote of {speaker}"
    readings = {(q.speaker_gender, q.speaker_gender_evidence) for q in quotes}
    assert len(readings) == 1, readings
    return readings.pop()


# ---------------------------------------------------------------- one article


@pytest.mark.parametrize(
    ("text", "speaker", "expected"),
    [
        ('Dana Whitfield runs the shelter on Elm Street. "We are full every night," she said.',
         "Dana Whitfield", ("female", "pronoun")),
        ('Tomas Reyes runs the bakery on Elm Street. "We open at six," he said.',
         "Tomas Reyes", ("male", "pronoun")),
    ],
)
def test_a_pronoun_linked_to_the_speaker_tells_the_gender(nlp, text, speaker, expected) -> None:
    assert gender_of(nlp, text, speaker) == expected


def test_a_pronoun_the_resolver_had_to_choose_an_antecedent_for_tells_nothing(nlp) -> None:
    text = 'Dana Whitfield spoke, and Kim Osei listened. "We are full every night," she said.'
    assert gender_of(nlp, text, "Kim Osei") == (None, None)


def test_an_honorific_before_the_name_tells_the_gender(nlp) -> None:
    assert gender_of(nlp, "Mr. Okafor said the bridge would reopen in May.", "Okafor") == ("male", "honorific")
    assert gender_of(nlp, '"We open at six," said Sir Tomas Reyes.', "Tomas Reyes") == ("male", "honorific")


def test_an_honorific_before_a_hyphenated_surname_tells_the_gender(nlp) -> None:
    text = '"We will appeal," said Ms. Rita Lowe-Barrett. Lowe-Barrett left.'
    assert gender_of(nlp, text, "Rita Lowe-Barrett") == ("female", "honorific")


def test_a_gender_neutral_honorific_tells_nothing(nlp) -> None:
    assert gender_of(nlp, "Dr. Priya Raman said the clinic was full.", "Priya Raman") == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "City spokeswoman Lee Park said the budget was balanced.",  # before the name
        "Lee Park, a spokeswoman for the city, said the budget was balanced.",  # apposition, role
        "The actress, Lee Park, said the play would close.",  # the name in apposition
    ],
)
def test_a_gendered_role_noun_of_the_speaker_tells_the_gender(nlp, text) -> None:
    assert gender_of(nlp, text, "Lee Park") == ("female", "role_noun")


def test_a_gendered_word_about_someone_else_tells_nothing(nlp) -> None:
    text = "Jane Doe, the Queen's adviser, said the palace would reopen in June."
    assert gender_of(nlp, text, "Jane Doe") == (None, None)


def test_agreeing_evidence_of_several_kinds_is_listed_in_order(nlp) -> None:
    text = 'Mr. Okafor runs the depot. "It opens on Monday," he said.'
    assert gender_of(nlp, text, "Okafor") == ("male", "pronoun,honorific")


def test_no_evidence_leaves_the_gender_unknown(nlp) -> None:
    assert gender_of(nlp, "Kim Osei, who leads the union, said the strike was over.", "Kim Osei") == (None, None)


def test_conflicting_evidence_leaves_the_gender_unknown(nlp) -> None:
    text = 'Alex Moreno is a congresswoman from Ohio. "The port will grow," he said.'
    assert gender_of(nlp, text, "Alex Moreno") == (None, GENDER_CONFLICT)


def test_a_first_name_alone_never_decides(nlp) -> None:
    assert first_names()["mary"] == "f"  # the resolver's table knows the name as female
    assert gender_of(nlp, "Mary Smith said the plan was late.", "Mary Smith") == (None, None)


def test_the_words_come_from_the_rules_table() -> None:
    words = gender_words()
    assert (words["ms."].gender, words["ms."].evidence) == ("female", "honorific")
    assert (words["chairman"].gender, words["chairman"].evidence) == ("male", "role_noun")
    assert "spokesperson" not in words and "mary" not in words


# ---------------------------------------------------------------- combining readings

READINGS = [(None, None), ("female", "pronoun"), ("female", "honorific"), ("male", "role_noun")]


def test_combining_keeps_agreeing_evidence_and_drops_a_disagreement() -> None:
    assert combine_gender((None, None), ("female", "pronoun")) == ("female", "pronoun")
    assert combine_gender(("female", "role_noun"), ("female", "pronoun")) == ("female", "pronoun,role_noun")
    assert combine_gender(("female", "pronoun"), ("male", "pronoun")) == (None, GENDER_CONFLICT)
    assert combine_gender((None, GENDER_CONFLICT), ("female", "pronoun")) == (None, GENDER_CONFLICT)


def all_orders(readings: list[tuple[str | None, str | None]]) -> set[tuple[str | None, str | None]]:
    """What folding ``readings`` with ``combine_gender`` gives, in every order."""
    results = set()
    for order in permutations(readings):
        combined = (None, None)
        for reading in order:
            combined = combine_gender(combined, reading)
        results.add(combined)
    return results


def test_combining_does_not_depend_on_the_order() -> None:
    assert all_orders(READINGS[:3]) == {("female", "pronoun,honorific")}
    assert all_orders(READINGS) == {(None, GENDER_CONFLICT)}


# ---------------------------------------------------------------- the store


def article(name: str, gender: str | None, evidence: str | None) -> tuple[Document, list[Quote]]:
    """A one-quote article by Dana Whitfield whose quote carries this gender reading."""
    text = f'"The shelter is full," Dana Whitfield said in {name}.'
    quote = Quote(
        type="direct", text="The shelter is full,", start=1, end=21, speaker="Dana Whitfield",
        speaker_kind="person", speaker_mention="Dana Whitfield", speaker_start=23, speaker_end=37,
        speaker_gender=gender, speaker_gender_evidence=evidence, cue="said", confidence=0.9,
    )
    return Document(name=name, text=text), [quote]


@pytest.fixture
def engine(tmp_path: Path):
    engine = open_database(tmp_path / "quotes.db")
    yield engine
    engine.dispose()


def store(engine, *articles: tuple[Document, list[Quote]]) -> tuple[str | None, str | None]:
    """Store the articles in one run; Dana Whitfield's stored ``(gender, gender_evidence)``."""
    run_id = start_run(engine, model_name="test", model_version=None, extractor_version="test", options={})
    for document, quotes in articles:
        assert store_document(engine, run_id, document, quotes)
    with engine.connect() as connection:
        (row,) = connection.execute(select(Speaker.gender, Speaker.gender_evidence)).all()
    return tuple(row)


def test_the_gender_is_stored_and_listed(engine) -> None:
    assert store(engine, article("Monday", "female", "pronoun")) == ("female", "pronoun")
    (listed,) = list_speakers(engine)
    assert (listed["gender"], listed["gender_evidence"]) == ("female", "pronoun")


def test_agreeing_documents_add_their_evidence_and_unknown_ones_change_nothing(engine) -> None:
    stored = store(
        engine,
        article("Monday", "female", "pronoun"),
        article("Tuesday", None, None),
        article("Wednesday", "female", "honorific"),
    )
    assert stored == ("female", "pronoun,honorific")


def test_a_disagreeing_document_leaves_the_gender_unknown_for_good(engine) -> None:
    stored = store(
        engine,
        article("Monday", "female", "pronoun"),
        article("Tuesday", "male", "honorific"),
        article("Wednesday", "female", "pronoun"),
    )
    assert stored == (None, GENDER_CONFLICT)


def test_an_unknown_gender_value_is_refused(engine) -> None:
    document, quotes = article("Monday", "unknown", "pronoun")
    run_id = start_run(engine, model_name="test", model_version=None, extractor_version="test", options={})
    with pytest.raises(ValueError, match="unknown speaker gender"):
        store_document(engine, run_id, document, quotes)
