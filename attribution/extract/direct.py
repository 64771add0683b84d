"""Direct quotes: quotation-mark spans and the attribution next to them.

``marks.find_quote_spans`` finds the spans from the text alone; this module
looks, in the parsed sentence around each span, for what attributes it:

- a cue verb with its subject (``"…," Mukhanov said``, ``Markov said: "…"``),
  in either order (``said Markov`` is ``inverted``), or with the source as
  object (``AZERTAG quotes Vladimir Putin``: speaker Putin, outlet AZERTAG);
- ``according to X``; a speech noun owned by the source (``In his view``);
- a colon after a clause whose subject is the source (``Lavrov was limited to
  the following statement: "…"``); a dash before the source (``"…" — X``).

A quote with no attribution of its own takes the one of the quote before it
when nothing intervenes (``inherited``); pieces of a multi-paragraph quote
share theirs. Short quoted fragments with no attribution, and fragments that
are a grammatical part of the sentence around them (scare quotes, titles:
``a “stab in the back”``), are not direct quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from attribution.extract.marks import QuoteSpan, breaks_paragraph, find_quote_spans, paragraph_at
from attribution.extract.tokens import VERB_POS, tokens_where
from attribution.rules import cue_verbs, load_table
from attribution.model import Candidate

#: Fewer words than this, and a quote is a fragment (a term, a title).
MIN_QUOTE_WORDS = 4
#: Fewer words than this with no verb, and a quote is a fragment too.
MIN_VERBLESS_WORDS = 8
#: A first paragraph with at most this many words is the headline.
MAX_HEADLINE_WORDS = 25
#: How far (in tokens) from its marks an attribution may sit.
MAX_WINDOW_TOKENS = 40
SENTENCE_END = {".", "!", "?"}
#: Punctuation a quoted utterance ends with (``"That," he added``).
UTTERANCE_END = ".,!?;:…"
#: Dashes that, right after a closing mark, introduce the speaker (``"…" — X``).
DASH_CHARS = "—–―-"
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: A transcript's speaker label at the start of a quote: ``PENCE:``, ``MR. TRUMP:``.
SPEAKER_LABEL = re.compile(r"((?:[A-Z][A-Z.'’-]+ )?[A-Z][A-Z'’-]+):[ \t\xa0]+")
#: Dependents that are not part of a speaker mention (``Vadim Mukhanov, Senior
#: Research Fellow at …`` keeps ``Vadim Mukhanov``).
MENTION_EXCLUDED_DEPS = {"relcl", "acl", "punct", "advmod", "advcl", "prep", "appos", "cc", "conj", "case"}
#: Heads whose subject a cue verb without one borrows (``he said, adding: "…"``).
SUBJECT_SHARING_DEPS = {"conj", "xcomp", "advcl", "ccomp"}
#: Cue verbs whose subject is the outlet and object the speaker (``AZERTAG quotes Putin``).
OUTLET_SUBJECT_VERBS = {"quote", "cite"}
#: Cue verbs whose named object is the outlet (``told TASS``).
OUTLET_OBJECT_VERBS = {"tell"}
OUTLET_ENTITY_TYPES = {"ORG", "PRODUCT", "WORK_OF_ART", "NORP", "FAC"}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Cue and speaker mention found for one quote (offsets into the text)."""

    method: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    outlet: str | None = None


@lru_cache(maxsize=None)
def speech_nouns() -> frozenset[str]:
    """Lemmas of nouns naming an utterance or a view (``speech_nouns.tsv``)."""
    return frozenset(row[0] for row in load_table("speech_nouns"))


