"""Outlet patterns, platform names and website domains, from ``outlets.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import re

from attribution.rules import load_table


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
    #: verb lemma → the platform it posts on (``tweet`` → Twitter)
    posting_verbs: dict[str, str]
    #: lower-case words of bodies and gatherings spoken to (``Commons``, ``committee``)
    audiences: frozenset[str]
    #: lower-case nouns for kinds of medium, before a medium's name (``the newspaper Die Zeit``)
    media: frozenset[str]


@lru_cache(maxsize=None)
def outlet_lexicon() -> OutletLexicon:
    """Outlet patterns, platform names and a regex for website names, from ``outlets.tsv``.

    Raises ``ValueError`` naming the row for a pattern without exactly one slot ``X``
    and a word beside it, an empty platform name, or a posting row without a platform.
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
        elif kind == "posting" and len(words) < 2:
            raise ValueError(f"outlets.tsv: posting {value!r} needs a verb and a platform")
    platforms = tuple(tuple(value.split()) for kind, value, *_ in rows if kind == "platform")
    tlds = "|".join(re.escape(value) for kind, value, *_ in rows if kind == "domain")
    domains = re.compile(rf"^[\w-]+(?:\.[\w-]+)*\.(?:{tlds})$", re.IGNORECASE)
    posting = {value.split()[0]: " ".join(value.split()[1:]) for kind, value, *_ in rows if kind == "posting"}
    audiences = frozenset(value for kind, value, *_ in rows if kind == "audience")
    media = frozenset(value for kind, value, *_ in rows if kind == "medium")
    return OutletLexicon(tuple(patterns), platforms, domains, posting, audiences, media)
