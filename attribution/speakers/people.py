"""The people a document names: person-name readings grouped into one entity each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH
from spacy.tokens import Doc, Span, Token

from attribution.parsed import Sentences, named_as_a_person, text_of
from attribution.rules.names import first_names, gender_words, is_org_word, person_word_type, person_words
from attribution.rules.punctuation import POSSESSIVE_ENDINGS, POSSESSIVE_MARKS
from attribution.speakers.names import MAX_NAME_WORDS, PLACE_LABELS, describing_tokens, description_words, given_names_compatible, is_name_word, is_party_label, is_title_part, person_name_tokens, post_in_apposition, spelling_variants, surname_length, surname_of
from attribution.speakers.entities import Entity


SURNAME_SIMILARITY = 0.85


#: ``gender_words.tsv`` genders as the entity table writes them (``first_names.tsv``).
PERSON_GENDERS = {"female": "f", "male": "m"}
#: Entity types of a possessor whose person follows (``Vancouver's``, ``Microsoft's``).
OWNER_ENTITIES = frozenset({"GPE", "ORG", "NORP", "LOC"})


@dataclass(slots=True)
class Occurrence:
    """A person name found in the text, before occurrences are grouped into entities."""

    tokens: list[Token]
    descriptions: dict[str, bool]
    gender: str | None
    titled: bool

    @property
    def surname(self) -> str:
        return surname_of(self.tokens)

    @property
    def given(self) -> list[str]:
        return [t.text.lower() for t in self.tokens[: len(self.tokens) - surname_length(self.tokens)]]


@dataclass(slots=True)
class PersonName:
    """What a name span says of a possible person's name, before the article's surnames are known."""

    span: Span
    name: list[Token]
    prefix: list[Token]
    #: the word right before the name
    before: Token | None
    #: the titles among that word and the prefix
    titles: list[Token]
    #: a person on the span's own evidence (NER, a known given name, a title, an organisation cut)
    person: bool

    def named_by_surname(self, person_surnames: set[str]) -> bool:
        """A person by a surname the article gives a person elsewhere (no organisation word in the span)."""
        return surname_of(self.name) in person_surnames and not any(
            is_org_word(t.lower_, "name") for t in self.span
        )


def read_person_name(span: Span, places: frozenset[str], layout: Layout) -> PersonName | None:
    """The person's name ``span`` may hold, or ``None`` when it can hold none.

    A span is a person when NER says so, when it ends in a surname NER tags as
    a person elsewhere in the article (see ``_PersonName.named_by_surname``),
    when it starts with a known given name, when a name of two words or more has
    a post in apposition (``X, Minister of Innovation,``) or an organisation after
    ``of`` (``Jingyi Pan of IG``), or when a title or an organisation
    word precedes such a name (NER often folds ``University
    Toğrul Ismayil`` into one ORG), but not a title word opening an ORG before one
    word NER never tags as a person's (``General Motors``). Nothing amid words written in capitals is
    taken for a person's name (``layout`` is the document's).
    """
    name, prefix = person_name_tokens(list(span), places)
    if not name or layout.amid_capitals(span) or _after_a_place(name, places):
        return None
    doc = span.doc
    while not prefix and len(name) < MAX_NAME_WORDS and name[0].i > 0:
        previous = doc[name[0].i - 1]
        if previous.pos_ != "PROPN" or not is_name_word(previous, places) or is_title_part(previous) or is_party_label(previous):
            break
        name = [previous] + name
    after = doc[name[-1].i + 1 : name[-1].i + 3]
    if len(after) == 2 and person_word_type(after[0].lower_) and after[1].text[:1].isupper():
        return None  # an affiliation before a title and a name: "Milli Majlis mp Zahid Oruj"
    before = doc[name[0].i - 1] if name[0].i > 0 else None
    titles = [t for t in prefix if person_word_type(t.lower_)]
    if before is not None and person_word_type(before.lower_) and before.text[:1].isupper():
        titles.append(before)
    known_given = len(name) >= 2 and name[0].lower_ in first_names()
    owner = prefix[-1] if prefix else before
    cut_at_org = owner is not None and (
        is_org_word(owner.lower_, "name") or owner.lower_ in places or _owned_by_a_name(owner, places)
    )
    # NER's person label on "Alexandre Bissonnette's Quebec" is the possessor's
    tagged = span.label_ == "PERSON" and not any(t.text in POSSESSIVE_MARKS for t in prefix)
    if (
        span.label_ == "ORG"
        and len(name) == 1
        and {t.i for t in titles} == {span.start}
        and not titles[0].text.endswith(".")
        and not named_as_a_person(name[0])
    ):
        titles = []  # "General Motors", "General Electric": a company named with a title word
    person = tagged or known_given or bool(titles) or (
        len(name) >= 2 and (cut_at_org or post_in_apposition(name[-1]) or _of_an_organisation(name[-1]))
    )
    return PersonName(span, name, prefix, before, titles, person)


def _owned_by_a_name(token: Token, places: frozenset[str]) -> bool:
    """A possessive ending after a place or organisation (``Vancouver's`` in ``Vancouver's Bo
    Horvat``): what follows belongs to it, so a name of two words there is a person's."""
    if token.text not in POSSESSIVE_ENDINGS or token.i == 0:
        return False
    owner = token.doc[token.i - 1]
    return owner.ent_type_ in OWNER_ENTITIES or owner.lower_ in places or owner.pos_ == "PROPN"


