"""``X made it clear that …``, ``X made known that …``: the ``that`` clause is X's message."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from attribution.detect.clauses import is_that_clause, strip_complementizer
from attribution.detect.cues import source_of
from attribution.detect.spans import clause_candidate
from attribution.model import Candidate
from attribution.parsed import tokens_where
from attribution.rules.cues import attribution_phrases
from attribution.rules.words import THING_PRONOUNS


def made_clear_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``X is making it clear that A``, ``X made known that A``: the ``that`` clause is X's message."""
    adjectives = attribution_phrases().get("clarity_adjective", frozenset())
    for verb in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() == "make"):
        if verb.pos_ != "VERB":
            continue
        adjective = next((c for c in verb.rights if c.lower_ in adjectives and c.pos_ == "ADJ"), None)
        if adjective is None:
            continue
        clause = next(
            (c for c in (*adjective.rights, *verb.rights) if c.i > adjective.i and is_that_clause(c)), None
        )
        if clause is None:
            continue
        source = source_of(verb)
        if source[0] is None or source[0].text.lower() in THING_PRONOUNS:
            continue  # no speaker, the author, or a fact that makes something clear ("This makes it clear")
        content = strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
        yield clause_candidate(text, content, doc[verb.i : adjective.i + 1], source)
