"""The parsed sentence around each quotation: which tokens are quoted, the windows before and after."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from attribution.detect.attributions import colon_attribution, dash_attribution, window_attribution
from attribution.detect.cues import Attribution, is_cue_verb
from attribution.parsed import SUBJECT_DEPS
from attribution.rules.punctuation import DASH_CHARS, INLINE_SPACE, SENTENCE_END
from attribution.rules.words import CONTINUING_SUBJECTS, CONTRAST_MARKS
from attribution.text.marks import QuoteSpan
from attribution.text.paragraphs import breaks_paragraph


#: How far (in tokens) from its marks an attribution may sit.
MAX_WINDOW_TOKENS = 40
#: Tag of the relative pronouns that stand for things (``that``, ``which``).
THING_RELATIVE_TAG = "WDT"


class QuoteFrame:
    """The parsed document seen around its quotes: which tokens are quoted, windows, cues."""

    def __init__(self, doc: Doc, text: str, spans: list[QuoteSpan]) -> None:
        self.doc = doc
        self.text = text
        self.starts: list[int] = doc.to_array("IDX").tolist()
        self.quoted = [False] * len(doc)
        for span in spans:
            for t in self.tokens_in(span.outer_start, span.outer_end):
                self.quoted[t.i] = True

    def breaks_paragraph(self, token: Token) -> bool:
        """True for a space token holding a paragraph break (a wrapped line's break is none)."""
        return "\n" in token.text and breaks_paragraph(self.text, token.idx, token.idx + len(token))

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens starting inside ``[start, end)``."""
        return list(self.doc[bisect_left(self.starts, start) : bisect_left(self.starts, end)])

    def window_after(self, offset: int) -> list[Token]:
        """Unquoted tokens from ``offset`` to the end of the sentence, nearest first."""
        return self._collect(self.doc[bisect_left(self.starts, offset) :])

    def window_after_dash(self, span: QuoteSpan) -> list[Token]:
        """The window after a dash that directly follows the quote (``”― Pamela Padilla``), or [].

        Read from the text, since the tokenizer may glue the dash to the mark.
        """
        rest = self.text[span.outer_end : span.outer_end + 4]
        stripped = rest.lstrip(INLINE_SPACE)
        if not stripped or stripped[0] not in DASH_CHARS:
            return []
        return self.window_after(span.outer_end + len(rest) - len(stripped) + 1)

    def window_before(self, offset: int) -> list[Token]:
        """Unquoted tokens back from ``offset`` to the sentence start, nearest first.

        A quote that opens a paragraph right after one ending in a colon
        (``Caddell continued:``) looks into that paragraph.
        """
        end = bisect_left(self.starts, offset)
        window = self._walk_back(end)
        if not window:
            i = end - 1
            while i >= 0 and self.doc[i].is_space:
                i -= 1
            if i >= 0 and self.doc[i].text == ":" and not self.quoted[i]:
                window = self._walk_back(i + 1)
        return window

    def _walk_back(self, end: int) -> list[Token]:
        return self._collect(self.doc[i] for i in range(end - 1, -1, -1))

    def _collect(self, tokens: Iterable[Token]) -> list[Token]:
        """The non-space ``tokens``, in their order, up to a quoted token, a paragraph break or
        a sentence end, at most ``MAX_WINDOW_TOKENS``."""
        window = []
        for token in tokens:
            if self.quoted[token.i] or self.breaks_paragraph(token) or token.text in SENTENCE_END:
                break
            if len(window) >= MAX_WINDOW_TOKENS:
                break
            if not token.is_space:
                window.append(token)
        return window

    def attribution(self, span: QuoteSpan) -> Attribution | None:
        """The attribution nearest to ``span`` in its own sentence, or None.

        One that names a speaker beats a nearer cue that names none (``clarified
        the matter, treating … -- ''…'' -- and, …, asserting``).
        """
        after = self.window_after(span.outer_end)
        before = self.window_before(span.outer_start)
        options = []
        found_after = dash_attribution(self.window_after_dash(span)) or window_attribution(after, self.quoted)
        if found_after is not None and not (
            self.opens_contrast(found_after[1]) or self.reports_its_own_clause(span, found_after[1])
        ):
            options.append((found_after[0], 0, found_after[1]))
        found_before = window_attribution(before, self.quoted) or colon_attribution(before)
        if found_before is not None:
            options.append((found_before[0], 1, found_before[1]))
        if not options:
            return None
        return min(options, key=lambda option: (option[2].mention_start is None, *option[:2]))[2]

    def opens_contrast(self, attribution: Attribution) -> bool:
        """Whether the cue opens a clause of contrast (``"…" While some critics say …``): after
        a quote, that clause reports its own words, not the quote's."""
        if attribution.cue_start is None:
            return False
        verb = self.doc[bisect_left(self.starts, attribution.cue_start)]
        return any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in verb.children)

    def reports_its_own_clause(self, span: QuoteSpan, attribution: Attribution) -> bool:
        """Whether the cue after a quote that closes its sentence (``"… reasons." Ward said they
        were wrong``) has a clause with a subject of its own to report: then it is not the quote's."""
        if attribution.cue_start is None or self.text[span.start : span.end].rstrip()[-1:] not in SENTENCE_END:
            return False
        verb = self.doc[bisect_left(self.starts, attribution.cue_start)]
        return any(
            c.dep_ == "ccomp" and c.i > verb.i and not self.quoted[c.i] and any(g.dep_ in SUBJECT_DEPS for g in c.children)
            for c in verb.children
        )

    def previous_sentence_attribution(self, span: QuoteSpan) -> Attribution | None:
        """The attribution of the sentence before the one ``span`` opens in, same paragraph."""
        opening = span.outer_start
        window = self.window_before(opening)
        start = (window[-1].i if window else bisect_left(self.starts, opening)) - 1
        while start >= 0 and self.doc[start].is_space and not self.breaks_paragraph(self.doc[start]):
            start -= 1
        if start < 0 or self.doc[start].text not in SENTENCE_END:
            return None
        found = window_attribution(self._walk_back(start), self.quoted)
        return found[1] if found is not None and found[1].mention_start is not None else None

    def previous_paragraph_attribution(self, span: QuoteSpan) -> Attribution | None:
        """For a quote that is a paragraph of its own: the speaker of the previous paragraph's
        last sentence when that sentence reports speech (``Tim Guest says there are many
        reasons.`` then ``"The emergency department …"``), a quoted fragment in it or not
        (``Matlow said they should be "working in tandem."``).

        The sentence's main cue is read first: a cue inside what it reports (``he says
        the issues are symptoms showing …``) says nothing of who speaks next. A last
        sentence without a cue whose subjects are all ``he`` or ``she`` goes on with the
        same person (``Brooks said he found housing. On Oct. 1, he moved …``): the
        sentence before it is read instead."""
        first = bisect_left(self.starts, span.outer_start)
        i = first - 1
        while i >= 0 and self.doc[i].is_space:
            i -= 1
        if i < 0 or self.doc[i].text not in SENTENCE_END or not any(
            self.breaks_paragraph(t) for t in self.doc[i + 1 : first]
        ):
            return None
        sentence = self.doc[i].sent
        while True:
            by_depth = sorted((t for t in reversed(sentence) if not t.is_space), key=_depth)
            found = window_attribution(by_depth, self.quoted)
            if found is not None and found[1].mention_start is not None:
                return found[1]
            subjects = [t for t in sentence if t.dep_ in SUBJECT_DEPS]
            if (
                sentence.start == 0
                or self.breaks_paragraph(self.doc[sentence.start - 1])
                or not subjects
                or any(t.lower_ not in CONTINUING_SUBJECTS for t in subjects)
            ):
                return None
            sentence = self.doc[sentence.start - 1].sent

    def nothing_between(
        self, previous: tuple[QuoteSpan, Attribution], span: QuoteSpan, own: Attribution | None
    ) -> bool:
        """True when no other speaker, cue or quote stands between ``previous`` and ``span``.

        The gap runs from the end of the previous quote and its attribution to
        this quote's opening mark; the rest of the attribution's own sentence
        (``said Caddell, speaking of Clinton's health.``) is not part of it.
        The gap may hold at most one more sentence, and this quote's ``own``
        cue (one with no speaker) does not count.
        """
        prev_span, prev = previous
        gap_start = max(prev_span.outer_end, prev.mention_end or 0, prev.cue_end or 0)
        gap_end = span.outer_start
        if gap_end < gap_start:
            return False
        tokens = [t for t in self.tokens_in(gap_start, gap_end) if not t.is_space]
        if any(self.quoted[t.i] for t in tokens):
            return False
        if prev.mention_start is not None and prev.mention_start > prev_span.outer_end:
            ends = [k for k, t in enumerate(tokens) if t.text in SENTENCE_END]
            tokens = tokens[ends[0] + 1 :] if ends else tokens
        if sum(t.text in SENTENCE_END for t in tokens) > 1:
            return False
        for token in tokens:
            if own is not None and own.cue_start is not None and own.cue_start <= token.idx < (own.cue_end or 0):
                continue
            if token.ent_type_ == "PERSON" or is_cue_verb(token):
                return False
            if token.dep_ in SUBJECT_DEPS and token.pos_ == "PRON" and token.tag_ != THING_RELATIVE_TAG:
                return False  # someone else may speak; a relative pronoun ("a store that is …") stands for a thing
        return True


def _depth(token: Token) -> int:
    """How many heads stand between ``token`` and its sentence's root."""
    return sum(1 for _ in token.ancestors)
