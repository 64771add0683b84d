"""Headlines inside an article are not quotes (GUIDELINES.md, "What is a quote").

The articles are invented. Each test fails without ``detect.headlines``: the
link line's "says" and the subheading's quotation were taken as quotes.
"""

from __future__ import annotations

from attribution import extract


BODY = (
    "Riverton council voted on Tuesday to close the Alder Street bridge for repairs.\n\n"
    '"The deck is older than most of us," said Mayor Ines Kowal.\n\n'
)


def test_a_link_line_to_another_story_holds_no_quote():
    text = BODY + "READ MORE: Riverton mayor says the bridge will reopen in May\n\nWatch: Ferry service expands this spring\n"
    quotes = extract(text)
    assert [q.text for q in quotes] == ["The deck is older than most of us,"]
    assert quotes[0].speaker == "Ines Kowal"


def test_a_label_opening_the_article_text_is_no_link_line():
    text = BODY + "ANALYSIS: Engineers say the bridge can carry buses for another year.\n"
    assert "the bridge can carry buses for another year" in [q.text for q in extract(text)]


def test_a_quotation_set_as_a_subheading_is_no_quote():
    text = BODY + "'We cannot wait another year'\n\nResidents have crossed the bridge for ninety years.\n"
    assert [q.text for q in extract(text)] == ["The deck is older than most of us,"]


def test_a_quotation_paragraph_that_ends_its_sentence_is_still_a_quote():
    text = BODY + '"It will reopen in May."\n\nThe repairs will take four months.\n'
    quotes = extract(text)
    assert [q.text for q in quotes] == ["The deck is older than most of us,", "It will reopen in May."]
    assert quotes[1].speaker == "Ines Kowal"
