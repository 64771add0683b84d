"""A person speaker's gender, only where the article itself states it.

Three kinds of evidence (``model.GENDER_EVIDENCE``) are read for a speaker,
with the words of ``gender_words.tsv`` and ``pronouns.tsv``:

- ``pronoun``: a speaker mention the resolver linked to the speaker, with one
  candidate antecedent only (``CERTAINTY_PRONOUN``), is a gendered pronoun
  (``"…," she said``);
- ``honorific``: a capitalised form of address right before one of the
  speaker's name occurrences (``Mr. Okafor``);
- ``role_noun``: a gendered noun right before a name occurrence
  (``spokeswoman Lee Park``), heading an apposition to it (``Lee Park, a
  spokeswoman for …``) or heading the speaker's role (``Chairman of the Board``).

A given name is never evidence. A speaker's evidence is combined with
``model.combine_gender``: kinds that agree are all listed, any disagreement
leaves the gender unknown (evidence ``conflict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from attribution.model import Profile, Speaker, combine_gender
from attribution.parsed import compound_head
from attribution.profile.speaker_titles import name_occurrences, surname_index
from attribution.rules.names import gender_words, pronouns
from attribution.rules.words import TITLE_PREPOSITIONS
from attribution.speakers.resolver import CERTAINTY_PRONOUN

Reading = tuple[str | None, str | None]
UNKNOWN: Reading = (None, None)
#: ``pronouns.tsv`` gender codes → genders.
PRONOUN_GENDERS = {"f": "female", "m": "male"}


def speaker_genders(
    doc: Doc,
    speakers: list[Speaker | None],
    profiles: list[Profile],
    spellings: dict[str, list[int]] | None = None,
) -> list[Speaker | None]:
    """``speakers`` (aligned with their ``profiles``) with the gender the article states for each person.

    ``spellings`` is ``surname_index`` of the person speakers' names, built here when not given.
    """
    names = {s.name for s in speakers if s is not None and s.kind == "person"}
    if not names:
        return speakers
    if spellings is None:
        spellings = surname_index(doc, names)
    readings: dict[str, Reading] = {}
    for speaker, profile in zip(speakers, profiles, strict=True):
        if speaker is None or speaker.kind != "person":
            continue
        if speaker.name not in readings:
            readings[speaker.name] = _combined(_name_evidence(doc, speaker.name, spellings))
        found = [readings[speaker.name], _pronoun_evidence(doc, speaker), _role_evidence(profile.role)]
        readings[speaker.name] = _combined(found)
    return [
        replace(s, gender=readings[s.name][0], gender_evidence=readings[s.name][1]) if s and s.name in readings else s
        for s in speakers
    ]


def _combined(readings: Iterable[Reading]) -> Reading:
    combined = UNKNOWN
    for reading in readings:
        combined = combine_gender(combined, reading)
    return combined


def _pronoun_evidence(doc: Doc, speaker: Speaker) -> Reading:
    """``(gender, "pronoun")`` when the speaker's mention is a gendered personal pronoun
    the resolver linked without a choice between antecedents."""
    if speaker.certainty < CERTAINTY_PRONOUN:
        return UNKNOWN
    span = doc.char_span(speaker.mention_start, speaker.mention_end, alignment_mode="expand")
    if span is None or len(span) != 1 or span.root.pos_ not in ("PRON", "DET"):
        return UNKNOWN
    pronoun = pronouns().get(span.root.lower_)
    if pronoun is None or pronoun.refers_to != "person" or pronoun.gender not in PRONOUN_GENDERS:
        return UNKNOWN
    return PRONOUN_GENDERS[pronoun.gender], "pronoun"


def _name_evidence(doc: Doc, name: str, spellings: dict[str, list[int]]) -> Iterator[Reading]:
    """The honorifics and role nouns at each occurrence of ``name`` (``name_occurrences``)."""
    for start, end in name_occurrences(doc, name, spellings):
        if start > 0:
            before = doc[start - 1]
            word = gender_words().get(before.lower_)
            if word is not None and (word.evidence == "role_noun" or before.text[:1].isupper()):
                yield word.gender, word.evidence
        for noun in _apposed_nouns(doc[start:end]):
            word = gender_words().get(noun.lower_)
            if word is not None and word.evidence == "role_noun":
                yield word.gender, word.evidence


def _apposed_nouns(name: Span) -> list[Token]:
    """The nouns in apposition to a name: ``Lee Park, a spokeswoman``, ``the actress, Jane Doe``."""
    head = compound_head(name.root)
    nouns = [child for child in head.children if child.dep_ == "appos"]
    if head.dep_ == "appos":
        nouns.append(head.head)
    return [noun for noun in nouns if noun.pos_ == "NOUN"]


def _role_evidence(role: str | None) -> Reading:
    """``(gender, "role_noun")`` when the head noun of the role is gendered: its last word
    before a preposition or comma (``City spokeswoman``, ``Chairman of the Board``)."""
    head = None
    for word in (role or "").replace(",", " , ").split():
        if word == "," or word.casefold() in TITLE_PREPOSITIONS:
            break
        head = word
    word = gender_words().get(head.casefold()) if head else None
    if word is None or word.evidence != "role_noun":
        return UNKNOWN
    return word.gender, word.evidence
