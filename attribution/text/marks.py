"""Quotation-mark scanning: the spans enclosed by quotation marks, from text alone.

The scanner works paragraph by paragraph (``text.paragraphs``) and decides
whether a mark opens or closes from the running state and the characters
around it, not from its glyph alone, because real articles (machine-translated
ones especially) mix glyphs (``“ … ."``) and space them oddly (``say" Yes "or" no ",``).

Rules, in order:

- Single marks between letters (``don't``, ``Aliyev’s``) or before a digit
  (``'90s``) are apostrophes. A single mark opens a quote only when a closing
  single mark follows in the same paragraph, so ``students’`` or ``'em`` never
  open anything.
- The first opening mark of either kind starts the outer quote; marks of the
  other kind inside it are nested and stay part of it. Inside, the next mark
  of the outer kind closes it, whatever its glyph, unless it starts an
  inward-spaced pair of one to three words (``say" Yes "or``), which machine
  translation makes of nested quotes, unless a joining word is among them
  (``"losers" and "sad."`` is two quotes), or a pair of the other glyph family
  (curly ``“ ”`` inside straight ``" "``, or the reverse) that closes before
  a mark able to close the outer quote.
- A mark that can only close (``word" ``, `` ".``) met outside any quote ends
  one that starts after the last colon before it (``And added: the essence …
  events ".``), else at the opening of the quote before it in the paragraph
  (whose closer was then a nested mark), else at the paragraph start. A mark
  that starts its paragraph always opens.
- A quote left open runs to the end of its paragraph; when the next paragraph
  starts with an opening mark, the quote continues there (the convention for
  multi-paragraph quotes) and both pieces share a ``group``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
import re
from typing import NamedTuple

from attribution.rules.marks import joining_words, mark_glyph_roles, mark_kinds
from attribution.rules.punctuation import CLOSING_PUNCT, OPENING_CONTEXT
from attribution.text.paragraphs import blank, paragraph_spans


#: Most words an inward-spaced nested pair (``say" Yes "or``) may enclose.
MAX_NESTED_WORDS = 3
NESTED_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """The content of one quotation, without its marks, in one paragraph.

    ``outer_start``/``outer_end`` include the enclosing marks; where a mark is
    missing (``opened``/``closed`` False) the paragraph edge or a colon stands
    in for it and the outer edge is the content edge. Pieces of a quote that
    runs over several paragraphs share ``group``.
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    opened: bool
    closed: bool
    paragraph: int
    group: int


class _Mark(NamedTuple):
    """One quotation mark of a paragraph: where, which kind, how many characters."""

    at: int
    kind: str
    width: int

    @property
    def end(self) -> int:
        return self.at + self.width


def _neighbours(text: str, mark: _Mark, start: int, end: int) -> tuple[str, str]:
    """The characters just before and just after ``mark`` (a space at the paragraph edges)."""
    before = text[mark.at - 1] if mark.at > start else " "
    after = text[mark.end] if mark.end < end else " "
    return before, after


def _is_opening_context(text: str, mark: _Mark, start: int, end: int) -> bool:
    """True when ``mark`` sits before a word: space (or start) before, text after."""
    before, after = _neighbours(text, mark, start, end)
    left = before.isspace() or before in OPENING_CONTEXT or before in mark_kinds()
    right = not after.isspace() and after not in CLOSING_PUNCT
    return left and right


def _is_closing_context(text: str, mark: _Mark, start: int, end: int) -> bool:
    """True when ``mark`` sits after a word: text before, space/punctuation/end after."""
    before, after = _neighbours(text, mark, start, end)
    if before.isspace():
        return after in CLOSING_PUNCT or mark.end >= end
    return after.isspace() or after in CLOSING_PUNCT or after in mark_kinds()


