"""Title words (offices, professions, honorifics) and nationality adjectives."""

from __future__ import annotations

from functools import lru_cache

from attribution.rules import load_table


#: Title kinds that can head a role, naming what a person is: a post or an occupation
#: ("minister", "political scientist").
HEAD_KINDS = frozenset({"office", "profession"})


@lru_cache(maxsize=None)
def title_words() -> dict[str, str]:
    """Lower-case title word → kind (``office``, ``profession``, ``modifier``, ``honorific``)."""
    return {word: kind for word, kind, *_ in load_table("titles")}


@lru_cache(maxsize=None)
def title_abbreviations() -> tuple[str, ...]:
    """The abbreviated titles of ``titles.tsv`` and honorifics of ``person_descriptions.tsv`` as
    written before a name (``Coun.``, ``Sgt.``, ``Mr.``), for the tokenizer to keep whole."""
    words = [word for word in title_words() if word.endswith(".")]
    words += [word for word, kind, *_ in load_table("person_descriptions") if kind == "honorific" and word.endswith(".")]
    return tuple(sorted({word[:1].upper() + word[1:] for word in words}))


#: Prepositions after which a constituency title names its seat (``MLA for Lakeview``).
CONSTITUENCY_PREPOSITIONS = frozenset({"for", "from"})


@lru_cache(maxsize=None)
def constituency_titles() -> frozenset[str]:
    """Titles of members who sit for a constituency (``constituency_titles.tsv``)."""
    return frozenset(word for word, *_ in load_table("constituency_titles"))


@lru_cache(maxsize=None)
def post_verbs() -> frozenset[str]:
    """Verbs whose relative clause after a name states the person's post (``post_verbs.tsv``)."""
    return frozenset(word for word, *_ in load_table("post_verbs"))


@lru_cache(maxsize=None)
def demonyms() -> dict[str, str]:
    """Case-folded nationality adjective → country."""
    rows = load_table("profile_demonyms")
    return {adjective.casefold(): country for adjective, country, *_ in rows}
