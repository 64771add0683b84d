"""Direct quotes: quotation-mark spans and the attribution next to them."""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.model import Candidate


def find_direct_quotes(doc: Doc) -> list[Candidate]:
    """Quotation-mark quotes of ``doc`` with their cue and speaker mention."""
    return []