def _is_orphan_closer(text: str, mark: _Mark, start: int, end: int) -> bool:
    """True when a double mark met outside any quote can only be closing one.

    The context decides; when it says neither (``word"word``, `` " ``), the
    glyph does. A mark that starts its paragraph closes nothing.
    """
    if blank(text, start, mark.at):
        return False
    opening = _is_opening_context(text, mark, start, end)
    closing = _is_closing_context(text, mark, start, end)
    if opening != closing:
        return closing
    return not opening and mark_glyph_roles()[text[mark.at : mark.end]] == "close"


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    """Every quotation mark of a paragraph, apostrophes excluded.

    A single mark between letters (``don't``) or before a digit (``'90s``) is
    an apostrophe. Two-character marks (``''``) are read before one-character ones.
    """
    kinds = mark_kinds()
    found: list[_Mark] = []
    for match in _mark_pattern().finditer(text, start, end):
        kind = kinds[match.group()]
        mark = _Mark(match.start(), kind, match.end() - match.start())
        before, after = _neighbours(text, mark, start, end)
        apostrophe = (before.isalnum() and after.isalnum()) or after.isdigit()
        if kind != "single" or not apostrophe:
            found.append(mark)
    return found


@lru_cache(maxsize=None)
def _mark_pattern() -> re.Pattern[str]:
    """Any one- or two-character mark glyph, the two-character ones tried first."""
    glyphs = sorted((mark for mark in mark_kinds() if 1 <= len(mark) <= 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(glyph) for glyph in glyphs))


def _single_closer(text: str, marks: list[_Mark], k: int, start: int, end: int) -> int | None:
    """Index in ``marks`` of the single mark closing the one at ``k``, or None.

    Among the closing-context single marks before the next opening one, the
    first followed by punctuation or the paragraph end wins (so ``students’``
    does not close ``‘… students’ union,’``); otherwise the first.
    """
    candidates = []
    for j in range(k + 1, len(marks)):
        mark = marks[j]
        if mark.kind != "single":
            continue
        if _is_closing_context(text, mark, start, end):
            candidates.append(j)
        elif _is_opening_context(text, mark, start, end):
            break
    for j in candidates:
        before, after = _neighbours(text, marks[j], start, end)
        if marks[j].end >= end or after in CLOSING_PUNCT or before in CLOSING_PUNCT:
            return j
    return candidates[0] if candidates else None


def _nested_pair_end(
    text: str, marks: list[_Mark], k: int, start: int, end: int, stop_words: frozenset[str]
) -> int | None:
    """Index of the mark ending an inward-spaced nested pair starting at ``k``, or None.

    ``say" Yes "or``: the first mark is glued to the word before it and spaced
    after, the second spaced before and glued after, one to three plain words
    between (none of them in ``stop_words``, so ``Turkey" he said "We`` is not
    a pair), the glyphs are not a closing one then an opening one (``“a” of
    “b”``), and another mark of the kind still follows to close the outer quote.
    """
    first = marks[k]
    if k + 2 >= len(marks) or marks[k + 1].kind != first.kind:
        return None
    second = marks[k + 1]
    before_first, after_first = _neighbours(text, first, start, end)
    before_second, after_second = _neighbours(text, second, start, end)
    if not (before_first.isalpha() and after_first.isspace()):
        return None
    if not (before_second.isspace() and not after_second.isspace()):
        return None
    words = text[first.end : second.at].split()
    if not 1 <= len(words) <= MAX_NESTED_WORDS or NESTED_WORDS.fullmatch("".join(words)) is None:
        return None
    if any(word.lower() in stop_words for word in words):
        return None
    if not any(m.kind == first.kind for m in marks[k + 2 :]):
        return None
    roles = mark_glyph_roles()
    if roles[text[first.at : first.end]] == "close" and roles[text[second.at : second.end]] == "open":
        return None
    return k + 1


def _is_straight(text: str, mark: _Mark) -> bool:
    """True for a glyph that looks the same opening and closing (``"``, ``''``)."""
    return mark_glyph_roles()[text[mark.at : mark.end]] == "either"


