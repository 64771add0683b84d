"""Quotation-mark scanning on real article text (no spaCy).

Expected spans are the gold offsets of ``tests/fixtures``; where a mark style
does not occur in the fixtures, a fixture sentence is re-marked in that style
and the expected span is where its words are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.text.marks import QuoteSpan, find_quote_spans
from attribution.text.paragraphs import paragraph_spans
from attribution.text.parser_text import parser_text

FIXTURES = Path(__file__).parent / "fixtures"
STOP_WORDS = ("said", "says", "explained", "added")


def fixture(corpus: str, prefix: str) -> tuple[str, list[dict]]:
    """Text and gold quotes of the fixture document whose name starts with ``prefix``."""
    (path,) = (FIXTURES / corpus).glob(f"{prefix}*.txt")
    gold = json.loads(path.with_name(path.name.removesuffix(".txt") + ".gold.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), gold["quotes"]


def gold_direct(quotes: list[dict], start: int) -> dict:
    (quote,) = [q for q in quotes if q["type"] == "direct" and q["start"] == start]
    return quote


def span_at(spans: list[QuoteSpan], start: int) -> QuoteSpan:
    (span,) = [s for s in spans if s.start == start]
    return span


def trimmed(text: str, quote: dict) -> tuple[int, int]:
    """Gold span without its quotation marks and surrounding whitespace (PolNeAR keeps the marks)."""
    start, end = quote["start"], quote["end"]
    while start < end and (text[start].isspace() or text[start] in "\"“”'‘’"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"“”'‘’"):
        end -= 1
    return start, end


@pytest.fixture(scope="module")
def seed0() -> tuple[str, list[dict]]:
    return fixture("seeds", "000_")


@pytest.fixture(scope="module")
def seed3() -> tuple[str, list[dict]]:
    return fixture("seeds", "003_")


def test_curly_pair_content_excludes_marks(seed0):
    text, quotes = seed0
    quote = gold_direct(quotes, 426)
    span = span_at(find_quote_spans(text, STOP_WORDS), 426)
    assert (span.start, span.end) == (quote["start"], quote["end"])
    assert text[span.outer_start] == "“" and text[span.outer_end - 1] == "”"
    assert text[span.start : span.end].endswith("Belarus and Azerbaijan,")


def test_curly_opening_closed_by_straight_mark(seed0):
    """``“Such tragic … Turkey," Mironchik said.``: the glyphs do not match, the context decides."""
    text, quotes = seed0
    quote = gold_direct(quotes, 4003)
    span = span_at(find_quote_spans(text, STOP_WORDS), 4003)
    assert (span.start, span.end) == (quote["start"], quote["end"])
    assert span.closed


def test_nested_single_quotes_stay_inside_the_outer_quote(seed0):
    """``“However, … such a ‘bridge.’ Whether that bridge …,”`` is one quote."""
    text, quotes = seed0
    quote = gold_direct(quotes, 2122)
    spans = find_quote_spans(text, STOP_WORDS)
    span = span_at(spans, 2122)
    assert (span.start, span.end) == (quote["start"], quote["end"])
    assert "‘bridge.’" in text[span.start : span.end]
    assert not [s for s in spans if span.start < s.start < span.end]


def test_apostrophes_are_not_quotation_marks(seed0):
    text, _ = seed0
    for span in find_quote_spans(text, STOP_WORDS):
        content = text[span.start : span.end]
        assert not content.startswith(("s ", "s’")), content
    paragraph = "Azerbaijani President Ilham Aliyev’s visit to Belarus could be estimated, but Minsk didn't say so in the '90s."
    assert find_quote_spans(paragraph) == []


def test_single_quotes_as_the_outer_pair():
    """British style: ``‘ ’`` outside, ``“ ”`` nested, apostrophes inside (a fixture headline)."""
    text, _ = fixture("polnear", "breitbart_2016-09-15")
    headline = text[: text.index("\n")]
    spans = find_quote_spans(headline)
    assert [headline[s.start : s.end] for s in spans] == ["in Their Heads."]
    british = "‘Lukashenko has confirmed that Azerbaijan is a “strategic partner” for Belarus,’ Mukhanov said."
    (span,) = find_quote_spans(british)
    assert british[span.start : span.end] == "Lukashenko has confirmed that Azerbaijan is a “strategic partner” for Belarus,"


