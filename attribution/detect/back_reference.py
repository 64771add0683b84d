"""``… . X made such remarks`` / ``X said so``: the sentence before is the quote."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from attribution.detect.cues import cue_lemma, governing_verb, is_cue, source_of
from attribution.detect.spans import clause_candidate
from attribution.model import Candidate
from attribution.parsed import tokens_where
from attribution.rules.cues import attribution_phrases, cue_verbs
from attribution.rules.words import BACK_REFERENCE_DETERMINERS


def back_reference_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``... . X made such remarks ...`` / ``... . X said so``: the sentence before is the quote."""
    phrases = attribution_phrases()
    nouns = phrases.get("back_reference_noun", frozenset())
    words = phrases.get("back_reference_word", frozenset())
    verbs = cue_verbs()
    for token in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() in nouns, LOWER=words.__contains__):
        if token.lemma_.lower() in nouns and any(
            c.lower_ in BACK_REFERENCE_DETERMINERS for c in token.children if c.dep_ in ("det", "amod")
        ):
            verb = governing_verb(token)
            if verb is None or verb.i > token.i or (is_cue(verb) and any(c.dep_ == "ccomp" for c in verb.children)):
                continue  # a cue with a clause of its own reports that clause, not the sentence before
            cue = doc[verb.i : token.i + 1]
        elif token.lower_ in words and token.dep_ in ("dobj", "advmod") and token.head.i < token.i:
            verb = token.head
            if cue_lemma(verb, verbs) is None or any(c.dep_ == "ccomp" for c in verb.children):
                continue
            cue = doc[verb.i : token.i + 1]
        else:
            continue
        sentence = token.sent
        if sentence.start == 0 or not _starts_sentence_with_source(sentence, verb):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "They can't blame this on …": no one says the sentence before
        previous = doc[sentence.start - 1].sent
        source = source_of(verb)
        if source[0] is None:  # no speaker found, or the author speaking
            continue
        yield clause_candidate(text, previous, cue, source, anchor=previous.start_char)


def _starts_sentence_with_source(sentence: Span, verb: Token) -> bool:
    """Whether the back-reference verb's sentence is about who spoke: its subject comes first."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.left_edge.i <= sentence.start + 1
