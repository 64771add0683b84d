"""Words that tell people and organisations apart and refer to them: pronouns,
person descriptions, given names, surname particles, organisation words and aliases,
and the words that state a person's gender.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from attribution.model import Gender, SpeakerKind
from attribution.rules import load_table


@dataclass(frozen=True, slots=True)
class Pronoun:
    """What a pronoun can stand for: a gender (``m``/``f``/``None`` for either) and a kind."""

    gender: str | None
    refers_to: SpeakerKind


@lru_cache(maxsize=None)
def pronouns() -> dict[str, Pronoun]:
    """Pronoun → what it can refer to (``pronouns.tsv``)."""
    return {
        word: Pronoun(None if gender == "-" else gender, refers)  # type: ignore[arg-type]
        for word, gender, refers, *_ in load_table("pronouns")
    }


@dataclass(frozen=True, slots=True)
class GenderWord:
    """What a word says of the person it is used of: a gender, and as which kind of evidence."""

    gender: Gender
    evidence: str


@lru_cache(maxsize=None)
def gender_words() -> dict[str, GenderWord]:
    """Honorific or role noun (lower case) → the gender it states (``gender_words.tsv``)."""
    return {
        word: GenderWord(gender, evidence)  # type: ignore[arg-type]
        for word, gender, evidence, *_ in load_table("gender_words")
    }


@lru_cache(maxsize=None)
def ordinal_references() -> dict[str, str]:
    """``former``/``the first`` → ``first``; ``latter`` → ``last`` (``ordinal_references.tsv``)."""
    return {word: which for word, which, *_ in load_table("ordinal_references")}


@lru_cache(maxsize=None)
def person_words() -> dict[str, tuple[str, str | None]]:
    """Describing word → (type, gender) from ``person_descriptions.tsv``."""
    return {
        word: (kind, None if gender == "-" else gender)
        for word, kind, gender, *_ in load_table("person_descriptions")
    }


def person_word_type(word: str) -> str | None:
    """``honorific``, ``title``, ``generic`` or ``None`` for a describing word."""
    entry = person_words().get(word.lower())
    return entry[0] if entry else None


@lru_cache(maxsize=None)
def first_names() -> dict[str, str]:
    """Given name → gender (``first_names.tsv``)."""
    return {name: gender for name, gender, *_ in load_table("first_names")}


@lru_cache(maxsize=None)
def relation_nouns() -> frozenset[str]:
    """Nouns relating a person to another one (``relation_nouns.tsv``)."""
    return frozenset(row[0] for row in load_table("relation_nouns"))


@lru_cache(maxsize=None)
def entourage_nouns() -> frozenset[str]:
    """Nouns for those who speak for a named possessor (``entourage_nouns.tsv``)."""
    return frozenset(row[0] for row in load_table("entourage_nouns"))


@lru_cache(maxsize=None)
def name_particles() -> frozenset[str]:
    """Particles that belong to a surname (``name_particles.tsv``)."""
    return frozenset(row[0] for row in load_table("name_particles"))


@lru_cache(maxsize=None)
def unspecific_determiners() -> frozenset[str]:
    """Determiners that leave a mention unidentified (``unspecific_determiners.tsv``)."""
    return frozenset(row[0] for row in load_table("unspecific_determiners"))


@lru_cache(maxsize=None)
def org_words() -> dict[str, frozenset[str]]:
    """Organisation word → its types (``name``, ``document``) from ``org_words.tsv``."""
    types: dict[str, set[str]] = {}
    for word, kind, *_ in load_table("org_words"):
        types.setdefault(word, set()).add(kind)
    return {word: frozenset(kinds) for word, kinds in types.items()}


def is_org_word(word: str, kind: str) -> bool:
    """Whether ``word`` (any case) is an organisation word of type ``kind``."""
    return kind in org_words().get(word.lower(), frozenset())


@lru_cache(maxsize=None)
def org_aliases() -> tuple[tuple[str, str], ...]:
    """(phrase, canonical phrase) pairs from ``org_aliases.tsv``, longest phrase first, each
    with a space either side (``" foreign ministry "``) so as to replace whole words."""
    rows = [(f" {phrase} ", f" {canonical} ") for phrase, canonical, *_ in load_table("org_aliases")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@lru_cache(maxsize=None)
def demonym_countries() -> dict[str, str]:
    """Nationality adjective → country, lower case (``profile_demonyms.tsv``)."""
    return {adjective.lower(): country.lower() for adjective, country, *_ in load_table("profile_demonyms")}
