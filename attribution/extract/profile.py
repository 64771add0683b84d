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
                   Vladimir Putin``;
* in a description that refers to the speaker: ``the Russian president``.

The outlet is per quote: a phrase of ``outlets.tsv`` in the attribution (the
sentences holding the cue and the speaker mention, outside quoted text). It is
carried to the following quotes of the same speaker until another speaker is
quoted or another outlet is named.

The word lists are data: ``titles.tsv``, ``profile_demonyms.tsv``, ``outlets.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from spacy.tokens import Doc, Span, Token

from attribution.lexicon import load_table
from attribution.model import Candidate, Profile, Speaker

#: Least resolver certainty for a description mention ("the Russian president")
#: to tell the speaker's role: below it the resolver only guessed.
MIN_DESCRIPTION_CERTAINTY = 0.5
#: Title kinds that can head a role ("minister", "political scientist").
HEAD_KINDS = frozenset({"office", "profession"})
#: Prepositions that continue a title phrase ("professor of X", "fellow at Y").
TITLE_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with"})
#: Punctuation that may stand inside a title phrase: "parliament (Duma)".
INNER_PUNCT = frozenset({"(", ")", "-", "–", "&"})
#: Part-of-speech tags of the words a title phrase is made of.
PHRASE_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
POSSESSIVE_MARKS = frozenset({"'s", "’s"})
#: Punctuation that closes an apposition: "X, a professor at Y." / "(X, an MP)".
CLAUSE_END = frozenset({".", ";", ":", "!", "?", ")", "—", "–", '"', "”", "»"})
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
    """``talk to X``: lemmas with the outlet's slot; ``listener`` if X may be a person spoken to."""

    words: tuple[str, ...]
    listener: bool


@dataclass(frozen=True, slots=True)
class OutletLexicon:
    """The rows of ``outlets.tsv``, by kind."""

    patterns: tuple[OutletPattern, ...]
    platforms: tuple[tuple[str, ...], ...]
    domains: re.Pattern[str]


@lru_cache(maxsize=None)
def outlet_lexicon() -> OutletLexicon:
    """Outlet patterns, platform names and a regex for website names, from ``outlets.tsv``."""
    rows = load_table("outlets")
    patterns = tuple(
        OutletPattern(tuple(value.split()), kind == "listener")
        for kind, value, *_ in rows
        if kind in {"pattern", "listener"}
    )
    platforms = tuple(tuple(value.split()) for kind, value, *_ in rows if kind == "platform")
    tlds = "|".join(re.escape(value) for kind, value, *_ in rows if kind == "domain")
    domains = re.compile(rf"^[\w-]+(?:\.[\w-]+)*\.(?:{tlds})$", re.IGNORECASE)
    return OutletLexicon(patterns, platforms, domains)


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
    or a profession. Leading nationality adjectives, a possessor (``Obama's``)
    and an organisation's name before the title (``Milli Majlis mp``, ``Foreign
    Ministry spokesperson``) are left out of the role. The affiliation is the
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
    if kind not in HEAD_KINDS:
        return None
    country = None
    lead = 0
    while lead < len(pre) - 1 and (nation := country_of(pre[lead])):
        country = country or nation
        lead += 1
    title_start = len(pre) - 1
    while title_start > lead and _title_word(pre[title_start - 1]):
        title_start -= 1
    prefix = pre[lead:title_start]
    if prefix and not all(_name_word(t) for t in prefix):
        title_start, prefix = lead, []  # "longtime Democratic pollster": all of it is the role
    if prefix and kind == "profession" and all(t.ent_type_ == "GPE" for t in prefix):
        title_start, prefix = lead, []  # where an expert works, not whom for: "Baku expert"
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
        return _text(obj)
    return None


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


def title_before(doc: Doc, start: int) -> Title | None:
    """The title phrase written right before the name that starts at token ``start``.

    Comma-separated titles are read leftwards while each is a title
    (``Turkish political scientist, professor of ... University``); a title that
    fails may still end in one after a preposition (``the visit of Russian
    President``). ``and`` ends the phrase when what follows it is
    already a title (``publication of 1news.az and Azeri political scientist``).
    A possessive before the phrase is its affiliation (``Russia's Foreign Minister``).
    """
    sentence_start = doc[start].sent.start if start < len(doc) else 0
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
    for segment in segments:
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


