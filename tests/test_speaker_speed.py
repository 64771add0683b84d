"""Speaker resolution and profiles stay linear in the document.

spaCy rebuilds ``Doc.text`` by joining every token on each access, so reading
it per name or per candidate made ``resolve_speakers`` and
``describe_speakers`` cost O(tokens × names). These tests run both on a whole
seed article through a ``Doc`` subclass that counts those reads, and check the
indexes that replaced per-candidate scans against the scans.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from counting_doc import counting
from spacy.tokens import Doc

from attribution.detect.direct import find_direct_quotes
from attribution.speakers.resolver import Resolver, resolve_speakers
from attribution.speakers.table import build_entity_table
from attribution.profile.describe import describe_speakers
from attribution.profile.speaker_titles import spelling_index
from attribution.detect.merge import merge_candidates
from attribution.detect.reported import find_reported_speech
from attribution.model import Candidate

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def article(nlp) -> tuple[Doc, list[Candidate]]:
    """The seed article with the most quotation marks, parsed, with its candidates."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    doc = nlp(max(texts, key=lambda t: sum(t.count(m) for m in '"“”')))
    return doc, merge_candidates(find_direct_quotes(doc), find_reported_speech(doc))


def test_resolution_and_profiles_read_text_at_most_once(article) -> None:
    doc, candidates = article
    assert len(candidates) >= 5  # enough quotes for a per-candidate read to show
    copy = counting(doc)
    speakers = resolve_speakers(copy, candidates)
    assert copy.reads["text"] <= 1
    assert sum(s is not None for s in speakers) >= 5
    copy.reads["text"] = 0
    profiles = describe_speakers(copy, candidates, speakers)
    assert copy.reads["text"] == 0
    assert speakers == resolve_speakers(doc, candidates)
    assert profiles == describe_speakers(doc, candidates, speakers)


def test_quote_index_agrees_with_scanning_every_quote(article) -> None:
    doc, candidates = article
    resolver = Resolver(doc, build_entity_table(doc), [(c.start, c.end) for c in candidates])
    quoted = 0
    for mention in resolver.table.mentions:
        for position in (c.start for c in candidates):
            expected = any(
                start <= mention.start < end and not start <= position < end for start, end in resolver.quote_spans
            )
            assert resolver.in_other_quote(mention, position) == expected
            quoted += expected
    assert quoted > 0  # some names lie inside quotes: the check is not vacuous


def test_spelling_index_lists_each_token_under_its_casefolded_text(article) -> None:
    doc, _ = article
    index = spelling_index(doc)
    assert sorted(i for positions in index.values() for i in positions) == list(range(len(doc)))
    for spelling, positions in index.items():
        assert positions == sorted(positions)
        assert all(doc[i].text.casefold() == spelling for i in positions)
