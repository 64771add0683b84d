"""Who a speaker is (role, affiliation) and where the words appeared (outlet).

Role and affiliation belong to the speaker, not to one quote: every mention of
the speaker in the document (each occurrence of the full name or the surname,
and the descriptions the resolver linked to it) is read for a title phrase, and
the first one found applies to all of that speaker's quotes. A title phrase is
read

* before a name:   ``Russian political scientist Sergei Markov``,
                   ``Milli Majlis mp Zahid Oruj``,
                   ``professor of Kahramanmaraş University Toğrul Ismayil``;
* after a name:    ``Vadim Mukhanov, Senior Research Fellow at ..., MGIMO Russia,``
                   (apposition) and ``Kaine is a former civil rights lawyer`` (copula);
* respectively:    ``the presidents of Azerbaijan and Russia, Ilham Aliyev and
                   Vladimir Putin``, also when the names open the next sentence
                   (``shared_titles``);
* in a description that refers to the speaker: ``the Russian president``.

The outlet is per quote: a phrase of ``outlets.tsv`` in the attribution (the
sentences holding the cue and the speaker mention, outside quoted text). It is
carried to the following quotes of the same speaker until another speaker is
quoted or another outlet is named.

The word lists are data: ``titles.tsv``, ``profile_demonyms.tsv``, ``outlets.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

import numpy
from spacy.tokens import Doc, Span, Token

from attribution.extract.tokens import Sentences, tokens_where
from attribution.rules import load_table
from attribution.model import Candidate, Profile, Speaker

#: Least resolver certainty for a description mention ("the Russian president")
#: to tell the speaker's role: below it the resolver only guessed.
MIN_DESCRIPTION_CERTAINTY = 0.5
#: Title kinds that can head a role ("minister", "political scientist").
HEAD_KINDS = frozenset({"office", "profession"})
#: Fine-grained tags of plural nouns ("presidents", "Democrats").
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: Prepositions that continue a title phrase ("professor of X", "fellow at Y").
TITLE_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with"})
#: Punctuation that may stand inside a title phrase: "parliament (Duma)".
INNER_PUNCT = frozenset({"(", ")", "-", "–", "&"})
#: Part-of-speech tags of the words a title phrase is made of.
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
#: Punctuation that closes an apposition: "X, a professor at Y." / "(X, an MP)".
CLAUSE_END = frozenset({".", ";", ":", "!", "?", ")", "—", "–", '"', "”", "»"})
#: Entity types of places: a place is where someone works, not whom for.
PLACE_ENTITIES = frozenset({"GPE", "LOC"})
#: Entity types of words that never name a medium: "told African-Americans", "on Monday".
NOT_OUTLET_ENTITIES = frozenset(
    {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)


# ---------------------------------------------------------------- lexicon


@lru_cache(maxsize=None)
def title_words() -> dict[str, str]:
    """Lower-case title word → kind (``office``, ``profession``, ``modifier``, ``honorific``)."""
    return {word: kind for word, kind, *_ in load_table("titles")}


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    """Case-folded nationality adjective → country."""
    rows = load_table("profile_demonyms")
    return {adjective.casefold(): country for adjective, country, *_ in rows}


@dataclass(frozen=True, slots=True)
class OutletPattern:
    """``talk to X``: the lemmas before and after the outlet's slot ``X`` (at least one);
    ``listener`` if X may be a person spoken to."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    listener: bool

    @property
    def first(self) -> str:
        """The lemma a match starts with."""
        return (self.before or self.after)[0]


@dataclass(frozen=True, slots=True)
class OutletLexicon:
    """The rows of ``outlets.tsv``, by kind."""

    patterns: tuple[OutletPattern, ...]
    platforms: tuple[tuple[str, ...], ...]
    domains: re.Pattern[str]


@lru_cache(maxsize=None)
def outlet_lexicon() -> OutletLexicon:
    """Outlet patterns, platform names and a regex for website names, from ``outlets.tsv``.

    Raises ``ValueError`` naming the row for a pattern without exactly one slot ``X``
    and a word beside it, or an empty platform name.
    """
    rows = load_table("outlets")
    patterns = []
    for kind, value, *_ in rows:
        words = value.split()
        if kind in {"pattern", "listener"}:
            if words.count("X") != 1 or len(words) < 2:
                raise ValueError(f"outlets.tsv: {kind} {value!r} needs one slot X and a word beside it")
            slot = words.index("X")
            patterns.append(OutletPattern(tuple(words[:slot]), tuple(words[slot + 1 :]), kind == "listener"))
        elif kind == "platform" and not words:
            raise ValueError("outlets.tsv: a platform row without a name")
    platforms = tuple(tuple(value.split()) for kind, value, *_ in rows if kind == "platform")
    tlds = "|".join(re.escape(value) for kind, value, *_ in rows if kind == "domain")
    domains = re.compile(rf"^[\w-]+(?:\.[\w-]+)*\.(?:{tlds})$", re.IGNORECASE)
    return OutletLexicon(tuple(patterns), platforms, domains)


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


