"""Shaping a reported clause into a quote span: trimmed, kept in its paragraph, its marks balanced."""

from __future__ import annotations

from spacy.tokens import Span

from attribution.detect.cues import Source
from attribution.model import Candidate
from attribution.rules.punctuation import (
    CLOSING_MARKS,
    EDGE_PUNCTUATION,
    INLINE_SPACE,
    INTRODUCING_COLON,
    OPENING_MARKS,
    QUOTE_MARKS,
    TRAILING_PUNCT,
    UTTERANCE_END,
)
from attribution.rules.words import COORDINATORS
from attribution.text.paragraphs import paragraph_at


def clause_candidate(text: str, content: Span, cue: Span, source: Source, anchor: int | None = None) -> Candidate:
    """A candidate from token spans of the document whose text is ``text``; the character span is
    trimmed and its marks balanced.

    The span is cut to the paragraph of ``anchor`` (default: the cue), since
    the parser's sentences sometimes run across paragraph breaks.
    """
    first, last = paragraph_at(text, cue.start_char if anchor is None else anchor)
    start, end = trim_edges(text, max(first, content.start_char), min(last, content.end_char))
    start, end = _end_before_introduced_quote(text, start, end)
    start, end = _take_in_trailing_quote(text, start, end, last)
    start, end = _balance_marks(text, start, end, last)
    start, end = _end_at_closing_mark(text, start, end, cue.start_char)
    start, end = _without_dangling_coordinator(text, start, end)
    mention, method = source
    return Candidate(
        type="mixed" if has_marks(text[start:end]) else "indirect",
        start=start,
        end=end,
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        mention_start=mention.start_char if mention is not None else None,
        mention_end=mention.end_char if mention is not None else None,
        method=method,
    )


def trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut whitespace and punctuation from both ends; a closing mark and what it closes stay."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return start, end


def _without_dangling_coordinator(text: str, start: int, end: int) -> tuple[int, int]:
    """A span cut before a second clause (``… behind him`` / ``… and he noted``) does not end on its ``and``."""
    head, _, last = text[start:end].rpartition(" ")
    if head and last.lower() in COORDINATORS:
        return trim_edges(text, start, start + len(head))
    return start, end


def _end_before_introduced_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that runs over a colon introducing a quotation ends at the colon.

    ``stressed that Baku valued the arrival of Vladimir Putin: "it's worth, …"``:
    the quotation after the colon is the speaker's own words (a direct quote),
    not part of the reported clause.
    """
    match = INTRODUCING_COLON.search(text, start, end)
    if match is None or sum(ch.isalnum() for ch in text[start : match.start()]) < 3:
        return start, end
    return trim_edges(text, start, match.start())


def _take_in_trailing_quote(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """A span ending on an opening mark (``she recalled thinking, "``) runs on to its closing mark.

    Without a closing mark before ``limit`` the dangling mark is cut instead.
    """
    if end <= start:
        return start, end
    last = text[end - 1]
    if not (last in OPENING_MARKS or (last == '"' and text[end - 2 : end - 1].isspace())):
        return start, end
    closings = [i for i in (text.find(m, end, limit) for m in (*CLOSING_MARKS, '"')) if i != -1]
    if closings:
        return start, min(closings) + 1
    return trim_edges(text, start, end - 1)


def _balance_marks(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """Extend a span over the bracket it opens, and over the closing mark of a quote it opens.

    A curly quote opened in the span runs to its closing mark (before
    ``limit``, the paragraph end): the marks outrank the parse. A straight
    quote, whose marks cannot tell opening from closing, is only closed by a
    mark within three characters; failing that, an opening mark just before
    the span is taken in.
    """
    inner = text[start:end]
    if inner.count("(") > inner.count(")") and text[end : end + 1] == ")":
        end += 1
        inner = text[start:end]
    if sum(inner.count(m) for m in OPENING_MARKS) > sum(inner.count(m) for m in CLOSING_MARKS):
        closing = min((i for i in (text.find(m, end, limit) for m in CLOSING_MARKS) if i != -1), default=-1)
        reopened = any(text.find(m, end, closing) != -1 for m in OPENING_MARKS)
        if closing != -1 and not reopened:
            return start, closing + 1
    if inner.count('"') % 2 == 1:
        i = end
        while i < min(limit, len(text)) and i - end < 3 and text[i] in TRAILING_PUNCT + " ":
            i += 1
        if i < len(text) and text[i] in CLOSING_MARKS | {'"'}:
            return start, i + 1
        if start > 0 and text[start - 1] in OPENING_MARKS | {'"'}:
            return start - 1, end
    return start, end


def _end_at_closing_mark(text: str, start: int, end: int, cue_start: int) -> tuple[int, int]:
    """A span opening with a quotation mark ends at its closing mark when the quotation is a whole
    utterance followed by something else.

    That is when the cue follows the mark (``“A,” Mironchik said`` → ``“A,”``), or when the
    quotation ends in punctuation (``“A,” Mironchik said`` hung by the parser on an earlier
    cue) and no coordinated clause follows (``the fact that "A," and B`` runs on). A fragment
    that continues its clause (``that "a bomb" had gone off``) runs on too.
    """
    if end - start < 2 or text[start] not in OPENING_MARKS | {'"'}:
        return start, end
    closing = min((i for i in (text.find(m, start + 1, end) for m in (*CLOSING_MARKS, '"')) if i != -1), default=-1)
    if closing == -1:
        return start, end
    following = text[closing + 1 : end].lstrip(INLINE_SPACE + ",;").split(" ", 1)[0].lower()
    utterance = text[closing - 1] in UTTERANCE_END and following not in COORDINATORS
    if closing < cue_start < end or utterance:
        return start, closing + 1
    return start, end


def has_marks(text: str) -> bool:
    return any(ch in QUOTE_MARKS for ch in text)