def title_after(doc: Doc, end: int) -> Title | None:
    """The title in apposition or in a copula after the name that ends before token ``end``.

    ``Mukhanov, Senior Research Fellow at the Center ..., MGIMO Russia, made``:
    each comma-separated title joins the role; a bare capitalised name after a
    title is the affiliation (a trailing country is dropped from it).
    ``Kaine is a former civil rights lawyer`` (also ``, who is``).
    """
    sentence_end = doc[end - 1].sent.end
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

    A run must be closed: by a comma, the end of the clause or sentence, or a
    verb (``..., MGIMO Russia, made``); after a copula also by a relative
    clause. A run cut by anything else (``the Republican presidential
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
                or (copula and token.tag_ in {"WP", "WDT"})
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
    """Only capitalised words (an organisation's name such as ``MGIMO Russia``)."""
    words = _trim(segment)
    return bool(words) and all(
        is_capitalised(t) or t.text in INNER_PUNCT for t in words
    ) and not any(t.ent_type_ in {"DATE", "TIME", "CARDINAL"} for t in words)


def _drop_trailing_country(tokens: list[Token]) -> list[Token]:
    words = _trim(tokens)
    if len(words) > 1 and words[-1].ent_type_ == "GPE" and words[-2].ent_type_ != "GPE":
        return words[:-1]
    return words


def title_respectively(doc: Doc, start: int, end: int) -> Title | None:
    """The share of a plural title that a coordinated list of names takes in order.

    ``the presidents of Azerbaijan and Russia, Ilham Aliyev and Vladimir Putin``:
    the second name gets role ``president`` and affiliation ``Russia``.
    """
    names = [(start, end)]
    k = start
    while (item := _list_item(doc, k, -1)) is not None:
        names.insert(0, item)
        k = item[0]
    list_start = names[0][0]
    k = end
    while (item := _list_item(doc, k, 1)) is not None:
        names.append(item)
        k = item[1]
    if len(names) < 2 or list_start < 1 or doc[list_start - 1].text != ",":
        return None
    segment = _phrase_left_of(doc, list_start - 1)
    head_at = next(
        (k for k, t in enumerate(segment) if t.lower_ in TITLE_PREPOSITIONS), len(segment)
    )
    if head_at == 0:
        return None
    head = segment[head_at - 1]
    if title_kind(head) not in HEAD_KINDS or head.lemma_.lower() == head.lower_:
        return None  # not a plural title
    index = [n[0] for n in names].index(start)
    modifiers = [t.text for t in segment[: head_at - 1] if t.pos_ != "DET"]
    role = " ".join([*modifiers, head.lemma_.lower()])
    objects = _coordinated(segment[head_at + 1 :])
    affiliation = objects[index] if len(objects) == len(names) else None
    return Title(role, affiliation, doc[start].idx)


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


def _phrase_left_of(doc: Doc, end: int) -> list[Token]:
    """Title-phrase words ending before token ``end``, leftwards to a determiner or a break."""
    sentence_start = doc[end].sent.start
    tokens: list[Token] = []
    k = end - 1
    while k >= sentence_start and (_in_phrase(doc[k]) or doc[k].lower_ == "and"):
        tokens.insert(0, doc[k])
        k -= 1
    return _trim(tokens)


def _coordinated(tokens: list[Token]) -> list[str]:
    """``Azerbaijan and Russia`` → ``["Azerbaijan", "Russia"]``."""
    items: list[list[Token]] = [[]]
    for token in _trim(tokens):
        if token.lower_ in {"and", ","}:
            items.append([])
        else:
            items[-1].append(token)
    return [_text(item) for item in items if item]


# ---------------------------------------------------------------- speakers


def name_occurrences(doc: Doc, name: str) -> list[tuple[int, int]]:
    """Token ranges where ``name`` or its surname refers to the person.

    Given names may be initials or spelling variants (``O. Kuznetsov``,
    ``Sergey Markov``). A bare surname is skipped when the document also gives
    it to someone with another given name (``Vigen Sargsyan`` and ``Serzh
    Sargsyan``, Bill and Hillary Clinton), and so is a name used as a modifier
    (``the Clinton campaign``).
    """
    words = name.split()
    if not words:
        return []
    surname, given = words[-1].casefold(), [w.casefold() for w in words[:-1]]
    found: list[tuple[int, int]] = []
    shared = False
    for token in doc:
        if token.text.casefold() != surname:
            continue
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


def speaker_titles(doc: Doc, name: str, descriptions: list[Span]) -> tuple[str | None, str | None]:
    """Role and affiliation of one speaker in the document.

    Titles next to the name come first (in text order), then the descriptions
    the resolver linked to the speaker; the affiliation may come from a later
    finding than the role.
    """
    findings: list[Title] = []
    for start, end in name_occurrences(doc, name):
        found = (title_before(doc, start), title_after(doc, end), title_respectively(doc, start, end))
        findings.extend(title for title in found if title is not None)
    findings.sort(key=lambda t: t.start)
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


def attribution_sentences(doc: Doc, candidate: Candidate, speaker: Speaker | None) -> list[Span]:
    """The sentences holding the cue and the speaker mention (else the quote's start).

    A sentence is cut at line breaks: the parser sometimes runs one over a
    paragraph end.
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
    sentences: dict[int, Span] = {}
    for pos in anchors:
        sentence = line_sentence(token_at(doc, pos))
        sentences[sentence.start] = sentence
    return [sentences[k] for k in sorted(sentences)]


def line_sentence(token: Token) -> Span:
    """The sentence of ``token``, cut at the line breaks around it."""
    sentence = token.sent
    doc = token.doc
    start, end = sentence.start, sentence.end
    for k in range(token.i - 1, start - 1, -1):
        if "\n" in doc[k].text:
            start = k + 1
            break
    for k in range(token.i + 1, end):
        if "\n" in doc[k].text:
            end = k
            break
    return doc[start:end]


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
    free = {t.i for t in words if not any(s <= t.idx < e for s, e in quoted)}
    # each word's lemma and lower-case form; quoted words match no pattern
    forms = [(t.lemma_.lower(), t.lower_) if t.i in free else () for t in words]
    relays = (_match_pattern(words, forms, pattern, mention) for pattern in lexicon.patterns)
    websites = (t.text for t in words if t.i in free and lexicon.domains.match(t.text))
    relay = next(
        (r for r in chain(relays, websites) if r is not None and not _is_speaker(r, speaker)), None
    )
    platform = next(
        (
            " ".join(name)
            for name in lexicon.platforms
            for k in range(len(words) - len(name) + 1)
            if words[k].i in free and tuple(t.text for t in words[k : k + len(name)]) == name
        ),
        None,
    )
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
    pattern: OutletPattern,
    mention: tuple[int, int] | None,
) -> str | None:
    """The outlet name a pattern such as ``talk to X`` or ``X quote`` finds in ``words``.

    ``forms`` holds each word's lemma and lower-case form (nothing for quoted words).
    """
    slot = pattern.words.index("X")
    before, after = pattern.words[:slot], pattern.words[slot + 1 :]
    for k in range(len(words)):
        if before:
            if not _words_match(forms, k, before):
                continue
            found = _outlet_chain_right(words, k + len(before))
            if found is None or not _words_match(forms, found[1], after):
                continue
            if not (pattern.listener and _names_a_person(words[found[1] - 1])):
                return found[0]
        elif mention is not None and _words_match(forms, k, after):
            quoted_one = _skip_determiners(words, k + len(after))
            if quoted_one < len(words) and mention[0] <= words[quoted_one].idx < mention[1]:
                name = _outlet_chain_left(words, k - 1)
                if name:
                    return name
    return None


def _names_a_person(token: Token) -> bool:
    """The word is a person's name somewhere in the document (``told Stumpf``)."""
    return any(t.ent_type_ == "PERSON" for t in token.doc if t.text == token.text)


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
    """Not a title (``told President Aliyev``), a nationality or a date (``on Monday``)."""
    return (
        bool(chain)
        and title_kind(chain[0]) is None
        and not all(t.ent_type_ in NOT_OUTLET_ENTITIES for t in chain)
    )


def _outlet_chain_right(words: list[Token], k: int) -> tuple[str, int] | None:
    """A medium's name starting at ``k`` (after a determiner or possessive) and where it ends."""
    start = k = _skip_determiners(words, k)
    while k < len(words):
        token = words[k]
        nxt = words[k + 1] if k + 1 < len(words) else None
        if _outlet_word(token):
            k += 1
        elif k > start and nxt is not None and _outlet_word(nxt) and token.text in {"-", "of"}:
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
    if not _plausible_outlet(words[start:k]):
        return None
    return _text(words[start:k]), k


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
    titles = {name: speaker_titles(doc, name, spans) for name, spans in descriptions.items()}
    outlets = quote_outlets(doc, candidates, speakers)
    profiles = []
    for speaker, outlet in zip(speakers, outlets, strict=True):
        role, affiliation = titles.get(speaker.name, (None, None)) if speaker else (None, None)
        profiles.append(Profile(role=role, affiliation=affiliation, outlet=outlet))
    return profiles


def quote_outlets(
    doc: Doc, candidates: list[Candidate], speakers: list[Speaker | None]
) -> list[str | None]:
    """The outlet of each candidate: its own, else the one carried from the same
    speaker's previous quote (reset when another speaker is quoted)."""
    quoted = [(c.start, c.end) for c in candidates]
    outlets: list[str | None] = [None] * len(candidates)
    current_speaker: str | None = None
    carried: str | None = None
    for i in sorted(range(len(candidates)), key=lambda i: candidates[i].start):
        candidate, speaker = candidates[i], speakers[i]
        own = candidate.outlet
        mention = _mention_range(candidate, speaker)
        if own is None:
            for sentence in attribution_sentences(doc, candidate, speaker):
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
