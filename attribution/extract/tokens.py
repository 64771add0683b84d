"""Reading a Doc's tokens and sentences without visiting every token again.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every step of
``for token in doc``, and new spans on every ``token.sent``; a finder that
looks at all tokens to keep a few pays for all of them. ``tokens_where``
reads each attribute as one array, tests each distinct value once, and
builds ``Token`` objects for the matches only; ``Sentences`` reads the
sentence starts once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Token

#: Parts of speech a (cue) verb is tagged with.
VERB_POS = frozenset({"VERB", "AUX"})


def tokens_where(doc: Doc, **tests: Callable[[str], bool]) -> list[Token]:
    """The tokens of ``doc``, in order, that pass any of ``tests``.

    Each keyword names a token attribute as ``Doc.to_array`` does (``POS``,
    ``LOWER``, ``LEMMA``, ``ORTH``, …) and tests its string value:
    ``tokens_where(doc, POS={"VERB", "AUX"}.__contains__)``.
    """
    if len(doc) == 0 or not tests:
        return []
    strings = doc.vocab.strings
    selected = numpy.zeros(len(doc), dtype=bool)
    for attribute, test in tests.items():
        values = doc.to_array(attribute)
        passing = [value for value in numpy.unique(values) if test(strings[int(value)])]
        selected |= numpy.isin(values, passing)
    return [doc[int(i)] for i in numpy.flatnonzero(selected)]


@dataclass(frozen=True, slots=True)
class Sentences:
    """Where a document's sentences start, read once."""

    starts: list[int]
    length: int  # tokens in the document

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        return cls([sentence.start for sentence in doc.sents], len(doc))

    def index(self, i: int) -> int:
        """The index of the sentence holding token ``i``."""
        return bisect_right(self.starts, i) - 1

    def bounds(self, i: int) -> tuple[int, int]:
        """The first token and the end of the sentence holding token ``i``."""
        k = self.index(i)
        return self.starts[k], self.starts[k + 1] if k + 1 < len(self.starts) else self.length
