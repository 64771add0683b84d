"""Quote detection: a parsed Doc in, ``Candidate`` spans with their cue and speaker mention out.

Direct quotes (``direct``) and reported speech (``reported``, one finder module
per pattern, run in the order of ``reported.CLAUSE_FINDERS``) are found apart,
then merged into one list (``merge``), without the quotes that are headlines
(``headlines``). ``find_candidates`` runs them in that order.
"""

from __future__ import annotations

from spacy.tokens import Doc

from attribution.detect.direct import find_direct_quotes
from attribution.detect.headlines import drop_headline_quotes
from attribution.detect.merge import merge_candidates
from attribution.detect.reported import find_reported_speech
from attribution.model import Candidate


def find_candidates(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Every quote candidate of ``doc`` in text order: direct, indirect and mixed.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    merged = merge_candidates(find_direct_quotes(doc, text), find_reported_speech(doc, text))
    return drop_headline_quotes(text, merged)


__all__ = ["find_candidates", "find_direct_quotes", "find_reported_speech", "merge_candidates"]
