"""Per-document orchestration: detectors → speaker resolution → profiles → Quotes.

Each stage is a pure function over a parsed ``Doc`` that returns plain
dataclasses, so each can be tested on its own:

1. ``direct.find_direct_quotes``     quotation-mark quotes and their cue/mention
2. ``reported.find_reported_speech`` indirect and mixed quotes
3. ``reported.merge_candidates``     one list, mixed quotes absorbing the
                                     direct fragments they contain
4. ``entities.resolve_speakers``     mention → fullest name of the entity
5. ``profile.describe_speakers``     role, affiliation, outlet per quote
"""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.extract.direct import find_direct_quotes
from attribution.extract.entities import resolve_speakers
from attribution.extract.profile import describe_speakers
from attribution.extract.reported import find_reported_speech, merge_candidates
from attribution.model import Candidate, Profile, Quote, Speaker

# How much a speaker found by each method is worth, before the certainty of
# resolving its mention to a name is applied. Ordered as DESIGN.md ranks them:
# explicit subject of the cue > inverted order > colon/dash > inherited from
# the previous quote > nearest entity.
METHOD_CONFIDENCE: dict[str, float] = {
    "subject": 0.95,
    "according_to": 0.9,
    "inverted": 0.9,
    "possessive": 0.85,
    "colon": 0.8,
    "dash": 0.75,
    "inherited": 0.6,
    "nearest": 0.4,
    "none": 0.2,
}


def quotes_from_doc(doc: Doc) -> list[Quote]:
    """All quotes of a parsed document, in text order."""
    text = doc.text  # spaCy rebuilds Doc.text from the tokens on every access: read it once
    candidates = merge_candidates(find_direct_quotes(doc, text), find_reported_speech(doc, text))
    speakers = resolve_speakers(doc, candidates, text)
    profiles = describe_speakers(doc, candidates, speakers)
    quotes = [build_quote(text, c, s, p) for c, s, p in zip(candidates, speakers, profiles, strict=True)]
    return sorted(quotes, key=lambda q: (q.start, q.end))


def build_quote(text: str, candidate: Candidate, speaker: Speaker | None, profile: Profile) -> Quote:
    """Combine one candidate with its resolved speaker and profile."""
    confidence = METHOD_CONFIDENCE.get(candidate.method, METHOD_CONFIDENCE["none"])
    if speaker is None:
        mention_start, mention_end = candidate.mention_start, candidate.mention_end
        confidence *= 0.5
    else:
        mention_start, mention_end = speaker.mention_start, speaker.mention_end
        confidence *= speaker.certainty
    mention = text[mention_start:mention_end] if mention_start is not None else None
    return Quote(
        type=candidate.type,
        text=text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        speaker=speaker.name if speaker else None,
        speaker_kind=speaker.kind if speaker else None,
        speaker_mention=mention,
        speaker_start=mention_start if mention is not None else None,
        speaker_end=mention_end if mention is not None else None,
        role=profile.role,
        affiliation=profile.affiliation,
        outlet=profile.outlet or candidate.outlet,
        cue=candidate.cue,
        confidence=round(confidence, 3),
    )
