"""Who a speaker is (role, affiliation) and where the words appeared (outlet)."""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.model import Candidate, Profile, Speaker


def describe_speakers(
    doc: Doc, candidates: list[Candidate], speakers: list[Speaker | None]
) -> list[Profile]:
    """Role, affiliation and outlet for each candidate, aligned with ``candidates``."""
    return [Profile() for _ in candidates]