def _of_an_organisation(head: Token) -> bool:
    """A name followed by ``of`` and a capitalised name (``Jingyi Pan of IG``): with no
    organisation word in it (``Bank of Canada``), the name of someone who works there."""
    return any(
        child.dep_ == "prep" and child.lower_ == "of" and child.i == head.i + 1
        and any(o.dep_ == "pobj" and o.pos_ == "PROPN" and o.text[:1].isupper() for o in child.children)
        for child in head.children
    )


def _after_a_place(name: list[Token], places: frozenset[str]) -> bool:
    """A single word written after ``<place>,``: the state or province of a town
    (``Oakville, Ont.``, ``Eau Claire, Wis.``), not a person."""
    if len(name) != 1 or name[0].i < 2:
        return False
    comma, place = name[0].doc[name[0].i - 1], name[0].doc[name[0].i - 2]
    return comma.text == "," and (place.ent_type_ in PLACE_LABELS or place.lower_ in places)


def person_occurrence(reading: PersonName, places: frozenset[str], sentences: Sentences) -> Occurrence:
    """The occurrence of a person's name: its gender (from the given name, a title, or a
    gendered noun right before it) and the words describing it."""
    name, before = reading.name, reading.before
    gender = first_names().get(name[0].lower_) if len(name) >= 2 else None
    for token in reading.titles:
        gender = gender or person_words()[token.lower_][1]
    kin = gender_words().get(before.lower_) if before is not None else None
    if gender is None and kin is not None and kin.evidence == "role_noun":
        gender = PERSON_GENDERS[kin.gender]  # "her son Kody": a man, whom "she" is not
    described = describing_tokens(name, sentences) + list(reading.prefix)
    if before is not None and before not in described and person_word_type(before.lower_):
        described.append(before)
    return Occurrence(name, description_words(described, places), gender, bool(reading.titles))


@dataclass(frozen=True, slots=True)
class Layout:
    """A document's sentences and where its words written in capitals are, read once from its
    token arrays: running counts of its words (two letters or more) and of those in capitals
    (``words[i]`` counts the words before token ``i``)."""

    sentences: Sentences
    words: list[int]
    capitals: list[int]

    @classmethod
    def of(cls, doc: Doc) -> Layout:
        flags = doc.to_array([IS_ALPHA, IS_UPPER, LENGTH])
        word = (flags[:, 0] == 1) & (flags[:, 2] > 1)
        capital = word & (flags[:, 1] == 1)
        return cls(Sentences.of(doc), [0, *numpy.cumsum(word).tolist()], [0, *numpy.cumsum(capital).tolist()])

    def amid_capitals(self, span: Span) -> bool:
        """Whether ``span`` stands amid words in capitals (``FELLOW DOCTORS DON’T WANT TO
        ASSOCIATE``), where a capital does not mark a name: four words or more in it and the
        four tokens either side of it within its sentence, 80% of them in capitals."""
        sentence_start, sentence_end = self.sentences.bounds(span.start)
        start, end = max(sentence_start, span.start - 4), min(sentence_end, span.end + 4)
        words = self.words[end] - self.words[start]
        return words >= 4 and self.capitals[end] - self.capitals[start] >= 0.8 * words


def group_people(occurrences: list[Occurrence]) -> list[tuple[Entity, Occurrence]]:
    """Each person occurrence with its entity.

    Full names group by surname and compatible given name (``O. Kuznetsov`` =
    ``Oleg Kuznetsov``, ``Sergey`` = ``Sergei``; ``Vigen Sargsyan`` ≠ ``Serzh
    Sargsyan``). A bare surname goes to the entity of that surname (or of a
    spelling variant of it) named most recently before it (not counting a relative named
    once in passing), else first after it.
    """
    grouping = _PeopleGrouping(occurrences)
    grouping.group_full_names()
    grouping.group_bare_surnames()
    grouping.group_given_names()
    return grouping.pairs()


