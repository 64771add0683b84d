"""Direct quotes and their attribution, on paragraphs of the fixture articles.

Each test parses the paragraphs around one gold quote, runs
``find_direct_quotes`` and compares with the gold file: the span, the speaker
mention (seeds: the gold ``speaker_mention`` string; PolNeAR: the gold
``speaker_start``/``speaker_end``), the cue and the method. The regression test
at the end runs the five seed articles whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.detect.direct import find_direct_quotes
from attribution.model import Candidate

FIXTURES = Path(__file__).parent / "fixtures"
MARKS = "\"“”„«»'‘’"


def fixture(corpus: str, prefix: str) -> tuple[str, list[dict]]:
    (path,) = (FIXTURES / corpus).glob(f"{prefix}*.txt")
    gold = json.loads(path.with_name(path.name.removesuffix(".txt") + ".gold.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), gold["quotes"]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in MARKS):
        end -= 1
    return start, end


class Excerpt:
    """Whole paragraphs ``text[begin:end]`` of a fixture, parsed; offsets map back to the article."""

    def __init__(self, nlp, text: str, begin: int, end: int) -> None:
        self.offset = begin
        self.text = text[begin:end]
        self.candidates = find_direct_quotes(nlp(self.text))

    def at(self, start: int) -> Candidate:
        """The candidate whose span starts at article offset ``start`` (marks ignored)."""
        found = [c for c in self.candidates if c.start + self.offset == start]
        assert len(found) == 1, [(c.start + self.offset, self.text[c.start : c.end][:40]) for c in self.candidates]
        return found[0]

    def mention(self, candidate: Candidate) -> str | None:
        if candidate.mention_start is None:
            return None
        return self.text[candidate.mention_start : candidate.mention_end]

    def cue(self, candidate: Candidate) -> str | None:
        if candidate.cue_start is None:
            return None
        assert self.text[candidate.cue_start : candidate.cue_end] == candidate.cue
        return candidate.cue

    def spans(self) -> list[tuple[int, int]]:
        return [(c.start + self.offset, c.end + self.offset) for c in self.candidates]


def paragraphs_before(text: str, start: int, count: int) -> int:
    """Offset of the paragraph ``count`` paragraphs before the one holding ``start``."""
    begin = text.rfind("\n", 0, start) + 1
    for _ in range(count):
        begin = text.rfind("\n", 0, len(text[:begin].rstrip("\n"))) + 1
    return begin


def paragraphs_after(text: str, start: int, count: int) -> int:
    """End offset of the paragraph ``count`` paragraphs after the one holding ``start``."""
    end = text.find("\n", start)
    for _ in range(count):
        if end < 0:
            break
        end = text.find("\n", len(text) - len(text[end:].lstrip("\n")))
    return len(text) if end < 0 else end


def gold_direct(quotes: list[dict], start: int) -> dict:
    (quote,) = [q for q in quotes if q["type"] == "direct" and trimmed_start(q) == start]
    return quote


def trimmed_start(quote: dict) -> int:
    text = quote["text"]
    return quote["start"] + len(text) - len(text.lstrip(MARKS + " \n\xa0"))


def excerpt(nlp, text: str, start: int, before: int = 0, after: int = 0) -> Excerpt:
    return Excerpt(nlp, text, paragraphs_before(text, start, before), paragraphs_after(text, start, after))


@pytest.fixture(scope="module")
def seed0():
    return fixture("seeds", "000_")


@pytest.fixture(scope="module")
def seed2():
    return fixture("seeds", "002_")


@pytest.fixture(scope="module")
def seed3():
    return fixture("seeds", "003_")


def check_seed_quote(
    nlp, text: str, quotes: list[dict], start: int, method: str, before: int = 0
) -> tuple[Excerpt, Candidate]:
    """The gold direct quote at ``start`` is found with the gold span and mention, by ``method``."""
    quote = gold_direct(quotes, start)
    part = excerpt(nlp, text, start, before)
    candidate = part.at(start)
    assert (candidate.start + part.offset, candidate.end + part.offset) == (quote["start"], quote["end"])
    assert part.mention(candidate) == quote["speaker_mention"]
    assert candidate.method == method
    return part, candidate


def test_subject_after_the_quote(nlp, seed0):
    """``“This means …, Belarus and Azerbaijan,” Mukhanov said.``"""
    text, quotes = seed0
    part, candidate = check_seed_quote(nlp, text, quotes, 426, "subject")
    assert part.cue(candidate) == "said"


def test_split_quote_shares_the_speaker(nlp, seed0):
    """``… spokesperson Dmitry Mironchik said: “Such tragic …," Mironchik said. “Such dramatic …."``"""
    text, quotes = seed0
    part, first = check_seed_quote(nlp, text, quotes, 4003, "subject")
    second = part.at(4306)
    assert (second.start + part.offset, second.end + part.offset) == (4306, gold_direct(quotes, 4306)["end"])
    assert (second.mention_start, second.mention_end) == (first.mention_start, first.mention_end)
    assert second.method == "inherited" and part.cue(second) == "said"


def test_inverted_order(nlp, seed3):
    """``"This policy of Washington …", said Oruj.``"""
    text, quotes = seed3
    part, candidate = check_seed_quote(nlp, text, quotes, 6041, "inverted")
    assert part.cue(candidate) == "said"


def test_inverted_order_with_an_organisation(nlp, seed2):
    """``"Unconstructive actions …," says the joint statement of the Foreign Ministry and …``"""
    text, quotes = seed2
    part, candidate = check_seed_quote(nlp, text, quotes, 8022, "inverted")
    assert part.cue(candidate) == "says"


def test_according_to(nlp):
    text, quotes = fixture("seeds", "001_")
    part, candidate = check_seed_quote(nlp, text, quotes, 3217, "according_to")
    assert part.cue(candidate).lower() == "according to"


def test_x_quotes_y_gives_speaker_and_outlet(nlp, seed2):
    """``"I am glad …," the state agency AZERTAG quotes Vladimir Putin.``"""
    text, quotes = seed2
    part, candidate = check_seed_quote(nlp, text, quotes, 589, "subject")
    assert part.cue(candidate) == "quotes"
    assert candidate.outlet == "AZERTAG"


def test_colon_after_a_clause_without_cue_verb(nlp, seed3):
    """``Lavrov was limited to the following statement: "I hope that progress will be made".``"""
    text, quotes = seed3
    part, candidate = check_seed_quote(nlp, text, quotes, 1087, "colon")
    assert part.cue(candidate) == "statement"


def test_cue_without_subject_takes_the_speaker_before(nlp, seed3):
    """``"…", he explained. And added: the essence … events ".``"""
    text, quotes = seed3
    part, candidate = check_seed_quote(nlp, text, quotes, 4115, "inherited")
    assert part.cue(candidate) == "added"


