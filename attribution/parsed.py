"""Reading a parsed Doc's tokens, sentences and entities without visiting every token again.

spaCy builds a new ``Token`` object on every ``doc[i]`` and every step of
``for token in doc``, new spans on every ``token.sent``, and ``doc.ents`` and
``doc.text`` anew on every access; a rule that looks at all tokens to keep a
few pays for all of them. ``tokens_where`` reads each attribute as one array,
tests each distinct value once, and builds ``Token`` objects for the matches
only; ``Sentences`` reads the sentence starts once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
import re

import numpy
from spacy.tokens import Doc, Span, Token

from attribution.rules.words import AGE_UNITS


#: Parts of speech a (cue) verb is tagged with.
VERB_POS = frozenset({"VERB", "AUX"})
#: Fine-grained tags of proper nouns: the tagger keeps ``NNP`` on a rare surname even where it
#: gives the word another part of speech (``"…," DeBoer said``: ``AUX``).
PROPER_NOUN_TAGS = frozenset({"NNP", "NNPS"})
#: A word with a capital after an inner apostrophe (``O'Neil``, ``Brind'Amour``): a name,
#: whatever the tagger reads it as (it may take ``'Amour`` for a pronoun's ending).
APOSTROPHE_NAME = re.compile(r"[A-Z][a-z]*['’][A-Z][a-z]+")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def is_proper_noun(token: Token) -> bool:
    """Tagged a proper noun by part of speech or fine-grained tag, or spelled like a name
    (``APOSTROPHE_NAME``)."""
    return token.pos_ == "PROPN" or token.tag_ in PROPER_NOUN_TAGS or APOSTROPHE_NAME.fullmatch(token.text) is not None


#: Dependencies of a clause that modifies a noun (``the resident, who sold …``).
NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})


def is_apposition(token: Token) -> bool:
    """``token`` is an apposition of its head, and no clause of that head stands between them.

    The small parser hangs a name after a relative clause on the clause's
    noun (``the resident, who sold copies of his comic: The Undead Soldier``:
    ``Soldier`` an apposition of ``resident``); the name belongs to the clause.
    """
    if token.dep_ != "appos":
        return False
    head = token.head
    low, high = sorted((head.i, token.i))
    return not any(c.dep_ in NOUN_CLAUSE_DEPS and low < c.i < high for c in head.children)


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


def named_as_a_person(token: Token) -> bool:
    """Whether NER tags the word as (part of) a person's name anywhere in the document (``told Stumpf``)."""
    return any(ent.label_ == "PERSON" and any(t.text == token.text for t in ent) for ent in token.doc.ents)


def entity_of(token: Token) -> Span | None:
    """The entity of ``doc.ents`` that holds ``token``, or None.

    Read from the IOB tags around the token: ``doc.ents`` is rebuilt from all
    the tokens on every access.
    """
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    first = doc[start]
    if first.ent_iob_ != "B" or not first.ent_type:
        return None
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=first.ent_type)


def compound_head(token: Token) -> Token:
    """The word a name's part is compounded into (``Kell`` for ``Ms.`` in ``Ms. Kell``), or ``token``."""
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    return token


def age_length(tokens: list[Token]) -> int:
    """Length of an age opening ``tokens`` (``39-year-old``, ``six-month-old``), else 0."""
    if not tokens or not tokens[0].like_num:
        return 0
    for k, token in enumerate(tokens[1:5], start=1):
        if token.lower_ == "old":
            return k + 1
        if token.text != "-" and token.lemma_.lower() not in AGE_UNITS:
            return 0
    return 0


def text_of(tokens: list[Token]) -> str:
    """The document text from the first to the last of ``tokens`` (offsets kept); joins only
    the tokens in between, since ``Doc.text`` re-joins the whole document on every access."""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def token_at(doc: Doc, char: int) -> Token:
    """The token that holds character offset ``char`` (else the last one starting before it)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span:
        return span[0]
    return doc[max(0, bisect_right([t.idx for t in doc], char) - 1)]


def line_break_tokens(doc: Doc) -> list[int]:
    """The indexes of the tokens holding a line break, in order."""
    return [token.i for token in tokens_where(doc, ORTH=lambda text: "\n" in text)]


def line_sentence(token: Token, sentences: Sentences, line_breaks: list[int]) -> Span:
    """The sentence of ``token``, cut at the line breaks around it (``line_break_tokens``)."""
    start, end = sentences.bounds(token.i)
    before = bisect_left(line_breaks, token.i) - 1  # the last break before the token
    if before >= 0 and line_breaks[before] >= start:
        start = line_breaks[before] + 1
    after = bisect_right(line_breaks, token.i)  # the first break after it
    if after < len(line_breaks) and line_breaks[after] < end:
        end = line_breaks[after]
    return token.doc[start:end]
