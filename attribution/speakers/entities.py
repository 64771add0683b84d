"""The entities of one document: a person or organisation, where it is named, and the table of both."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from attribution.model import SpeakerKind
from attribution.rules.names import is_org_word


@dataclass(eq=False)
class Entity:
    """One person or organisation of a document and every name it goes by."""

    kind: SpeakerKind
    surname: str = ""
    names: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)
    gender: str | None = None
    #: Words the article describes this person with → whether it is a
    #: nationality or place (``russian``) rather than a function (``minister``).
    descriptions: dict[str, bool] = field(default_factory=dict)
    #: Named only by a bare word with no given name, title or description:
    #: too uncertain (often a mis-tagged place) to take a pronoun.
    weak: bool = True
    #: Several people named together (``Tore Sohlberg and Lehla Abreder``): ``they``, not ``he``.
    group: bool = False

    @property
    def name(self) -> str:
        """The fullest name: most full given names, then most words, then longest, then first."""
        def fullness(indexed: tuple[int, str]) -> tuple[int, int, int, int]:
            index, name = indexed
            words = name.split()
            full = sum(1 for w in words[:-1] if len(w.rstrip(".")) > 1)
            return (full, len(words), len(name), -index)

        return max(enumerate(dict.fromkeys(self.names)), key=fullness)[1]  # each distinct name once


@dataclass(slots=True)
class Mention:
    """A place where the text names (or a resolved speaker mention points at) an entity."""

    start: int
    end: int
    entity: Entity
    sentence: int
    subject: bool


@dataclass
class EntityTable:
    """The people and organisations of one document and where they are named."""

    entities: list[Entity]
    mentions: list[Mention]
    #: token index → the name mention covering that token
    by_token: dict[int, Mention]
    #: words NER mostly tags as places or nationalities (see ``place_words``)
    places: frozenset[str]

    def mention_at(self, tokens: Span) -> Mention | None:
        """The name mention covering the root of ``tokens`` (or a word compounded with it)."""
        root = tokens.root
        for token in [root, *(c for c in root.children if c.dep_ in ("compound", "flat"))]:
            if token.i in self.by_token:
                return self.by_token[token.i]
        return None


def company_called(entities: list[Entity], word: str, other_than: Entity | None = None) -> Entity | None:
    """The one organisation of ``entities`` (but ``other_than``) whose name ends in a company form
    (``org_words.tsv`` designators) and starts with ``word``: ``Samsung`` for ``Samsung
    Electronics Co.``; None when none or several do."""
    found = [
        entity
        for entity in entities
        if entity.kind == "organization"
        and entity is not other_than
        and any(
            len(words) >= 2 and words[0].casefold() == word.casefold() and is_org_word(words[-1], "designator")
            for words in (name.split() for name in entity.names)
        )
    ]
    return found[0] if len(found) == 1 else None
