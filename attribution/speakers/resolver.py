"""Speaker resolution: each candidate's mention (a name, a pronoun, a description) → an entity.

Candidates are resolved in text order of their mentions, so that a pronoun
(``he``) or a description (``the expert``) can refer back to the speakers
resolved before it; each speaker is then named by the fullest name of its entity.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field

from spacy.tokens import Doc, Span, Token

from attribution.model import Candidate, Speaker
from attribution.parsed import SUBJECT_DEPS, age_length, is_apposition, text_of
from attribution.profile.titles import PLACE_ENTITIES
from attribution.rules.words import CONTINUING_SUBJECTS, INTRODUCING_DETERMINERS
from attribution.rules.names import (
    Pronoun,
    demonym_countries,
    entourage_nouns,
    first_names,
    gender_words,
    is_org_word,
    ordinal_references,
    person_word_type,
    pronouns,
    relation_nouns,
)
from attribution.speakers.names import description_words, is_joining_hyphen, post_in_apposition, person_name_tokens, surname_of
from attribution.speakers.organizations import AUTHOR_PREPOSITIONS, coordinated_names, is_unspecific, of_phrase_owner, org_key, org_name_tokens
from attribution.speakers.entities import Entity, EntityTable, Mention, company_called
from attribution.speakers.table import build_entity_table
from attribution.text.paragraphs import paragraph_spans


# Certainty of each way of resolving a mention (see ``Speaker.certainty``).
CERTAINTY_FULL_NAME = 1.0
CERTAINTY_SHORT_NAME = 0.9
CERTAINTY_AMBIGUOUS_NAME = 0.75
CERTAINTY_PRONOUN = 0.8
CERTAINTY_PRONOUN_AMBIGUOUS = 0.65
CERTAINTY_DESCRIPTION = 0.7
CERTAINTY_GENERIC_DESCRIPTION = 0.6
#: A title the article gave nobody, for the last subject when named in the same paragraph or
#: the one before (``Trudeau made the comments. The prime minister said …``), with no place of its own.
CERTAINTY_TITLE_OF_LAST_SUBJECT = 0.5
CERTAINTY_UNMATCHED_TITLE = 0.4
CERTAINTY_NEAREST = 0.4
#: Entity labels of a capitalised word that says when, not who (``Friday``, ``January``).
TIME_LABELS = frozenset({"DATE", "TIME"})
#: Dependencies of an indefinite noun that bring a new participant into the story
#: (``against a lawyer``, ``a lawyer told the court``), unlike a predicate or an apposition.
INTRODUCING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative"})
#: Sentences searched backwards for the antecedent of a pronoun (a sentence whose
#: subject is the same pronoun, ``He has a son``, continues the chain and does not count).
PRONOUN_WINDOW_SENTENCES = 6
#: Tags of a plural noun, common or proper (``executives``, ``Conservatives``).
PLURAL_NOUN_TAGS = frozenset({"NNS", "NNPS"})
#: Sentences back to the last compatible speaker, for a pronoun with no antecedent in that window.
PRONOUN_SPEAKER_WINDOW_SENTENCES = 12


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
    resolver = Resolver(doc, table, [(c.start, c.end) for c in candidates], text)
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


def _named_modifier(root: Token, deps: tuple[str, ...]) -> bool:
    """Whether a capitalised word that says no time modifies ``root`` by one of ``deps``."""
    return any(t.dep_ in deps and t.text[:1].isupper() and t.ent_type_ not in TIME_LABELS for t in root.children)


def _kin_or_gendered_noun(noun: Token) -> bool:
    """A kin or gendered person noun (``dad``, ``wife``), which no table lists as a description."""
    lemma = noun.lemma_.lower()
    word = gender_words().get(lemma)
    return lemma in relation_nouns() or (word is not None and word.evidence == "role_noun")


def _related_by_kin(token: Token, apposition: Token) -> bool:
    """Whether ``token`` lies in the ``of`` phrase of a relation noun (``brother of X``) within ``apposition``."""
    while token.i != apposition.i:
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in relation_nouns():
            return True
        token = head
    return False


def _hyphenated_word_start(token: Token) -> Token:
    """The first part of the hyphenated word ``token`` ends (``sergeant`` of ``sergeant-at-arms``),
    else ``token`` itself."""
    doc = token.doc
    while token.i >= 2 and is_joining_hyphen(doc[token.i - 1]):
        token = doc[token.i - 2]
    return token


def _subject_after_its_verb(root: Token) -> bool:
    """A definite noun the tables do not know, as the subject after its speech verb
    (``says the bow-tied maverick``): news writes only people there."""
    return (
        root.pos_ == "NOUN"
        and root.dep_ == "nsubj"
        and root.head.i < root.i
        and root.head.pos_ == "VERB"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
    )


def _names_a_group(root: Token) -> bool:
    """A plural common noun that says which people (``Brexit backers``, ``Republican senators``,
    ``people arrested last week``), not a bare ``experts`` or ``officials``."""
    return root.tag_ == "NNS" and any(
        (c.dep_ in ("compound", "amod") and c.i < root.i and _capitalised_as_a_name(c))
        or (c.dep_ == "acl" and c.tag_ in ("VBN", "VBD"))  # a past participle, tagged either way
        for c in root.children
    )


def _capitalised_as_a_name(token: Token) -> bool:
    """Capitalised for being a name, not for opening the sentence (``Other``, ``Local``)."""
    if not token.text[:1].isupper():
        return False
    if token.i != token.sent.start:
        return True
    return token.ent_type_ == "NORP" or (token.pos_ in ("NOUN", "PROPN") and not token.is_stop)


def _party_member(root: Token) -> bool:
    """``the Kentucky Republican``, ``the Vermont Democrat``: one member of a group NER tags as
    a nationality or party, which the article named before."""
    return (
        root.tag_ == "NNP"
        and root.ent_type_ == "NORP"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in root.children)
    )


def _states_an_age(span: Span) -> bool:
    """Whether a description gives an age (``the 26-year-old right wing``): only people have one."""
    tokens = list(span)
    return any(age_length(tokens[k:]) for k in range(len(tokens)))


def _event_order(mention: Mention) -> tuple[int, int]:
    """By end, a resolved speaker mention after the names nested in it (sorts are stable:
    among equal keys, table mentions in table order, then speakers in resolution order)."""
    return mention.end, mention.end - mention.start


@dataclass
class Resolver:
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
    paragraph_starts: list[int] = field(init=False)
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
        self.paragraph_starts = [start for start, _ in paragraph_spans(self.text)]
        self.sorted_quotes = sorted(self.quote_spans)
        self.quote_starts = [start for start, _ in self.sorted_quotes]
        self.longest_quote = max((end - start for start, end in self.quote_spans), default=0)
        self.mentions_by_end = sorted(self.table.mentions, key=_event_order)
        self.mention_ends = [m.end for m in self.mentions_by_end]

    def paragraph_index(self, char: int) -> int:
        """Index of the paragraph containing character ``char`` (or of the one before a gap)."""
        return bisect.bisect_right(self.paragraph_starts, char) - 1

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
            return self.resolve_pronoun(pronouns()[lower], position, plural=root.morph.get("Number") == ["Plur"])
        if _party_member(root):
            return self.resolve_description(span, position)  # "the Kentucky Republican": a person, not a name
        if root.lemma_.lower() in entourage_nouns() and self.named_possessor(root):
            return self.entourage(span), CERTAINTY_DESCRIPTION  # "Surrey staff", "McCallum's staff"
        namesake = self.person_by_surname(span)  # before the group words: "Schniederjans" tagged a plural NORP
        if namesake is not None:
            return namesake, CERTAINTY_SHORT_NAME
        mention = self.table.mention_at(span)
        if mention is None and (named := self.appositive_person(root)) is not None:
            return named, CERTAINTY_SHORT_NAME  # "One red-state Democrat, Montana Sen. Jon Tester, said"
        if is_unspecific(span):
            return None, 0.0
        coordination = coordinated_names(span)
        if coordination:
            people = self.conjoined_people(span.root)
            if people is not None:
                return people, CERTAINTY_FULL_NAME
            return Entity("organization", names=[text_of(coordination)], weak=False), CERTAINTY_FULL_NAME
        if mention is not None and (mention.start <= root.idx < mention.end or person_word_type(lower) is None):
            if not (mention.start <= root.idx < mention.end) and _names_a_group(root):
                return self.resolve_description(span, position)  # "Brexit backers", not Brexit
            return self.resolve_name(mention)
        if root.pos_ == "PROPN" and root.text[:1].isupper() and person_word_type(lower) is None:
            return self.untabled_name(span)
        if lower in ordinal_references() and root.pos_ != "PROPN":
            return self.resolve_ordinal(ordinal_references()[lower], position)
        return self.resolve_description(span, position)

    def conjoined_people(self, root: Token) -> Entity | None:
        """The group a coordination of people's names stands for, each by their fullest name
        (``Both Sandmann and Phillips`` → ``Nick Sandmann and Nathan Phillips``), or None when a
        conjunct is no person of the table."""
        heads = [root]
        while conjunct := next((c for c in heads[-1].rights if c.dep_ == "conj"), None):
            heads.append(conjunct)
        people: list[Entity] = []
        for head in heads:
            mention = self.table.by_token.get(head.i)
            if mention is None or mention.entity.kind != "person":
                return None
            people.append(mention.entity)
        names = list(dict.fromkeys(person.name for person in people))
        if len(names) < 2:
            return None
        joined = ", ".join(names[:-1]) + " and " + names[-1]
        return Entity("person", names=[joined], weak=False, group=True)

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

    def person_by_surname(self, span: Span) -> Entity | None:
        """The one person of the table whose surname a capitalised one-word mention is, whatever
        its tag (the tagger reads a rare surname as an adverb: ``"…," Torvund said``)."""
        if len(span) != 1 or not span[0].text[:1].isupper():
            return None
        people = [e for e in self.table.entities if e.kind == "person" and e.surname == span[0].lower_]
        return people[0] if len(people) == 1 else None

    def untabled_name(self, span: Span) -> tuple[Entity | None, float]:
        """A proper-noun mention NER and the table missed: a person when it has a known given
        name, a title before it or a post in apposition (``X, Minister of Innovation,``), else
        an organisation named as written."""
        name, prefix = person_name_tokens(list(span), self.table.places)
        titled = any(person_word_type(t.lower_) for t in prefix) or post_in_apposition(span.root)
        if name and (titled or len(name) >= 2 and name[0].lower_ in first_names()):
            return Entity("person", surname=surname_of(name), names=[text_of(name)], weak=False), CERTAINTY_SHORT_NAME
        named = self.organization_named(org_name_tokens(span.root))
        return named, CERTAINTY_SHORT_NAME if named else 0.0

    def events_before(self, position: int, keep: Callable[[Mention], bool]) -> list[Mention]:
        """Name mentions and earlier speakers that ``keep`` accepts, ending before ``position``,
        outside other quotes, in text order."""
        events = self.mentions_by_end[: bisect.bisect_right(self.mention_ends, position)]
        events += [m for m in self.history if m.end <= position]
        events = [m for m in events if keep(m) and not self.in_other_quote(m, position)]
        return sorted(events, key=_event_order)

    def resolve_pronoun(self, pronoun: Pronoun, position: int, plural: bool = False) -> tuple[Entity | None, float]:
        """The antecedent of a pronoun: a compatible subject earlier in its sentence, else the
        nearest earlier sentence with a compatible entity (its subject first, else its last one),
        else the last compatible speaker, when a passage without people stands between
        (``"…," she added`` after two paragraphs of findings). A ``plural`` pronoun (``they``)
        after a plural common-noun subject nearer than any such entity stands for that group:
        one that says which people (``Republican senators … they say``), else nobody
        (``The Conservatives believe …; they say …``)."""
        def compatible(entity: Entity) -> bool:
            if pronoun.refers_to == "person":
                return entity.kind == "person" and not entity.weak and not entity.group and (
                    entity.gender is None or entity.gender == pronoun.gender
                )
            if plural and entity.kind == "organization" and all(n.lower() in self.table.places for n in entity.names):
                return False  # "they" after "in downtown Vancouver": a place is "it"
            return entity.kind == "organization" or entity.group

        here = self.sentence_index(position)
        events = self.events_before(position, lambda m: compatible(m.entity))
        # "Schumer, he said, knows …": the name right before the pronoun's comma is what is said about
        same = [m for m in events if m.sentence == here and m.subject and self.text[m.end : position].strip() != ","]
        if plural and (group := self.group_subject_after(here, same[-1].start if same else -1, position)):
            return self.group_named_by(group), CERTAINTY_PRONOUN_AMBIGUOUS
        if same:
            return same[-1].entity, CERTAINTY_PRONOUN
        searched = 0
        for sentence in range(here - 1, -1, -1):
            if searched == PRONOUN_WINDOW_SENTENCES:
                break
            if not self.quoted_sentence(sentence) and not self.same_pronoun_subject(sentence, pronoun):
                searched += 1
            found = [m for m in events if m.sentence == sentence]
            if plural and (group := self.group_subject_after(sentence, found[-1].start if found else -1, position)):
                return self.group_named_by(group), CERTAINTY_PRONOUN_AMBIGUOUS
            if not found:
                continue
            subjects = [m for m in found if m.subject] or found
            distinct = {id(m.entity) for m in subjects}
            certainty = CERTAINTY_PRONOUN if len(distinct) == 1 else CERTAINTY_PRONOUN_AMBIGUOUS
            return subjects[-1].entity, certainty
        speakers = [m for m in self.history if m.end <= position and compatible(m.entity)]
        if speakers and here - speakers[-1].sentence <= PRONOUN_SPEAKER_WINDOW_SENTENCES:
            return speakers[-1].entity, CERTAINTY_PRONOUN_AMBIGUOUS
        return None, 0.0

    def group_subject_after(self, index: int, after: int, position: int) -> Token | None:
        """The last plural common-noun subject of sentence ``index`` (``executives``, ``The
        Conservatives``), outside the quotes and naming no person, between character ``after``
        and ``position``; None if there is none."""
        subjects = [
            t for t in self.sentences[index]
            if t.dep_ in SUBJECT_DEPS and t.tag_ in PLURAL_NOUN_TAGS and after < t.idx < position
            and not self.quotes_containing(t.idx)
            and not any(  # not "owners Ann Li and Bo Ek"
                (m := self.table.by_token.get(w.i)) is not None and m.entity.kind == "person" for w in t.subtree
            )
        ]
        return subjects[-1] if subjects else None

    def group_named_by(self, noun: Token | None) -> Entity | None:
        """The group a plural subject found by ``group_subject_after`` says (``Republican
        senators``), or None for a bare or unspecific one (``executives``, ``some experts``)."""
        if noun is None or not _names_a_group(noun) or is_unspecific(self.doc[noun.left_edge.i : noun.i + 1]):
            return None
        group = [t for t in noun.subtree if t.i < noun.head.i or noun.head.i < noun.i]
        return Entity("person", names=[text_of(group)], weak=False, group=True)

    def same_pronoun_subject(self, index: int, pronoun: Pronoun) -> bool:
        """Whether sentence ``index`` has a pronoun subject that can refer to what ``pronoun`` can."""
        return any(
            t.dep_ in SUBJECT_DEPS and pronouns().get(t.lower_) == pronoun and t.pos_ == "PRON"
            for t in self.sentences[index]
        )

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
        owner = of_phrase_owner(root, AUTHOR_PREPOSITIONS if is_org_word(head, "document") else frozenset({"of"}))
        plural = root.tag_ in ("NNS", "NNPS")
        first = _hyphenated_word_start(root)
        if first.i != root.i and person_word_type(first.lower_) is not None:  # "the sergeant-at-arms of X": one person
            head, plural = first.lower_, False
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
        if is_org_word(head, "document") and _named_modifier(root, ("compound", "nmod")):
            named = self.organization_named(org_name_tokens(root))  # "the UFCW release", not "the union's Friday release"
            return named, CERTAINTY_SHORT_NAME if named else 0.0
        if is_org_word(head, "document"):
            described = self.organization_described(root, position)
            if described is not None:  # "the parole board decision" after "the Parole Board of Canada"
                return described, CERTAINTY_DESCRIPTION
        if plural and (group := self.group_named_by(root)) is not None:
            return group, CERTAINTY_GENERIC_DESCRIPTION
        if plural or is_unspecific(span):
            return None, 0.0
        if is_org_word(head, "name") and _named_modifier(root, ("amod", "compound")):
            named = self.organization_named(org_name_tokens(root))  # "the Canadian government", not the last organisation
            return named, CERTAINTY_SHORT_NAME if named else 0.0
        if is_org_word(head, "document") or is_org_word(head, "name"):
            recent = self.events_before(position, lambda m: m.subject and m.entity.kind == "organization")
            if recent:
                return recent[-1].entity, CERTAINTY_DESCRIPTION
            return None, 0.0
        word_type = person_word_type(head) or (
            "generic" if _subject_after_its_verb(root) or _states_an_age(span) or _party_member(root) else None
        )
        if word_type is None:
            named = self.appositive_name(root) if _kin_or_gendered_noun(root) else None
            return (named, CERTAINTY_SHORT_NAME) if named else (None, 0.0)  # "Wise's dad, Darrin"
        attached = self.appositive_person(root) or self.appositive_name(root)
        if attached is not None:
            return attached, CERTAINTY_SHORT_NAME
        modifiers = description_words([t for t in span if t.i != root.i and t.i < root.i], self.table.places)
        described = self.described_as(head, modifiers, position)
        if described is not None:
            return described, CERTAINTY_DESCRIPTION
        recent = self.events_before(position, lambda m: m.subject and m.entity.kind == "person")
        if not recent or self.introduced_apart(root, recent[-1].entity):
            return None, 0.0
        if word_type == "generic":
            return recent[-1].entity, CERTAINTY_GENERIC_DESCRIPTION
        if self.paragraph_index(recent[-1].start) >= self.paragraph_index(position) - 1 and not any(modifiers.values()):
            return recent[-1].entity, CERTAINTY_TITLE_OF_LAST_SUBJECT
        return recent[-1].entity, CERTAINTY_UNMATCHED_TITLE

    def introduced_apart(self, root: Token, person: Entity) -> bool:
        """Whether an earlier indefinite noun with the description's head brought in someone
        other than ``person``, who was named before it (``LaPlante … she squared off against a
        lawyer`` … ``the lawyer said``). A predicate or an apposition (``X is a lawyer``)
        describes someone already named, and an indefinite noun before the person's first
        name may introduce them (``set up by an engineering professor`` … Guenther Schuh).
        """
        lemma = root.lemma_.lower()
        named = min((m.start for m in self.table.mentions if m.entity is person), default=None)
        return named is not None and any(
            t.lemma_.lower() == lemma
            and t.dep_ in INTRODUCING_DEPS
            and t.idx > named
            and any(c.dep_ == "det" and c.lower_ in INTRODUCING_DETERMINERS for c in t.children)
            for t in self.doc[: root.sent.start]
        )

    def appositive_person(self, root: Token) -> Entity | None:
        """The person a description stands in apposition to (``Turkish political scientist,
        professor of Kahramanmaraş University Toğrul Ismayil``), if the parse names one; not the
        relative an apposition names (``the rookie, younger brother of Seth Jones``)."""
        related = [t for c in root.children if is_apposition(c) for t in c.subtree if not _related_by_kin(t, c)]
        if is_apposition(root):
            related.append(root.head)
        for token in related:
            mention = self.table.by_token.get(token.i)
            if mention is not None and mention.entity.kind == "person":
                return mention.entity
        return None

    def appositive_name(self, root: Token) -> Entity | None:
        """A person named in apposition to a description of a person, whom the table left out
        or took for a place (``Wise's dad, Darrin``)."""
        for child in root.children:
            if is_apposition(child) and (child.i not in self.table.by_token or child.ent_type_ in PLACE_ENTITIES):
                name = [t for t in child.subtree if t.i <= child.i and t.pos_ == "PROPN" and t.text[:1].isupper()]
                if name and name[-1] is child:
                    return Entity("person", surname=surname_of(name), names=[text_of(name)], weak=False)
        return None

    def described_as(self, head: str, modifiers: dict[str, bool], position: int) -> Entity | None:
        """The person named before ``position`` whom the article describes with ``head`` (and the
        mention's modifiers), preferring the best modifier agreement, then the one named nearest."""
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
            if not before:
                continue  # described so only further on: "the Kentucky Republican" is someone named before
            scored.append((score, before[-1], entity))
        if not scored:
            return None
        return max(scored, key=lambda s: (s[0], s[1]))[2]

    def named_possessor(self, root: Token) -> bool:
        """Whether ``root``'s possessor or compound modifier is a name of the entity table
        (``McCallum's``, ``Surrey`` in ``Surrey staff``)."""
        return any(c.dep_ in ("poss", "compound") and c.i in self.table.by_token for c in root.children)

    @staticmethod
    def entourage(span: Span) -> Entity:
        """The people around a named person or body, speaking as that phrase (``Norman's lawyers``)."""
        words = list(span)
        while words and words[0].pos_ == "DET":
            words = words[1:]
        return Entity("organization", names=[text_of(words)], weak=False)

    def organization_described(self, root: Token, position: int) -> Entity | None:
        """The organisation whose name holds every lower-case noun compounded before a document
        word (``the parole board decision`` → the Parole Board of Canada), named last before
        ``position``; None when the document word has no such noun or no organisation fits."""
        words = {
            t.lower_ for t in root.subtree
            if t.i < root.i and t.dep_ == "compound" and t.pos_ == "NOUN" and t.is_lower
        }
        if not words:
            return None
        fitting = [
            m for m in self.table.mentions
            if m.start < position and m.entity.kind == "organization"
            and words <= {w.lower() for name in m.entity.names for w in name.split()}
        ]
        return fitting[-1].entity if fitting else None

    def organization_named(self, tokens: list[Token]) -> Entity | None:
        """The table's organisation with this name (or an alias of it, or the company a one-word
        name starts, ``company_called``), else a new one."""
        if not tokens:
            return None
        name = text_of(tokens)
        key = org_key(name)
        for entity in self.table.entities:
            if entity.kind == "organization" and org_key(entity.name) == key:
                if name not in entity.names:
                    entity.names.append(name)  # "The West" where the table had "the West"
                return entity
        company = company_called(self.table.entities, name) if len(tokens) == 1 else None
        if company is not None:
            return company  # "Northwind" after "Northwind Energy Inc."
        return Entity("organization", names=[name], weak=False)

    def nearest(self, candidate: Candidate) -> tuple[Entity, int, int, float] | None:
        """For a candidate without a mention: the nearest preceding subject name in its sentence,
        else in the previous sentence of the same paragraph, else that sentence's ``he`` or
        ``she`` subject (``But early on, he lost patients. "When somebody dies, …"``)."""
        here = self.sentence_index(candidate.start)
        outside = [
            m for m in self.table.mentions
            if (m.end <= candidate.start or m.start >= candidate.end) and not self.in_other_quote(m, candidate.start)
        ]
        for sentence in (here, here - 1):
            found = [m for m in outside if m.sentence == sentence]
            if sentence != here and found and "\n" in self.text[found[-1].end : candidate.start]:
                break  # the previous sentence belongs to another paragraph
            subjects = [m for m in found if m.subject] or [m for m in found if m.entity.kind == "person"]
            if subjects:
                chosen = subjects[-1]
                return chosen.entity, chosen.start, chosen.end, CERTAINTY_NEAREST
        return self.pronoun_subject_before(here, candidate.start)

    def pronoun_subject_before(self, here: int, position: int) -> tuple[Entity, int, int, float] | None:
        """The person the last ``he``/``she`` subject of the sentence before sentence ``here``
        (same paragraph, before ``position``) refers to."""
        if here == 0:
            return None
        sentence = self.sentences[here - 1]
        if "\n" in self.text[sentence.end_char : position]:
            return None
        subjects = [
            t for t in sentence
            if t.dep_ in SUBJECT_DEPS and t.lower_ in CONTINUING_SUBJECTS and t.idx < position
        ]
        if not subjects:
            return None
        pronoun = subjects[-1]
        entity, _ = self.resolve_pronoun(pronouns()[pronoun.lower_], pronoun.idx)
        if entity is None:
            return None
        return entity, pronoun.idx, pronoun.idx + len(pronoun.text), CERTAINTY_NEAREST
