"""Reading one title phrase: its role and the affiliation stated in it."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from attribution.parsed import age_length, text_of
from attribution.rules.punctuation import INNER_PUNCT, POSSESSIVE_MARKS
from attribution.rules.titles import (
    CONSTITUENCY_PREPOSITIONS,
    HEAD_KINDS,
    constituency_titles,
    demonyms,
    title_words,
)
from attribution.rules.names import is_org_word
from attribution.rules.words import TITLE_PREPOSITIONS


#: Fine-grained tags of plural nouns ("presidents", "Democrats").
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: Part-of-speech tags of the words a title phrase is made of.
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
#: Entity types of places: a place is where someone works, not whom for.
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
#: Entity types of the words of a name before a title.
NAME_ENTITIES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PERSON"})


def title_kind(token: Token) -> str | None:
    """The ``titles.tsv`` kind of a word (lemma or form), or None."""
    words = title_words()
    for form in (token.lemma_.lower(), token.lower_):
        if form in words:
            return words[form]
    if token.lemma_.lower().endswith("ologist"):
        return "profession"
    return None


def is_capitalised(token: Token) -> bool:
    """Written with a capital first letter (a name, or a word of one)."""
    return token.text[:1].isupper()


def country_of(token: Token) -> str | None:
    """The country a capitalised nationality adjective names (``Azerbaijani`` → Azerbaijan)."""
    if not token.text[:1].isupper():
        return None
    return demonyms().get(token.text.casefold())


@dataclass(frozen=True, slots=True)
class Title:
    """A role read from the text, with the affiliation stated in or next to it."""

    role: str
    affiliation: str | None
    start: int  # character offset, to order findings


def read_title(tokens: list[Token]) -> Title | None:
    """Read one title phrase (no commas inside) such as ``Azerbaijani Foreign Minister``.

    The head is the last word before the first preposition and must be an office
    or a profession, in the singular. Leading nationality adjectives, a possessor (``Obama's``)
    and an organisation's name before the title (``Milli Majlis mp``, ``Foreign
    Ministry spokesperson``) are left out of the role, unless a qualifier
    (``Interim DNC Chairwoman``) starts it. The affiliation is the
    first named object of a preposition (``professor of Kahramanmaraş
    University``), else that name, else the possessor, else the country of the
    nationality when the head is an office, else the organisation a lower-case
    noun before the head stands for (``board spokeswoman``). The place a member sits for is
    their seat, not an affiliation (``Liberal MLA for Lakeview`` → Liberal).
    """
    tokens = trim(tokens)
    possessives = [k for k, t in enumerate(tokens) if t.text in POSSESSIVE_MARKS]
    possessor = trim(tokens[: possessives[0]]) if possessives else []
    if possessives:
        tokens = trim(tokens[possessives[0] + 1 :])
    tokens = tokens[age_length(tokens) :]
    if not tokens:
        return None
    first_prep = next((k for k, t in enumerate(tokens) if is_title_preposition(t) and k > 0), len(tokens))
    pre = tokens[:first_prep]
    kind = title_kind(pre[-1])
    if kind not in HEAD_KINDS or is_plural(pre[-1]):
        return None  # a plural title is several people's (see ``shared_titles``)
    country = None
    lead = 0
    while lead < len(pre) - 1 and (nation := country_of(pre[lead])):
        country = country or nation
        lead += 1
    title_start = len(pre) - 1
    while title_start > lead and _title_word(pre[title_start - 1]):
        title_start -= 1
    if lead < title_start < len(pre) - 1 and _continues_name(pre[title_start]):
        title_start += 1  # "Pine County District Attorney": the county is the name's
    name_start = lead
    while name_start < title_start and title_kind(pre[name_start]) == "qualifier":
        name_start += 1
    prefix = pre[name_start:title_start]
    if prefix and all(country_of(t) for t in prefix):
        country, prefix = country or country_of(prefix[0]), []  # "former Azerbaijani ambassador"
    if prefix and not all(_name_word(t) for t in prefix):
        title_start, prefix = lead, []  # "longtime Democratic pollster": all of it is the role
    if kind == "profession" and any(title_kind(t) == "jurisdiction" for t in pre[title_start:-1]):
        kind = "office"  # "District Attorney", "city planner": a public post
    if prefix and kind == "profession" and all(t.ent_type_ == "GPE" for t in prefix):
        title_start, prefix = lead, []  # where an expert works, not whom for: "Baku expert"
    if name_start > lead:
        title_start = lead  # "Interim DNC Chairwoman": a qualifier starts the role as written
    elif prefix and lead:
        prefix = pre[:title_start]  # "European Council President": the nationality is in the name
    affiliation = (
        (None if _names_a_seat(pre[-1], tokens[first_prep:]) else preposition_object(tokens[first_prep:]))
        or (text_of(prefix) if prefix else None)
        or (text_of(possessor) if possessor else None)
        or (country if kind == "office" else None)
    )
    role = tokens[skip_stray_nouns(pre, title_start) :]
    if affiliation is None and role[0].i < pre[-1].i:
        affiliation = organisation_named_by(role[0])  # "a board spokeswoman": the board named before
    return Title(text_of(role), affiliation, role[0].idx)


def organisation_named_by(noun: Token) -> str | None:
    """The organisation a lower-case noun stands for (``the board's chair``, ``a board
    spokeswoman``): the last one named before it whose name, up to an ``of``, ends in that
    noun (``Central Okanagan School Board``, ``Parole Board of Canada``)."""
    if noun.pos_ != "NOUN" or is_capitalised(noun):
        return None
    lemma = noun.lemma_.lower()

    def named_by(entity: list[Token]) -> bool:
        head = next((entity[k - 1] for k, t in enumerate(entity) if t.lower_ == "of" and k > 0), entity[-1])
        return head.lemma_.lower() == lemma

    named = [e for e in noun.doc.ents if e.label_ == "ORG" and e.end <= noun.i and named_by(list(e))]
    return text_of(trim(list(named[-1]))) if named else None


def _names_a_seat(head: Token, after: list[Token]) -> bool:
    """The phrase after a constituency title is its seat (``MLA for Lakeview``)."""
    return bool(after) and after[0].lower_ in CONSTITUENCY_PREPOSITIONS and head.lower_ in constituency_titles()


def skip_stray_nouns(pre: list[Token], start: int) -> int:
    """Past lower-case words with a noun among them that run into a capitalised title:
    ``(photo in) gallery British Prime Minister``, ``possible cuts Premier``."""
    capital = next((k for k in range(start, len(pre)) if is_capitalised(pre[k])), None)
    if capital is None or capital == start:
        return start
    stray = pre[start:capital]
    if any(title_kind(t) is not None for t in stray) or not any(t.pos_ == "NOUN" for t in stray):
        return start
    return capital


def _title_word(token: Token) -> bool:
    """A word that belongs to a title rather than to an organisation name before it."""
    return not is_capitalised(token) or title_kind(token) is not None


def _continues_name(token: Token) -> bool:
    """A jurisdiction word inside the place name before it (``Pine County``), not the title's."""
    return title_kind(token) == "jurisdiction" and token.ent_iob_ == "I" and is_capitalised(token)


