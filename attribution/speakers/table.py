"""The entity table of one document: every person and organisation named in it and where."""

from __future__ import annotations

import numpy
from spacy.attrs import POS
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from attribution.speakers.entities import Entity, EntityTable, Mention, company_called
from attribution.parsed import SUBJECT_DEPS, text_of
from attribution.profile.shared_titles import shared_titles
from attribution.rules.cues import cue_verbs, verb_complements
from attribution.speakers.names import PLACE_LABELS, description_words, place_words
from attribution.speakers.organizations import noun_phrase_head, org_key, org_name_tokens
from attribution.speakers.people import Layout, Occurrence, group_people, person_occurrence, read_person_name


NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC"})
#: Kinds of cue verb whose subject news writes after them (``says X``, ``insists X``).
INVERTING_CUE_KINDS = frozenset({"speech", "stance"})
#: Complements (``complement_verbs.tsv``) that make a cue verb's object part of what is said or its addressee.
OBJECT_COMPLEMENTS = frozenset({"object", "naming", "object_for", "infinitive"})
#: Tags of a verb in the present or past tense (``insists``, ``insisted``), not a participle.
FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP"})


def is_subject(token: Token, mention_tokens: frozenset[int]) -> bool:
    """Whether a name's head is a clause subject (of its own clause or of a ``who`` clause on it), a
    passive agent or a candidate's speaker mention."""
    if token.i in mention_tokens:
        return True
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ in SUBJECT_DEPS or _misparsed_subject(token) or _inverted_subject(token):
        return True
    if any(c.dep_ == "relcl" and any(w.dep_ in SUBJECT_DEPS and w.lower_ == "who" for w in c.children) for c in token.children):
        return True  # the subject of its relative clause: "about Alfonso Espinos, who was born in Mexico"
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _inverted_subject(token: Token) -> bool:
    """A name right after a finite speech verb that has no subject, which the parser took for
    its object (``…, insists 16-year-old Xander Wise, in seeing …``); not the object of a verb
    whose object is what it is about or whom it addresses (``blames X``, ``urges X``, ``told X``)."""
    verb = token.head
    lemma = verb.lemma_.lower()
    return (
        token.dep_ == "dobj"
        and verb.i < token.i
        and verb.tag_ in FINITE_VERB_TAGS
        and cue_verbs().get(lemma) in INVERTING_CUE_KINDS
        and not verb_complements().get(lemma, frozenset()) & OBJECT_COMPLEMENTS
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def _misparsed_subject(token: Token) -> bool:
    """A name opening its sentence before a verb that has no subject (``Purdy, 73, credits …``,
    where the parser hangs the name on the verb as a clause of its own)."""
    verb = token.head
    return (
        verb.dep_ == "ROOT"
        and verb.i > token.i
        and verb.pos_ == "VERB"
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and token.left_edge.i == verb.sent.start
    )


def build_entity_table(doc: Doc, mention_tokens: frozenset[int] = frozenset()) -> EntityTable:
    """Every person and organisation named in ``doc``, grouped into entities.

    ``mention_tokens`` are tokens of the candidates' speaker mentions; a name
    there counts as a subject (a likely antecedent for a later pronoun).
    """
    ents = doc.ents  # spaCy builds the entity spans anew on each access
    places = place_words(ents)
    spans = name_spans(doc, ents)
    layout = Layout.of(doc)
    occurrences = person_occurrences(spans, places, layout)
    people = [occurrences[index] for index in sorted(occurrences)]
    table = _TableBuilder(layout, mention_tokens)
    for entity, occurrence in group_people(people):
        table.add(occurrence.tokens, entity)
    describe_shared_titles(doc, table.by_token, places)
    orgs: dict[frozenset[str], Entity] = {}
    for tokens in organization_spans(spans, occurrences):
        if any(t.i in table.by_token for t in tokens):
            continue
        name = text_of(tokens)
        key = org_key(name)
        entity = orgs.get(key)
        if entity is None:
            entity = orgs[key] = Entity("organization", weak=False)
        entity.names.append(name)
        table.add(tokens, entity)
    _merge_first_word_names(table, list(orgs.values()))
    table.mentions.sort(key=lambda m: m.start)
    return EntityTable(table.entities, table.mentions, table.by_token, places)


def _merge_first_word_names(table: _TableBuilder, organisations: list[Entity]) -> None:
    """A one-word organisation name that is a company's first word is that company (``company_called``)."""
    for entity in organisations:
        if any(len(name.split()) != 1 for name in entity.names):
            continue
        owner = company_called(organisations, entity.names[0], other_than=entity)
        if owner is None:
            continue
        owner.names.extend(entity.names)
        for mention in table.mentions:
            if mention.entity is entity:
                mention.entity = owner
        table.entities.remove(entity)


def person_occurrences(spans: list[Span], places: frozenset[str], layout: Layout) -> dict[int, Occurrence]:
    """The person occurrence of each name span (by its index) that reads as a person's name."""
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
    return occurrences


def organization_spans(spans: list[Span], occurrences: dict[int, Occurrence]) -> list[list[Token]]:
    """The name tokens of each named span that is no person's, longest first."""
    org_spans: list[list[Token]] = []
    for index, span in enumerate(spans):
        if index not in occurrences and span.label_ in NAME_LABELS:
            tokens = org_name_tokens(noun_phrase_head(span.root))
            if tokens:
                org_spans.append(tokens)
    org_spans.sort(key=lambda tokens: -len(tokens))
    return org_spans


class _TableBuilder:
    """Entities in order of their first mention, their mentions, and the mention of each token."""

    def __init__(self, layout: Layout, mention_tokens: frozenset[int]) -> None:
        self.layout = layout
        self.mention_tokens = mention_tokens
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}

    def add(self, tokens: list[Token], entity: Entity) -> None:
        """A mention of ``entity`` by ``tokens`` (the entity listed at its first mention)."""
        if entity not in self.entities:
            self.entities.append(entity)
        head = max(tokens, key=lambda t: t.i)
        mention = Mention(tokens[0].idx, head.idx + len(head.text), entity, self.layout.sentences.index(head.i),
                          is_subject(head, self.mention_tokens))
        self.mentions.append(mention)
        for token in tokens:
            self.by_token.setdefault(token.i, mention)


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
    """NER name entities (of ``ents``, the doc's) plus runs of proper nouns NER left untagged, in text
    order; not a photo credit (``Robyn Beck/Bloomberg News``), whose slash no name has."""
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
    spans = [span for span in spans if not any(t.text == "/" for t in span)]  # a credit: "Robyn Beck/Bloomberg News"
    return sorted(spans, key=lambda s: s.start)