def find_direct_quotes(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Quotation-mark quotes of ``doc`` with their cue and speaker mention.

    ``text`` is ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    if not text.strip() or len(doc) == 0:
        return []
    verbs = tokens_where(doc, POS=VERB_POS.__contains__)
    cue_words = {token.lower_ for token in verbs if _is_cue_verb(token)}
    spans = find_quote_spans(text, cue_words)
    if spans and _in_headline(text, spans[0]):  # then so are all spans of the first paragraph
        spans = [s for s in spans if s.paragraph != 0]
    if not spans:
        return []
    labels = [_speaker_label(text, span) for span in spans]
    spans = [span if label is None else replace(span, start=label[1]) for span, label in zip(spans, labels)]
    frame = _Frame(doc, text, spans)
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
        if _is_fragment(frame, span, attribution, follows_quote):
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
    frame: _Frame, span: QuoteSpan, own: Attribution | None, previous: tuple[QuoteSpan, Attribution] | None
) -> Attribution | None:
    """A speaker for a quote whose own sentence names none.

    The previous quote's speaker when nothing intervenes (``inherited``,
    keeping this quote's own cue if it has one: ``And added: "…"``), else the
    attribution in the sentence before (``In his view, … Specifically, "…"``:
    ``nearest``).
    """
    if previous is not None and frame.nothing_between(previous, span, own):
        inherited = replace(previous[1], method="inherited")
        if own is not None and own.cue is not None:
            inherited = replace(inherited, cue=own.cue, cue_start=own.cue_start, cue_end=own.cue_end)
        return inherited
    if own is not None:
        return own
    nearest = frame.previous_sentence_attribution(span)
    return replace(nearest, method="nearest") if nearest is not None else None


def _speaker_label(text: str, span: QuoteSpan) -> tuple[int, int, int] | None:
    """A transcript's speaker label opening the quote (``"PENCE: Well, look, …``), or None.

    Returns the label's start, where the words after it start, and the
    label's end: one or two words in capitals followed by a colon.
    """
    match = SPEAKER_LABEL.match(text, span.start, span.end)
    if match is None or match.end() >= span.end:
        return None
    return match.start(1), match.end(), match.end(1)


def _in_headline(text: str, span: QuoteSpan) -> bool:
    """True when ``span`` lies in a short first paragraph that other paragraphs follow."""
    if span.paragraph != 0:
        return False
    _, paragraph_end = paragraph_at(text, span.start)
    if not text[paragraph_end:].strip():
        return False
    return len(text[:paragraph_end].split()) <= MAX_HEADLINE_WORDS


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


def _is_fragment(frame: _Frame, span: QuoteSpan, attribution: Attribution | None, follows_quote: bool) -> bool:
    """True for a scare quote, a title or a term rather than a quotation.

    - A title (``"All Bets Are Off."``) is a fragment.
    - A short or verbless span is one unless something attributes it (a
      speaker inherited from a quote earlier in the same paragraph counts:
      ``"Here comes Big Daddy," she said. "The Donald. Big Daddy."``), it ends
      in punctuation like an utterance (``"That," he added``) and it neither
      follows a word of its sentence (``the signed "Declaration"``) nor starts
      in lower case (``called it "smart."``) other than after a comma or colon
      (``Mr. Barrett said, "we were floored."``).
    - A longer span is one when it continues its sentence: it follows a word
      and starts in lower case (``on "issues of …"``); or it starts in lower
      case after a subordinate clause (``said that if …, “she would …”``); or
      it starts with a verb, neither after a colon nor after another quote
      of its paragraph (``according to Aliyev, "is a great privilege …"``, but
      ``"My hope," he said, "is that …"``).

    Reported speech (``mixed``) owns the fragments that continue a sentence.
    """
    text = frame.text
    tokens = [t for t in frame.tokens_in(span.start, span.end) if not t.is_space]
    if not tokens:
        return True
    words = [t for t in tokens if not t.is_punct]
    if _is_title(tokens):
        return True
    has_verb = any(t.pos_ in VERB_POS for t in tokens)
    before = _last_char_before(text, span.outer_start) if span.opened else ""
    after_word = before.isalnum()
    lowercase = text[span.start].islower()
    if len(words) < MIN_QUOTE_WORDS or (not has_verb and len(words) < MIN_VERBLESS_WORDS):
        weak = ("none", "nearest") if follows_quote else ("inherited", "none", "nearest")
        if attribution is None or attribution.method in weak:
            return True
        lowercase_mid_sentence = lowercase and before not in (",", ":")
        return after_word or lowercase_mid_sentence or text[span.end - 1] not in UTTERANCE_END
    if not span.opened:
        return attribution is None
    if not lowercase:
        return False
    if after_word:
        return True
    if before == ":" or follows_quote:
        return False
    lead = frame.window_before(span.outer_start)
    subordinate = any(t.dep_ == "mark" and t.lower_ != "as" for t in lead)
    return subordinate or tokens[0].pos_ in VERB_POS