def test_speaker_named_in_the_sentence_before(nlp, seed3):
    """``In his view, the visit … Specifically, "the confrontation …".``"""
    text, quotes = seed3
    check_seed_quote(nlp, text, quotes, 5644, "nearest")


def test_description_with_name_in_apposition(nlp, seed2):
    """``said member of the Russian parliament (Duma) Dmitry Savelyev in his interview``"""
    text, quotes = seed2
    check_seed_quote(nlp, text, quotes, 3063, "inverted")


def polnear_check(nlp, prefix: str, needle: str, before: int = 0) -> tuple[Excerpt, Candidate, dict]:
    text, quotes = fixture("polnear", prefix)
    start = text.index(needle)
    start += len(needle) - len(needle.lstrip(MARKS))
    quote = gold_direct(quotes, start)
    part = excerpt(nlp, text, start, before)
    candidate = part.at(start)
    shifted = Candidate("direct", candidate.start + part.offset, candidate.end + part.offset)
    assert matches(text, quote, shifted)
    return part, candidate, quote


def gold_mention(part: Excerpt, quote: dict) -> str:
    return part.text[quote["speaker_start"] - part.offset : quote["speaker_end"] - part.offset]


def test_inverted_name_keeps_apart_its_appositive(nlp):
    """``"Tom is a real visionary," said Robert McAtee, one of several …``"""
    part, candidate, quote = polnear_check(nlp, "nyt_2016-10-02", "Tom is a real visionary")
    assert part.mention(candidate) == "Robert McAtee"
    assert candidate.method == "inverted"


