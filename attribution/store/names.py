"""Name keys and the rules that merge speakers across documents.

Pure functions over strings; ``store.speakers`` applies them. Two speakers are
the same when their *keys* are equal: the name with case, diacritics and
punctuation folded and, for persons, each given name replaced by the
canonical spelling of its transliteration variants
(``attribution/rules/name_variants.tsv``: ``Sergey`` → ``sergei``) and
honorifics dropped (``Mr. Markov`` → ``markov``, ``titles.tsv``) or, for
organisations, without a leading article and with equivalent phrases
replaced (``attribution/rules/org_aliases.tsv``: ``foreign ministry`` →
``ministry of foreign affairs``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from attribution.rules import load_table
from attribution.rules.words import ARTICLES, NAME_LOWERCASE_WORDS, ROLE_FUNCTION_WORDS

#: Letters that Unicode decomposition does not reduce to an ASCII base letter.
_LETTER_FOLDS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe"}
)
_APOSTROPHES = re.compile("['’ʼ`´]")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case words without diacritics or punctuation: ``Toğrul`` → ``togrul``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    base = _APOSTROPHES.sub("", base.translate(_LETTER_FOLDS))
    return " ".join(_WORD.findall(base))


@lru_cache(maxsize=1)
def _given_name_spellings() -> dict[str, str]:
    """Every spelling in ``name_variants.tsv`` → the canonical spelling of its row."""
    spellings: dict[str, str] = {}
    for canonical, *variants in load_table("name_variants"):
        for spelling in (canonical, *variants):
            spellings[fold(spelling)] = fold(canonical)
    return spellings


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    """Forms of address that precede a name (``mr``, ``dr``), from ``titles.tsv``."""
    return frozenset(fold(word) for word, kind, *_ in load_table("titles") if kind == "honorific")


@lru_cache(maxsize=1)
def _organization_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(folded phrase as a whole-word pattern, canonical phrase), longest phrase first."""
    pairs = sorted(
        ((fold(phrase), fold(canonical)) for phrase, canonical, *_ in load_table("org_aliases")),
        key=lambda pair: -len(pair[0]),
    )
    return tuple(
        (re.compile(rf"\b{re.escape(phrase)}\b"), canonical) for phrase, canonical in pairs
    )


@lru_cache(maxsize=65_536)
def name_key(name: str, kind: str) -> str:
    """The key under which ``name`` is merged with other speakers of the same ``kind``."""
    words = fold(name).split()
    if kind == "person":
        while len(words) > 1 and words[0] in _honorifics():
            words = words[1:]
        # Middle initials are written or left out at will: Donald J. Trump is Donald Trump.
        words = words[:1] + [w for w in words[1:-1] if len(w) > 1] + words[-1:] if len(words) > 2 else words
        spellings = _given_name_spellings()
        return " ".join(spellings.get(word, word) for word in words)
    if words and words[0] in ARTICLES:
        words = words[1:]
    key = " ".join(words)
    for phrase, canonical in _organization_phrases():
        key = phrase.sub(canonical, key)
    return key


def surname_key(key: str, kind: str) -> str | None:
    """The last word of a person's name key (their surname); None for organisations."""
    if kind != "person" or not key:
        return None
    return key.rsplit(" ", 1)[-1]


def is_bare_surname(key: str, kind: str) -> bool:
    """Whether a name key is a person's single word (``markov``)."""
    return kind == "person" and bool(key) and " " not in key


def role_words(role: str | None) -> frozenset[str]:
    """The meaningful words of a role: ``Foreign Minister of Iran`` → {foreign, minister, iran}."""
    if not role:
        return frozenset()
    return frozenset(fold(role).split()) - ROLE_FUNCTION_WORDS


def roles_compatible(role: str | None, known_roles: Iterable[str | None]) -> bool:
    """Whether ``role`` shares a meaningful word with any of ``known_roles``."""
    words = role_words(role)
    return any(words & role_words(known) for known in known_roles)


@lru_cache(maxsize=65_536)
def is_name_mention(mention: str | None, speaker_name: str, kind: str) -> bool:
    """Whether a speaker mention is a name of the speaker, worth keeping as an alias.

    A name is capitalised (apart from a leading article and particles such as
    ``of``/``von``) and shares a word with the speaker's name: ``Mukhanov``
    and ``President Aliyev`` are names; ``He``, ``the expert`` and
    ``Azerbaijani President`` are not.
    """
    if not mention:
        return False
    words = mention.split()
    if words and words[0].casefold() in ARTICLES:
        words = words[1:]
    if not words:
        return False
    for word in words:
        first = next((c for c in word if c.isalnum()), "")
        if first and not (first.isupper() or first.isdigit()) and fold(word) not in NAME_LOWERCASE_WORDS:
            return False
    mention_words = set(name_key(" ".join(words), kind).split()) - NAME_LOWERCASE_WORDS
    return bool(mention_words & set(name_key(speaker_name, kind).split()))
