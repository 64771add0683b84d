"""Role, affiliation and outlet for each quote's speaker."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from attribution.model import Candidate, Profile, Speaker
from attribution.parsed import Sentences, line_break_tokens
from attribution.profile.outlets import quote_outlets
from attribution.profile.shared_titles import shared_titles
from attribution.profile.speaker_titles import speaker_titles, surname_index


#: Least resolver certainty for a description mention ("the Russian president")
#: to tell the speaker's role: below it the resolver only guessed.
MIN_DESCRIPTION_CERTAINTY = 0.5


def describe_speakers(
    doc: Doc,
    candidates: list[Candidate],
    speakers: list[Speaker | None],
    spellings: dict[str, list[int]] | None = None,
) -> list[Profile]:
    """Role, affiliation and outlet for each candidate, aligned with ``candidates``.

    Role and affiliation are read for person speakers only; a description the
    resolver linked to the speaker counts when it did so with at least
    ``MIN_DESCRIPTION_CERTAINTY`` (not a guess such as the nearest person).
    ``spellings`` is ``surname_index`` of the person speakers' names, built here when not given.
    """
    if not candidates:
        return []
    descriptions: dict[str, list[Span]] = {}
    for speaker in speakers:
        if speaker is None or speaker.kind != "person":
            continue
        spans = descriptions.setdefault(speaker.name, [])
        if speaker.certainty >= MIN_DESCRIPTION_CERTAINTY:
            span = doc.char_span(
                speaker.mention_start, speaker.mention_end, alignment_mode="expand"
            )
            if span is not None and len(span):
                spans.append(span)
    shares = shared_titles(doc) if descriptions else []
    if spellings is None:
        spellings = surname_index(doc, descriptions)
    sentences = Sentences.of(doc)
    titles = {
        name: speaker_titles(doc, name, spans, shares, spellings, sentences)
        for name, spans in descriptions.items()
    }
    outlets = quote_outlets(doc, candidates, speakers, sentences, line_break_tokens(doc))
    profiles = []
    for speaker, outlet in zip(speakers, outlets, strict=True):
        role, affiliation = titles.get(speaker.name, (None, None)) if speaker else (None, None)
        profiles.append(Profile(role=role, affiliation=affiliation, outlet=outlet))
    return profiles
