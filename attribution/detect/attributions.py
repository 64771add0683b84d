"""What attributes a quotation from inside its window: a cue verb with its speaker, a colon, a dash."""

from __future__ import annotations

from spacy.tokens import Span, Token

from attribution.detect.according_to import according_to
from attribution.detect.cues import Attribution, is_cue_verb, cue_subject, with_mention
from attribution.detect.mentions import name_text, noun_phrase
from attribution.detect.view_nouns import possessive
from attribution.parsed import VERB_POS, compound_head, is_proper_noun
from attribution.rules.cues import speech_nouns
from attribution.rules.names import person_word_type
from attribution.rules.words import OUTLET_OBJECT_VERBS, OUTLET_SUBJECT_VERBS


OUTLET_ENTITY_TYPES = {"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "FAC"}


def window_attribution(window: list[Token], quoted: list[bool]) -> tuple[int, Attribution] | None:
    """The nearest cue in ``window`` with its speaker, as ``(distance, attribution)``."""
    for distance, token in enumerate(window):
        found = according_to(token) or _cue_verb_attribution(token, window, quoted) or possessive(token)
        if found is not None:
            return distance, found
    return None


def _cue_verb_attribution(verb: Token, window: list[Token], quoted: list[bool]) -> Attribution | None:
    """A cue verb and its speaker: subject, agent (``reported by X``) or ``quotes`` object.

    A subject inside a quote is a misparse and is ignored; then a name or
    pronoun right after the verb (``said Ellis``) or a noun phrase right before
    it (``"…," Obama's former strategist said``) is the speaker.
    """
    if not is_cue_verb(verb) or _passive_with_infinitive(verb):
        return None
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    cue = verb.doc[cue_tokens[0].i : cue_tokens[-1].i + 1]
    outlet = _told_outlet(verb)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    subject = cue_subject(verb)
    if subject is not None and quoted[subject.i]:
        subject = None
    if verb.lemma_.lower() in OUTLET_SUBJECT_VERBS and objects and subject is not None:
        outlet = name_text(noun_phrase(subject))
        return with_mention("subject", cue, noun_phrase(objects[0]), outlet)
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agents:
        return with_mention("subject", cue, noun_phrase(agents[0]), outlet)
    if subject is not None:
        method = "inverted" if subject.i > verb.i else "subject"
        return with_mention(method, cue, noun_phrase(subject), outlet)
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after in window and _could_be_speaker(after):
        return with_mention("inverted", cue, noun_phrase(after), outlet)
    described = _inverted_description(verb, cue, quoted)
    if described is not None and described in window:
        return with_mention("inverted", cue, noun_phrase(described), outlet)
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before in window and (before.pos_ in ("PRON", "NOUN") or is_proper_noun(before)):
        return with_mention("subject", cue, noun_phrase(before), outlet)
    return Attribution("none", cue.text, cue.start_char, cue.end_char, outlet=outlet)


def _passive_with_infinitive(verb: Token) -> bool:
    """``Her government is expected to survive the vote``: a forecast about the subject,
    not anyone's words."""
    return any(c.dep_ == "nsubjpass" for c in verb.children) and any(
        c.dep_ == "xcomp" and any(a.tag_ == "TO" for a in c.children) for c in verb.children
    )


def _inverted_description(verb: Token, cue: Span, quoted: list[bool]) -> Token | None:
    """``"…," points out the laid-back Guelph resident``: right after a quote, a cue whose
    parsed object, opening right after the ``cue``, is a description of a person
    (``person_descriptions.tsv``) names its speaker."""
    if not any(quoted[i] for i in range(max(0, verb.i - 3), verb.i)):
        return None
    for child in verb.rights:
        if child.dep_ == "prt":
            continue
        if child.dep_ == "dobj" and child.pos_ == "NOUN" and person_word_type(child.lemma_.lower()) is not None:
            first = verb.doc[child.left_edge.i]
            return child if first.lower_ == "the" and first.i == cue.end else None
        return None
    return None


def _could_be_speaker(token: Token) -> bool:
    """True for a name or pronoun that is not the verb's object, an object's possessor
    (``criticising Ms. Kell's plan``) or a date (``said Monday``)."""
    head = compound_head(token)
    if head.dep_ in ("dobj", "dative", "npadvmod", "poss") or token.ent_type_ in ("DATE", "TIME"):
        return False
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ == "PERSON"


def _told_outlet(verb: Token) -> str | None:
    """The medium in ``told TASS`` / ``told RIA Novosti``: a named, non-person object of *tell*."""
    if verb.lemma_.lower() not in OUTLET_OBJECT_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN" and child.ent_type_ in OUTLET_ENTITY_TYPES:
            return name_text(noun_phrase(child))
    return None


def colon_attribution(window: list[Token]) -> tuple[int, Attribution] | None:
    """``Lavrov was limited to the following statement: "…"``: the clause's subject.

    The window (nearest first) must end in a colon; the clause's verb is one
    whose head lies beyond the window (the parser makes the quotation after the
    colon the root); the cue is a speech noun of the clause, if any.
    """
    if not window or window[0].text != ":":
        return None
    clause = set(window)
    heads = [t for t in window if t.pos_ in VERB_POS and t.head not in clause]
    if not heads:
        return None
    subject = cue_subject(heads[0])
    if subject is None or subject not in clause:
        return None
    nouns = [t for t in window if t.pos_ == "NOUN" and t.lemma_.lower() in speech_nouns()]
    cue = nouns[0] if nouns else None
    mention = noun_phrase(subject)
    return len(window) - 1, Attribution(
        "colon",
        cue.text if cue is not None else None,
        cue.idx if cue is not None else None,
        cue.idx + len(cue) if cue is not None else None,
        mention.start_char,
        mention.end_char,
    )


def dash_attribution(window: list[Token]) -> tuple[int, Attribution] | None:
    """``"…" — Commissioner X``: the noun phrase opening ``window``, the tokens after the dash."""
    if not window:
        return None
    name = window[0]
    if name.pos_ not in ("PROPN", "NOUN", "PRON") and not name.ent_type_:
        return None
    head = name
    modifiers = ("compound", "det", "amod", "nmod", "poss")
    while head.head.i != head.i and head.head in window and head.dep_ in modifiers:
        head = head.head
    mention = noun_phrase(head)
    return 0, Attribution("dash", None, None, None, mention.start_char, mention.end_char)
