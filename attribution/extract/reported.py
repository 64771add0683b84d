"""Indirect and mixed quotes: reported speech without (or with partial) marks."""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.model import Candidate


def find_reported_speech(doc: Doc) -> list[Candidate]:
    """Indirect and mixed quote candidates of ``doc``."""
    return []


def merge_candidates(direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """One candidate list; a mixed quote absorbs the direct fragments inside it."""
    return [*direct, *reported]
