"""One candidate per reported clause, and one list of direct and reported candidates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from attribution.model import Candidate
from attribution.rules.punctuation import (
    AFTER_QUOTE_SKIPPED,
    CLOSING_MARKS,
    INLINE_SPACE,
    OPENING_MARKS,
    QUOTE_MARKS,
    TRAILING_PUNCT,
    UTTERANCE_END,
)
from attribution.rules.words import COORDINATORS


def is_valid(text: str, candidate: Candidate) -> bool:
    """A non-empty span that is not a question the author asks."""
    if not 0 <= candidate.start < candidate.end <= len(text):
        return False
    if sum(ch.isalnum() for ch in text[candidate.start : candidate.end]) < 3:
        return False
    tail = text[candidate.end : candidate.end + 3].lstrip(AFTER_QUOTE_SKIPPED)
    return not tail.startswith("?")


def reports_given_a_source(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``Lee said the plan was dead, according to Reuters``: the report keeps its own speaker,
    ends before the source phrase and takes a named source as its outlet.

    Each of the two candidates holds the other's cue in its content, so
    ``one_per_clause`` would drop both; here the ``according to`` one goes.
    """
    sources = [c for c in candidates if c.method == "according_to"]
    replaced: dict[int, Candidate] = {}
    dropped: set[int] = set()
    for source in sources:
        for number, report in enumerate(candidates):
            if report is source or report.cue_start is None or not (
                cue_within(report, source) and cue_within(source, report) and report.start < source.cue_start
            ):
                continue
            end = source.cue_start
            while end > report.start and (text[end - 1].isspace() or text[end - 1] in TRAILING_PUNCT):
                end -= 1
            name = text[source.mention_start : source.mention_end] if source.mention_start is not None else ""
            outlet = name if name[:1].isupper() else None
            replaced[number] = replace(report, end=end, outlet=report.outlet or outlet)
            dropped.add(id(source))
    return [replaced.get(n, c) for n, c in enumerate(candidates) if id(c) not in dropped]


def quotation_then_clause(text: str, candidate: Candidate) -> list[Candidate]:
    """``X said “A,” and the results “B.”``: a quotation that opens the report and ends its
    utterance before a coordinated clause is a quote of its own; the clause after the
    coordinator is another report of the same cue and speaker.
    """
    start, end = candidate.start, candidate.end
    if text[start - 1 : start] in OPENING_MARKS:
        start -= 1
    if candidate.cue_end is None or candidate.cue_end > start or text[start] not in OPENING_MARKS:
        return [candidate]
    closing = min((i for i in (text.find(m, start + 1, end) for m in CLOSING_MARKS) if i != -1), default=-1)
    if closing == -1 or text[closing - 1] not in UTTERANCE_END:
        return [candidate]
    rest = text[closing + 1 : end]
    words = rest.lstrip(INLINE_SPACE + ",;").split(" ", 1)
    if len(words) < 2 or words[0].lower() not in COORDINATORS or sum(ch.isalnum() for ch in words[1]) < 12:
        return [candidate]
    second = end - len(words[1].lstrip())
    if text[second : second + 5].lower() == "that ":
        second += 5
    return [replace(candidate, start=start, end=closing + 1), replace(candidate, start=second, end=_closed(text, second, end))]


def _closed(text: str, start: int, end: int) -> int:
    """``end``, or past the closing mark a few characters on when the span leaves a quotation open."""
    inner = text[start:end]
    if sum(inner.count(m) for m in OPENING_MARKS) <= sum(inner.count(m) for m in CLOSING_MARKS):
        return end
    after = end
    while after < len(text) and after - end < 3 and text[after] in TRAILING_PUNCT:
        after += 1
    return after + 1 if text[after : after + 1] in CLOSING_MARKS else end


def one_per_clause(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates in text order, dropping those nested in another's content or duplicating it."""
    ordered = list(candidates)
    kept: list[Candidate] = []
    for candidate in ordered:
        if any(cue_within(candidate, other) for other in ordered if other is not candidate):
            continue
        if any(overlap(candidate, other) > 0.5 * max(_length(candidate), _length(other)) for other in kept):
            continue
        kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end))


