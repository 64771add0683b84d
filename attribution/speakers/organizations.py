"""Organisation names read off the parse, the keys that make two of them one, and group mentions."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from attribution.rules.names import demonym_countries, is_org_word, org_aliases, unspecific_determiners
from attribution.speakers.names import strip_possessive
from attribution.rules.words import ORG_KEY_STOPWORDS


#: Dependencies kept when an organisation's name is read off the parse
#: around its head (``Russia’s Defense Ministry``, ``Ministry of Foreign
#: Affairs of Russia``); coordinations and clauses are left out.
ORG_NAME_DEPS = frozenset({"compound", "amod", "poss", "case", "flat", "prep", "pobj", "nmod", "npadvmod", "nummod"})
#: Prepositions inside an organisation's name when a capitalised word follows
#: (``Ministry of Defense``, ``Institute on Drug Abuse``, ``Centre for Addiction``).
NAME_PREPOSITIONS = frozenset({"of", "on", "for"})


def org_name_tokens(root: Token) -> list[Token]:
    """An organisation's name read off the parse around its head.

    ``Russia’s Defense Ministry``, ``Ministry of Foreign Affairs of Russia``;
    ``of``, ``on`` and ``for`` phrases are kept only when they name something (capitalised). A
    leading article is kept only when written ``The`` before a capitalised name (``The New
    York Times``, ``The West``, not ``The Canadian government``): ``the foreign ministry``
    names the ``Foreign Ministry``. A number
    right after the name is part of it (``UFCW Local 832``) unless it is a date or
    counts the noun after it.
    """
    keep = {root.i}

    def add(token: Token) -> None:
        for child in token.children:
            if child.dep_ not in ORG_NAME_DEPS:
                continue
            if child.dep_ == "prep" and (child.lower_ not in NAME_PREPOSITIONS or child.i < root.i):
                continue
            if child.dep_ == "nummod" and child.i < root.i:
                continue
            if child.dep_ == "pobj" and not child.text[:1].isupper():
                owner = next((g for g in child.children if g.dep_ == "poss" and g.text[:1].isupper()), None)
                if owner is not None:  # "the Parole Board of Canada's logic": the possessor ends the name
                    keep.add(owner.i)
                    add(owner)
                continue
            if child.dep_ in ("amod", "compound", "nmod") and not child.text[:1].isupper():
                continue
            keep.add(child.i)
            add(child)

    add(root)
    first, last = min(keep), max(keep)
    span = [root.doc[i] for i in range(first, last + 1)]
    while span and not span[0].text[:1].isupper():
        span = span[1:]
    span = strip_possessive(span)
    while len(span) > 1 and is_org_word(span[-1].lower_, "document") and span[-1].text.islower():
        span = span[:-1]
    if span and _numbered(span[-1]):
        span = [*span, root.doc[span[-1].i + 1]]  # "UFCW Local 832", however the parser hangs the number
    article = root.doc[span[0].i - 1] if span and span[0].i > 0 else None
    if article is not None and article.text == "The" and article.head.i in keep and span[-1].text[:1].isupper():
        span = [article, *span]  # the name as written: "The New York Times", "The West"
    return span


def _numbered(last: Token) -> bool:
    """A number follows the name's capitalised last word and belongs to it (``Local 832``),
    not a date or a count of the noun after it (``Unifor 2,000 members``)."""
    doc, k = last.doc, last.i + 1
    if k >= len(doc) or not last.text[:1].isupper() or not doc[k].like_num or doc[k].ent_type_ in ("DATE", "TIME"):
        return False
    return k + 1 >= len(doc) or doc[k + 1].pos_ not in ("NOUN", "PROPN", "NUM")


def noun_phrase_head(token: Token) -> Token:
    """The head of the noun phrase a name is a modifier of (``Index`` in ``Global Firepower Index rating``)."""
    while token.dep_ == "compound" and token.head.i > token.i and (
        token.head.text[:1].isupper() or is_org_word(token.head.lower_, "document")
    ):
        token = token.head
    return token


def org_key(name: str) -> frozenset[str]:
    """What makes two organisation names the same: their content words, with nationality
    adjectives as country names and aliases expanded (``Russian Foreign Ministry`` =
    ``Ministry of Foreign Affairs of Russia``)."""
    words = re.split(r"[^\w]+", name.lower().replace("’s", " ").replace("'s", " "))
    countries = demonym_countries()
    text = " " + " ".join(countries.get(word, word) for word in words if word) + " "
    for phrase, canonical in org_aliases():
        text = text.replace(phrase, canonical)
    return frozenset(word for word in text.split() if word not in ORG_KEY_STOPWORDS)


def is_unspecific(span: Span) -> bool:
    """A mention of someone unidentified: ``a source``, ``some experts``, ``one Republican``,
    ``two officials``, or a bare plural group word (``Democrats``) rather than a name.
    A document whose author is named is not (``a release from UFCW Local 832``)."""
    root = span.root
    if is_org_word(root.lemma_.lower(), "document") and of_phrase_owner(root, AUTHOR_PREPOSITIONS):
        return False
    inside = [child for child in root.children if span.start <= child.i < span.end]
    if any(
        child.lower_ in unspecific_determiners() or (child.dep_ == "nummod" and child.like_num) for child in inside
    ):
        return True
    if root.ent_type_ != "NORP" or root.tag_ not in ("NNS", "NNPS"):
        return False
    return not any(t.text[:1].isupper() and t.i != root.i and t.pos_ != "DET" for t in span)


def coordinated_names(span: Span) -> list[Token]:
    """The tokens of a coordination of names headed by the span's root (``Brussels and
    Washington``, ``the co-chairs of the OSCE Minsk Group, the leadership of NATO and the
    United Nations``), or ``[]``. Each conjunct is a name or a noun ``of`` a name, and the
    conjuncts must lie inside the span."""
    root = span.root
    conjuncts: list[Token] = []
    frontier = [root]
    while frontier:
        children = [c for t in frontier for c in t.children if c.dep_ == "conj" and span.start <= c.i < span.end]
        conjuncts += children
        frontier = children
    if not conjuncts or any(t.dep_ in ("relcl", "acl", "ccomp") for t in span):
        return []
    if not all(t.text[:1].isupper() or of_phrase_owner(t) for t in [root, *conjuncts]):
        return []
    return strip_possessive(list(span))


#: Prepositions that bring the author of a document (``a statement from the ministry``).
AUTHOR_PREPOSITIONS = frozenset({"of", "from", "by"})


def of_phrase_owner(root: Token, prepositions: frozenset[str] = frozenset({"of"})) -> list[Token] | None:
    """The phrase naming the owner in ``<noun> of <Name>`` (``experts of the Jamestown Foundation``);
    with ``AUTHOR_PREPOSITIONS``, also ``<document> from/by <Name>``, directly or after a
    participle (``a release sent to media from UFCW``, ``a statement issued by the board``)."""
    holders = [root]
    if prepositions - {"of"}:
        holders += [c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    for prep in (p for holder in holders for p in holder.children):
        if prep.dep_ in ("prep", "agent") and prep.lower_ in prepositions:
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.text[:1].isupper():
                    return list(pobj.subtree)
    return None
