"""The outlet a quote came through: a phrase of ``outlets.tsv`` in its attribution sentences.

It is carried to the following quotes of the same speaker until another
speaker is quoted or another outlet is named.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain

from spacy.tokens import Doc, Span, Token

from attribution.model import Candidate, Speaker
from attribution.parsed import Sentences, line_sentence, named_as_a_person, text_of, token_at
from attribution.profile.titles import is_capitalised, title_kind
from attribution.rules.outlets import OutletPattern, outlet_lexicon
from attribution.rules.punctuation import POSSESSIVE_MARKS
from attribution.rules.words import OUTLET_NAME_JOINERS


#: Entity types of words that never name a medium: "told African-Americans", "on Monday".
NOT_OUTLET_ENTITIES = frozenset(
    {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)


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
    named (or posted on: ``tweeted``) makes ``Facebook via Sputnik (Baku)``. The speaker is not its own outlet.
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
    if platform is None:
        platform = next((name for verb, name in lexicon.posting_verbs.items() if verb in positions), None)
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
            if pattern.listener and _names_an_audience(found.name):
                continue  # "told the Commons": whom the words were for, not how they came
            if not pattern.listener or not named_as_a_person(words[found.last]):
                return found.name
            if found.last + 2 < found.end and words[found.last + 1].lower_ == "of":
                # "told Bill O'Reilly of Fox News": the person's medium
                return text_of(words[found.last + 2 : found.end])
        elif mention is not None and _words_match(forms, k, after):
            quoted_one = _skip_determiners(words, k + len(after))
            if quoted_one < len(words) and mention[0] <= words[quoted_one].idx < mention[1]:
                name = _outlet_chain_left(words, k - 1)
                if name:
                    return name
    return None


def _names_an_audience(name: str) -> bool:
    """A body or gathering spoken to (``outlets.tsv`` audiences): ``Parliament``, ``Senate committee``."""
    return any(word.casefold() in outlet_lexicon().audiences for word in name.split())


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
    """A medium's name starting at ``k`` (after a determiner or possessive, and a noun for its
    kind: ``the newspaper Die Zeit``) and where it ends."""
    k = _skip_determiners(words, k)
    while k + 1 < len(words) and words[k].lower_ in outlet_lexicon().media and _outlet_word(words[k + 1]):
        k += 1
    start = k
    first_of: int | None = None
    while k < len(words):
        token = words[k]
        nxt = words[k + 1] if k + 1 < len(words) else None
        if _outlet_word(token):
            k += 1
        elif k > start and nxt is not None and _outlet_word(nxt) and token.text in OUTLET_NAME_JOINERS:
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
    return _Chain(text_of(words[start:k]), k, (first_of or k) - 1)


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
    if named is not None and not named_as_a_person(words[named.last]):
        return named
    if any(title_kind(t) is not None for t in words[mark + 1 : k]):
        return None
    possessor = words[start:mark]
    end = named.end if named is not None else k
    return _Chain(text_of(possessor), end, mark - 1) if _plausible_outlet(possessor) else None


def _outlet_chain_left(words: list[Token], k: int) -> str | None:
    """A medium's name ending at ``k`` (``AZERTAG`` in ``the state agency AZERTAG quotes``)."""
    end = k
    while k >= 0 and _outlet_word(words[k]) and title_kind(words[k]) is None:
        k -= 1
    chain = words[k + 1 : end + 1]
    return text_of(chain) if _plausible_outlet(chain) else None


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
