"""Speech and view nouns owned by their source: ``In his view, …``, ``Trump's claim that …``."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from attribution.detect.clauses import host_clause, opens_with_that, strip_complementizer
from attribution.detect.cues import Attribution
from attribution.detect.mentions import mention_tokens, noun_phrase
from attribution.detect.spans import clause_candidate
from attribution.model import Candidate
from attribution.parsed import VERB_POS, tokens_where
from attribution.rules.cues import attribution_phrases, speech_nouns


def possessive(token: Token) -> Attribution | None:
    """A speech noun owned by the source: ``In his view``, ``Markov's words``.

    Not one that is the object of another verb (``treating Mrs. Clinton's
    remark as a compliment -- "…"``): someone else acts on those words.
    """
    if token.pos_ != "NOUN" or token.lemma_.lower() not in speech_nouns() or token.dep_ == "dobj":
        return None
    owners = [c for c in token.children if c.dep_ == "poss"]
    if not owners:
        return None
    mention = noun_phrase(owners[0])
    cue_end = token.idx + len(token)
    return Attribution("possessive", token.text, token.idx, cue_end, mention.start_char, mention.end_char)


def view_noun_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``In his view, ...``, ``In X's opinion, ...`` and ``X's view is that ...``."""
    nouns = attribution_phrases().get("view_noun", frozenset())
    for token in tokens_where(doc, LOWER=nouns.__contains__):
        owner = next((t for t in token.children if t.dep_ == "poss"), None)
        if owner is None:
            continue
        mention = (mention_tokens(owner), "possessive")
        preposition = token.head
        if token.dep_ == "pobj" and preposition.lower_ == "in":
            attribution = doc[preposition.i : token.i + 1]
            content = host_clause(preposition, attribution)
            if content is not None:
                yield clause_candidate(text, content, attribution, mention)
        elif token.dep_ == "nsubj" and preposition.lemma_ == "be":
            clause = next((t for t in preposition.children if t.dep_ in ("ccomp", "attr") and t.i > token.i), None)
            if clause is not None and clause.pos_ in VERB_POS:
                content = strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
                yield clause_candidate(text, content, doc[owner.left_edge.i : token.i + 1], mention)


def statement_noun_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``Trump's claim that A``, ``his warning that A``: a statement noun owned by its source, with its clause."""
    nouns = attribution_phrases().get("statement_noun", frozenset())
    for token in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() in nouns):
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        clause = next((c for c in token.rights if c.dep_ in ("acl", "ccomp", "relcl") and opens_with_that(c)), None)
        if owner is None or clause is None:
            continue
        content = strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
        yield clause_candidate(text, content, doc[owner.left_edge.i : token.i + 1], (mention_tokens(owner), "possessive"))