def _last_char_before(text: str, offset: int) -> str:
    """The last non-space character of ``text`` before ``offset``, or ``""``."""
    i = offset - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _is_title(tokens: list[Token]) -> bool:
    """True for one phrase of three or more capitalised words and no lower-case content word.

    ``All Bets Are Off.``, ``A Change Is Gonna Come,``; short function words
    (``of``, ``the``) may stay lower case.
    """
    words = [t for t in tokens if t.is_alpha]
    capitalised = [t for t in words if t.text[0].isupper()]
    lower_content = [t for t in words if t.text[0].islower() and (not t.is_stop or len(t) > 3)]
    one_phrase = not any(t.text in SENTENCE_END for t in tokens[:-1])
    return len(capitalised) >= 3 and not lower_content and one_phrase


class _Frame:
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
        stripped = rest.lstrip(" \t\u00a0")
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
        found_after = _dash_attribution(self.window_after_dash(span)) or _window_attribution(after, self.quoted)
        if found_after is not None:
            options.append((found_after[0], 0, found_after[1]))
        found_before = _window_attribution(before, self.quoted) or _colon_attribution(before)
        if found_before is not None:
            options.append((found_before[0], 1, found_before[1]))
        if not options:
            return None
        return min(options, key=lambda option: (option[2].mention_start is None, *option[:2]))[2]

    def previous_sentence_attribution(self, span: QuoteSpan) -> Attribution | None:
        """The attribution of the sentence before the one ``span`` opens in, same paragraph."""
        opening = span.outer_start
        window = self.window_before(opening)
        start = (window[-1].i if window else bisect_left(self.starts, opening)) - 1
        while start >= 0 and self.doc[start].is_space and not self.breaks_paragraph(self.doc[start]):
            start -= 1
        if start < 0 or self.doc[start].text not in SENTENCE_END:
            return None
        found = _window_attribution(self._walk_back(start), self.quoted)
        return found[1] if found is not None and found[1].mention_start is not None else None

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
            if token.ent_type_ == "PERSON" or _is_cue_verb(token):
                return False
            if token.dep_ in SUBJECT_DEPS and token.pos_ == "PRON":
                return False
        return True


def _is_cue_verb(token: Token) -> bool:
    """True for a verb whose lemma (with its particle: ``sum up``) is a cue verb."""
    if token.pos_ not in VERB_POS:
        return False
    lemma = token.lemma_.lower()
    if lemma in cue_verbs():
        return True
    return any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in cue_verbs() for c in token.children)


def _window_attribution(window: list[Token], quoted: list[bool]) -> tuple[int, Attribution] | None:
    """The nearest cue in ``window`` with its speaker, as ``(distance, attribution)``."""
    for distance, token in enumerate(window):
        found = _according_to(token) or _cue_verb_attribution(token, window, quoted) or _possessive(token)
        if found is not None:
            return distance, found
    return None


@lru_cache(maxsize=None)
def source_prepositions() -> tuple[tuple[str, ...], ...]:
    """Multi-word prepositions whose object is the source (``according to``), lowercased words.

    Read from the ``preposition`` rows of the shared ``attribution_phrases.tsv``.
    """
    rows = load_table("attribution_phrases")
    return tuple(tuple(words.split()) for kind, words, *_ in rows if kind == "preposition")


def _according_to(token: Token) -> Attribution | None:
    """``according to X`` (a source preposition starting at ``token``) → mention X."""
    doc = token.doc
    for words in source_prepositions():
        if words and token.lower_ != words[0]:
            continue
        last = token.i + len(words) - 1
        if last >= len(doc) or tuple(t.lower_ for t in doc[token.i : last + 1]) != words:
            continue
        objects = [c for t in doc[token.i : last + 1] for c in t.children if c.dep_ == "pobj"]
        if not objects and last + 1 < len(doc):
            objects = [doc[last + 1]]
        if not objects:
            return None
        mention = _noun_phrase(objects[0])
        cue = doc[token.i : last + 1]
        return Attribution("according_to", cue.text, cue.start_char, cue.end_char, mention.start_char, mention.end_char)
    return None