def _name_word(token: Token) -> bool:
    """A word of an organisation's or place's name (not a sentence-initial adjective, nor a
    common noun capitalised only to open its sentence: ``Union president`` where the article
    also writes ``the union``); a word the recogniser took for a person's name counts
    (``Surrey mayoral candidate``)."""
    return (
        is_capitalised(token)
        and (token.pos_ == "PROPN" or token.ent_type_ in NAME_ENTITIES)
        and not (token.is_alpha and token.is_sent_start and _written_in_lower_case(token))
    )


def _written_in_lower_case(token: Token) -> bool:
    """Whether the document also writes the word in lower case."""
    lower = token.lower_
    return any(t.text == lower for t in token.doc)


def preposition_object(tokens: list[Token]) -> str | None:
    """The first named object of a preposition.

    ``at the Center for ...`` → ``Center for ...``; ``at the libertarian Cato
    Institute`` → ``Cato Institute`` (lower-case words before the name are
    skipped up to the next preposition); an object made only of title words is a
    portfolio, not an organisation (``Minister of Defense of Armenia`` → Armenia).
    A place after ``in`` or ``from`` is where the person works or comes from, not an
    organisation: ``adviser in Eau Claire`` and ``rancher from Red Deer County`` have
    none, and ``director of the Potsdam Institute ... in Germany`` has the institute.
    """
    for k, token in enumerate(tokens):
        if not is_title_preposition(token):
            continue
        obj = trim(tokens[k + 1 :])
        while obj and not is_capitalised(obj[0]) and obj[0].lower_ not in TITLE_PREPOSITIONS:
            obj = obj[1:]
        if not obj or not is_capitalised(obj[0]):
            continue
        words = next(
            (obj[:n] for n, t in enumerate(obj) if t.lower_ in TITLE_PREPOSITIONS and not _inside_a_name(obj, n)), obj
        )
        if all(title_kind(t) is not None for t in words if is_capitalised(t)):
            continue
        if token.lower_ in ("in", "from") and is_place(words):
            continue
        located = next(
            (n for n in range(1, len(obj) - 1) if obj[n].lower_ == "in" and is_place(obj[n + 1 :])), None
        )
        return text_of(obj[:located] if located else obj)
    return None


