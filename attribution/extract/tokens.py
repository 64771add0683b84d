"""Selecting a Doc's tokens by their attributes without visiting every token.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every step of
``for token in doc``; a finder that looks at all tokens to keep a few pays
for all of them. ``tokens_where`` reads each attribute as one array, tests
each distinct value once, and builds ``Token`` objects for the matches only.
"""

from __future__ import annotations

from collections.abc import Callable

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
