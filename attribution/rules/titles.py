"""Title words (offices, professions, honorifics) and nationality adjectives."""

from __future__ import annotations

from functools import lru_cache

from attribution.rules import load_table
from attribution.rules.names import person_words


#: Title kinds that can head a role, naming what a person is: a post or an occupation
#: ("minister", "political scientist").
HEAD_KINDS = frozenset({"office", "profession"})


@lru_cache(maxsize=None)
def title_words() -> dict[str, str]:
    """Lower-case title word → kind (``office``, ``profession``, ``modifier``, ``honorific``)."""
    return {word: kind for word, kind, *_ in load_table("titles")}


@lru_cache(maxsize=None)
def whole_title_tokens() -> tuple[str, ...]:
    """Titles of ``titles.tsv`` written with a period or a hyphen and the honorifics of
    ``person_descriptions.tsv`` ending in a period, as written in news (``Coun.``, ``Sgt.``,
    ``Mr.``, ``vice-president``, ``Vice-President``), for the tokenizer to keep whole."""
    words = [word for word in title_words() if word.endswith(".") or "-" in word.strip("-")]
    words += [word for word, (kind, _) in person_words().items() if kind == "honorific" and word.endswith(".")]
    forms = set()
    for word in words:
        forms.add(word[:1].upper() + word[1:])
        if "-" in word:
            forms.add(word)
            forms.add("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return tuple(sorted(forms))


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
