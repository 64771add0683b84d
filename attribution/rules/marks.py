"""Quotation marks, from ``quote_marks.tsv`` and ``quote_joining_words.tsv``."""

from __future__ import annotations

from functools import lru_cache

from attribution.rules import load_table


@lru_cache(maxsize=None)
def mark_kinds() -> dict[str, str]:
    """Mark glyph → kind (``double`` or ``single``), from ``quote_marks.tsv``."""
    return {mark: kind for mark, kind, *_ in load_table("quote_marks")}


@lru_cache(maxsize=None)
def mark_glyph_roles() -> dict[str, str]:
    """Mark glyph → its usual role (``open``, ``close`` or ``either``)."""
    return {mark: role for mark, _, role, *_ in load_table("quote_marks")}


@lru_cache(maxsize=None)
def parser_marks() -> dict[int, str]:
    """``str.translate`` table: mark glyph → the glyph the parser is handed instead
    (``quote_marks.tsv``, column ``parse_as``)."""
    return str.maketrans({row[0]: row[3] for row in load_table("quote_marks") if len(row) > 3 and row[3]})


@lru_cache(maxsize=None)
def joining_words() -> frozenset[str]:
    """Words that join two quotations when between them (``quote_joining_words.tsv``)."""
    return frozenset(word for word, *_ in load_table("quote_joining_words"))
