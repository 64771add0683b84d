"""The span of a speaker mention: the noun phrase a head token stands for, without clauses or asides."""

from __future__ import annotations

from spacy.tokens import Span, Token

from attribution.parsed import NOUN_CLAUSE_DEPS, entity_of, is_apposition
from attribution.rules.punctuation import MENTION_LEFT_STOPS, MENTION_RIGHT_STOPS


#: Dependents that are not part of a speaker mention (``Vadim Mukhanov, Senior
#: Research Fellow at …`` keeps ``Vadim Mukhanov``).
NOUN_PHRASE_EXCLUDED_DEPS = {"relcl", "acl", "punct", "advmod", "advcl", "prep", "appos", "cc", "conj", "case"}


def noun_phrase(head: Token) -> Span:
    """The mention a head token stands for: its name or description, no clauses or asides.

    ``Vadim Mukhanov, Senior Research Fellow at …`` → ``Vadim Mukhanov``; ``the
    joint statement of the Foreign Ministry and …`` keeps its ``of`` phrase and
    its conjuncts there; a conjunction of subjects keeps both.
    """
    doc = head.doc
    if head.pos_ == "PRON":
        return doc[head.i : head.i + 1]
    if head.pos_ != "PROPN":
        name = _apposed_name(head)
        if name is not None:
            return name
    kept = {head.i}
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            kept.update(t.i for t in child.subtree)
        elif child.dep_ == "conj" and not any(t.text == "," for t in doc[head.i : child.i]):
            kept.update(t.i for t in child.subtree)
            kept.update(c.i for c in head.children if c.dep_ == "cc" and head.i < c.i < child.i)
        elif child.dep_ == "appos" and child.i > head.i and not any(t.is_punct for t in doc[head.i : child.i]):
            kept.update(t.i for t in doc[head.i : child.i + 1])
        elif child.dep_ not in NOUN_PHRASE_EXCLUDED_DEPS:
            kept.update(t.i for t in child.subtree)
    start = end = head.i
    while start - 1 in kept and doc[start - 1].text not in MENTION_LEFT_STOPS:
        start -= 1
    while end + 1 in kept and doc[end + 1].text not in MENTION_RIGHT_STOPS:
        end += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "case"):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start : end + 1]


def _apposed_name(head: Token) -> Span | None:
    """The person's name set in apposition to a description (``member of the Duma Dmitry Savelyev``),
    not one inside a clause of it (``the resident, who sold his comic: The Undead Soldier``)."""
    for token in head.subtree:
        if token.ent_type_ == "PERSON" and is_apposition(token) and not _in_clause_of(token, head):
            entity = entity_of(token)
            if entity is not None and entity.label_ == "PERSON":
                return entity
    return None


def _in_clause_of(token: Token, head: Token) -> bool:
    """``token`` hangs on ``head`` through a clause that modifies a noun (``who sold …``)."""
    while token.i != head.i:
        if token.dep_ in NOUN_CLAUSE_DEPS:
            return True
        token = token.head
    return False


def name_text(phrase: Span) -> str:
    """The proper-name part of a phrase (``the state agency AZERTAG`` → ``AZERTAG``)."""
    names = [t for t in phrase if t.pos_ == "PROPN"]
    if not names:
        return phrase.text
    return phrase.doc[names[0].i : names[-1].i + 1].text


#: Dependents of a subject noun that describe it rather than name it.
MENTION_EXCLUDED_DEPS = frozenset({"appos", "relcl", "acl", "advmod", "parataxis", "npadvmod"})


def mention_tokens(head: Token) -> Span:
    """The noun phrase naming a speaker, without a possessive ending (``Trump`` of ``Trump's claim``)."""
    mention = _mention_phrase(head)
    if len(mention) > 1 and mention[-1].dep_ == "case":
        return mention[:-1]
    return mention


def _mention_phrase(head: Token) -> Span:
    """A person's name, else the noun phrase without appositions or clauses."""
    doc = head.doc
    person = _person_at(head)
    if person is None:
        person = _person_at(head.right_edge)
        if person is not None and person.end - 1 != head.right_edge.i:
            person = None
    if person is not None and person.start >= head.left_edge.i:
        return _with_conjoined_people(person)
    name = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if head.pos_ == "NOUN" and name is not None:
        return _mention_phrase(name)  # "the spokesperson Dmitry Mironchik": the name, not the role
    apposed = _apposed_name(head) if head.ent_type_ != "PERSON" else None
    if apposed is not None:
        return apposed  # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said": the person
    end = head.i
    for child in head.rights:
        if child.dep_ in MENTION_EXCLUDED_DEPS:
            break
        if not child.is_punct:
            end = child.right_edge.i
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start : end + 1]


def _with_conjoined_people(person: Span) -> Span:
    """``person`` with the people conjoined to it (``Tore Sohlberg and Lehla Abreder``,
    ``Both Sandmann and Phillips``): from the first name to the last."""
    doc = person.doc
    root = person.root
    while root.dep_ == "conj" and root.head.pos_ == "PROPN":
        root = root.head
    names = [root]
    while next_name := next((c for c in names[-1].rights if c.dep_ == "conj" and c.pos_ == "PROPN"), None):
        names.append(next_name)
    if len(names) < 2:
        return person
    spans = [entity_of(t) or doc[t.i : t.i + 1] for t in names]
    return doc[min(s.start for s in spans) : max(s.end for s in spans)]


def _person_at(token: Token) -> Span | None:
    """The PERSON entity holding ``token``, or None."""
    entity = entity_of(token)
    return entity if entity is not None and entity.label_ == "PERSON" else None