def _other_glyph_pair_end(text: str, marks: list[_Mark], k: int, outer: _Mark, start: int, end: int) -> int | None:
    """Index of the mark closing a pair nested with the other glyph family, or None.

    ``"… the question: “As you know, …?” Forty-three, yes …"``: inside a quote
    opened by a straight mark, an opening curly one (or the reverse) starts a
    nested pair when it closes before another mark of the outer glyph family
    that can close the outer quote, or, in a quote that opens its paragraph
    and runs on (``"PENCE: … an episode of “Shark Tank.” But …``, the
    multi-paragraph convention), when no mark of the kind follows at all.
    """
    inner = marks[k]
    if _is_straight(text, inner) == _is_straight(text, outer) or not _is_opening_context(text, inner, start, end):
        return None
    for j in range(k + 1, len(marks)):
        if marks[j].kind != inner.kind or _is_straight(text, marks[j]) != _is_straight(text, inner):
            continue
        if not _is_closing_context(text, marks[j], start, end):
            return None
        later = [m for m in marks[j + 1 :] if m.kind == outer.kind]
        if any(_is_straight(text, m) == _is_straight(text, outer) for m in later):
            return j
        opens_paragraph = blank(text, start, outer.at)
        return j if opens_paragraph and not later else None
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` with surrounding whitespace removed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _scan_paragraph(
    text: str, start: int, end: int, stop_words: frozenset[str]
) -> Iterator[tuple[_Mark | None, _Mark | None]]:
    """``(opening, closing)`` marks of each quote of one paragraph; None stands for a missing mark."""
    marks = _marks(text, start, end)
    k = 0
    while k < len(marks):
        mark = marks[k]
        if mark.kind == "single":
            j = _single_closer(text, marks, k, start, end) if _is_opening_context(text, mark, start, end) else None
            if j is None:
                k += 1
                continue
            yield mark, marks[j]
            k = j + 1
            continue
        if _is_orphan_closer(text, mark, start, end):
            yield None, mark
            k += 1
            continue
        k += 1
        close = None
        while k < len(marks):
            if marks[k].kind != mark.kind:
                k += 1
                continue
            nested_end = _nested_pair_end(text, marks, k, start, end, stop_words)
            if nested_end is None:
                nested_end = _other_glyph_pair_end(text, marks, k, mark, start, end)
            if nested_end is not None:
                k = nested_end + 1
                continue
            close = marks[k]
            k += 1
            break
        yield mark, close


def _paragraph_quotes(
    text: str, start: int, end: int, stop_words: frozenset[str]
) -> list[tuple[int, _Mark | None, _Mark | None]]:
    """``(content_start, opening, closing)`` of each quote of one paragraph.

    A closer without an opener starts its quote after the last colon before it
    (``And added: … ".``) or, with no colon, at the opening of the quote before
    it, whose closer was then a nested mark (``"… Iskanders" - this is …," said``),
    or at the paragraph start. Quotes it swallows this way are dropped.
    """
    quotes: list[tuple[int, _Mark | None, _Mark | None]] = []
    for opening, closing in _scan_paragraph(text, start, end, stop_words):
        if opening is not None:
            quotes.append((opening.end, opening, closing))
            continue
        assert closing is not None
        colon = text.rfind(":", start, closing.at)
        if colon >= 0:
            while quotes and quotes[-1][0] > colon:
                quotes.pop()
            quotes.append((colon + 1, None, closing))
        elif quotes:
            content_start, first, _ = quotes.pop()
            quotes.append((content_start, first, closing))
        else:
            quotes.append((start, None, closing))
    return quotes


def find_quote_spans(text: str, stop_words: Iterable[str] = ()) -> list[QuoteSpan]:
    """Every quotation of ``text``, one span per paragraph piece, in text order.

    ``stop_words`` (lowercase) are words that cannot sit inside an
    inward-spaced nested pair: the attribution verbs, so ``"A" he said "B"``
    stays two quotes. The joining words (``"A" and "B"``) are always such words.
    """
    stop = frozenset(stop_words) | joining_words()
    spans: list[QuoteSpan] = []
    group = -1
    continuing = False
    for number, (p_start, p_end) in enumerate(paragraph_spans(text)):
        quotes = _paragraph_quotes(text, p_start, p_end, stop)
        for index, (content_start, opening, closing) in enumerate(quotes):
            reopens = index == 0 and opening is not None and blank(text, p_start, opening.at)
            if not (continuing and reopens):
                group += 1
            continuing = opening is not None and closing is None
            start, end = _trimmed(text, content_start, p_end if closing is None else closing.at)
            if start < end:
                outer_start = opening.at if opening is not None else start
                outer_end = closing.end if closing is not None else end
                opened, closed = opening is not None, closing is not None
                spans.append(QuoteSpan(start, end, outer_start, outer_end, opened, closed, number, group))
        if not quotes:
            continuing = False
    return spans
