"""Speaker resolution: mentions (names, pronouns, descriptions) → fullest name.

``resolve_speakers`` builds one ``EntityTable`` per document: every person and
organisation named in it, with the fullest form of each name (``Mukhanov``,
``O. Kuznetsov`` and ``President Aliyev`` fall into the entity of ``Vadim
Mukhanov``, ``Oleg Kuznetsov`` and ``Ilham Aliyev``), the words the article
describes each person with (``political scientist``, ``Foreign Minister``) and
where each is mentioned. Candidates are then resolved in text order, so that a
pronoun (``he``) or a description (``the expert``) can refer back to the
speakers resolved before it.

Word lists live in ``attribution/rules``: ``pronouns``, ``ordinal_references``,
``person_descriptions``, ``org_words``, ``org_aliases``, ``first_names``,
``name_particles``, ``unspecific_determiners`` and (shared with ``profile``)
``profile_demonyms``.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from functools import lru_cache

import numpy
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH, POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from attribution.extract.profile import shared_titles
from attribution.extract.tokens import Sentences
from attribution.rules import load_table
from attribution.model import Candidate, Speaker, SpeakerKind

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC"})
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
#: Dependencies kept when an organisation's name is read off the parse
#: around its head (``Russia’s Defense Ministry``, ``Ministry of Foreign
#: Affairs of Russia``); coordinations and clauses are left out.
ORG_NAME_DEPS = frozenset({"compound", "amod", "poss", "case", "flat", "prep", "pobj", "nmod", "npadvmod"})
POSSESSIVE_ENDINGS = frozenset({"’s", "'s", "’", "'"})
#: Deletes the punctuation a name's word may hold besides letters (``Holtz-Eakin``, ``O.``, ``O'Reilly``).
NAME_PUNCTUATION = str.maketrans("", "", "-.'’")
#: Longest person name read leftwards from its last word.
MAX_NAME_WORDS = 4
#: Sentences searched backwards for the antecedent of a pronoun.
PRONOUN_WINDOW_SENTENCES = 6
#: How alike two spellings of a name must be (difflib ratio) to be variants
#: of one name (``Sergei``/``Sergey``, ``Aliyev``/``Aliev``).
SPELLING_SIMILARITY = 0.8
SURNAME_SIMILARITY = 0.85

# Certainty of each way of resolving a mention (see ``Speaker.certainty``).
CERTAINTY_FULL_NAME = 1.0
CERTAINTY_SHORT_NAME = 0.9
CERTAINTY_AMBIGUOUS_NAME = 0.75
CERTAINTY_PRONOUN = 0.8
CERTAINTY_PRONOUN_AMBIGUOUS = 0.65
CERTAINTY_DESCRIPTION = 0.7
CERTAINTY_GENERIC_DESCRIPTION = 0.6
CERTAINTY_UNMATCHED_TITLE = 0.4
CERTAINTY_NEAREST = 0.4


# ---------------------------------------------------------------- lexicon


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


@lru_cache(maxsize=None)
def org_words() -> dict[str, frozenset[str]]:
    """Organisation word → its types (``name``, ``document``) from ``org_words.tsv``."""
    types: dict[str, set[str]] = {}
    for word, kind, *_ in load_table("org_words"):
        types.setdefault(word, set()).add(kind)
    return {word: frozenset(kinds) for word, kinds in types.items()}


@lru_cache(maxsize=None)
def org_aliases() -> tuple[tuple[str, str], ...]:
    """(phrase, canonical phrase) pairs from ``org_aliases.tsv``, longest phrase first, each
    with a space either side (``" foreign ministry "``) so as to replace whole words."""
    rows = [(f" {phrase} ", f" {canonical} ") for phrase, canonical, *_ in load_table("org_aliases")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


@lru_cache(maxsize=None)
def first_names() -> dict[str, str]:
    """Given name → gender (``first_names.tsv``)."""
    return {name: gender for name, gender, *_ in load_table("first_names")}


@lru_cache(maxsize=None)
def demonym_countries() -> dict[str, str]:
    """Nationality adjective → country, lower case (``profile_demonyms.tsv``)."""
    return {adjective.lower(): country.lower() for adjective, country, *_ in load_table("profile_demonyms")}


@lru_cache(maxsize=None)
def name_particles() -> frozenset[str]:
    """Particles that belong to a surname (``name_particles.tsv``)."""
    return frozenset(row[0] for row in load_table("name_particles"))


@lru_cache(maxsize=None)
def unspecific_determiners() -> frozenset[str]:
    """Determiners that leave a mention unidentified (``unspecific_determiners.tsv``)."""
    return frozenset(row[0] for row in load_table("unspecific_determiners"))


def is_org_word(word: str, kind: str) -> bool:
    """Whether ``word`` (any case) is an organisation word of type ``kind``."""
    return kind in org_words().get(word.lower(), frozenset())


def person_word_type(word: str) -> str | None:
    """``honorific``, ``title``, ``generic`` or ``None`` for a describing word."""
    entry = person_words().get(word.lower())
    return entry[0] if entry else None


# ---------------------------------------------------------------- entities


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


@dataclass(slots=True)
class _Occurrence:
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


def surname_length(tokens: list[Token]) -> int:
    """Tokens of the surname at the end of a name: one, two after a particle (``de Blasio``),
    three for a hyphenated surname (``Holtz-Eakin``)."""
    if len(tokens) >= 3 and is_joining_hyphen(tokens[-2]):
        return 3
    if len(tokens) >= 2 and tokens[-2].lower_ in name_particles():
        return 2
    return 1


def is_joining_hyphen(token: Token) -> bool:
    """A hyphen written without spaces between two words (``Holtz-Eakin``)."""
    return token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def surname_of(tokens: list[Token]) -> str:
    """The lower-cased surname of a person name."""
    return "".join(t.lower_ + t.whitespace_ for t in tokens[len(tokens) - surname_length(tokens):]).strip()


def spelling_variants(a: str, b: str, threshold: float) -> bool:
    """Two spellings of one name: equal, or alike enough and starting with the same letter."""
    if a == b:
        return True
    return a[:1] == b[:1] and min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= threshold


def given_names_compatible(a: list[str], b: list[str]) -> bool:
    """Given names that can belong to one person: an initial of the other, a spelling variant,
    or the first part of a double surname (``Guajardo Villarreal`` and ``Ildefonso Guajardo
    Villarreal``): the shorter name's words end the longer one's and are no known given name."""
    if not a or not b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < len(longer) and longer[-len(shorter):] == shorter and shorter[0] not in first_names():
        return True
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    return spelling_variants(x, y, SPELLING_SIMILARITY)


def place_words(ents: tuple[Span, ...]) -> frozenset[str]:
    """Lower-cased words that NER (``doc.ents``) tags more often as a place or nationality
    than as a person, except the last word of a full name it tags as a person."""
    votes: Counter[tuple[str, str]] = Counter()
    for ent in ents:
        kind = "place" if ent.label_ in PLACE_LABELS else "person" if ent.label_ == "PERSON" else "other"
        for token in ent:
            if token.text[:1].isupper() and not token.is_stop:
                votes[(token.lower_, kind)] += 1
    words = {word for word, kind in votes if kind == "place"}
    # The surname of a full name NER tags as a person is no place ("Ava DuVernay").
    surnames = {ent[-1].lower_ for ent in ents if ent.label_ == "PERSON" and len(ent) >= 2}
    return frozenset(w for w in words if votes[(w, "place")] > votes[(w, "person")] and w not in surnames)


def is_name_word(token: Token, places: frozenset[str]) -> bool:
    """A word that can be part of a person's name (capitalised, not a title, org word or place)."""
    text = token.text
    if not text[:1].isupper() or not text.translate(NAME_PUNCTUATION).isalpha():
        return False
    lower = token.lower_
    return (
        person_word_type(lower) is None
        and not is_org_word(lower, "name")
        and lower not in places
        and token.pos_ in ("PROPN", "NOUN", "ADJ", "X")
    )