def as_direct_if_quoted(text: str, candidate: Candidate) -> Candidate:
    """A reported clause that is one whole quotation (``He said: "..."``) is a direct quote.

    It becomes a ``direct`` candidate spanning the words inside the marks, so
    that ``merge_candidates`` keeps the direct detector's own record when
    there is one and this one when the direct detector missed it. A whole
    quotation opened by the complementizer (``He said that "..."``) stays
    reported speech: a ``mixed`` quote whose span starts at ``that``, so that
    ``merge_candidates`` sees words of the clause outside the marks.
    """
    start, end = candidate.start, candidate.end
    if any(ch in QUOTE_MARKS for ch in text[start + 1 : end - 1]):
        return candidate
    that = _that_before(text, start)
    if that is not None and text[start] in QUOTE_MARKS and text[end - 1] in QUOTE_MARKS:
        return replace(candidate, type="mixed", start=that)
    if text[start] in QUOTE_MARKS and text[end - 1] in QUOTE_MARKS:
        inner = text[start + 1 : end - 1]
        start, end = start + 1 + len(inner) - len(inner.lstrip()), start + 1 + len(inner.rstrip())
    elif not (start > 0 and text[start - 1] in QUOTE_MARKS and text[end : end + 3].lstrip(TRAILING_PUNCT)[:1] in QUOTE_MARKS):
        return candidate
    if start >= end:
        return candidate
    return replace(candidate, type="direct", start=start, end=end)


def _that_before(text: str, start: int) -> int | None:
    """Offset of the word ``that`` just before ``start`` (commas and spaces between), or None."""
    before = text[max(0, start - 12) : start].rstrip(INLINE_SPACE + ",")
    if before.lower().endswith("that") and not before[-5:-4].isalnum():
        return start - (len(text[max(0, start - 12) : start]) - len(before)) - 4
    return None


def merge_candidates(direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """One candidate list in text order.

    A reported clause that contains a direct quote becomes ``mixed`` and the
    direct quote is dropped (also when the quote is all of it: ``He said that
    "..."``); a reported clause whose cue lies inside a direct quote, or that
    is essentially the direct quote's content without containing it, is
    dropped in favour of the direct one.
    """
    kept_reported: list[Candidate] = []
    absorbed: set[int] = set()
    for candidate in reported:
        if any(_cue_inside(candidate, d) or _inside(candidate, d) for d in direct):
            continue
        if any(_same_span(candidate, d) and not _frames(candidate, d) for d in direct):
            continue
        inside = [i for i, d in enumerate(direct) if _contains(candidate, d)]
        if inside:
            candidate = replace(candidate, type="mixed")
            absorbed.update(inside)
        kept_reported.append(candidate)
    kept_direct = [d for i, d in enumerate(direct) if i not in absorbed]
    return sorted([*kept_direct, *kept_reported], key=lambda c: (c.start, c.end))


def cue_within(inner: Candidate, outer: Candidate) -> bool:
    """Whether ``inner``'s cue lies inside ``outer``'s content (a report within a report)."""
    return inner.cue_start is not None and outer.start <= inner.cue_start and inner.cue_end <= outer.end


def _length(candidate: Candidate) -> int:
    return candidate.end - candidate.start


def overlap(a: Candidate, b: Candidate) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same_span(reported: Candidate, direct: Candidate) -> bool:
    """Whether a reported span is essentially the direct quote's content."""
    return overlap(reported, direct) >= 0.8 * max(_length(reported), _length(direct))


def _inside(reported: Candidate, direct: Candidate) -> bool:
    """Whether most of the reported span lies in a direct quote it does not contain (the speaker's own words)."""
    return overlap(reported, direct) > 0.5 * _length(reported) and not _contains(reported, direct)


def _cue_inside(reported: Candidate, direct: Candidate) -> bool:
    """Whether the reported clause's cue is within a direct quote (the speaker's own words)."""
    return reported.cue_start is not None and direct.start <= reported.cue_start < direct.end


def _frames(reported: Candidate, direct: Candidate) -> bool:
    """Whether a mixed clause contains the direct quote and words before its opening mark (``that "..."``)."""
    return reported.type == "mixed" and _contains(reported, direct) and reported.start < direct.start - 1


def _contains(reported: Candidate, direct: Candidate) -> bool:
    """Whether a direct quote (its marks allowed to stick out by one character) lies inside the reported span."""
    return reported.start <= direct.start + 1 and direct.end - 1 <= reported.end
