"""``The governor added:`` closing a paragraph: the next paragraph, without marks, is the quote."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from attribution.detect.cues import cue_lemma, source_of
from attribution.detect.spans import clause_candidate
from attribution.model import Candidate
from attribution.parsed import VERB_POS, tokens_where
from attribution.rules.cues import cue_verbs
from attribution.rules.punctuation import LEADING_SPACE, PARAGRAPH_QUOTE_OPENERS
from attribution.text.paragraphs import next_paragraph, paragraph_at


def colon_paragraph_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``The governor added:`` closing a paragraph, the next paragraph (without marks) being his words."""
    verbs = cue_verbs()
    for token in tokens_where(doc, ORTH=":".__eq__):
        if token.i == 0:
            continue
        verb = doc[token.i - 1] if not doc[token.i - 1].is_space else doc[token.i - 2] if token.i > 1 else None
        _, paragraph_end = paragraph_at(text, token.idx)
        following = next_paragraph(text, token.idx)
        if verb is None or following is None or text[token.idx + 1 : paragraph_end].strip():
            continue
        if verb.pos_ not in VERB_POS or cue_lemma(verb, verbs) is None:
            continue
        start = LEADING_SPACE.match(text, following[0]).end()
        if start >= len(text) or text[start] in PARAGRAPH_QUOTE_OPENERS:
            continue  # a quotation: the direct detector's
        content = doc.char_span(start, following[1], alignment_mode="expand")
        source = source_of(verb)
        if content is None or source[0] is None:
            continue
        yield clause_candidate(text, content, doc[verb.i : verb.i + 1], source, anchor=start)
