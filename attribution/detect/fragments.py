"""Quoted words that are not a quotation: scare quotes, titles, terms."""

from __future__ import annotations

from spacy.tokens import Token

from attribution.detect.cues import Attribution
from attribution.detect.windows import QuoteFrame
from attribution.parsed import VERB_POS
from attribution.rules.punctuation import FRAGMENT_JOINING_PUNCT, SENTENCE_END, UTTERANCE_END
from attribution.text.marks import QuoteSpan


#: Fewer words than this, and a quote is a fragment (a term, a title).
MIN_QUOTE_WORDS = 4
#: Fewer words than this with no verb, and a quote is a fragment too.
MIN_VERBLESS_WORDS = 8


def is_fragment(frame: QuoteFrame, span: QuoteSpan, attribution: Attribution | None, follows_quote: bool) -> bool:
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
        lowercase_mid_sentence = lowercase and before not in FRAGMENT_JOINING_PUNCT
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