# ---------------------------------------------------------------- title phrases


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
    nationality when the head is an office.
    """
    tokens = _trim(tokens)
    possessives = [k for k, t in enumerate(tokens) if t.text in POSSESSIVE_MARKS]
    possessor = _trim(tokens[: possessives[0]]) if possessives else []
    if possessives:
        tokens = _trim(tokens[possessives[0] + 1 :])
    if not tokens:
        return None
    first_prep = next(
        (k for k, t in enumerate(tokens) if t.lower_ in TITLE_PREPOSITIONS and k > 0), len(tokens)
    )
    pre = tokens[:first_prep]
    kind = title_kind(pre[-1])
    if kind not in HEAD_KINDS or _is_plural(pre[-1]):
        return None  # a plural title is several people's (see ``shared_titles``)
    country = None
    lead = 0
    while lead < len(pre) - 1 and (nation := country_of(pre[lead])):
        country = country or nation
        lead += 1
    title_start = len(pre) - 1
    while title_start > lead and _title_word(pre[title_start - 1]):
        title_start -= 1
    name_start = lead
    while name_start < title_start and title_kind(pre[name_start]) == "qualifier":
        name_start += 1
    prefix = pre[name_start:title_start]
    if prefix and all(country_of(t) for t in prefix):
        country, prefix = country or country_of(prefix[0]), []  # "former Azerbaijani ambassador"
    if prefix and not all(_name_word(t) for t in prefix):
        title_start, prefix = lead, []  # "longtime Democratic pollster": all of it is the role
    if prefix and kind == "profession" and all(t.ent_type_ == "GPE" for t in prefix):
        title_start, prefix = lead, []  # where an expert works, not whom for: "Baku expert"
    if name_start > lead:
        title_start = lead  # "Interim DNC Chairwoman": a qualifier starts the role as written
    elif prefix and lead:
        prefix = pre[:title_start]  # "European Council President": the nationality is in the name
    affiliation = (
        _preposition_object(tokens[first_prep:])
        or (_text(prefix) if prefix else None)
        or (_text(possessor) if possessor else None)
        or (country if kind == "office" else None)
    )
    role = tokens[title_start:]
    return Title(_text(role), affiliation, role[0].idx)


def _title_word(token: Token) -> bool:
    """A word that belongs to a title rather than to an organisation name before it."""
    return not is_capitalised(token) or title_kind(token) is not None


def _name_word(token: Token) -> bool:
    """A word of an organisation's or place's name (not a sentence-initial adjective)."""
    return is_capitalised(token) and (
        token.pos_ == "PROPN" or token.ent_type_ in {"ORG", "GPE", "NORP", "LOC", "FAC"}
    )


def _preposition_object(tokens: list[Token]) -> str | None:
    """The first named object of a preposition.

    ``at the Center for ...`` → ``Center for ...``; ``at the libertarian Cato
    Institute`` → ``Cato Institute`` (lower-case words before the name are
    skipped up to the next preposition); an object made only of title words is a
    portfolio, not an organisation (``Minister of Defense of Armenia`` → Armenia).
    A place after ``in`` is where the person works, not an organisation:
    ``adviser in Eau Claire`` has none, and ``director of the Potsdam Institute
    ... in Germany`` has the institute.
    """
    for k, token in enumerate(tokens):
        if token.lower_ not in TITLE_PREPOSITIONS:
            continue
        obj = _trim(tokens[k + 1 :])
        while obj and not is_capitalised(obj[0]) and obj[0].lower_ not in TITLE_PREPOSITIONS:
            obj = obj[1:]
        if not obj or not is_capitalised(obj[0]):
            continue
        words = next(
            (obj[:n] for n, t in enumerate(obj) if t.lower_ in TITLE_PREPOSITIONS), obj
        )
        if all(title_kind(t) is not None for t in words if is_capitalised(t)):
            continue
        if token.lower_ == "in" and _is_place(words):
            continue
        located = next(
            (n for n in range(1, len(obj) - 1) if obj[n].lower_ == "in" and _is_place(obj[n + 1 :])), None
        )
        return _text(obj[:located] if located else obj)
    return None


def _is_place(tokens: list[Token]) -> bool:
    """Words naming a place (``Eau Claire``, ``Wis.``): where someone is, not whom they work for."""
    words = [t for t in tokens if not t.is_punct]
    return bool(words) and all(t.ent_type_ in PLACE_ENTITIES for t in words)


def _trim(tokens: list[Token]) -> list[Token]:
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


def _text(tokens: list[Token]) -> str:
    """The text from the first to the last token, as written."""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _between(doc: Doc, start: int, end: int) -> str:
    """The text between two character offsets that fall on token edges."""
    return doc.char_span(start, end, alignment_mode="expand").text


def _in_phrase(token: Token) -> bool:
    """A word that can be part of a title phrase."""
    return (
        token.pos_ in PHRASE_POS
        or title_kind(token) is not None
        or token.lower_ in TITLE_PREPOSITIONS
        or token.text in INNER_PUNCT
    ) and token.pos_ != "SPACE"


def title_before(doc: Doc, start: int, sentences: Sentences) -> Title | None:
    """The title phrase written right before the name that starts at token ``start``.

    Comma-separated titles are read leftwards while each is a title
    (``Turkish political scientist, professor of ... University``). A title
    after a preposition is the name's own (``the visit of Russian President``,
    ``physician in the administration of former President``), and the only
    one. ``and`` ends the phrase when what follows it is already a title
    (``publication of 1news.az and Azeri political scientist``).
    A possessive before the phrase is its affiliation (``Russia's Foreign Minister``).
    ``sentences`` are the document's.
    """
    sentence_start = sentences.bounds(start)[0] if start < len(doc) else 0
    while start > sentence_start and title_kind(doc[start - 1]) == "honorific":
        start -= 1
    segments: list[list[Token]] = []
    current: list[Token] = []
    possessor: str | None = None
    k = start - 1
    while k >= sentence_start:
        token = doc[k]
        if token.text == ",":
            segments.append(current)
            current = []
        elif token.lower_ == "and":
            if not current or read_title(current):
                break
            current.insert(0, token)
        elif token.text in POSSESSIVE_MARKS:
            owner = _name_chain_left(doc, k - 1, sentence_start)
            possessor = _text(owner) if owner else None
            break
        elif token.pos_ == "DET":
            current.insert(0, token)
            if k == sentence_start or doc[k - 1].lower_ not in TITLE_PREPOSITIONS:
                break
        elif _in_phrase(token):
            current.insert(0, token)
        else:
            break
        k -= 1
    segments.append(current)
    if not _ends_in_word(segments[0]):
        return None
    kept: list[Title] = []
    inner = _title_after_a_preposition(segments[0])
    if inner is not None:
        kept.append(inner)  # "physician in the administration of former President"
    for segment in [] if inner else segments:
        title = read_title(segment)
        if title is None:
            title = _title_after_a_preposition(segment)
            if title is not None:
                kept.append(title)
            break
        kept.append(title)
    if not kept:
        return None
    end = doc[start - 1].idx + len(doc[start - 1])
    role = _between(doc, kept[-1].start, end)
    affiliation = next((t.affiliation for t in kept if t.affiliation), None)
    if possessor and len(kept) == len(segments):
        affiliation = affiliation or possessor
    return Title(role, affiliation, kept[-1].start)


def _ends_in_word(segment: list[Token]) -> bool:
    """A phrase ending in a word of its own, not a preposition or article.

    ``spokeswoman for Hillary Clinton`` describes someone other than Clinton.
    """
    return bool(segment) and _trim(segment)[-1:] == segment[-1:]


def _title_after_a_preposition(segment: list[Token]) -> Title | None:
    """The longest title that follows a preposition: ``the visit of [the Minister of Defense]``."""
    for k, token in enumerate(segment):
        if token.lower_ in TITLE_PREPOSITIONS and (title := read_title(segment[k + 1 :])):
            return title
    return None


def _name_chain_left(doc: Doc, end: int, floor: int) -> list[Token]:
    """The run of capitalised words ending at token ``end`` (``Russia`` in ``Russia's``)."""
    k = end
    while k >= floor and doc[k].pos_ == "PROPN" and is_capitalised(doc[k]):
        k -= 1
    return list(doc[k + 1 : end + 1])


def title_after(doc: Doc, end: int, sentences: Sentences) -> Title | None:
    """The title in apposition or in a copula after the name that ends before token ``end``.

    ``Mukhanov, Senior Research Fellow at the Center ..., MGIMO Russia, made``:
    each comma-separated title joins the role; a bare capitalised name after a
    title is the affiliation (a trailing country is dropped from it).
    ``Kaine is a former civil rights lawyer`` (also ``, who is``). ``sentences`` are the document's.
    """
    sentence_end = sentences.bounds(end - 1)[1]
    k = end
    copula = False
    if k < sentence_end and doc[k].text == ",":
        k += 1
        if k < sentence_end and doc[k].lower_ == "who":
            k += 1
    if k < sentence_end and doc[k].lemma_ == "be" and (k == end or doc[k - 1].lower_ == "who"):
        copula = True
        k += 1
    elif k == end:
        return None
    segments = _segments_right(doc, k, sentence_end, copula)
    titles: list[Title] = []
    organisation: str | None = None
    for segment in segments[:1] if copula else segments:
        if segment[0].lower_ == "and":
            break  # "..., and other scientists": someone else
        if titles and segment[0].lower_ in {"a", "an"}:
            break  # "the foreign minister of France, a permanent member of ...": of France
        title = read_title(segment)
        if title is not None and organisation is None:
            titles.append(title)
            continue
        if titles and organisation is None and _is_bare_name(segment):
            organisation = _text(_drop_trailing_country(segment))
        break
    if not titles:
        return None
    role_end = _segment_end(segments[len(titles) - 1])
    role = _between(doc, titles[0].start, role_end)
    affiliation = organisation or next((t.affiliation for t in titles if t.affiliation), None)
    return Title(role, affiliation, titles[0].start)


def _segments_right(doc: Doc, k: int, stop: int, copula: bool) -> list[list[Token]]:
    """Comma-separated runs of title words from token ``k`` rightwards.

    A run must be closed: by a comma, the end of the clause or sentence, a
    verb (``..., MGIMO Russia, made``) or ``who``/``whose`` (``the executive
    director at the Center of Media Justice and whose ...``); after a copula
    also by ``that``/``which``. A run cut by anything else (``the Republican presidential
    nominee's eldest daughter``) is not a title of the name.
    """
    segments: list[list[Token]] = []
    current: list[Token] = []
    closed = True
    while k < stop:
        token = doc[k]
        if token.text == ",":
            segments.append(current)
            current = []
        elif token.pos_ == "DET" and (not current or current[-1].lower_ in TITLE_PREPOSITIONS):
            current.append(token)
        elif token.lower_ == "and" or _in_phrase(token):
            current.append(token)
        else:
            closed = (
                token.text in CLAUSE_END
                or "\n" in token.text
                or token.pos_ in {"VERB", "AUX"}
                or token.tag_ in {"WP", "WP$"}
                or (copula and token.tag_ == "WDT")
            )
            break
        k += 1
    if current and closed:
        segments.append(current)
    if not segments or not segments[0]:
        return []
    return [segment for segment in segments if segment]


def _segment_end(segment: list[Token]) -> int:
    trimmed = _trim(segment) or segment
    return trimmed[-1].idx + len(trimmed[-1])


def _is_bare_name(segment: list[Token]) -> bool:
    """Only capitalised words naming an organisation (``MGIMO Russia``), not a date or
    a place alone (``a financial adviser in Eau Claire, Wis.``)."""
    words = _trim(segment)
    return (
        bool(words)
        and all(is_capitalised(t) or t.text in INNER_PUNCT for t in words)
        and not any(t.ent_type_ in {"DATE", "TIME", "CARDINAL"} for t in words)
        and not _is_place(words)
    )


def _drop_trailing_country(tokens: list[Token]) -> list[Token]:
    words = _trim(tokens)
    if len(words) > 1 and words[-1].ent_type_ == "GPE" and words[-2].ent_type_ != "GPE":
        return words[:-1]
    return words


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
            affiliation = _text(list(obj))
            words = (*modifiers, head, *obj)
            shared.append(SharedTitle(start, end, Title(role, affiliation, doc[start].idx), words))
    return shared


def _is_plural(token: Token) -> bool:
    """A plural noun (``presidents``), not one whose plural form is its lemma (``staff``)."""
    return token.tag_ in PLURAL_TAGS and token.lemma_.lower() != token.lower_


def _plural_title_objects(head: Token) -> list[Span]:
    """The coordinated names a plural title is ``of`` (``presidents of Russia and Azerbaijan``)."""
    if title_kind(head) not in HEAD_KINDS or not _is_plural(head):
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
    if k < 0 or not _is_name_word(doc[k]):
        return None
    while k - 1 >= 0 and _is_name_word(doc[k - 1]):
        k -= 1
    if not any(doc[i].ent_type_ == "PERSON" for i in range(k, end)):
        return None
    names = [(k, end)]
    while (item := _list_item(doc, names[0][0], -1)) is not None:
        names.insert(0, item)
    return names


def _person_at(doc: Doc, k: int) -> tuple[int, int] | None:
    """The person's name that starts at token ``k``."""
    if k >= len(doc) or not _is_name_word(doc[k]):
        return None
    end = k
    while end < len(doc) and _is_name_word(doc[end]):
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
    while 0 <= k < len(doc) and doc[k].lower_ in {"and", ","}:
        seen_joiner = True
        k += step
    if not seen_joiner or not (0 <= k < len(doc)) or not _is_name_word(doc[k]):
        return None
    far = k
    while 0 <= far + step < len(doc) and _is_name_word(doc[far + step]):
        far += step
    first, last = min(k, far), max(k, far)
    if not any(doc[i].ent_type_ == "PERSON" for i in range(first, last + 1)):
        return None
    return first, last + 1


def _is_name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and is_capitalised(token) and title_kind(token) is None


# ---------------------------------------------------------------- speakers


def spelling_index(doc: Doc, wanted: Callable[[str], bool] | None = None) -> dict[str, list[int]]:
    """The indexes of the tokens of each case-folded spelling, in text order; only of the
    spellings ``wanted`` accepts when it is given."""
    strings = doc.vocab.strings
    orths = doc.to_array("ORTH").tolist()
    spellings = {orth: strings[orth].casefold() for orth in dict.fromkeys(orths)}
    if wanted is not None:
        spellings = {orth: spelling for orth, spelling in spellings.items() if wanted(spelling)}
    index: dict[str, list[int]] = {}
    for i, orth in enumerate(orths):
        if orth in spellings:
            index.setdefault(spellings[orth], []).append(i)
    return index


def name_occurrences(
    doc: Doc, name: str, spellings: dict[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Token ranges where ``name`` or its surname refers to the person.

    Given names may be initials or spelling variants (``O. Kuznetsov``,
    ``Sergey Markov``). A bare surname is skipped when the document also gives
    it to someone with another given name (``Vigen Sargsyan`` and ``Serzh
    Sargsyan``, Bill and Hillary Clinton), and so is a name used as a modifier
    (``the Clinton campaign``). ``spellings`` is ``spelling_index(doc)``, computed
    here when not given.
    """
    words = name.split()
    if not words:
        return []
    surname, given = words[-1].casefold(), [w.casefold() for w in words[:-1]]
    found: list[tuple[int, int]] = []
    shared = False
    if spellings is None:
        spellings = spelling_index(doc)
    for token in (doc[i] for i in spellings.get(surname, [])):
        start = token.i
        while start > 0 and given and _same_given_name(doc[start - 1], given):
            start -= 1
        before = doc[start - 1] if start > 0 else None
        if (
            start == token.i
            and before is not None
            and before.ent_type_ == "PERSON"
            and _is_name_word(before)
        ):
            shared = True  # someone else's given name before the surname
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and after.pos_ == "NOUN" and not is_capitalised(after):
            continue
        found.append((start, token.i + 1))
    if shared and given:
        found = [(start, end) for start, end in found if end - start > 1]
    return found


def _same_given_name(token: Token, given: list[str]) -> bool:
    """``O.`` for Oleg, ``Sergey`` for Sergei: the same given name or its initial."""
    word = token.text.casefold().rstrip(".")
    if not word or not token.text[:1].isupper():
        return False
    if token.text.endswith(".") and len(word) == 1:
        return any(g.startswith(word) for g in given)
    return any(g == word or (len(word) >= 4 and g[:4] == word[:4]) for g in given)


def speaker_titles(
    doc: Doc,
    name: str,
    descriptions: list[Span],
    shares: list[SharedTitle] | None = None,
    spellings: dict[str, list[int]] | None = None,
    sentences: Sentences | None = None,
) -> tuple[str | None, str | None]:
    """Role and affiliation of one speaker in the document.

    Titles written next to the name come first (in text order), then the
    person's share of a plural title (``shared_titles``), then the
    descriptions the resolver linked to the speaker; the affiliation may come
    from a later finding than the role. ``shares`` (``shared_titles(doc)``),
    ``spellings`` (``spelling_index(doc)``) and ``sentences`` (``Sentences.of(doc)``)
    are computed here when not given.
    """
    occurrences = name_occurrences(doc, name, spellings)
    if sentences is None:
        sentences = Sentences.of(doc)
    findings: list[Title] = []
    for start, end in occurrences:
        around = (title_before(doc, start, sentences), title_after(doc, end, sentences))
        findings.extend(title for title in around if title is not None)
    findings.sort(key=lambda t: t.start)
    if shares is None:
        shares = shared_titles(doc)
    for start, end in occurrences:
        findings.extend(share.title for share in shares if share.start <= end - 1 < share.end)
    surname = name.split()[-1].casefold() if name.split() else ""
    for span in sorted(descriptions, key=lambda s: s.start_char):
        if any(t.pos_ == "PRON" for t in span) or any(t.text.casefold() == surname for t in span):
            continue
        title = read_title(list(span))
        if title is not None:
            findings.append(title)
    role = next((t.role for t in findings), None)
    affiliation = next((t.affiliation for t in findings if t.affiliation), None)
    return role, affiliation


# ---------------------------------------------------------------- outlets


def token_at(doc: Doc, char: int) -> Token:
    """The token that holds character offset ``char`` (else the last one starting before it)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span:
        return span[0]
    return doc[max(0, bisect_right([t.idx for t in doc], char) - 1)]


def attribution_sentences(
    doc: Doc, candidate: Candidate, speaker: Speaker | None, sentences: Sentences, line_breaks: list[int]
) -> list[Span]:
    """The sentences holding the cue and the speaker mention (else the quote's start).

    A sentence is cut at line breaks: the parser sometimes runs one over a
    paragraph end. ``sentences`` and ``line_breaks`` (``line_break_tokens``) are the document's.
    """
    anchors = [
        pos
        for pos in (
            candidate.cue_start,
            candidate.mention_start,
            speaker.mention_start if speaker else None,
        )
        if pos is not None
    ] or [candidate.start]
    found: dict[int, Span] = {}
    for pos in dict.fromkeys(anchors):
        sentence = line_sentence(token_at(doc, pos), sentences, line_breaks)
        found[sentence.start] = sentence
    return [found[k] for k in sorted(found)]


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


def outlet_in(
    sentence: Span,
    quoted: list[tuple[int, int]],
    speaker: str | None,
    mention: tuple[int, int] | None,
) -> str | None:
    """The outlet an attribution sentence names, outside the quoted spans.

    A phrase pattern gives the relaying medium (``talking to EADaily``; ``the
    state agency AZERTAG quotes`` only when what is quoted is the speaker's
    ``mention``), else a website name (``Vesti.az``); a social network also
    named makes ``Facebook via Sputnik (Baku)``. The speaker is not its own outlet.
    """
    lexicon = outlet_lexicon()
    words = list(sentence)
    spans = sorted(quoted)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))  # furthest end among spans[: k + 1]

    def is_quoted(char: int) -> bool:
        k = bisect_right(starts, char)
        return k > 0 and reach[k - 1] > char

    free = [not is_quoted(t.idx) for t in words]
    texts = [t.text for t in words]
    # each word's lemma and lower-case form; quoted words match no pattern
    forms = [(t.lemma_.lower(), t.lower_) if is_free else () for t, is_free in zip(words, free)]
    positions: dict[str, list[int]] = {}
    for k, word_forms in enumerate(forms):
        for form in set(word_forms):
            positions.setdefault(form, []).append(k)
    relays = (
        _match_pattern(words, forms, positions, pattern, mention)
        for pattern in lexicon.patterns
        if pattern.first in positions
    )
    # a website's name has a dot: test only those words against the pattern
    websites = (text for text, is_free in zip(texts, free) if is_free and "." in text and lexicon.domains.match(text))
    relay = next(
        (r for r in chain(relays, websites) if r is not None and not _is_speaker(r, speaker)), None
    )
    free_at: dict[str, list[int]] = {}  # each free word's positions
    for k, text in enumerate(texts):
        if free[k]:
            free_at.setdefault(text, []).append(k)
    platform = next(
        (
            " ".join(name)
            for name in lexicon.platforms
            for k in free_at.get(name[0], [])
            if tuple(texts[k : k + len(name)]) == name
        ),
        None,
    )
    if platform and _is_speaker(platform, speaker):
        platform = None  # "Twitter announced"
    if platform and relay and platform.casefold() not in relay.casefold():
        return f"{platform} via {relay}"
    return relay or platform


def _is_speaker(outlet: str, speaker: str | None) -> bool:
    if speaker is None:
        return False
    folded, name = outlet.casefold(), speaker.casefold()
    return name in folded or folded in name


def _match_pattern(
    words: list[Token],
    forms: list[tuple[str, ...]],
    positions: dict[str, list[int]],
    pattern: OutletPattern,
    mention: tuple[int, int] | None,
) -> str | None:
    """The outlet name a pattern such as ``talk to X`` or ``X quote`` finds in ``words``.

    ``forms`` holds each word's lemma and lower-case form (nothing for quoted words);
    ``positions`` the indexes of the words having each form, in order.
    """
    before, after = pattern.before, pattern.after
    if not before and mention is None:
        return None
    # Only a word with the pattern's first form can start a match.
    for k in positions.get(pattern.first, []):
        if before:
            if not _words_match(forms, k, before):
                continue
            found = _outlet_chain_right(words, k + len(before))
            if found is None or not _words_match(forms, found.end, after):
                continue
            if not pattern.listener or not _names_a_person(words[found.last]):
                return found.name
            if found.last + 2 < found.end and words[found.last + 1].lower_ == "of":
                # "told Bill O'Reilly of Fox News": the person's medium
                return _text(words[found.last + 2 : found.end])
        elif mention is not None and _words_match(forms, k, after):
            quoted_one = _skip_determiners(words, k + len(after))
            if quoted_one < len(words) and mention[0] <= words[quoted_one].idx < mention[1]:
                name = _outlet_chain_left(words, k - 1)
                if name:
                    return name
    return None


def _names_a_person(token: Token) -> bool:
    """The word is a person's name somewhere in the document (``told Stumpf``)."""
    return any(ent.label_ == "PERSON" and any(t.text == token.text for t in ent) for ent in token.doc.ents)


def _words_match(forms: list[tuple[str, ...]], k: int, pattern: tuple[str, ...]) -> bool:
    if k + len(pattern) > len(forms):
        return False
    return all(word in forms[k + n] for n, word in enumerate(pattern))


def _skip_determiners(words: list[Token], k: int) -> int:
    while k < len(words) and (words[k].pos_ == "DET" or words[k].tag_ == "PRP$"):
        k += 1
    return k


def _outlet_word(token: Token) -> bool:
    return (is_capitalised(token) and token.pos_ not in {"PUNCT", "PRON", "SPACE"}) or bool(
        outlet_lexicon().domains.match(token.text)
    )


def _plausible_outlet(chain: list[Token]) -> bool:
    """A proper name (not ``said to the TV``), not a title (``told President Aliyev``),
    a nationality or a date (``on Monday``)."""
    return (
        bool(chain)
        and title_kind(chain[0]) is None
        and not all(t.ent_type_ in NOT_OUTLET_ENTITIES for t in chain)
        and any(t.pos_ == "PROPN" or t.ent_type_ or outlet_lexicon().domains.match(t.text) for t in chain)
    )


@dataclass(frozen=True, slots=True)
class _Chain:
    """A medium's name read rightwards: its text, where the reading ended, and the index of
    the word a listener check looks at (the person in ``Bill O'Reilly of Fox News``)."""

    name: str
    end: int
    last: int


def _outlet_chain_right(words: list[Token], k: int) -> _Chain | None:
    """A medium's name starting at ``k`` (after a determiner or possessive) and where it ends."""
    start = k = _skip_determiners(words, k)
    first_of: int | None = None
    while k < len(words):
        token = words[k]
        nxt = words[k + 1] if k + 1 < len(words) else None
        if _outlet_word(token):
            k += 1
        elif k > start and nxt is not None and _outlet_word(nxt) and token.text in {"-", "of"}:
            first_of = k if token.text == "of" and first_of is None else first_of
            k += 1
        elif (
            k > start
            and token.text == "("
            and k + 2 < len(words)
            and _outlet_word(words[k + 1])
            and words[k + 2].text == ")"
        ):
            k += 3
        else:
            break
    if k < len(words) and words[k].text in POSSESSIVE_MARKS:
        return _possessed_outlet(words, start, k)
    if not _plausible_outlet(words[start:k]):
        return None
    return _Chain(_text(words[start:k]), k, (first_of or k) - 1)


def _possessed_outlet(words: list[Token], start: int, mark: int) -> _Chain | None:
    """The medium of ``X's ...`` (the possessor ``X`` runs from ``start`` to the mark).

    A name that follows is the medium unless it is a person's (``Russia’s
    propagandistic network RT`` → RT; ``CNN's Jake Tapper`` → CNN); else the
    possessor is (``MSNBC's “Morning Joe”``), unless what it has is a title
    (``Russia's president``).
    """
    k = mark + 1
    while k < len(words) and words[k].pos_ in {"ADJ", "NOUN"} and not is_capitalised(words[k]):
        k += 1
    named = _outlet_chain_right(words, k) if k < len(words) and is_capitalised(words[k]) else None
    if named is not None and not _names_a_person(words[named.last]):
        return named
    if any(title_kind(t) is not None for t in words[mark + 1 : k]):
        return None
    possessor = words[start:mark]
    end = named.end if named is not None else k
    return _Chain(_text(possessor), end, mark - 1) if _plausible_outlet(possessor) else None


def _outlet_chain_left(words: list[Token], k: int) -> str | None:
    """A medium's name ending at ``k`` (``AZERTAG`` in ``the state agency AZERTAG quotes``)."""
    end = k
    while k >= 0 and _outlet_word(words[k]) and title_kind(words[k]) is None:
        k -= 1
    chain = words[k + 1 : end + 1]
    return _text(chain) if _plausible_outlet(chain) else None


# ---------------------------------------------------------------- per quote


def describe_speakers(
    doc: Doc, candidates: list[Candidate], speakers: list[Speaker | None]
) -> list[Profile]:
    """Role, affiliation and outlet for each candidate, aligned with ``candidates``.

    Role and affiliation are read for person speakers only; a description the
    resolver linked to the speaker counts when it did so with at least
    ``MIN_DESCRIPTION_CERTAINTY`` (not a guess such as the nearest person).
    """
    if not candidates:
        return []
    descriptions: dict[str, list[Span]] = {}
    for speaker in speakers:
        if speaker is None or speaker.kind != "person":
            continue
        spans = descriptions.setdefault(speaker.name, [])
        if speaker.certainty >= MIN_DESCRIPTION_CERTAINTY:
            span = doc.char_span(
                speaker.mention_start, speaker.mention_end, alignment_mode="expand"
            )
            if span is not None and len(span):
                spans.append(span)
    shares = shared_titles(doc) if descriptions else []
    surnames = {name.split()[-1].casefold() for name in descriptions if name.split()}
    spellings = spelling_index(doc, surnames.__contains__)  # where the speakers' surnames are
    sentences = Sentences.of(doc)
    titles = {
        name: speaker_titles(doc, name, spans, shares, spellings, sentences)
        for name, spans in descriptions.items()
    }
    outlets = quote_outlets(doc, candidates, speakers, sentences, line_break_tokens(doc))
    profiles = []
    for speaker, outlet in zip(speakers, outlets, strict=True):
        role, affiliation = titles.get(speaker.name, (None, None)) if speaker else (None, None)
        profiles.append(Profile(role=role, affiliation=affiliation, outlet=outlet))
    return profiles


def quote_outlets(
    doc: Doc,
    candidates: list[Candidate],
    speakers: list[Speaker | None],
    sentences: Sentences,
    line_breaks: list[int],
) -> list[str | None]:
    """The outlet of each candidate: its own, else the one carried from the same
    speaker's previous quote (reset when another speaker is quoted).
    ``sentences`` and ``line_breaks`` (``line_break_tokens``) are the document's."""
    quoted = [(c.start, c.end) for c in candidates]
    outlets: list[str | None] = [None] * len(candidates)
    current_speaker: str | None = None
    carried: str | None = None
    for i in sorted(range(len(candidates)), key=lambda i: candidates[i].start):
        candidate, speaker = candidates[i], speakers[i]
        own = candidate.outlet
        mention = _mention_range(candidate, speaker)
        if own is None:
            for sentence in attribution_sentences(doc, candidate, speaker, sentences, line_breaks):
                own = outlet_in(sentence, quoted, speaker.name if speaker else None, mention)
                if own:
                    break
        if speaker is None:
            outlets[i] = own
            continue
        if speaker.name != current_speaker:
            current_speaker, carried = speaker.name, None
        carried = own or carried
        outlets[i] = carried
    return outlets


def _mention_range(candidate: Candidate, speaker: Speaker | None) -> tuple[int, int] | None:
    if speaker is not None:
        return speaker.mention_start, speaker.mention_end
    if candidate.mention_start is not None and candidate.mention_end is not None:
        return candidate.mention_start, candidate.mention_end
    return None