class _PeopleGrouping:
    """The state of ``group_people``: the entities of each surname and each occurrence's entity."""

    def __init__(self, occurrences: list[Occurrence]) -> None:
        self.occurrences = occurrences
        self.people: dict[str, list[Entity]] = {}
        self.assigned: list[Entity | None] = [None] * len(occurrences)
        self.counts: Counter[Entity] = Counter()  # occurrences assigned to each entity so far
        self.introduced: set[Entity] = set()  # entities assigned an occurrence with a title or description

    def assign(self, index: int, entity: Entity) -> None:
        self.assigned[index] = entity
        self.counts[entity] += 1
        if self.occurrences[index].titled or self.occurrences[index].descriptions:
            self.introduced.add(entity)

    def group_full_names(self) -> None:
        """Full names: the entity of that surname with a compatible given name, else a new one."""
        for index, occurrence in enumerate(self.occurrences):
            given = occurrence.given
            if not given:
                continue
            surname = occurrence.surname
            entity = next(
                (e for e in self.people.get(surname, []) if given_names_compatible(e.given, given)), None
            )
            if entity is None:
                entity = Entity("person", surname=surname, given=given, weak=False)
                self.people.setdefault(surname, []).append(entity)
            self.assign(index, entity)
            entity.gender = entity.gender or occurrence.gender

    def group_bare_surnames(self) -> None:
        """Bare surnames with a gender cue (Mr., Mrs.) first: one that fits no full
        name of its surname is a person of its own, whom ungendered ones may be.
        A bare name that is no one's surname but the given name of one person named in
        full is left to ``group_given_names``."""
        occurrences, people = self.occurrences, self.people
        bare = [i for i, o in enumerate(occurrences) if self.assigned[i] is None]
        for index in sorted(bare, key=lambda i: occurrences[i].gender is None):
            occurrence = occurrences[index]
            surname = occurrence.surname
            family = people.get(surname) or next(
                (group for other, group in people.items() if spelling_variants(surname, other, SURNAME_SIMILARITY)),
                None,
            )
            if family is not None and occurrence.gender:
                family = [e for e in family if e.gender in (None, occurrence.gender)] or None
            if family is None and surname not in people and self.by_given_name(occurrence):
                continue  # a given name alone: grouped last (group_given_names)
            if family is None:
                entity = Entity("person", surname=surname, gender=occurrence.gender)
                people.setdefault(surname, []).append(entity)
            elif len(family) == 1:
                entity = family[0]
            else:
                entity = nearest_full_mention(index, family, self.assigned, self.counts, self.introduced)
            self.assign(index, entity)

    def group_given_names(self) -> None:
        """A bare name left by ``group_bare_surnames`` is a person named in full with that
        given name (``Mahathir said`` after ``Mahathir Mohamad``); of several (``Kim`` after
        ``Kim Jong-un`` and ``Kim Yong-chol``), the one named in full last before it. Grouped
        last, so that it does not make a relative named once in passing a candidate for bare
        surnames."""
        for index, occurrence in enumerate(self.occurrences):
            if self.assigned[index] is None:
                named = self.by_given_name(occurrence)
                assert named
                entity = named[0] if len(named) == 1 else nearest_full_mention(
                    index, named, self.assigned, self.counts, self.introduced
                )
                self.assign(index, entity)

    def by_given_name(self, occurrence: Occurrence) -> list[Entity]:
        """The people named in full whose first given name the bare name ``occurrence`` is,
        when NER tags it as a person's."""
        if any(t.ent_type_ != "PERSON" for t in occurrence.tokens):
            return []
        word = occurrence.surname
        return [e for group in self.people.values() for e in group if e.given and e.given[0] == word]

    def pairs(self) -> list[tuple[Entity, Occurrence]]:
        """Each occurrence with its entity, the entity given the occurrence's name and descriptions."""
        pairs = []
        for entity, occurrence in zip(self.assigned, self.occurrences, strict=True):
            assert entity is not None
            entity.names.append(text_of(occurrence.tokens))
            for word, is_place in occurrence.descriptions.items():
                entity.descriptions.setdefault(word, is_place)
            entity.gender = entity.gender or occurrence.gender
            entity.weak = entity.weak and not occurrence.titled and not occurrence.descriptions
            pairs.append((entity, occurrence))
        return pairs


def nearest_full_mention(
    index: int,
    family: list[Entity],
    assigned: list[Entity | None],
    counts: Counter[Entity],
    introduced: set[Entity],
) -> Entity:
    """The entity of ``family`` whose full name occurs last before ``index`` (else first after),
    passing over a relative named only once in passing.

    A full name written once with no title or description (``a photo of Heidi
    Cruz``) does not take over the bare surname from a relative the article
    introduced with a title (``Sen. Ted Cruz``). ``counts`` and ``introduced``
    tell how many occurrences are assigned to an entity so far and whether one
    of them had a title or description.
    """
    def in_passing(entity: Entity) -> bool:
        return counts[entity] == 1 and entity not in introduced

    earlier = [assigned[k] for k in range(index - 1, -1, -1) if assigned[k] in family]
    if any(e in introduced for e in earlier):
        earlier = [e for e in earlier if not in_passing(e)]
    if earlier:
        return earlier[0]
    for later in range(index + 1, len(assigned)):
        if assigned[later] in family:
            return assigned[later]
    return family[0]