@pytest.mark.parametrize(
    ("opening", "closing"), [("„", "“"), ("«", "»"), ('"', '"'), ("“", "”"), ("''", "''")]
)
def test_every_mark_style(opening, closing):
    sentence = f"{opening}The world has gone mad. You see what is happening,{closing} Lukashenko said."
    (span,) = find_quote_spans(sentence, STOP_WORDS)
    assert sentence[span.start : span.end] == "The world has gone mad. You see what is happening,"


def test_double_apostrophe_marks_from_a_fixture():
    text, _ = fixture("polnear", "nyt_2016-09-30_keep")
    start = text.index("''The sooner he releases") + 2
    span = span_at(find_quote_spans(text, STOP_WORDS), start)
    assert text[span.start : span.end] == "The sooner he releases his entire returns, the better,"


def test_quote_left_open_ends_at_its_paragraph(seed3):
    """``As informed by RIA Novosti expert, "it's not … teeters.`` never closes."""
    text, quotes = seed3
    quote = gold_direct(quotes, 2489)
    spans = find_quote_spans(text, STOP_WORDS)
    span = span_at(spans, 2489)
    assert (span.start, span.end) == (quote["start"], quote["end"])
    assert not span.closed
    following = span_at(spans, 2750)
    assert text[following.start : following.end].startswith("Do not enter.")
    assert following.group != span.group


def test_closing_mark_without_opener_starts_after_the_colon(seed3):
    """``And added: the essence … "good offices", will be known … events ".``"""
    text, quotes = seed3
    quote = gold_direct(quotes, 4115)
    spans = find_quote_spans(text, STOP_WORDS)
    span = span_at(spans, 4115)
    assert (span.start, span.end) == (quote["start"], quote["end"])
    assert not span.opened
    assert not [s for s in spans if span.start < s.start < span.end]


def test_inward_spaced_nested_pairs(seed3):
    """``"… before you say" Yes "or" no ", there was … Turkey", he explained.`` is one quote."""
    text, quotes = seed3
    quote = gold_direct(quotes, 3964)
    span = span_at(find_quote_spans(text, STOP_WORDS), 3964)
    assert (span.start, span.end) == (quote["start"], quote["end"])


def test_attribution_between_quotes_is_not_a_nested_pair():
    sentence = '"Do not enter" Markedonov said "Azerbaijan is quite pragmatic."'
    spans = find_quote_spans(sentence, STOP_WORDS)
    assert [sentence[s.start : s.end] for s in spans] == ["Do not enter", "Azerbaijan is quite pragmatic."]


def test_unpaired_inner_mark_is_absorbed_by_the_closer_after_it():
    """``"Without work, … Iskanders" - this is the pernicious thinking of Serzh Sargsyan," said``"""
    text, quotes = fixture("seeds", "002_")
    quote = gold_direct(quotes, 11814)
    span = span_at(find_quote_spans(text, STOP_WORDS), 11814)
    assert (span.start, span.end) == (quote["start"], quote["end"])


def test_split_quote_gives_two_spans(seed0):
    """``“Such tragic …," Mironchik said. “Such dramatic …."``"""
    text, quotes = seed0
    spans = find_quote_spans(text, STOP_WORDS)
    first, second = span_at(spans, 4003), span_at(spans, 4306)
    assert (second.start, second.end) == (gold_direct(quotes, 4306)["start"], gold_direct(quotes, 4306)["end"])
    assert first.paragraph == second.paragraph and first.group != second.group


def test_multi_paragraph_quote_is_one_span_per_paragraph_in_one_group():
    text, quotes = fixture("polnear", "breitbart_2016-09-21")
    spans = find_quote_spans(text, STOP_WORDS)
    first = span_at(spans, text.index('"In an illustration') + 1)
    second = span_at(spans, text.index('"Without this online network') + 1)
    assert not first.closed and second.paragraph == first.paragraph + 1
    assert first.group == second.group
    for span in (first, second):
        (quote,) = [q for q in quotes if q["type"] == "direct" and q["start"] <= span.start < q["end"]]
        assert (span.start, span.end) == trimmed(text, quote)


