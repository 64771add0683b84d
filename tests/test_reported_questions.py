"""A reported question states nobody's words or view: ``asked whether …`` is no quote (cue kind ``question``)."""

from __future__ import annotations

import pytest

from attribution import extract


@pytest.mark.parametrize(
    "sentence",
    [
        "Reporters asked Mayor Ines Calder whether the city had overstated its debt.",
        "Councillor Tomas Reyes asked if the other branches were holding votes as well.",
        "The coach wondered how long the team could keep the pace.",
    ],
)
def test_a_reported_question_is_no_quote(sentence):
    assert [q.text for q in extract(sentence)] == []


def test_what_a_question_verb_asks_someone_to_do_is_still_reported():
    (quote,) = extract("Mayor Ines Calder asked the province to correct its figures before the vote.")
    assert (quote.type, quote.speaker) == ("indirect", "Ines Calder")
    assert quote.text.startswith("the province to correct its figures")


def test_a_statement_after_the_question_is_still_a_quote():
    quotes = extract("Asked whether the arena would open on time, Mayor Ines Calder said the builders were on schedule.")
    assert [(q.text, q.speaker) for q in quotes] == [("the builders were on schedule", "Ines Calder")]
