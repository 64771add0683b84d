"""Plural titles shared out respectively: ``the presidents of Azerbaijan and Russia, Ilham Aliyev and Vladimir Putin``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.tokens import Doc, Span, Token

from attribution.parsed import text_of
from attribution.rules.titles import HEAD_KINDS
from attribution.profile.titles import PLURAL_TAGS, Title, is_capitalised, is_plural, title_kind
from attribution.rules.words import LIST_JOINERS


@dataclass(frozen=True, slots=True)
class SharedTitle:
    """One person's share of a plural title stated for a list of names.

    ``start``/``end`` are the token range of the person's name; ``title`` the
    singular role and that person's object of the title (``president``,
    ``Russia``); ``words`` the tokens stating it (modifiers, the plural head
    and the person's object), for the resolver to match descriptions against.
    """

    start: int
    end: int
    title: Title
    words: tuple[Token, ...]


def shared_titles(doc: Doc) -> list[SharedTitle]:
    """Plural titles dealt out in order over an equally long list of names.

    ``the presidents of Azerbaijan and Russia, Ilham Aliyev and Vladimir
    Putin`` (apposition after the title), ``Putin and Aliyev, the presidents of
    Russia and Azerbaijan`` (apposition before it), or ``the presidents of
    Russia and Azerbaijan met ... . For Vladimir Putin and Ilham Aliyev, ...``
    (the first names of the next sentence of the same paragraph). The list and
    the objects of the title (``of A and B``) must have as many items.
    """
    shared: list[SharedTitle] = []
    tags = doc.to_array("TAG")
    plural = numpy.zeros(len(doc), dtype=bool)
    for tag in PLURAL_TAGS:
        plural |= tags == doc.vocab.strings[tag]
    for head in (doc[i] for i in numpy.flatnonzero(plural).tolist()):
        objects = _plural_title_objects(head)
        if not objects:
            continue
        names = _names_for_plural_title(doc, head, objects[-1], len(objects))
        if names is None:
            continue
        modifiers = [
            t for t in head.lefts
            if t.dep_ in {"amod", "compound"} and title_kind(t) is not None and t.i == head.i - 1
        ]
        role = " ".join([*(t.text for t in modifiers), head.lemma_.lower()])
        for (start, end), obj in zip(names, objects, strict=True):
            affiliation = text_of(list(obj))
            words = (*modifiers, head, *obj)
            shared.append(SharedTitle(start, end, Title(role, affiliation, doc[start].idx), words))
    return shared


def _plural_title_objects(head: Token) -> list[Span]:
    """The coordinated names a plural title is ``of`` (``presidents of Russia and Azerbaijan``)."""
    if title_kind(head) not in HEAD_KINDS or not is_plural(head):
        return []
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        first = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if first is None:
            return []
        items = [first]
        while (nxt := next((c for c in items[-1].children if c.dep_ == "conj"), None)) is not None:
            if not _names_a_body(nxt):
                break  # the parser may chain the list of names on: "Azerbaijan and Russia, Ilham Aliyev"
            items.append(nxt)
        if len(items) < 2 or not _names_a_body(first):
            return []
        return [_name_span(t) for t in items]
    return []


def _names_a_body(token: Token) -> bool:
    """A proper name of a country, place or organisation (not a person)."""
    return is_capitalised(token) and token.pos_ == "PROPN" and token.ent_type_ != "PERSON"


def _name_span(token: Token) -> Span:
    """The named entity holding ``token``, else the token with its capitalised compounds."""
    if token.ent_iob_ != "O":
        for ent in token.doc.ents:
            if ent.start <= token.i < ent.end:
                words = [t for t in ent if not (t.pos_ == "DET" and t.i == ent.start)]
                return token.doc[words[0].i : words[-1].i + 1]
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and is_capitalised(token.doc[start - 1]):
        start -= 1
    return token.doc[start : token.i + 1]


def _names_for_plural_title(doc: Doc, head: Token, last_object: Span, count: int) -> list[tuple[int, int]] | None:
    """The list of ``count`` person names a plural title is dealt out over (see ``shared_titles``)."""
    sentence = head.sent
    after = last_object.end
    if after < sentence.end and doc[after].text == ",":
        names = _person_list(doc, after + 1)
        if names is not None and names[0][0] == after + 1:
            return names if len(names) == count else None
    before = head.left_edge.i - 1
    if before > sentence.start and doc[before].text == ",":
        names = _person_list_ending(doc, before)
        if names is not None:
            return names if len(names) == count else None
    if sentence.end >= len(doc) or any(t.ent_type_ == "PERSON" for t in sentence):
        return None
    following = doc[sentence.end].sent
    # the text from the sentence's end to the next one's start (without rebuilding ``doc.text``)
    between = doc[sentence.end - 1].whitespace_ + doc[sentence.end : following.start].text_with_ws
    if "\n" in between:
        return None
    first_person = next((t.i for t in following if t.ent_type_ == "PERSON"), None)
    if first_person is None:
        return None
    names = _person_list(doc, first_person)
    return names if names is not None and len(names) == count else None


def _person_list(doc: Doc, k: int) -> list[tuple[int, int]] | None:
    """The person names listed from token ``k`` (``Vladimir Putin and Ilham Aliyev``)."""
    first = _person_at(doc, k)
    if first is None:
        return None
    names = [first]
    while (item := _list_item(doc, names[-1][1], 1)) is not None:
        names.append(item)
    return names


def _person_list_ending(doc: Doc, end: int) -> list[tuple[int, int]] | None:
    """The person names listed up to token ``end`` (exclusive)."""
    k = end - 1
    if k < 0 or not is_name_word(doc[k]):
        return None
    while k - 1 >= 0 and is_name_word(doc[k - 1]):
        k -= 1
    if not any(doc[i].ent_type_ == "PERSON" for i in range(k, end)):
        return None
    names = [(k, end)]
    while (item := _list_item(doc, names[0][0], -1)) is not None:
        names.insert(0, item)
    return names


def _person_at(doc: Doc, k: int) -> tuple[int, int] | None:
    """The person's name that starts at token ``k``."""
    if k >= len(doc) or not is_name_word(doc[k]):
        return None
    end = k
    while end < len(doc) and is_name_word(doc[end]):
        end += 1
    if not any(doc[i].ent_type_ == "PERSON" for i in range(k, end)):
        return None
    return k, end


def _list_item(doc: Doc, edge: int, step: int) -> tuple[int, int] | None:
    """The person's name listed next to a name that starts (``step=-1``) or ends at ``edge``.

    Items are joined by ``and``, a comma, or both; an item must be a person's name.
    """
    k = edge - 1 if step < 0 else edge
    seen_joiner = False
    while 0 <= k < len(doc) and doc[k].lower_ in LIST_JOINERS:
        seen_joiner = True
        k += step
    if not seen_joiner or not (0 <= k < len(doc)) or not is_name_word(doc[k]):
        return None
    far = k
    while 0 <= far + step < len(doc) and is_name_word(doc[far + step]):
        far += step
    first, last = min(k, far), max(k, far)
    if not any(doc[i].ent_type_ == "PERSON" for i in range(first, last + 1)):
        return None
    return first, last + 1


def is_name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and is_capitalised(token) and title_kind(token) is None