def test_scanning_never_raises_and_spans_index_the_text():
    texts = [
        "",
        '"',
        '"""“”„“«»‘’\'\'\'"',
        "“a «b ‘c “d «e ‘f " * 20,
        'قال الرئيس "سنفوز في الانتخابات" أمس.',
        "\x00\x07“Control”\x1b characters and emoji 😀 “🎉 party!” he said.\r\n\u202e“RTL”",
        '”” ““ "" \n\n „',
    ]
    for text in texts:
        for span in find_quote_spans(text, STOP_WORDS):
            assert 0 <= span.outer_start <= span.start < span.end <= span.outer_end <= len(text)
            assert "\n" not in text[span.start : span.end]


def test_curly_quote_nested_in_a_straight_one():
    """``"The health issue … the question: “As you know, …?” Forty-three, yes; … no."`` is one quote."""
    text, _ = fixture("polnear", "breitbart_2016-09-15")
    opening = text.index('"The health issue overall')
    span = span_at(find_quote_spans(text, STOP_WORDS), opening + 1)
    assert text[span.start : span.end].endswith("forty-six, no.")
    assert "“As you know," in text[span.start : span.end]


def test_curly_pair_nested_in_a_straight_quote_left_open():
    """``"PENCE: Well, look, … an episode of “Shark Tank.” But this is America, …``: a paragraph opened
    by a straight mark and never closed (the multi-paragraph convention) keeps the curly pair inside
    and runs to the paragraph end, as the gold span does."""
    text, quotes = fixture("polnear", "breitbart_2016-09-25_pence")
    start = text.index("Well, look, Hillary Clinton apparently")
    span = span_at(find_quote_spans(text, STOP_WORDS), text.rfind('"', 0, start) + 1)
    (quote,) = [q for q in quotes if q["start"] == start]
    assert span.end == trimmed(text, quote)[1]
    assert "“Shark Tank.”" in text[span.start : span.end]


def test_straight_quotes_joined_by_a_word_are_two_quotes():
    """``as "provocative and destabilizing" and a "grave threat" to …``: "and a" joins two quotes,
    it is no nested pair of machine translation's kind (gold: both inside one mixed quote)."""
    text, quotes = fixture("polnear", "wash-post_2016-09-10_outrage")
    (gold,) = [q for q in quotes if q["start"] == 1880]
    spans = [s for s in find_quote_spans(text, STOP_WORDS) if gold["start"] <= s.start < gold["end"]]
    assert [text[s.start : s.end] for s in spans] == ["provocative and destabilizing", "grave threat"]


def test_machine_translated_nested_pair_still_nests(seed3):
    """``before you say" Yes "or" no ", there was …`` stays one quote (gold 3964-4087)."""
    text, _ = seed3
    spans = [s for s in find_quote_spans(text, STOP_WORDS) if s.start == 3964]
    assert [s.end for s in spans] == [4087]


def test_one_line_per_paragraph_text_keeps_its_lines_as_paragraphs():
    text = "Dateline, Monday\nA short line.\n\nAnother paragraph follows here.\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == [
        "Dateline, Monday",
        "A short line.",
        "Another paragraph follows here.",
    ]


def test_hard_wrapped_paragraph_is_one_paragraph_and_short_lines_stay_apart():
    text = (
        "By Jane Doe\n"
        "Minsk\n\n"
        "The minister spoke at length about the talks, which\n"
        "ran late into the night and ended without a deal.\n"
    )
    assert [text[a:b] for a, b in paragraph_spans(text)] == [
        "By Jane Doe",
        "Minsk",
        "The minister spoke at length about the talks, which\nran late into the night and ended without a deal.",
    ]


def test_text_for_the_parser_has_the_same_length_and_plain_spaces():
    text = "\ufeffThe minister\u00a0said,\tat length, that the talks, which\r\nran late, ended.\r\n\r\nNext one.\r\n"
    parsed = parser_text(text)
    assert len(parsed) == len(text)
    assert parsed == " The minister said, at length, that the talks, which  ran late, ended. \n \nNext one. \n"


def test_text_for_the_parser_has_guillemets_as_the_curly_marks_the_model_knows():
    text = "«The talks are at a dead end», he said, quoting a ‹friend›."
    parsed = parser_text(text)
    assert len(parsed) == len(text)
    assert parsed == "“The talks are at a dead end”, he said, quoting a ‘friend’."
