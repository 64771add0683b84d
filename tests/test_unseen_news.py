"""Roles and affiliations in the forms news uses beyond the title table (issue 12, class 5).

Every sentence here is written for the test: people, places and organisations
are invented, and the occupations (engineer, groundskeeper, beekeeper, harbour
master) are not in ``rules/titles.tsv``, so only the construction can tell
that the phrase describes the speaker. Before ``profile/parsed_titles`` each
of these quotes had no role and no affiliation.
"""

from __future__ import annotations

import pytest

from attribution import extract


def only_quote(text: str):
    (quote,) = extract(text)
    return quote


@pytest.mark.parametrize(
    ("text", "speaker", "role", "affiliation"),
    [
        pytest.param(
            '"The bridge will hold," said Marta Lindqvist, a structural engineer with the '
            "Harbour Bridge Authority, on Monday.",
            "Marta Lindqvist",
            "structural engineer with the Harbour Bridge Authority",
            "Harbour Bridge Authority",
            id="apposition-after-quote",
        ),
        pytest.param(
            '"We acted fast," says Kit Adebayo, Orland Bay\'s harbour master.',
            "Kit Adebayo",
            "harbour master",
            "Orland Bay",
            id="apposition-with-possessor",
        ),
        pytest.param(
            "The longtime groundskeeper at Elm Park, Tomas Brandt, says the lawn needs a rest.",
            "Tomas Brandt",
            "longtime groundskeeper at Elm Park",
            "Elm Park",
            id="apposition-before-name",
        ),
        pytest.param(
            '"We were slow tonight," said Hawks head coach Piet Olsen.',
            "Piet Olsen",
            "Hawks head coach",
            "Hawks",
            id="compound-before-name",
        ),
        pytest.param(
            '"Nobody listens to us," said Ada Moreau, who chairs the tenants\' committee at Linden Court.',
            "Ada Moreau",
            "chairs the tenants' committee at Linden Court",
            "Linden Court",
            id="relative-clause",
        ),
    ],
)
def test_role_and_affiliation_from_the_construction(text, speaker, role, affiliation):
    quote = only_quote(text)
    assert (quote.speaker, quote.role, quote.affiliation) == (speaker, role, affiliation)


def test_role_stated_in_its_own_sentence_carries_to_the_quote():
    text = 'Owen Marsh is a beekeeper in rural Wales. "The summer was hard," Marsh said.'
    quote = only_quote(text)
    assert quote.speaker == "Owen Marsh"
    assert quote.role == "beekeeper in rural Wales"
    assert quote.affiliation is None  # a place after "in" is where he lives, not whom he works for


def test_organisation_after_with_is_the_affiliation():
    quote = only_quote('"Wait times are growing," said Lena Ortiz with the Riverside Health Network.')
    assert (quote.speaker, quote.role, quote.affiliation) == ("Lena Ortiz", None, "Riverside Health Network")


def test_role_of_the_first_mention_carries_to_later_quotes():
    text = (
        "Maria Calder, a ferry pilot for Strait Crossings, spoke on Monday.\n\n"
        '"The fog came in fast," Calder said.\n\n'
        '"We turned back," she said.'
    )
    quotes = extract(text)
    assert [q.speaker for q in quotes] == ["Maria Calder", "Maria Calder"]
    assert {(q.role, q.affiliation) for q in quotes} == {("ferry pilot for Strait Crossings", "Strait Crossings")}


def test_photo_caption_noun_is_not_part_of_the_title():
    text = 'Open this photo in gallery Finance Minister Rosa Kell speaks in Ottawa. "Budgets are choices," Kell said.'
    quote = only_quote(text)
    assert quote.speaker == "Rosa Kell"
    assert quote.role == "Finance Minister"


def test_a_date_or_age_in_apposition_is_no_role():
    quote = only_quote('"It was a long winter," said Noor Haddad, 64, on Tuesday.')
    assert quote.speaker == "Noor Haddad"
    assert quote.role is None


def test_quote_paragraph_takes_the_speaker_of_the_reported_speech_before_it():
    """Issue 12, class 2: a paragraph that is only a quote, after one that reports speech."""
    text = (
        "The ferry schedule changed in May.\n\n"
        "Mara Quill with the Ferry Workers Union says the new timetable is too tight.\n\n"
        "\u201cCrews are exhausted by the end of every shift.\u201d"
    )
    quotes = [q for q in extract(text) if q.type == "direct"]
    assert [(q.text, q.speaker) for q in quotes] == [("Crews are exhausted by the end of every shift.", "Mara Quill")]


def test_quote_paragraph_after_narration_keeps_no_speaker():
    text = (
        "Mara Quill runs the ferry workers' union.\n\n"
        "The ferry left at noon and reached the island an hour late.\n\n"
        "\u201cCrews are exhausted by the end of every shift.\u201d"
    )
    (quote,) = extract(text)
    assert (quote.type, quote.speaker) == ("direct", None)


def test_a_province_after_a_town_is_no_person_to_refer_to():
    """Issue 12, class 1: ``Guelph, Ont.`` is a place; ``he`` goes back to the man."""
    text = (
        "Arjun Mehta has lived in shelters for a decade. He has a daughter in Guelph, Ont.\n\n"
        '"We are people, not numbers," he says.'
    )
    quote = only_quote(text)
    assert (quote.speaker, quote.speaker_mention) == ("Arjun Mehta", "he")


def test_a_chain_of_pronoun_subjects_reaches_the_antecedent():
    """Issue 12, class 3: the antecedent is many sentences back, every one of them about him."""
    text = (
        "Arjun Mehta came to the city in 1998. He found work in a bakery. He lost it in 2009. "
        "He slept in a park that winter. He found a room in the spring. He lost it again. "
        "He now sleeps in a church basement. He volunteers in its kitchen.\n\n"
        '"We are people, not numbers," he says.'
    )
    quote = only_quote(text)
    assert quote.speaker == "Arjun Mehta"
