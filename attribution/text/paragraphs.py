"""Paragraphs of a plain text, as offsets: a line, or a block of hard-wrapped lines.

Most articles put one paragraph on a line, so a line break ends a paragraph.
Plain-text exports and e-mail newsletters instead wrap each paragraph at a
fixed width and separate paragraphs by blank lines. There a line break inside
a block of non-blank lines is a wrap, not a paragraph end, when it has the
signature of a wrapper that fills lines greedily: the text has a blank line
somewhere, the line is no longer than ``MAX_WRAPPED_LINE`` characters, and
the first word of the next line would not have fitted on it (the width being
the longest such line of the text). A short line (a dateline, a list item,
a headline) followed by one whose first word would have fitted still ends
its paragraph; a text without blank lines, or with more than a tenth of its
lines longer than ``MAX_WRAPPED_LINE``, is read line by line.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
import re


SPACE_RUN = re.compile(r"\s*")
LINE = re.compile(r"[^\n]+")
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
#: The first unbreakable word of a line (a no-break space does not end it).
FIRST_WORD = re.compile(r"[ \t]*([^ \t\r\n]*)")
#: Longest line (without trailing spaces) of a text hard-wrapped at a fixed width.
MAX_WRAPPED_LINE = 100
#: Largest share of longer lines (an unbreakable URL, a table) a hard-wrapped text may have.
MAX_LONG_LINE_SHARE = 0.1


@lru_cache(maxsize=2)
def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every paragraph of ``text``: a non-blank line, or a run of wrapped
    lines (see the module docstring).

    Kept for the last texts read, since every detector asks for them.
    """
    lines = [(m.start(), m.end()) for m in LINE.finditer(text) if not blank(text, m.start(), m.end())]
    width = _wrap_width(text, lines)
    spans: list[tuple[int, int]] = []
    for start, end in lines:
        if spans and width and _is_wrap(text, spans[-1][1], start, width):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    """``(start, end)`` of the paragraph holding ``offset``, or of the gap between two paragraphs.

    A gap (blank lines) runs from the end of one paragraph to the start of
    the next, so an offset in a paragraph break never reaches past it.
    """
    spans = paragraph_spans(text)
    k = bisect_right(spans, (offset, len(text) + 1)) - 1
    if k >= 0 and offset <= spans[k][1]:
        return spans[k]
    return (spans[k][1] if k >= 0 else 0), (spans[k + 1][0] if k + 1 < len(spans) else len(text))


def next_paragraph(text: str, offset: int) -> tuple[int, int] | None:
    """``(start, end)`` of the first paragraph starting after ``offset``, or None."""
    spans = paragraph_spans(text)
    k = bisect_right(spans, (offset, len(text) + 1))
    return spans[k] if k < len(spans) else None


def breaks_paragraph(text: str, start: int, end: int) -> bool:
    """True when the whitespace ``text[start:end]`` holds a paragraph break (not only a wrap)."""
    if "\n" not in text[start:end]:
        return False
    p_start, p_end = paragraph_at(text, start)
    return not (p_start <= start and end <= p_end)


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int:
    """The width a hard-wrapped ``text`` was wrapped at, or 0 when its lines are paragraphs.

    Zero without a blank line or when more than ``MAX_LONG_LINE_SHARE`` of the
    lines are longer than ``MAX_WRAPPED_LINE``; else the longest of the other
    lines (trailing spaces and ``\\r`` not counted).
    """
    if not BLANK_LINE.search(text):
        return 0
    lengths = [_line_length(text, start, end) for start, end in lines]
    short = [n for n in lengths if n <= MAX_WRAPPED_LINE]
    if len(lengths) - len(short) > MAX_LONG_LINE_SHARE * len(lengths):
        return 0
    return max(short, default=0)


def _line_length(text: str, start: int, end: int) -> int:
    """Length of the line ``text[start:end]`` without its trailing whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end - start


def _is_wrap(text: str, line_end: int, next_start: int, width: int) -> bool:
    """True when the break between a line ending at ``line_end`` and the next line is a wrap.

    Only a single line break (no blank line) can be one; the line before must
    be no longer than ``width`` and too full for the next line's first word
    (spaces left at its end count: the wrapper broke at the last of them).
    """
    if text.count("\n", line_end, next_start) != 1:
        return False
    line_start = text.rfind("\n", 0, line_end) + 1
    length = _line_length(text, line_start, line_end)
    used = len(text[line_start:line_end].rstrip("\r"))
    first_word = FIRST_WORD.match(text, next_start)
    return length <= width and used + 1 + len(first_word.group(1)) > width


def blank(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is all whitespace (read only as far as its first other character)."""
    return SPACE_RUN.match(text, start, end).end() == end
