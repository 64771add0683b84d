"""The detectors stay linear in the document: no whole-document rebuild per quote.

spaCy rebuilds ``Doc.text`` (joining every token) and ``Doc.ents`` (walking
every token's IOB tag) on each access, so a detector that reads either per
candidate costs O(tokens × candidates): on the PolNeAR articles that was most
of the extraction time. These tests run the detectors on a whole fixture
article through a ``Doc`` subclass that counts those reads.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from counting_doc import counting
from spacy.tokens import Doc

from attribution.detect.direct import find_direct_quotes
from attribution.parsed import entity_of
from attribution.detect.reported import find_reported_speech

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def parsed(nlp) -> Doc:
    """The seed article with the most quotation marks, parsed."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt"))]
    return nlp(max(texts, key=lambda t: sum(t.count(m) for m in '"“”')))


@pytest.mark.parametrize("detector", [find_direct_quotes, find_reported_speech])
def test_detector_reads_text_once_and_never_lists_entities(parsed: Doc, detector) -> None:
    doc = counting(parsed)
    found = detector(doc)
    assert len(found) >= 5  # the article is full of quotes: the counts below mean something
    assert doc.reads == {"text": 1, "ents": 0}
    assert found == detector(parsed)  # the counting copy is the same document


@pytest.mark.parametrize("detector", [find_direct_quotes, find_reported_speech])
def test_detector_given_the_text_does_not_rebuild_it(parsed: Doc, detector) -> None:
    doc = counting(parsed)
    found = detector(doc, parsed.text)
    assert doc.reads == {"text": 0, "ents": 0}
    assert found == detector(parsed)


def test_entity_of_agrees_with_doc_ents(parsed: Doc) -> None:
    expected = {i: (ent.start, ent.end, ent.label_) for ent in parsed.ents for i in range(ent.start, ent.end)}
    assert len(expected) > 20
    for token in parsed:
        entity = entity_of(token)
        found = None if entity is None else (entity.start, entity.end, entity.label_)
        assert found == expected.get(token.i), token.i