def test_told_names_the_outlet(nlp):
    """``''The sooner he releases …,'' Mr. Goldberg told CNBC in August.``"""
    text, _ = fixture("polnear", "nyt_2016-09-30_keep")
    start = text.index("The sooner he releases")
    part = excerpt(nlp, text, start)
    candidate = part.at(start)
    assert part.text[candidate.start : candidate.end] == "The sooner he releases his entire returns, the better,"
    assert part.mention(candidate) == "Mr. Goldberg"
    assert candidate.outlet == "CNBC" and part.cue(candidate) == "told"


@pytest.mark.parametrize(
    ("needle", "speaker"),
    [
        ("Mr. Trump embodies the lasting", "Sonya Herridge"),  # ``shame.” ― Sonya Herridge``
        ("During the debate Trump said Hispanics", "Pamela Padilla"),  # ``about.”― Pamela``: dash glued to the mark
    ],
)
def test_dash_before_the_speaker(nlp, needle, speaker):
    """``“… He represents our greatest shame.” ― Sonya Herridge`` (this one opened by ``”``)."""
    part, candidate, quote = polnear_check(nlp, "huff-post_2016-09-27_latinos", needle)
    assert candidate.method == "dash"
    assert part.mention(candidate) == gold_mention(part, quote) == speaker


def test_colon_closing_the_paragraph_before(nlp):
    """``Caddell continued:\\n\\n"The health issue … the question: “As you know, …?” … no."``

    The curly quote nested in the straight one stays inside it (the PolNeAR
    gold cuts the span inside the nested quote; it still matches).
    """
    part, candidate, quote = polnear_check(nlp, "breitbart_2016-09-15", '"The health issue overall', before=1)
    assert part.text[candidate.start : candidate.end].endswith("forty-six, no.")
    assert part.mention(candidate) == gold_mention(part, quote) == "Caddell"
    assert part.cue(candidate) == "continued"


def test_multi_paragraph_quote_shares_its_speaker(nlp):
    """``The New York Times reports:\\n\\n"In an illustration …\\n\\n"Without this online network …``"""
    text, quotes = fixture("polnear", "breitbart_2016-09-21")
    start = text.index('"In an illustration')
    part = excerpt(nlp, text, start, before=1, after=1)
    first = part.at(start + 1)
    second = part.at(text.index('"Without this online network') + 1)
    assert part.mention(first) == "The New York Times"
    assert (second.mention_start, second.mention_end) == (first.mention_start, first.mention_end)
    assert second.method == "inherited"


def test_follow_on_quote_in_the_next_paragraph_inherits(nlp):
    """``“…,” said Caddell, speaking of Clinton’s health issue. “It is one of the things …”``"""
    part, candidate, quote = polnear_check(nlp, "breitbart_2016-09-15", "“It is one of the things worrying")
    assert part.mention(candidate) == gold_mention(part, quote) == "Caddell"
    assert candidate.method == "inherited"


@pytest.mark.parametrize(
    ("prefix", "needle"),
    [
        ("000_", "a “stab in the back”"),
        ("001_", 'the "Declaration"'),
        ("004_", "no “second front”"),
        ("001_", 'according to Aliyev, "is a great privilege'),
        ("003_", '"issues of bilateral'),
    ],
)
def test_scare_quotes_titles_and_embedded_fragments_are_not_direct(nlp, prefix, needle):
    text, _ = fixture("seeds", prefix)
    start = text.index(needle)
    part = excerpt(nlp, text, start)
    fragment = start + needle.index(next(c for c in needle if c in MARKS)) + 1
    assert all(not (s <= fragment < e) for s, e in part.spans())


def test_headline_quotes_are_not_direct(nlp):
    text, _ = fixture("polnear", "breitbart_2016-09-15")
    head = text[: text.index("\n\nIn offering")]
    doc = nlp(head + "\n\n" + text[len(head) + 2 : text.index("\n", len(head) + 2)])
    assert all(c.start > len(head) for c in find_direct_quotes(doc))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n ",
        '"',
        '"""“”„“«»‘’\'\'\'"',
        "“a «b ‘c “d «e ‘f " * 10,
        'قال الرئيس "سنفوز في الانتخابات" أمس. "אנחנו ננצח", אמר השר.',
        "\x00\x07“Control”\x1b characters and emoji 😀 “🎉 What a party this is!” he said.\r\n\u202e“RTL text here now”",
        "He said the deal was done ” and left. “Yes,\" she said. \"",
    ],
)
def test_never_raises_and_offsets_are_valid(nlp, text):
    doc = nlp(text)
    for c in find_direct_quotes(doc):
        assert 0 <= c.start < c.end <= len(text)
        for start, end in ((c.mention_start, c.mention_end), (c.cue_start, c.cue_end)):
            assert (start is None) == (end is None)
            if start is not None:
                assert 0 <= start < end <= len(text)


SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_results(nlp):
    results = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        gold = json.loads(path.with_name(path.name.removesuffix(".txt") + ".gold.json").read_text(encoding="utf-8"))
        results.append((text, [q for q in gold["quotes"] if q["type"] == "direct"], find_direct_quotes(nlp(text))))
    return results


def matches(text: str, gold: dict, candidate: Candidate) -> bool:
    """GUIDELINES.md matching: overlap covering at least half of the longer span, marks ignored."""
    gs, ge = trimmed(text, gold["start"], gold["end"])
    ps, pe = trimmed(text, candidate.start, candidate.end)
    overlap = min(ge, pe) - max(gs, ps)
    return overlap > 0 and overlap >= 0.5 * max(ge - gs, pe - ps)


def test_every_seed_direct_quote_is_found_with_its_mention(seed_results):
    found = mentioned = total = predicted = 0
    for text, gold, candidates in seed_results:
        predicted += len(candidates)
        for quote in gold:
            total += 1
            hits = [c for c in candidates if matches(text, quote, c)]
            assert hits, f"missed {quote['text'][:60]!r}"
            found += 1
            mention = text[hits[0].mention_start : hits[0].mention_end] if hits[0].mention_start is not None else ""
            mentioned += bool(mention) and (mention in quote["speaker_mention"] or quote["speaker_mention"] in mention)
    assert found == total == 37
    precision = found / predicted
    assert precision >= 0.95, precision
    assert mentioned / total >= 0.95, mentioned / total


def test_named_speaker_in_between_blocks_inheritance(nlp, seed0):
    """Mironchik's split quote with a sentence naming another speaker put between its pieces."""
    text, _ = seed0
    begin = paragraphs_before(text, 4003, 0)
    end = text.find("\n", 4306)
    second = text.index("“Such dramatic turn")
    paragraph = text[begin:second] + "Alexander Lukashenko did not comment. " + text[second:end]
    candidates = find_direct_quotes(nlp(paragraph))
    first, follow_on = candidates
    assert paragraph[follow_on.start :].startswith("Such dramatic turn")
    assert follow_on.method != "inherited"
    assert (follow_on.mention_start, follow_on.mention_end) != (first.mention_start, first.mention_end)


def gold_at(quotes: list[dict], start: int) -> dict:
    """The gold record (any type: PolNeAR's converter types some quotations ``indirect``) whose
    content, marks left out, starts at ``start``."""
    (quote,) = [q for q in quotes if trimmed_start(q) == start]
    return quote


def test_transcript_speaker_label_is_the_speaker(nlp):
    """``"PENCE: Gennifer Flowers will not be attending …``: the label names the speaker and is not
    part of the quote."""
    text, quotes = fixture("polnear", "breitbart_2016-09-25_pence")
    start = text.index("Gennifer Flowers will not be attending")
    quote = gold_at(quotes, start)
    part = excerpt(nlp, text, start)
    candidate = part.at(start)
    assert (candidate.start + part.offset, candidate.end + part.offset) == (quote["start"], quote["end"])
    assert part.mention(candidate) == gold_mention(part, quote) == "PENCE"
    assert candidate.method == "colon"


def test_speech_noun_that_is_another_verbs_object_does_not_attribute(nlp):
    """``Mr. Trump hardly clarified the matter, treating Mrs. Clinton's remark first as a compliment --
    ''That makes me smart'' --``: the words are Trump's, not the remark's owner's."""
    text, quotes = fixture("polnear", "nyt_2016-09-30_keep")
    start = text.index("That makes me smart")
    quote = gold_at(quotes, start)
    part = excerpt(nlp, text, start)
    candidate = part.at(start)
    assert part.mention(candidate) != "Mrs. Clinton"
    assert quote["speaker_mention"] == "Mr. Trump"
    assert part.mention(candidate) in ("Mr. Trump", "Trump")
