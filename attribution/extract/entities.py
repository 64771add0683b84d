"""Speaker resolution: mentions (names, pronouns, descriptions) → fullest name."""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.model import Candidate, Speaker


def resolve_speakers(doc: Doc, candidates: list[Candidate]) -> list[Speaker | None]:
    """The speaker of each candidate, aligned with ``candidates``."""
    return [None for _ in candidates]
