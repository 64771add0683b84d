"""Extraction never raises and every span it returns indexes the text exactly.

Odd but real texts first (unbalanced and nested quotation marks, right-to-left
scripts, emoji, control characters), then a hypothesis property over
generated text biased towards what the extractors look at: quotation marks,
line breaks, punctuation, cue words and names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import attribution
from attribution.model import QUOTE_TYPES, Quote

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
ARTICLE = (SEEDS / "000_ff046a3759e742c7.txt").read_text(encoding="utf-8")


def check_spans(text: str, quotes: list[Quote]) -> None:
    """Every quote and speaker span lies inside ``text`` and equals the stored string."""
    for quote in quotes:
        assert quote.type in QUOTE_TYPES
        assert 0 <= quote.start < quote.end <= len(text), quote
        assert text[quote.start : quote.end] == quote.text, quote
        if quote.speaker_start is not None or quote.speaker_end is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None, quote
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text), quote
            assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_mention, quote
        assert 0.0 <= quote.confidence <= 1.0, quote


ODD_TEXTS = {
    "unbalanced open": '“We will never agree, Vadim Mukhanov said.\n\nThe talks went on.',
    "unbalanced close": 'He said the deal was done ” and left. “Yes," she said. "',
    "only quotation marks": '"""“”„“«»‘’\'\'\'"',
    "quotation marks and spaces": '" " “ ” « » \n " \n\n ”',
    "quotes in quotes in quotes": (
        '“He told me: «She said ‘I was told “never” by them’ to everyone» and left,” '
        'Vadim Mukhanov said.'
    ),
    "deep nesting without closing": "“a «b ‘c “d «e ‘f " * 20,
    "right-to-left": (
        'قال الرئيس "سنفوز في الانتخابات" أمس. '
        '"אנחנו ננצח", אמר השר.\n'
        '\u202e"We will win," Mukhanov said.\u202c he added \u200fthat\u200f it was "fine".'
    ),
    "emoji": '“We will win 🎉🇦🇿👍🏽,” said 👩‍👩‍👧 Vadim Mukhanov 😀. He said that prices 📈 would rise.',
    "control characters": '\x00\x01“We\x07 will\x0b win,”\x1b[31m said\x7f Mukhanov.\x0c\x1c\x1d\x1e\x85\u2028He said that it\u2029was over.',
    "combining marks": '“Ве́ли́кий,” said Se\u0301rgei Ma\u0301rkov. Zalgo: “h̸̢̛e̵̡͝ ̷s̶a̷i̶d̸”',
    "surrogate-free astral text": '𝕿𝖍𝖊 𝖒𝖎𝖓𝖎𝖘𝖙𝖊𝖗 said: “𝖓𝖔.” “𝟙𝟚𝟛,” he said.',
    "only newlines": "\n\r\n\r\r\n\n",
    "one character": "“",
    "apostrophes everywhere": "'''Tis the Aliyev's' students'' '90s 'em' he said ''",
    "windows line endings": ARTICLE.replace("\n", "\r\n"),
    "colons and dashes": '— “ — : — ” : said: — according to, : "',
}


@pytest.mark.parametrize("text", list(ODD_TEXTS.values()), ids=list(ODD_TEXTS))
def test_odd_texts_never_raise_and_spans_index_the_text(text):
    check_spans(text, attribution.extract(text))


def test_nested_quotes_stay_inside_the_outer_quote():
    text = ODD_TEXTS["quotes in quotes in quotes"]
    direct = [q for q in attribution.extract(text) if q.type == "direct"]
    # The guidelines: quotes inside a quote stay part of the outer one, so no
    # direct quote may start inside another.
    for a in direct:
        for b in direct:
            assert a is b or not (a.start < b.start < a.end), (a, b)


# --- hypothesis ---------------------------------------------------------------------------

QUOTE_MARKS = ['"', "“", "”", "„", "«", "»", "‘", "’", "'", "‹", "›", "＂"]
PUNCTUATION = [".", ",", ":", ";", "!", "?", "—", "–", "-", "(", ")", "…", " ", " ", " ", "\t"]
LINE_BREAKS = ["\n", "\n\n", "\r\n", "\r", "\u2028", "\x0c"]
WORDS = [
    "said", "says", "told", "added", "noted", "believes", "according to", "that", "he", "she",
    "He", "They", "it", "the", "minister", "expert", "of", "in", "the Foreign Ministry",
    "Vadim Mukhanov", "Mukhanov", "Sergei Markov", "Ilham Aliyev", "Erdogan", "Reuters",
    "TASS reported", "In his view,", "called on", "We will win", "not", "'s",
]
ODD_CHARACTERS = ["\x00", "\x07", "\u200f", "\u202e", "😀", "👩‍👩‍👧", "é", "\u0301", "ش", "א", "\ufeff", "\ud7ff"]

NAMES = ["Vadim Mukhanov", "Mukhanov", "He", "she", "The expert", "Sergei Markov", "TASS", "Ilham Aliyev"]
CUES = ["said", "says", "told reporters", "noted", "added", "believes", "stressed"]
CONTENT_WORDS = WORDS + ["we", "will", "win", "prices", "rise", "never"]
some_words = st.lists(st.sampled_from(CONTENT_WORDS), min_size=1, max_size=8).map(" ".join)
#: Whole attributions (``“...,” X said.``, ``X said that ...``) with random marks, so many examples have quotes.
quotation = st.builds(
    lambda opening, words, closing, name, cue: f"{opening}{words},{closing} {name} {cue}. ",
    st.sampled_from(QUOTE_MARKS), some_words, st.sampled_from(QUOTE_MARKS), st.sampled_from(NAMES),
    st.sampled_from(CUES),
)
reported = st.builds(
    lambda name, cue, words: f"{name} {cue} that {words}. ",
    st.sampled_from(NAMES), st.sampled_from(CUES), some_words,
)

pieces = st.one_of(
    quotation,
    reported,
    st.sampled_from(QUOTE_MARKS),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(LINE_BREAKS),
    st.sampled_from(WORDS).map(lambda w: f" {w} "),
    st.sampled_from(ODD_CHARACTERS),
    st.text(max_size=6),
)
article_like = st.lists(pieces, max_size=60).map("".join)


@pytest.mark.slow  # 150 generated articles extracted (~4 s)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_like)
def test_extraction_never_raises_and_every_span_indexes_the_text(text):
    check_spans(text, attribution.extract(text))