def _inside_a_name(words: list[Token], k: int) -> bool:
    """``for`` at ``k`` joins an institution's name to a capitalised rest (``Kiel Institute for the
    World Economy``), not a post to its field (``Secretary of State for Health``)."""
    rest = [t for t in words[k + 1 : k + 3] if t.pos_ != "DET"]
    return (
        words[k].lower_ == "for"
        and k > 0
        and is_org_word(words[k - 1].lower_, "name")
        and is_capitalised(words[k - 1])
        and bool(rest)
        and is_capitalised(rest[0])
    )


def is_title_preposition(token: Token) -> bool:
    """A preposition that continues a title phrase (``professor of X``), not one inside a
    hyphenated word (``Sergeant-at-Arms``)."""
    if token.lower_ not in TITLE_PREPOSITIONS:
        return False
    doc, i = token.doc, token.i
    return not (0 < i < len(doc) - 1 and doc[i - 1].text == "-" and doc[i + 1].text == "-")


def is_place(tokens: list[Token]) -> bool:
    """Words naming a place (``Eau Claire``, ``Wis.``): where someone is, not whom they work for."""
    words = [t for t in tokens if not t.is_punct]
    return bool(words) and all(t.ent_type_ in PLACE_ENTITIES for t in words)


def is_plural(token: Token) -> bool:
    """A plural noun (``presidents``), not one whose plural form is its lemma (``staff``)."""
    return token.tag_ in PLURAL_TAGS and token.lemma_.lower() != token.lower_


def trim(tokens: list[Token]) -> list[Token]:
    """Drop determiners, prepositions, conjunctions and punctuation from both ends."""
    def loose(t: Token) -> bool:
        return t.pos_ in {"DET", "CCONJ", "PUNCT", "SPACE"} or t.tag_ == "PRP$" or (
            t.lower_ in TITLE_PREPOSITIONS and title_kind(t) is None
        )

    start, end = 0, len(tokens)
    while start < end and loose(tokens[start]):
        start += 1
    while end > start and loose(tokens[end - 1]) and tokens[end - 1].text != ")":
        end -= 1
    trimmed = tokens[start:end]
    if trimmed and trimmed[-1].text == ")" and not any(t.text == "(" for t in trimmed):
        trimmed = trimmed[:-1]
    return trimmed


def in_phrase(token: Token) -> bool:
    """A word that can be part of a title phrase."""
    return (
        token.pos_ in PHRASE_POS
        or title_kind(token) is not None
        or token.lower_ in TITLE_PREPOSITIONS
        or token.text in INNER_PUNCT
    ) and token.pos_ != "SPACE"


def between(doc: Doc, start: int, end: int) -> str:
    """The text between two character offsets that fall on token edges."""
    return doc.char_span(start, end, alignment_mode="expand").text