def _cue_verb_attribution(verb: Token, window: list[Token], quoted: list[bool]) -> Attribution | None:
    """A cue verb and its speaker: subject, agent (``reported by X``) or ``quotes`` object.

    A subject inside a quote is a misparse and is ignored; then a name or
    pronoun right after the verb (``said Ellis``) or a noun phrase right before
    it (``"…," Obama's former strategist said``) is the speaker.
    """
    if not _is_cue_verb(verb):
        return None
    cue_tokens = [verb] + [c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1]
    cue = verb.doc[cue_tokens[0].i : cue_tokens[-1].i + 1]
    outlet = _told_outlet(verb)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    subject = _subject(verb)
    if subject is not None and quoted[subject.i]:
        subject = None
    if verb.lemma_.lower() in OUTLET_SUBJECT_VERBS and objects and subject is not None:
        outlet = _name_text(_noun_phrase(subject))
        return _with_mention("subject", cue, _noun_phrase(objects[0]), outlet)
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if agents:
        return _with_mention("subject", cue, _noun_phrase(agents[0]), outlet)
    if subject is not None:
        method = "inverted" if subject.i > verb.i else "subject"
        return _with_mention(method, cue, _noun_phrase(subject), outlet)
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after in window and _could_be_speaker(after):
        return _with_mention("inverted", cue, _noun_phrase(after), outlet)
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before in window and before.pos_ in ("PROPN", "PRON", "NOUN"):
        return _with_mention("subject", cue, _noun_phrase(before), outlet)
    return Attribution("none", cue.text, cue.start_char, cue.end_char, outlet=outlet)


