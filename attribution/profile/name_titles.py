"""The title written right before a name (``Russian political scientist Sergei Markov``)
or right after it (``Vadim Mukhanov, Senior Research Fellow at …``, ``Kaine is a former …``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from attribution.parsed import Sentences, text_of
from attribution.profile.titles import (
    Title,
    between,
    in_phrase,
    is_capitalised,
    is_place,
    is_title_preposition,
    preposition_object,
    read_title,
    title_kind,
    trim,
)
from attribution.rules.punctuation import CLAUSE_END, INNER_PUNCT, POSSESSIVE_MARKS
from attribution.rules.words import COPULAR_VERBS, INDEFINITE_ARTICLES, TITLE_PREPOSITIONS
from attribution.speakers.names import is_party_label


def title_before(doc: Doc, start: int, sentences: Sentences) -> Title | None:
    """The title phrase written right before the name that starts at token ``start``.

    Comma-separated titles are read leftwards while each is a title
    (``Turkish political scientist, professor of ... University``). A title
    after a preposition is the name's own (``the visit of Russian President``,
    ``physician in the administration of former President``), and the only
    one. ``and`` after a title separates two titles, like a comma
    (``city councillor and tenants advocate``); read leftwards, a phrase
    that is no title ends them (``publication of 1news.az and Azeri
    political scientist``).
    A sentence start the parser put right after a word of the same line is passed
    over (``Rentals.ca CEO Matt Danison``, split after ``.ca``).
    A possessive before the phrase is its affiliation (``Russia's Foreign Minister``),
    and so is a place's or organisation's possessive right before the name, with
    no role (``Denver's Mika Strand``). ``sentences`` are the document's.
    """
    sentence_start = sentences.bounds(start)[0] if start < len(doc) else 0
    while sentence_start > 0 and _split_mid_phrase(doc, sentence_start):
        sentence_start = sentences.bounds(sentence_start - 1)[0]
    while start > sentence_start and title_kind(doc[start - 1]) == "honorific":
        start -= 1
    segments, possessor = _segments_before(doc, start, sentence_start)
    if possessor and segments == [[]] and doc[start - 2].ent_type_ != "PERSON":
        return Title("", possessor, doc[start - 1].idx)
    if not _ends_in_word(segments[0]):
        return None
    kept = _titles_of_segments(segments)
    if not kept:
        return None
    end = doc[start - 1].idx + len(doc[start - 1])
    role = between(doc, kept[-1].start, end)
    affiliation = next((t.affiliation for t in kept if t.affiliation), None)
    if possessor and len(kept) == len(segments):
        affiliation = affiliation or possessor
    return Title(role, affiliation, kept[-1].start)


def _split_mid_phrase(doc: Doc, start: int) -> bool:
    """The parser started a sentence at token ``start`` inside a phrase: the token before
    is a word of the same line, not a stop (``Rentals.ca | CEO Matt Danison``)."""
    before = doc[start - 1]
    return not before.is_punct and not before.is_space and "\n" not in before.whitespace_


def _segments_before(doc: Doc, start: int, sentence_start: int) -> tuple[list[list[Token]], str | None]:
    """The comma-separated phrases before token ``start``, nearest first, and a possessor before them."""
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
            if not current:
                break
            if read_title(current):  # "city councillor and tenants advocate": two titles, as with a comma
                segments.append(current)
                current = []
            else:
                current.insert(0, token)
        elif token.text in POSSESSIVE_MARKS:
            owner = _name_chain_left(doc, k - 1, sentence_start)
            possessor = text_of(owner) if owner else None
            break
        elif token.pos_ == "DET":
            current.insert(0, token)
            if k == sentence_start or doc[k - 1].lower_ not in TITLE_PREPOSITIONS:
                break
        elif in_phrase(token):
            current.insert(0, token)
        else:
            break
        k -= 1
    segments.append(current)
    return segments, possessor


def _titles_of_segments(segments: list[list[Token]]) -> list[Title]:
    """The titles read from the segments, nearest first, while each segment is one."""
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
    return kept


def _ends_in_word(segment: list[Token]) -> bool:
    """A phrase ending in a word of its own, not a preposition or article.

    ``spokeswoman for Hillary Clinton`` describes someone other than Clinton.
    """
    return bool(segment) and trim(segment)[-1:] == segment[-1:]


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
    ``Kaine is a former civil rights lawyer`` (also ``, who is``, ``, who became``).
    A US party-state label in between is passed over (``Hale, D-Mass., the
    incoming chairman``).
    ``sentences`` are the document's.
    """
    sentence_end = sentences.bounds(end - 1)[1]
    k = end
    copula = False
    if k < sentence_end and doc[k].text == ",":
        k += 1
        if k + 3 < sentence_end and is_party_label(doc[k + 2]) and doc[k + 3].text == ",":
            k += 4  # "Jim Hale, D-Mass., the incoming chairman of …": past the party and state
        if k < sentence_end and doc[k].lower_ == "who":
            k += 1
    if k < sentence_end and doc[k].lemma_ in COPULAR_VERBS and (k == end or doc[k - 1].lower_ == "who"):
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
        if titles and segment[0].lower_ in INDEFINITE_ARTICLES:
            break  # "the foreign minister of France, a permanent member of ...": of France
        title = read_title(segment)
        if title is not None and organisation is None:
            titles.append(title)
            continue
        if titles and organisation is None and (unit := _department(segment)) is not None:
            titles.append(unit)  # "vice-president, external affairs for Freedom Mobile"
            break
        if titles and organisation is None and _is_bare_name(segment):
            organisation = text_of(_drop_trailing_country(segment))
        break
    if not titles:
        return None
    role_end = _segment_end(segments[len(titles) - 1])
    role = between(doc, titles[0].start, role_end)
    affiliation = organisation or next((t.affiliation for t in titles if t.affiliation), None)
    return Title(role, affiliation, titles[0].start)


def _segments_right(doc: Doc, k: int, stop: int, copula: bool) -> list[list[Token]]:
    """Comma-separated runs of title words from token ``k`` rightwards.

    A run must be closed: by a comma, the end of the clause or sentence, a
    verb (``..., MGIMO Russia, made``) or ``who``/``whose`` (``the executive
    director at the Center of Media Justice and whose ...``); after a copula
    also by ``that``/``which`` or a preposition (``who became ambassador after …``).
    A run cut by anything else (``the Republican presidential nominee's eldest
    daughter``) is not a title of the name, unless an ``and``
    closes it first (``e.GO's founder and the mastermind behind …``). A name's
    possessive stays in the run (``e.GO's``); a common noun's ends it (``the
    board's chair`` is read from the parse, ``parsed_titles``).
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
        elif token.ent_type_ in ("DATE", "TIME") and current:
            break  # "consul in Lyon last year": the title ends before its date
        elif token.lower_ == "and" or in_phrase(token) or (token.text in POSSESSIVE_MARKS and current and is_capitalised(current[-1])):
            current.append(token)
        else:
            closed = (
                token.text in CLAUSE_END
                or "\n" in token.text
                or token.pos_ in {"VERB", "AUX"}
                or token.tag_ in {"WP", "WP$"}
                or (copula and (token.tag_ == "WDT" or token.pos_ in ("ADP", "SCONJ")))
            )
            joined = [k for k, t in enumerate(current) if t.lower_ == "and"]
            if not closed and joined:  # "e.GO's founder and the mastermind behind …": the first title
                current, closed = current[: joined[-1]], True
            break
        k += 1
    if current and closed:
        segments.append(current)
    if not segments or not segments[0]:
        return []
    return [segment for segment in segments if segment]


def _department(segment: list[Token]) -> Title | None:
    """A lower-case field of work and the organisation it is at, after a title
    (``external affairs for Freedom Mobile``): part of the role, with that organisation."""
    words = trim(segment)
    first_prep = next((k for k, t in enumerate(words) if is_title_preposition(t) and k > 0), None)
    if first_prep is None:
        return None
    if not all(t.pos_ in ("NOUN", "ADJ") and not is_capitalised(t) for t in words[:first_prep]):
        return None
    organisation = preposition_object(words[first_prep:])
    return Title(text_of(words), organisation, words[0].idx) if organisation else None


def _segment_end(segment: list[Token]) -> int:
    trimmed = trim(segment) or segment
    return trimmed[-1].idx + len(trimmed[-1])


def _is_bare_name(segment: list[Token]) -> bool:
    """Only capitalised words naming an organisation (``MGIMO Russia``), not a date or
    a place alone (``a financial adviser in Eau Claire, Wis.``)."""
    words = trim(segment)
    return (
        bool(words)
        and all(is_capitalised(t) or t.text in INNER_PUNCT for t in words)
        and not any(t.ent_type_ in {"DATE", "TIME", "CARDINAL"} for t in words)
        and not is_place(words)
    )


def _drop_trailing_country(tokens: list[Token]) -> list[Token]:
    words = trim(tokens)
    if len(words) > 1 and words[-1].ent_type_ == "GPE" and words[-2].ent_type_ != "GPE":
        return words[:-1]
    return words
