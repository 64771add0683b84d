"""``tokens_where`` selects exactly the tokens a full pass over the Doc would."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.parsed import VERB_POS, tokens_where

SEED = next(iter(sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))))


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(SEED.read_text(encoding="utf-8"))


def test_one_attribute_selects_what_a_full_pass_selects(doc) -> None:
    verbs = tokens_where(doc, POS=VERB_POS.__contains__)
    assert [t.i for t in verbs] == [t.i for t in doc if t.pos_ in VERB_POS]
    assert len(verbs) > 20


def test_tests_on_several_attributes_select_their_union_in_text_order(doc) -> None:
    selected = tokens_where(doc, LEMMA=lambda lemma: lemma.lower() == "say", ORTH=":".__eq__)
    expected = [t.i for t in doc if t.lemma_.lower() == "say" or t.text == ":"]
    assert [t.i for t in selected] == expected
    assert {t.text for t in selected} >= {"said", ":"}


def test_nothing_selected_from_an_empty_doc_or_without_tests(doc) -> None:
    assert tokens_where(doc[:0].as_doc(), POS=VERB_POS.__contains__) == []
    assert tokens_where(doc) == []