def _could_be_speaker(token: Token) -> bool:
    """True for a name or pronoun that is not the verb's object or a date (``said Monday``)."""
    if token.dep_ in ("dobj", "dative", "npadvmod") or token.ent_type_ in ("DATE", "TIME"):
        return False
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ == "PERSON"


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it hangs from (``he said, adding: …``).

    A relative pronoun stands for the noun its clause modifies (``Trump, who said``);
    of two subjects (a misparse of ``the state agency AZERTAG quotes``), the nearer;
    a punctuation mark is none (a misparsed closing mark: ``«…,» said X``).
    """
    token: Token | None = verb
    for _ in range(3):
        if token is None:
            return None
        subjects = sorted(
            (c for c in token.children if c.dep_ in SUBJECT_DEPS and not c.is_punct), key=lambda c: abs(c.i - token.i)
        )
        if subjects:
            if subjects[0].tag_ in ("WP", "WDT") and token.dep_ == "relcl":
                return token.head
            return subjects[0]
        token = token.head if token.dep_ in SUBJECT_SHARING_DEPS and token.head is not token else None
    return None


def _told_outlet(verb: Token) -> str | None:
    """The medium in ``told TASS`` / ``told RIA Novosti``: a named, non-person object of *tell*."""
    if verb.lemma_.lower() not in OUTLET_OBJECT_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN" and child.ent_type_ in OUTLET_ENTITY_TYPES:
            return _name_text(_noun_phrase(child))
    return None


def _possessive(token: Token) -> Attribution | None:
    """A speech noun owned by the source: ``In his view``, ``Markov's words``.

    Not one that is the object of another verb (``treating Mrs. Clinton's
    remark as a compliment -- "…"``): someone else acts on those words.
    """
    if token.pos_ != "NOUN" or token.lemma_.lower() not in speech_nouns() or token.dep_ == "dobj":
        return None
    owners = [c for c in token.children if c.dep_ == "poss"]
    if not owners:
        return None
    mention = _noun_phrase(owners[0])
    cue_end = token.idx + len(token)
    return Attribution("possessive", token.text, token.idx, cue_end, mention.start_char, mention.end_char)


def _colon_attribution(window: list[Token]) -> tuple[int, Attribution] | None:
    """``Lavrov was limited to the following statement: "…"``: the clause's subject.

    The window (nearest first) must end in a colon; the cue is a speech noun
    of the clause, if any.
    """
    if not window or window[0].text != ":":
        return None
    clause = set(window)
    heads = [t for t in window if t.pos_ in VERB_POS and (t.head not in clause or t.head is t)]
    if not heads:
        return None
    subject = _subject(heads[0])
    if subject is None or subject not in clause:
        return None
    nouns = [t for t in window if t.pos_ == "NOUN" and t.lemma_.lower() in speech_nouns()]
    cue = nouns[0] if nouns else None
    mention = _noun_phrase(subject)
    return len(window) - 1, Attribution(
        "colon",
        cue.text if cue is not None else None,
        cue.idx if cue is not None else None,
        cue.idx + len(cue) if cue is not None else None,
        mention.start_char,
        mention.end_char,
    )


def _dash_attribution(window: list[Token]) -> tuple[int, Attribution] | None:
    """``"…" — Commissioner X``: the noun phrase opening ``window``, the tokens after the dash."""
    if not window:
        return None
    name = window[0]
    if name.pos_ not in ("PROPN", "NOUN", "PRON") and not name.ent_type_:
        return None
    head = name
    modifiers = ("compound", "det", "amod", "nmod", "poss")
    while head.head is not head and head.head in window and head.dep_ in modifiers:
        head = head.head
    mention = _noun_phrase(head)
    return 0, Attribution("dash", None, None, None, mention.start_char, mention.end_char)


def _with_mention(method: str, cue: Span, mention: Span, outlet: str | None) -> Attribution:
    mention_start, mention_end = mention.start_char, mention.end_char
    return Attribution(method, cue.text, cue.start_char, cue.end_char, mention_start, mention_end, outlet)


def _noun_phrase(head: Token) -> Span:
    """The mention a head token stands for: its name or description, no clauses or asides.

    ``Vadim Mukhanov, Senior Research Fellow at …`` → ``Vadim Mukhanov``; ``the
    joint statement of the Foreign Ministry and …`` keeps its ``of`` phrase and
    its conjuncts there; a conjunction of subjects keeps both.
    """
    doc = head.doc
    if head.pos_ == "PRON":
        return doc[head.i : head.i + 1]
    if head.pos_ != "PROPN":
        name = _apposed_name(head)
        if name is not None:
            return name
    kept = {head.i}
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
            kept.update(t.i for t in child.subtree)
        elif child.dep_ == "conj" and not any(t.text == "," for t in doc[head.i : child.i]):
            kept.update(t.i for t in child.subtree)
            kept.update(c.i for c in head.children if c.dep_ == "cc" and head.i < c.i < child.i)
        elif child.dep_ == "appos" and child.i > head.i and not any(t.is_punct for t in doc[head.i : child.i]):
            kept.update(t.i for t in doc[head.i : child.i + 1])
        elif child.dep_ not in MENTION_EXCLUDED_DEPS:
            kept.update(t.i for t in child.subtree)
    start = end = head.i
    while start - 1 in kept and doc[start - 1].text not in (",", "(", "“", '"', "\n"):
        start -= 1
    while end + 1 in kept and doc[end + 1].text not in (",", ")", "”", '"', "\n"):
        end += 1
    while end > start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "case"):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start : end + 1]


def _apposed_name(head: Token) -> Span | None:
    """The person's name set in apposition to a description (``member of the Duma Dmitry Savelyev``)."""
    for token in head.subtree:
        if token.dep_ == "appos" and token.ent_type_ == "PERSON":
            entity = entity_of(token)
            if entity is not None and entity.label_ == "PERSON":
                return entity
    return None


def entity_of(token: Token) -> Span | None:
    """The entity of ``doc.ents`` that holds ``token``, or None.

    Read from the IOB tags around the token: ``doc.ents`` is rebuilt from all
    the tokens on every access.
    """
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    first = doc[start]
    if first.ent_iob_ != "B" or not first.ent_type:
        return None
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=first.ent_type)


def _name_text(phrase: Span) -> str:
    """The proper-name part of a phrase (``the state agency AZERTAG`` → ``AZERTAG``)."""
    names = [t for t in phrase if t.pos_ == "PROPN"]
    if not names:
        return phrase.text
    return phrase.doc[names[0].i : names[-1].i + 1].text
