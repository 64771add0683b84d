"""Direct quotes: quotation-mark spans and the attribution next to them.

``text.marks.find_quote_spans`` finds the spans from the text alone; this
module looks, in the parsed sentence around each span (``windows``), for what
attributes it (``attributions``, ``according_to``, ``view_nouns``):

- a cue verb with its subject (``"…," Mukhanov said``, ``Markov said: "…"``),
  in either order (``said Markov`` is ``inverted``), or with the source as
  object (``AZERTAG quotes Vladimir Putin``: speaker Putin, outlet AZERTAG);
- ``according to X``; a speech noun owned by the source (``In his view``);
- a colon after a clause whose subject is the source (``Lavrov was limited to
  the following statement: "…"``); a dash before the source (``"…" — X``);
- a transcript's speaker label (``"PENCE: …``).

A quote with no attribution of its own takes the one of the quote before it
when nothing intervenes (``inherited``); pieces of a multi-paragraph quote
share theirs. Short quoted fragments with no attribution, and fragments that
are a grammatical part of the sentence around them, are not direct quotes
(``fragments``).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from attribution.detect.cues import Attribution, is_cue_verb
from attribution.detect.fragments import is_fragment
from attribution.detect.headlines import in_title
from attribution.detect.windows import QuoteFrame
from attribution.model import Candidate
from attribution.parsed import VERB_POS, tokens_where
from attribution.rules.punctuation import SPEAKER_LABEL
from attribution.text.marks import QuoteSpan, find_quote_spans
from attribution.text.paragraphs import paragraph_at


def find_direct_quotes(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Quotation-mark quotes of ``doc`` with their cue and speaker mention.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    if not text.strip() or len(doc) == 0:
        return []
    verbs = tokens_where(doc, POS=VERB_POS.__contains__)
    cue_words = {token.lower_ for token in verbs if is_cue_verb(token)}
    spans = find_quote_spans(text, cue_words)
    if spans and in_title(text, spans[0].start, spans[0].paragraph):  # then so are all spans of the first paragraph
        spans = [s for s in spans if s.paragraph != 0]
    if not spans:
        return []
    labels = [_speaker_label(text, span) for span in spans]
    spans = [span if label is None else replace(span, start=label[1]) for span, label in zip(spans, labels)]
    frame = QuoteFrame(doc, text, spans)
    found = [
        frame.attribution(span) if label is None else Attribution("colon", mention_start=label[0], mention_end=label[2])
        for span, label in zip(spans, labels)
    ]
    found = _share_within_groups(spans, found)
    candidates: list[Candidate] = []
    previous: tuple[QuoteSpan, Attribution] | None = None
    for index, (span, attribution) in enumerate(zip(spans, found)):
        follows_quote = index > 0 and spans[index - 1].paragraph == span.paragraph
        if attribution is None or attribution.mention_start is None:
            attribution = _borrowed(frame, span, attribution, previous)
        if is_fragment(frame, span, attribution, follows_quote):
            continue
        attribution = attribution or Attribution("none")
        candidates.append(
            Candidate(
                type="direct",
                start=span.start,
                end=span.end,
                cue=attribution.cue,
                cue_start=attribution.cue_start,
                cue_end=attribution.cue_end,
                mention_start=attribution.mention_start,
                mention_end=attribution.mention_end,
                method=attribution.method,
                outlet=attribution.outlet,
            )
        )
        if attribution.mention_start is not None:
            previous = (span, attribution)
    return candidates


def _borrowed(
    frame: QuoteFrame, span: QuoteSpan, own: Attribution | None, previous: tuple[QuoteSpan, Attribution] | None
) -> Attribution | None:
    """A speaker for a quote whose own sentence names none.

    The previous quote's speaker when nothing intervenes (``inherited``,
    keeping this quote's own cue if it has one: ``And added: "…"``), else the
    attribution in the sentence before (``In his view, … Specifically, "…"``:
    ``nearest``), else, for a quote that is a paragraph of its own, the
    speaker of the previous paragraph's reported speech (``nearest``).
    """
    if previous is not None and frame.nothing_between(previous, span, own):
        inherited = replace(previous[1], method="inherited")
        if own is not None and own.cue is not None:
            inherited = replace(inherited, cue=own.cue, cue_start=own.cue_start, cue_end=own.cue_end)
        return inherited
    if own is not None:
        return own
    nearest = frame.previous_sentence_attribution(span)
    if nearest is None and _is_whole_paragraph(frame.text, span):
        nearest = frame.previous_paragraph_attribution(span)
    return replace(nearest, method="nearest") if nearest is not None else None


def _is_whole_paragraph(text: str, span: QuoteSpan) -> bool:
    """The quote, with its marks, is all its paragraph holds."""
    start, end = paragraph_at(text, span.outer_start)
    return not text[start : span.outer_start].strip() and not text[span.outer_end : end].strip()


def _speaker_label(text: str, span: QuoteSpan) -> tuple[int, int, int] | None:
    """A transcript's speaker label opening the quote (``"PENCE: Well, look, …``), or None.

    Returns the label's start, where the words after it start, and the
    label's end: one or two words in capitals followed by a colon.
    """
    match = SPEAKER_LABEL.match(text, span.start, span.end)
    if match is None or match.end() >= span.end:
        return None
    return match.start(1), match.end(), match.end(1)


def _share_within_groups(spans: list[QuoteSpan], found: list[Attribution | None]) -> list[Attribution | None]:
    """Give every piece of a multi-paragraph quote the attribution one of its pieces has."""
    by_group: dict[int, Attribution] = {}
    for span, attribution in zip(spans, found):
        if attribution is not None and attribution.mention_start is not None:
            by_group.setdefault(span.group, attribution)
    shared = []
    for span, attribution in zip(spans, found):
        if attribution is None and span.group in by_group:
            attribution = replace(by_group[span.group], method="inherited")
        shared.append(attribution)
    return shared
