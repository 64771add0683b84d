"""Clause spans shared by the reported-speech finders: the clause hosting a phrase, a ``that`` clause."""

from __future__ import annotations

from spacy.tokens import Span, Token


def opens_with_that(clause: Token) -> bool:
    """Whether ``clause`` starts with a complementizer ``that`` (tagged ``mark``, or ``advmod`` by mistake)."""
    first = clause.left_edge
    return first.lower_ == "that" and first.head == clause and first.dep_ in ("mark", "advmod")


def is_that_clause(token: Token) -> bool:
    """A clause opened by ``that``, however the parser attached it (``ccomp``, ``advcl``, ``xcomp``)."""
    return token.dep_ in ("ccomp", "advcl", "xcomp") and opens_with_that(token)


def strip_complementizer(content: Span) -> Span:
    """``content`` without its leading ``that`` (and a misattached adverb before it: ``earlier that``)."""
    for i, token in enumerate(content[:3]):
        if token.lower_ == "that" and token.dep_ in ("mark", "advmod") and i + 1 < len(content):
            return content[i + 1 :]
    return content


def host_clause(anchor: Token, attribution: Span) -> Span | None:
    """The clause an attribution phrase modifies, without the phrase when it stands at either end.

    ``According to X, A.`` → ``A``; ``A, as X noted.`` → ``A``; ``which,
    according to X, B`` → the whole relative clause, phrase included;
    ``A, according to X, and ...`` → ``A`` (the phrase closes a clause whose
    verb it follows). Coordinated clauses after the phrase's own clause are
    left out.
    """
    doc = anchor.doc
    head = anchor.head
    while head.dep_ in ("prep", "pobj", "pcomp") and head.head != head:
        head = head.head
    if head.i == anchor.i:
        return None
    sentence = anchor.sent
    if attribution.start <= sentence.start + 1 or only_punctuation(doc[sentence.start : attribution.start]):
        start, end = attribution.end, sentence.end
    elif only_punctuation(doc[attribution.end : sentence.end]):
        start, end = sentence.start, attribution.start
    else:
        while head.dep_ in ("ccomp", "xcomp") and head.head != head:
            head = head.head
        start = _clause_start(head, attribution)
        end = attribution.start if head.i < attribution.start else clause_end(head)
    content = doc[start:end]
    if only_punctuation(content):
        return None
    return content


def _clause_start(head: Token, attribution: Span) -> int:
    """Start of the content around a mid-sentence attribution phrase.

    The clause's subject when it comes before the phrase (``which, according
    to X, is ...``, ``Clinton, according to the poll, leads``), else the
    first word after the phrase when the clause's verb follows it, else the
    clause's first word.
    """
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < attribution.start), None)
    if subject is not None:
        return subject.left_edge.i
    if head.i >= attribution.end:
        return attribution.end
    return head.left_edge.i


def clause_end(head: Token) -> int:
    """End (exclusive token index) of ``head``'s clause, before coordinated clauses."""
    end = head.right_edge.i + 1
    for child in head.rights:
        if child.dep_ in ("conj", "cc") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
            return min(end, left_of_coordination(child))
        if child.dep_ == "cc":
            conj = next((c for c in head.rights if c.dep_ == "conj" and c.i > child.i), None)
            if conj is not None and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
                return child.i
    return end


def left_of_coordination(conj: Token) -> int:
    """Index where a coordinated clause (with its ``and`` and comma) starts."""
    i = conj.left_edge.i
    doc = conj.doc
    while i > 0 and (doc[i - 1].dep_ == "cc" or doc[i - 1].is_punct):
        i -= 1
    return i


def only_punctuation(span: Span) -> bool:
    return all(t.is_punct or t.is_space for t in span)
