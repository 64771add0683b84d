"""Indirect and mixed quotes: reported speech without (or with partial) marks.

Each attribution pattern is a finder in its own module; ``find_reported_speech``
runs them in the order of ``CLAUSE_FINDERS``, drops what the author says in
their own voice, and keeps one candidate per reported clause. Quote spans
follow the gold guidelines: from the first word of the reported content (a
leading ``that`` excluded) to its end, trailing sentence punctuation excluded;
a span that contains quotation marks is ``mixed`` and keeps its marks whole.
Spans never leave the cue's paragraph (``detect.spans``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc

from attribution.detect.according_to import according_to_clauses
from attribution.detect.back_reference import back_reference_clauses
from attribution.detect.colon_paragraph import colon_paragraph_clauses
from attribution.detect.cue_clauses import cue_verb_clauses
from attribution.detect.made_clear import made_clear_clauses
from attribution.detect.merge import (
    as_direct_if_quoted,
    cue_within,
    is_valid,
    one_per_clause,
    overlap,
    quotation_then_clause,
    reports_given_a_source,
)
from attribution.detect.view_nouns import statement_noun_clauses, view_noun_clauses
from attribution.model import Candidate

#: The reported-speech finders, in the order their candidates compete in
#: ``one_per_clause``: each takes a parsed Doc and its text and yields candidates.
CLAUSE_FINDERS: tuple[Callable[[Doc, str], Iterable[Candidate]], ...] = (
    according_to_clauses,
    view_noun_clauses,
    statement_noun_clauses,
    made_clear_clauses,
    colon_paragraph_clauses,
    cue_verb_clauses,
)


def find_reported_speech(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Indirect and mixed quote candidates of ``doc``, in text order, one per reported clause.

    A clause that is nothing but one quotation (``X said that "..."``) comes
    back as a ``direct`` candidate (see ``merge.as_direct_if_quoted``). ``text`` is
    ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    found: list[Candidate] = []
    for finder in CLAUSE_FINDERS:
        found.extend(c for c in finder(doc, text) if is_valid(text, c))
    kept = [
        as_direct_if_quoted(text, piece)
        for c in one_per_clause(reports_given_a_source(text, found))
        for piece in quotation_then_clause(text, c)
    ]
    # A back reference (``back_reference``) only attributes a sentence that has no attribution of its own.
    for candidate in back_reference_clauses(doc, text):
        if is_valid(text, candidate) and not any(
            overlap(candidate, other) or cue_within(other, candidate) for other in kept
        ):
            kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end))
