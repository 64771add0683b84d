"""A copy of a parsed ``Doc`` that counts reads of ``Doc.text`` and ``Doc.ents``.

spaCy rebuilds both from every token on each read, so a stage that reads
either per candidate costs O(tokens × candidates); tests count the reads.
"""

from __future__ import annotations

from spacy.tokens import Doc


class CountingDoc(Doc):
    """A ``Doc`` whose ``reads`` counts reads of ``text`` and ``ents``."""

    reads: dict[str, int]

    @property
    def text(self) -> str:
        self.reads["text"] += 1
        return super().text

    @property
    def ents(self) -> tuple:
        self.reads["ents"] += 1
        return super().ents


def counting(doc: Doc) -> CountingDoc:
    """A counting copy of ``doc``, with both counts at zero."""
    copy = CountingDoc(doc.vocab).from_bytes(doc.to_bytes())
    copy.reads = {"text": 0, "ents": 0}
    return copy