def strip_possessive(tokens: list[Token]) -> list[Token]:
    """Tokens without trailing possessive endings and punctuation."""
    while tokens and (tokens[-1].text in POSSESSIVE_ENDINGS or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def person_name_tokens(tokens: list[Token], places: frozenset[str]) -> tuple[list[Token], list[Token]]:
    """Split a name span into (person name, what precedes it), reading leftwards from its end.

    ``President Ilham Aliyev`` → (``Ilham Aliyev``, ``President``);
    ``Kahramanmaraş University Toğrul Ismayil`` → (``Toğrul Ismayil``, ...).
    """
    tokens = strip_possessive(tokens)
    start = len(tokens)
    while start > 0 and len(tokens) - start < MAX_NAME_WORDS:
        token = tokens[start - 1]
        if is_name_word(token, places):
            start -= 1
        elif start < len(tokens) and start >= 2 and (token.lower_ in name_particles() or is_joining_hyphen(token)):
            start -= 1
        else:
            break
    name = tokens[start:]
    if name and is_joining_hyphen(name[0]):
        name = name[1:]
    return name, tokens[: len(tokens) - len(name)]


def description_words(tokens: list[Token], places: frozenset[str]) -> dict[str, bool]:
    """Content words of a description → whether each is a nationality or place."""
    words: dict[str, bool] = {}
    for token in tokens:
        if token.is_punct or token.is_stop or token.pos_ in ("DET", "ADP", "PRON", "CCONJ", "NUM"):
            continue
        for word in {token.lower_.rstrip("."), token.lemma_.lower().rstrip(".")}:
            if word:
                words[word] = token.ent_type_ in PLACE_LABELS or token.lower_ in places
    return words


def describing_tokens(name: list[Token], sentences: Sentences) -> list[Token]:
    """Words the sentence describes a person name with: the noun phrase left of it and appositives.

    ``the Russian political scientist Oleg Kuznetsov``, ``Vadim Mukhanov,
    Senior Research Fellow at the Center ...`` (``sentences`` are the document's).
    """
    root = max(name, key=lambda t: t.i) if name else None
    if root is None:
        return []
    inside = {t.i for t in name}
    left: list[Token] = []
    index = name[0].i - 1
    sent_start = sentences.bounds(root.i)[0]
    while index >= sent_start:
        token = root.doc[index]
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON"):
            break
        if token.head.i not in inside and token.dep_ != "det":
            break
        inside.add(token.i)
        left.append(token)
        index -= 1
    described = list(reversed(left))
    head = root
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    for child in head.children:
        if child.dep_ == "appos":
            described.extend(list(child.subtree)[:12])
    if head.dep_ == "appos":
        described.extend(t for t in head.head.subtree if t.i < name[0].i and t.i >= head.head.left_edge.i)
    return described


def is_subject(token: Token, mention_tokens: frozenset[int]) -> bool:
    """Whether a name's head is a clause subject, a passive agent or a candidate's speaker mention."""
    if token.i in mention_tokens:
        return True
    while token.dep_ in ("compound", "flat", "appos") and token.head is not token:
        token = token.head
    if token.dep_ in SUBJECT_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def org_name_tokens(root: Token) -> list[Token]:
    """An organisation's name read off the parse around its head.

    ``Russia’s Defense Ministry``, ``Ministry of Foreign Affairs of Russia``;
    ``of`` phrases are kept only when they name something (capitalised). A
    leading article is kept only when written ``The`` (``The New York Times``,
    ``The West``): ``the foreign ministry`` names the ``Foreign Ministry``.
    """
    keep = {root.i}

    def add(token: Token) -> None:
        for child in token.children:
            if child.dep_ not in ORG_NAME_DEPS:
                continue
            if child.dep_ == "prep" and (child.lower_ != "of" or child.i < root.i):
                continue
            if child.dep_ == "pobj" and not child.text[:1].isupper():
                continue
            if child.dep_ in ("amod", "compound", "nmod") and not child.text[:1].isupper():
                continue
            keep.add(child.i)
            add(child)

    add(root)
    first, last = min(keep), max(keep)
    span = [root.doc[i] for i in range(first, last + 1)]
    while span and not span[0].text[:1].isupper():
        span = span[1:]
    span = strip_possessive(span)
    while len(span) > 1 and is_org_word(span[-1].lower_, "document") and span[-1].text.islower():
        span = span[:-1]
    article = root.doc[span[0].i - 1] if span and span[0].i > 0 else None
    if article is not None and article.text == "The" and article.head.i in keep:
        span = [article, *span]  # the name as written: "The New York Times", "The West"
    return span


def noun_phrase_head(token: Token) -> Token:
    """The head of the noun phrase a name is a modifier of (``Index`` in ``Global Firepower Index rating``)."""
    while token.dep_ == "compound" and token.head.i > token.i and (
        token.head.text[:1].isupper() or is_org_word(token.head.lower_, "document")
    ):
        token = token.head
    return token


def org_key(name: str) -> frozenset[str]:
    """What makes two organisation names the same: their content words, with nationality
    adjectives as country names and aliases expanded (``Russian Foreign Ministry`` =
    ``Ministry of Foreign Affairs of Russia``)."""
    words = re.split(r"[^\w]+", name.lower().replace("’s", " ").replace("'s", " "))
    countries = demonym_countries()
    text = " " + " ".join(countries.get(word, word) for word in words if word) + " "
    for phrase, canonical in org_aliases():
        text = text.replace(phrase, canonical)
    return frozenset(word for word in text.split() if word not in ("the", "of", "and", "for"))


def text_of(tokens: list[Token]) -> str:
    """The document text from the first to the last of ``tokens`` (offsets kept); joins only
    the tokens in between, since ``Doc.text`` re-joins the whole document on every access."""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def build_entity_table(doc: Doc, mention_tokens: frozenset[int] = frozenset()) -> EntityTable:
    """Every person and organisation named in ``doc``, grouped into entities.

    ``mention_tokens`` are tokens of the candidates' speaker mentions; a name
    there counts as a subject (a likely antecedent for a later pronoun).
    """
    ents = doc.ents  # spaCy builds the entity spans anew on each access
    places = place_words(ents)
    spans = name_spans(doc, ents)
    layout = Layout.of(doc)
    readings = {
        index: reading
        for index, span in enumerate(spans)
        if (reading := read_person_name(span, places, layout)) is not None
    }
    occurrences = {
        index: person_occurrence(reading, places, layout.sentences)
        for index, reading in readings.items()
        if reading.person
    }
    # A surname NER or a given name marks as a person's makes its bare
    # occurrences (``Mironchik said``) persons too.
    person_surnames = {o.surname for o in occurrences.values() if o.given or o.titled}
    for index, reading in readings.items():
        if not reading.person and reading.named_by_surname(person_surnames):
            occurrences[index] = person_occurrence(reading, places, layout.sentences)
    org_spans: list[list[Token]] = []
    for index, span in enumerate(spans):
        if index not in occurrences and span.label_ in NAME_LABELS:
            tokens = org_name_tokens(noun_phrase_head(span.root))
            if tokens:
                org_spans.append(tokens)
    org_spans.sort(key=lambda tokens: -len(tokens))
    people = [occurrences[index] for index in sorted(occurrences)]

    entities: list[Entity] = []
    mentions: list[Mention] = []
    by_token: dict[int, Mention] = {}

    def record(tokens: list[Token], entity: Entity) -> None:
        head = max(tokens, key=lambda t: t.i)
        mention = Mention(tokens[0].idx, head.idx + len(head.text), entity, layout.sentences.index(head.i),
                          is_subject(head, mention_tokens))
        mentions.append(mention)
        for token in tokens:
            by_token.setdefault(token.i, mention)

    for entity, occurrence in group_people(people):
        if entity not in entities:
            entities.append(entity)
        record(occurrence.tokens, entity)
    describe_shared_titles(doc, by_token, places)

    orgs: dict[frozenset[str], Entity] = {}
    for tokens in org_spans:
        if any(t.i in by_token for t in tokens):
            continue
        name = text_of(tokens)
        key = org_key(name)
        entity = orgs.get(key)
        if entity is None:
            entity = orgs[key] = Entity("organization", weak=False)
            entities.append(entity)
        entity.names.append(name)
        record(tokens, entity)

    mentions.sort(key=lambda m: m.start)
    return EntityTable(entities, mentions, by_token, places)


def describe_shared_titles(doc: Doc, by_token: dict[int, Mention], places: frozenset[str]) -> None:
    """Give each person their share of a plural title as descriptions (``the presidents of
    Russia and Azerbaijan ... Vladimir Putin and Ilham Aliyev``: Putin is a president of Russia),
    so that ``the Russian president`` can later be told apart from ``the Azerbaijani one``."""
    for share in shared_titles(doc):
        mention = by_token.get(share.end - 1)
        if mention is None or mention.entity.kind != "person":
            continue
        for word, is_place in description_words(list(share.words), places).items():
            mention.entity.descriptions.setdefault(word, is_place)
        mention.entity.weak = False


def name_spans(doc: Doc, ents: tuple[Span, ...]) -> list[Span]:
    """NER name entities (of ``ents``, the doc's) plus runs of proper nouns NER left untagged, in text order."""
    spans = [ent for ent in ents if ent.label_ in NAME_LABELS]
    tagged = {i for ent in ents if ent.label_ in NAME_LABELS | PLACE_LABELS for i in range(ent.start, ent.end)}
    proper_nouns = numpy.flatnonzero(doc.to_array(POS) == PROPN).tolist()
    runs: list[list[int]] = []  # indexes of consecutive untagged capitalised proper nouns
    for i in proper_nouns:
        if i in tagged or not doc[i].text[:1].isupper():
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans += [doc[run[0] : run[-1] + 1] for run in runs]
    return sorted(spans, key=lambda s: s.start)


@dataclass(slots=True)
class _PersonName:
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


def read_person_name(span: Span, places: frozenset[str], layout: Layout) -> _PersonName | None:
    """The person's name ``span`` may hold, or ``None`` when it can hold none.

    A span is a person when NER says so, when it ends in a surname NER tags as
    a person elsewhere in the article (see ``_PersonName.named_by_surname``),
    when it starts with a known given name, or when a title or an organisation
    word precedes a name of two words or more (NER often folds ``University
    Toğrul Ismayil`` into one ORG). Nothing amid words written in capitals is
    taken for a person's name (``layout`` is the document's).
    """
    name, prefix = person_name_tokens(list(span), places)
    if not name or layout.amid_capitals(span):
        return None
    doc = span.doc
    while not prefix and len(name) < MAX_NAME_WORDS and name[0].i > 0:
        previous = doc[name[0].i - 1]
        if previous.pos_ != "PROPN" or not is_name_word(previous, places):
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
    cut_at_org = bool(prefix) and (
        is_org_word(prefix[-1].lower_, "name") or prefix[-1].lower_ in places or prefix[-1].text in POSSESSIVE_ENDINGS
    )
    person = span.label_ == "PERSON" or known_given or bool(titles) or (cut_at_org and len(name) >= 2)
    return _PersonName(span, name, prefix, before, titles, person)


def person_occurrence(reading: _PersonName, places: frozenset[str], sentences: Sentences) -> _Occurrence:
    """The occurrence of a person's name: its gender and the words describing it."""
    name, before = reading.name, reading.before
    gender = first_names().get(name[0].lower_) if len(name) >= 2 else None
    for token in reading.titles:
        gender = gender or person_words()[token.lower_][1]
    described = describing_tokens(name, sentences) + list(reading.prefix)
    if before is not None and before not in described and person_word_type(before.lower_):
        described.append(before)
    return _Occurrence(name, description_words(described, places), gender, bool(reading.titles))


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


def group_people(occurrences: list[_Occurrence]) -> list[tuple[Entity, _Occurrence]]:
    """Each person occurrence with its entity.

    Full names group by surname and compatible given name (``O. Kuznetsov`` =
    ``Oleg Kuznetsov``, ``Sergey`` = ``Sergei``; ``Vigen Sargsyan`` ≠ ``Serzh
    Sargsyan``). A bare surname goes to the entity of that surname (or of a
    spelling variant of it) named most recently before it (not counting a relative named
    once in passing), else first after it.
    """
    people: dict[str, list[Entity]] = {}
    assigned: list[Entity | None] = [None] * len(occurrences)
    counts: Counter[Entity] = Counter()  # occurrences assigned to each entity so far
    introduced: set[Entity] = set()  # entities assigned an occurrence with a title or description

    def assign(index: int, entity: Entity) -> None:
        assigned[index] = entity
        counts[entity] += 1
        if occurrences[index].titled or occurrences[index].descriptions:
            introduced.add(entity)

    for index, occurrence in enumerate(occurrences):
        given = occurrence.given
        if not given:
            continue
        surname = occurrence.surname
        entity = next(
            (e for e in people.get(surname, []) if given_names_compatible(e.given, given)), None
        )
        if entity is None:
            entity = Entity("person", surname=surname, given=given, weak=False)
            people.setdefault(surname, []).append(entity)
        assign(index, entity)
        entity.gender = entity.gender or occurrence.gender

    # Bare surnames with a gender cue (Mr., Mrs.) first: one that fits no full
    # name of its surname is a person of its own, whom ungendered ones may be.
    bare = [i for i, o in enumerate(occurrences) if assigned[i] is None]
    for index in sorted(bare, key=lambda i: occurrences[i].gender is None):
        occurrence = occurrences[index]
        surname = occurrence.surname
        family = people.get(surname) or next(
            (group for other, group in people.items() if spelling_variants(surname, other, SURNAME_SIMILARITY)),
            None,
        )
        if family is not None and occurrence.gender:
            family = [e for e in family if e.gender in (None, occurrence.gender)] or None
        if family is None:
            entity = Entity("person", surname=surname, gender=occurrence.gender)
            people.setdefault(surname, []).append(entity)
        elif len(family) == 1:
            entity = family[0]
        else:
            entity = nearest_full_mention(index, family, assigned, counts, introduced)
        assign(index, entity)

    pairs = []
    for entity, occurrence in zip(assigned, occurrences, strict=True):
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


# ---------------------------------------------------------------- resolution


def _event_order(mention: Mention) -> tuple[int, int]:
    """By end, a resolved speaker mention after the names nested in it (sorts are stable:
    among equal keys, table mentions in table order, then speakers in resolution order)."""
    return mention.end, mention.end - mention.start


@dataclass
class _Resolver:
    """Resolves candidates' mentions in text order, remembering the speakers found."""

    doc: Doc
    table: EntityTable
    quote_spans: list[tuple[int, int]]
    #: ``doc.text`` if the caller has it, else read from the doc
    known_text: InitVar[str | None] = None
    history: list[Mention] = field(default_factory=list)
    text: str = field(init=False)
    sentences: list[Span] = field(init=False)
    sentence_starts: list[int] = field(init=False)
    #: ``quote_spans`` sorted, their starts, and the longest one's length
    sorted_quotes: list[tuple[int, int]] = field(init=False)
    quote_starts: list[int] = field(init=False)
    longest_quote: int = field(init=False)
    #: the table's mentions in the order ``events_before`` gives them, and their ends
    mentions_by_end: list[Mention] = field(init=False)
    mention_ends: list[int] = field(init=False)
    #: character offset → the quote spans containing it (filled as asked)
    containing: dict[int, list[tuple[int, int]]] = field(init=False, default_factory=dict)

    def __post_init__(self, known_text: str | None) -> None:
        self.text = self.doc.text if known_text is None else known_text
        self.sentences = list(self.doc.sents)
        self.sentence_starts = [sentence.start_char for sentence in self.sentences]
        self.sorted_quotes = sorted(self.quote_spans)
        self.quote_starts = [start for start, _ in self.sorted_quotes]
        self.longest_quote = max((end - start for start, end in self.quote_spans), default=0)
        self.mentions_by_end = sorted(self.table.mentions, key=_event_order)
        self.mention_ends = [m.end for m in self.mentions_by_end]

    def sentence_index(self, char: int) -> int:
        """Index of the sentence containing character ``char``."""
        return max(0, bisect.bisect_right(self.sentence_starts, char) - 1)

    def quotes_containing(self, char: int) -> list[tuple[int, int]]:
        """The quote spans containing character ``char``: only those starting less than the
        longest quote's length before it can."""
        found = self.containing.get(char)
        if found is None:
            found = []
            k = bisect.bisect_right(self.quote_starts, char) - 1
            while k >= 0 and self.quote_starts[k] > char - self.longest_quote:
                if char < self.sorted_quotes[k][1]:
                    found.append(self.sorted_quotes[k])
                k -= 1
            self.containing[char] = found
        return found

    def in_other_quote(self, mention: Mention, position: int) -> bool:
        """Whether ``mention`` lies inside a quote that does not contain ``position``."""
        return any(not start <= position < end for start, end in self.quotes_containing(mention.start))

    def resolve(self, candidate: Candidate) -> tuple[Entity, int, int, float] | None:
        """The candidate's speaker entity, mention offsets and certainty, remembered as the
        latest speaker mention of its entity."""
        if candidate.mention_start is None or candidate.mention_end is None:
            found = self.nearest(candidate)
        else:
            found = None
            span = self.doc.char_span(candidate.mention_start, candidate.mention_end, alignment_mode="expand")
            if span is not None and len(span) > 0:
                entity, certainty = self.resolve_span(span, candidate.mention_start)
                if entity is not None:
                    found = (entity, candidate.mention_start, candidate.mention_end, certainty)
        if found is None:
            return None
        entity, start, end, certainty = found
        self.history.append(Mention(start, end, entity, self.sentence_index(start), True))
        return found

    def resolve_span(self, span: Span, position: int) -> tuple[Entity | None, float]:
        """The entity a mention span refers to and how certain that is."""
        root = span.root
        lower = root.lower_
        if lower in pronouns() and root.pos_ in ("PRON", "DET"):
            return self.resolve_pronoun(pronouns()[lower], position)
        if is_unspecific(span):
            return None, 0.0
        coordination = coordinated_names(span)
        if coordination:
            return Entity("organization", names=[text_of(coordination)], weak=False), CERTAINTY_FULL_NAME
        mention = self.table.mention_at(span)
        if mention is not None and (mention.start <= root.idx < mention.end or person_word_type(lower) is None):
            return self.resolve_name(mention)
        if root.pos_ == "PROPN" and root.text[:1].isupper() and person_word_type(lower) is None:
            return self.untabled_name(span)
        if lower in ordinal_references() and root.pos_ != "PROPN":
            return self.resolve_ordinal(ordinal_references()[lower], position)
        return self.resolve_description(span, position)

    def resolve_name(self, mention: Mention) -> tuple[Entity, float]:
        """A name's entity: certain when written in full, less for a short or shared surname."""
        entity = mention.entity
        written = self.text[mention.start : mention.end]
        if written == entity.name:
            return entity, CERTAINTY_FULL_NAME
        if entity.kind == "person":
            namesakes = [
                e for e in self.table.entities
                if e.kind == "person" and e is not entity and e.surname == entity.surname
            ]
            if namesakes and len(written.split()) == 1:
                return entity, CERTAINTY_AMBIGUOUS_NAME
        return entity, CERTAINTY_SHORT_NAME

    def untabled_name(self, span: Span) -> tuple[Entity | None, float]:
        """A proper-noun mention NER and the table missed: a person when it has a known given
        name or a title, else an organisation named as written."""
        name, prefix = person_name_tokens(list(span), self.table.places)
        titled = any(person_word_type(t.lower_) for t in prefix)
        if name and (titled or len(name) >= 2 and name[0].lower_ in first_names()):
            return Entity("person", surname=surname_of(name), names=[text_of(name)]), CERTAINTY_SHORT_NAME
        named = self.organization_named(org_name_tokens(span.root))
        return named, CERTAINTY_SHORT_NAME if named else 0.0

    def events_before(self, position: int, keep: Callable[[Mention], bool]) -> list[Mention]:
        """Name mentions and earlier speakers that ``keep`` accepts, ending before ``position``,
        outside other quotes, in text order."""
        events = self.mentions_by_end[: bisect.bisect_right(self.mention_ends, position)]
        events += [m for m in self.history if m.end <= position]
        events = [m for m in events if keep(m) and not self.in_other_quote(m, position)]
        return sorted(events, key=_event_order)

    def resolve_pronoun(self, pronoun: Pronoun, position: int) -> tuple[Entity | None, float]:
        """The antecedent of a pronoun: a compatible subject earlier in its sentence, else the
        nearest earlier sentence with a compatible entity (its subject first, else its last one)."""
        def compatible(entity: Entity) -> bool:
            if pronoun.refers_to == "person":
                return entity.kind == "person" and not entity.weak and (
                    entity.gender is None or entity.gender == pronoun.gender
                )
            return entity.kind == "organization"

        here = self.sentence_index(position)
        events = self.events_before(position, lambda m: compatible(m.entity))
        same = [m for m in events if m.sentence == here and m.subject]
        if same:
            return same[-1].entity, CERTAINTY_PRONOUN
        searched = 0
        for sentence in range(here - 1, -1, -1):
            if searched == PRONOUN_WINDOW_SENTENCES:
                break
            if not self.quoted_sentence(sentence):
                searched += 1
            found = [m for m in events if m.sentence == sentence]
            if not found:
                continue
            subjects = [m for m in found if m.subject] or found
            distinct = {id(m.entity) for m in subjects}
            certainty = CERTAINTY_PRONOUN if len(distinct) == 1 else CERTAINTY_PRONOUN_AMBIGUOUS
            return subjects[-1].entity, certainty
        return None, 0.0

    def quoted_sentence(self, index: int) -> bool:
        """Whether sentence ``index`` lies wholly inside one of the candidates' quotes."""
        sentence = self.sentences[index]
        start, end = sentence.start_char, sentence.end_char
        return any(q_start <= start and end <= q_end + 2 for q_start, q_end in self.quote_spans)

    def resolve_ordinal(self, which: str, position: int) -> tuple[Entity | None, float]:
        """``the first`` / ``the latter``: one of the two people named last, in the nearest sentence naming two."""
        here = self.sentence_index(position)
        events = self.events_before(position, lambda m: m.entity.kind == "person")
        for sentence in range(here, max(-1, here - 3), -1):
            people: list[Entity] = []
            for m in (m for m in events if m.sentence == sentence):
                if m.entity not in people:
                    people.append(m.entity)
            if len(people) >= 2:
                pair = people[-2:]
                return (pair[0] if which == "first" else pair[1]), CERTAINTY_DESCRIPTION
        return None, 0.0

    def resolve_description(self, span: Span, position: int) -> tuple[Entity | None, float]:
        """A common-noun mention: ``the expert``, ``the Russian president``, ``experts of X``,
        ``the statement of X``, ``the publication``; generic plurals resolve to nobody."""
        root = span.root
        head = root.lemma_.lower()
        owner = of_phrase_owner(root)
        plural = root.tag_ in ("NNS", "NNPS")
        if owner is not None and (plural or is_org_word(head, "document")):
            owner_span = self.doc[owner[0].i : owner[-1].i + 1]
            coordination = coordinated_names(owner_span)
            if coordination:
                return Entity("organization", names=[text_of(coordination)], weak=False), CERTAINTY_FULL_NAME
            mention = self.table.mention_at(owner_span)
            if mention is not None:
                return self.resolve_name(mention)
            owner_entity = self.organization_named(org_name_tokens(owner_span.root))
            return owner_entity, CERTAINTY_SHORT_NAME if owner_entity else 0.0
        if is_org_word(head, "document") and any(
            t.dep_ in ("compound", "nmod") and t.text[:1].isupper() for t in root.children
        ):
            named = self.organization_named(org_name_tokens(root))
            return named, CERTAINTY_SHORT_NAME if named else 0.0
        if plural or is_unspecific(span):
            return None, 0.0
        if is_org_word(head, "document") or is_org_word(head, "name"):
            recent = self.events_before(position, lambda m: m.subject and m.entity.kind == "organization")
            if recent:
                return recent[-1].entity, CERTAINTY_DESCRIPTION
            return None, 0.0
        word_type = person_word_type(head)
        if word_type is None:
            return None, 0.0
        attached = self.appositive_person(root)
        if attached is not None:
            return attached, CERTAINTY_SHORT_NAME
        modifiers = description_words([t for t in span if t.i != root.i and t.i < root.i], self.table.places)
        described = self.described_as(head, modifiers, position)
        if described is not None:
            return described, CERTAINTY_DESCRIPTION
        recent = self.events_before(position, lambda m: m.subject and m.entity.kind == "person")
        if not recent:
            return None, 0.0
        if word_type == "generic":
            return recent[-1].entity, CERTAINTY_GENERIC_DESCRIPTION
        return recent[-1].entity, CERTAINTY_UNMATCHED_TITLE

    def appositive_person(self, root: Token) -> Entity | None:
        """The person a description stands in apposition to (``Turkish political scientist,
        professor of Kahramanmaraş University Toğrul Ismayil``), if the parse names one."""
        related = [t for c in root.children if c.dep_ == "appos" for t in c.subtree]
        if root.dep_ == "appos":
            related.append(root.head)
        for token in related:
            mention = self.table.by_token.get(token.i)
            if mention is not None and mention.entity.kind == "person":
                return mention.entity
        return None

    def described_as(self, head: str, modifiers: dict[str, bool], position: int) -> Entity | None:
        """The person the article described with ``head`` (and the mention's modifiers), preferring
        the best modifier agreement, then the one named nearest before ``position``."""
        countries = demonym_countries()
        scored: list[tuple[int, int, Entity]] = []
        for entity in self.table.entities:
            if entity.kind != "person" or head not in entity.descriptions:
                continue
            described = {countries.get(word, word) for word in entity.descriptions}
            score = 0
            for word, is_place in modifiers.items():
                if countries.get(word, word) in described:
                    score += 1
                elif is_place and any(place for place in entity.descriptions.values()):
                    score -= 1
            before = [m.start for m in self.table.mentions if m.entity is entity and m.start < position]
            recency = before[-1] if before else -1
            scored.append((score, recency, entity))
        if not scored:
            return None
        return max(scored, key=lambda s: (s[0], s[1]))[2]

    def organization_named(self, tokens: list[Token]) -> Entity | None:
        """The table's organisation with this name (or an alias of it), else a new one."""
        if not tokens:
            return None
        name = text_of(tokens)
        key = org_key(name)
        for entity in self.table.entities:
            if entity.kind == "organization" and org_key(entity.name) == key:
                if name not in entity.names:
                    entity.names.append(name)  # "The West" where the table had "the West"
                return entity
        return Entity("organization", names=[name], weak=False)

    def nearest(self, candidate: Candidate) -> tuple[Entity, int, int, float] | None:
        """For a candidate without a mention: the nearest preceding subject name in its sentence,
        else in the previous sentence of the same paragraph."""
        here = self.sentence_index(candidate.start)
        outside = [
            m for m in self.table.mentions
            if (m.end <= candidate.start or m.start >= candidate.end) and not self.in_other_quote(m, candidate.start)
        ]
        for sentence in (here, here - 1):
            found = [m for m in outside if m.sentence == sentence]
            if sentence != here and found and "\n" in self.text[found[-1].end : candidate.start]:
                break  # the previous sentence belongs to another paragraph
            subjects = [m for m in found if m.subject] or found
            if subjects:
                chosen = subjects[-1]
                return chosen.entity, chosen.start, chosen.end, CERTAINTY_NEAREST
        return None


def is_unspecific(span: Span) -> bool:
    """A mention of someone unidentified: ``a source``, ``some experts``, ``one Republican``,
    ``two officials``, or a bare plural group word (``Democrats``) rather than a name."""
    root = span.root
    inside = [child for child in root.children if span.start <= child.i < span.end]
    if any(
        child.lower_ in unspecific_determiners() or (child.dep_ == "nummod" and child.like_num) for child in inside
    ):
        return True
    if root.ent_type_ != "NORP" or root.tag_ not in ("NNS", "NNPS"):
        return False
    return not any(t.text[:1].isupper() and t.i != root.i and t.pos_ != "DET" for t in span)


def coordinated_names(span: Span) -> list[Token]:
    """The tokens of a coordination of names headed by the span's root (``Brussels and
    Washington``, ``the co-chairs of the OSCE Minsk Group, the leadership of NATO and the
    United Nations``), or ``[]``. Each conjunct is a name or a noun ``of`` a name, and the
    conjuncts must lie inside the span."""
    root = span.root
    conjuncts: list[Token] = []
    frontier = [root]
    while frontier:
        children = [c for t in frontier for c in t.children if c.dep_ == "conj" and span.start <= c.i < span.end]
        conjuncts += children
        frontier = children
    if not conjuncts or any(t.dep_ in ("relcl", "acl", "ccomp") for t in span):
        return []
    if not all(t.text[:1].isupper() or of_phrase_owner(t) for t in [root, *conjuncts]):
        return []
    return strip_possessive(list(span))


def of_phrase_owner(root: Token) -> list[Token] | None:
    """The phrase naming the owner in ``<noun> of <Name>`` (``experts of the Jamestown Foundation``)."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.text[:1].isupper():
                    return list(pobj.subtree)
    return None


def resolve_speakers(doc: Doc, candidates: list[Candidate], text: str | None = None) -> list[Speaker | None]:
    """The speaker of each candidate, aligned with ``candidates``.

    Candidates are resolved in text order of their mentions so that pronouns
    and descriptions can refer back to speakers resolved before them; each
    speaker is named by the fullest name its entity has once all are resolved.
    ``text`` is ``doc.text`` if the caller has it (spaCy joins every token to build it).
    """
    mention_tokens: set[int] = set()
    for candidate in candidates:
        if candidate.mention_start is not None and candidate.mention_end is not None:
            span = doc.char_span(candidate.mention_start, candidate.mention_end, alignment_mode="expand")
            if span is not None:
                mention_tokens.update(t.i for t in span)
    table = build_entity_table(doc, frozenset(mention_tokens))
    resolver = _Resolver(doc, table, [(c.start, c.end) for c in candidates], text)
    order = sorted(
        range(len(candidates)),
        key=lambda i: candidates[i].mention_start if candidates[i].mention_start is not None else candidates[i].start,
    )
    found = {index: resolver.resolve(candidates[index]) for index in order}
    # Names are read once all mentions are resolved: a later mention may add a fuller form.
    return [
        Speaker(f[0].name, f[0].kind, f[1], f[2], f[3]) if (f := found[index]) is not None else None
        for index in range(len(candidates))
    ]
