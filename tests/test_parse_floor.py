"""The parse floor: what ``load_pipeline`` leaves out, the attribute ruler's cached matching, the vocabulary bound,
and the job's tail of batches shared among workers."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from attribution.attribute_rules import SignatureMatch
from attribution.jobs import with_tail_shared
from attribution.model import Document
from attribution import pipeline
from attribution.pipeline import UNUSED_COMPONENTS, extract_batch, load_pipeline, quotes_from_doc
from attribution.spacy_models import resolve_model_name
from attribution.text.parser_text import parser_text

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def full_model():
    """The model as spaCy loads it, every component and the ruler's own matching, plus the
    paragraph starts the extraction gives its parser (``pipeline.paragraph_sentences``)."""
    nlp = spacy.load(resolve_model_name())
    nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def test_the_loaded_pipeline_leaves_out_what_the_extraction_never_reads(full_model):
    nlp = load_pipeline()
    assert "senter" in full_model.component_names  # the model has it ...
    assert set(UNUSED_COMPONENTS).isdisjoint(nlp.component_names)  # ... the pipeline does not
    read = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert nlp.pipe_names == ["tok2vec", "tagger", "paragraph_sentences", *read[2:], "quote_attribution"]
    assert isinstance(nlp.get_pipe("attribute_ruler").match, SignatureMatch)


def test_cached_ruler_matches_and_sets_exactly_what_the_ruler_does(full_model):
    texts = [parser_text(path.read_text(encoding="utf-8")) for path in SEEDS]
    before_ruler = list(full_model.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]))
    ruler = full_model.get_pipe("attribute_ruler")
    cached = SignatureMatch(ruler)
    for doc in before_ruler:
        assert cached(doc) == ruler.match(doc)
    attributes = [TAG, POS, MORPH, LEMMA, DEP]
    fast = load_pipeline()
    for own, ours in zip(full_model.pipe(texts), fast.pipe(texts, disable=["quote_attribution"]), strict=True):
        assert (own.to_array(attributes) == ours.to_array(attributes)).all()
        assert [(e.start, e.end, e.label_) for e in own.ents] == [(e.start, e.end, e.label_) for e in ours.ents]


def test_extraction_on_the_seed_articles_is_that_of_the_full_model(full_model):
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    expected = [quotes_from_doc(doc, text) for doc, text in zip(full_model.pipe(map(parser_text, texts)), texts)]
    assert sum(map(len, expected)) > 50
    assert extract_batch(load_pipeline(), texts) == expected


def test_the_last_batches_are_shared_among_the_workers():
    documents = [Document(name=str(i), text=str(i)) for i in range(11)]
    batches = [documents[i : i + 4] for i in range(0, 11, 4)]  # 4, 4, 3
    shared = list(with_tail_shared(iter(batches), 2))
    assert [len(b) for b in shared] == [4, 2, 2, 2, 1]
    assert [d for b in shared for d in b] == documents
    assert list(with_tail_shared(iter(batches[:1]), 3)) == [documents[:2], documents[2:4]]


def test_past_max_vocabulary_a_batch_forgets_the_words_it_added(monkeypatch):
    nlp = load_pipeline()
    text = SEEDS[0].read_text(encoding="utf-8")
    expected = extract_batch(nlp, [text])
    monkeypatch.setattr(pipeline, "MAX_VOCABULARY", 0)  # every batch in a memory zone
    (found,) = extract_batch(nlp, [f"{text}\n\nQuorbimantle zeffrowick said so."])
    assert "Quorbimantle" not in nlp.vocab.strings  # gone again with its batch
    assert found[: len(expected[0])] == expected[0]
    monkeypatch.setattr(pipeline, "MAX_VOCABULARY", 10**9)
    extract_batch(nlp, ["Quorbimantle zeffrowick said so."])
    assert "Quorbimantle" in nlp.vocab.strings  # below the limit spaCy keeps its words
