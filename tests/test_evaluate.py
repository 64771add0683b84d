"""The evaluator implements the scoring rules of GUIDELINES.md, one test per rule."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from attribution.baseline import textacy_predict_dir, textacy_quotes
from attribution.evaluate import (
    GoldDocument,
    GoldError,
    GoldQuote,
    as_quote,
    attribute_right,
    evaluate,
    format_report,
    load_gold_dir,
    match_spans,
    normalise,
    trim_span,
)
from attribution.evaluate.error_kinds import KINDS, format_errors, group_errors, is_partial_name
from attribution.model import Quote

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"

# A text long enough for the hand-made spans below; its content does not matter
# for span arithmetic, only for trimming (which the dedicated tests set up).
FILLER = "x" * 2000


def gold_doc(*quotes: GoldQuote, text: str = FILLER, name: str = "d.txt") -> dict[str, GoldDocument]:
    return {name: GoldDocument(name=name, text=text, quotes=tuple(quotes))}


def gq(start: int, end: int, type: str = "direct", text: str = FILLER, **values) -> GoldQuote:
    return GoldQuote(type=type, text=text[start:end], start=start, end=end, **values)


def pq(start: int, end: int, type: str = "direct", text: str = FILLER, **values) -> Quote:
    return Quote(type=type, text=text[start:end], start=start, end=end, **values)


def all_group(report):
    return report.groups["all"]


# ------------------------------------------------------------ span matching


def test_half_of_longer_when_prediction_is_shorter():
    assert match_spans([(0, 100)], [(0, 50)]) == [(0, 0)]
    assert match_spans([(0, 100)], [(0, 49)]) == []


def test_half_of_longer_when_prediction_is_longer():
    assert match_spans([(10, 20)], [(0, 20)]) == [(0, 0)]
    assert match_spans([(10, 20)], [(0, 21)]) == []


def test_spans_must_overlap():
    assert match_spans([(0, 10)], [(10, 20)]) == []
    assert match_spans([(5, 5)], [(5, 5)]) == []


def test_lenient_needs_thirty_percent_of_gold():
    assert match_spans([(0, 100)], [(0, 30)], lenient=True) == [(0, 0)]
    assert match_spans([(0, 100)], [(0, 29)], lenient=True) == []
    # a prediction far longer than the gold: lenient yes, strict no
    assert match_spans([(100, 110)], [(0, 1000)], lenient=True) == [(0, 0)]
    assert match_spans([(100, 110)], [(0, 1000)]) == []


def test_greedy_takes_largest_overlap_first():
    # The prediction overlaps gold 0 by 12 and gold 1 by 15: both suffice,
    # the larger wins, gold 0 is left unmatched although it comes first.
    assert match_spans([(0, 12), (5, 20)], [(0, 20)]) == [(1, 0)]


def test_matching_is_one_to_one():
    assert match_spans([(0, 10), (10, 20)], [(0, 20)]) == [(0, 0)]
    assert match_spans([(0, 20)], [(0, 10), (10, 20)]) == [(0, 0)]
    assert match_spans([(0, 10), (20, 30)], [(0, 10), (20, 30)]) == [(0, 0), (1, 1)]


def test_trim_span_strips_marks_and_whitespace_with_offsets():
    text = 'He said: \n“We will win.” And «Oui» then „Ja“ and ‘yes’ and  "no" \'ok\' '
    for raw, clean in [
        (" \n“We will win.” ", "We will win."),
        ("«Oui»", "Oui"),
        ("„Ja“", "Ja"),
        ("‘yes’", "yes"),
        (' "no" ', "no"),
        ("'ok' ", "ok"),
    ]:
        start = text.index(raw)
        s, e = trim_span(raw, start, start + len(raw))
        assert text[s:e] == clean
    # inner marks and trailing sentence punctuation stay
    inner = "“He said “no”.”"
    s, e = trim_span(inner, 0, len(inner))
    assert inner[s:e] == "He said “no”."
    assert trim_span(" “ ” ", 3, 8) == (8, 8)
    # text that does not fit the offsets is not trusted for trimming
    assert trim_span("“ab”", 0, 10) == (0, 10)


def test_quotation_marks_are_ignored_when_matching():
    text = "He said “ab” and left. " + FILLER
    gold = gold_doc(gq(8, 12, text=text), text=text)  # “ab” with its marks
    predicted = {"d.txt": [pq(9, 10, text=text)]}  # "a": 1 of 4 raw chars, 1 of 2 trimmed
    assert all_group(evaluate(gold, predicted)).detection.tp == 1


# ------------------------------------------------------------ detection scores


def test_prf_and_findings():
    gold = gold_doc(gq(0, 100), gq(200, 300), gq(400, 500))
    predicted = {"d.txt": [pq(0, 100), pq(210, 300), pq(600, 700), pq(800, 900)]}
    report = evaluate(gold, predicted)
    det = all_group(report).detection
    assert (det.tp, det.gold, det.predicted) == (2, 3, 4)
    assert det.precision == pytest.approx(0.5)
    assert det.recall == pytest.approx(2 / 3)
    assert det.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert [(f.start, f.end) for f in report.misses] == [(400, 500)]
    assert [(f.start, f.end) for f in report.false_positives] == [(600, 700), (800, 900)]
    assert report.misses[0].document == "d.txt"
    assert report.misses[0].excerpt.endswith("…")


def test_type_groups_match_within_the_group_and_all_matches_across_types():
    gold = gold_doc(gq(0, 100, "direct"), gq(200, 300, "indirect"), gq(400, 500, "mixed"))
    predicted = {"d.txt": [pq(0, 100, "indirect"), pq(200, 300, "indirect"), pq(400, 500, "indirect")]}
    groups = evaluate(gold, predicted).groups
    direct, reported, everything = groups["direct"], groups["indirect+mixed"], groups["all"]
    assert (direct.detection.tp, direct.detection.gold, direct.detection.predicted) == (0, 1, 0)
    assert direct.detection.precision is None and direct.detection.f1 == 0.0
    assert (reported.detection.tp, reported.detection.gold, reported.detection.predicted) == (2, 2, 3)
    assert (everything.detection.tp, everything.detection.gold, everything.detection.predicted) == (3, 3, 3)


def test_documents_without_predictions_and_unknown_documents():
    gold = gold_doc(gq(0, 100))
    report = evaluate(gold, {"other.txt": [pq(0, 100)]})
    assert all_group(report).detection.predicted == 0
    assert report.unknown_documents == ["other.txt"]
    # a path-like key is matched by its file name
    report = evaluate(gold, {"some/dir/d.txt": [pq(0, 100)]})
    assert all_group(report).detection.tp == 1


def test_predictions_as_dicts_equal_predictions_as_quotes():
    gold = gold_doc(gq(0, 100, speaker="Vadim Mukhanov"), gq(200, 300, speaker="Ilham Aliyev"))
    quotes = [pq(0, 100, speaker="Vadim Mukhanov"), pq(200, 290, speaker="Aliyev")]
    rows = [{"document": "d.txt", "speaker_kind": None, **q.to_dict()} for q in quotes]
    for row in rows:
        del row["text"]  # taken from the document text
    assert evaluate(gold, {"d.txt": rows}).to_dict() == evaluate(gold, {"d.txt": quotes}).to_dict()
    assert as_quote(rows[0], FILLER) == quotes[0]


# ------------------------------------------------------------ speakers


def test_speaker_normalisation():
    assert normalise("  Vadim   MUKHANOV. ") == normalise("vadim mukhanov")
    assert normalise("Jean-Luc O’Brien") == normalise("jean luc o'brien")
    assert normalise(None) == ""


def test_speaker_accuracy_and_surname_only_is_wrong():
    gold = gold_doc(
        gq(0, 100, speaker="Vadim Mukhanov"),
        gq(200, 300, speaker="Vadim Mukhanov"),
        gq(400, 500, speaker="Vadim Mukhanov"),
    )
    predicted = {
        "d.txt": [
            pq(0, 100, speaker="vadim  mukhanov,"),
            pq(200, 300, speaker="Mukhanov"),
            pq(400, 500, speaker=None),
        ]
    }
    report = evaluate(gold, predicted)
    score = all_group(report)
    assert (score.speaker.correct, score.speaker.total) == (1, 3)
    assert score.end_to_end.tp == 1
    assert [(f.gold_speaker, f.predicted_speaker) for f in report.wrong_speakers] == [
        ("Vadim Mukhanov", "Mukhanov"),
        ("Vadim Mukhanov", None),
    ]


def test_null_gold_speaker_wants_null_prediction():
    gold = gold_doc(gq(0, 100, speaker=None), gq(200, 300, speaker=None))
    predicted = {"d.txt": [pq(0, 100, speaker=None), pq(200, 300, speaker="Somebody")]}
    score = all_group(evaluate(gold, predicted))
    assert score.speaker.total == 0  # null gold speakers are not in speaker accuracy
    assert score.end_to_end.tp == 1
    assert score.end_to_end.f1 == pytest.approx(0.5)


def test_speaker_scored_false_needs_only_the_match():
    gold = gold_doc(
        gq(0, 100, speaker=None, speaker_scored=False),
        gq(200, 300, speaker="Somebody Else", speaker_scored=False),
    )
    predicted = {"d.txt": [pq(0, 100, speaker="Anyone"), pq(200, 300, speaker=None)]}
    report = evaluate(gold, predicted)
    assert all_group(report).speaker.total == 0
    assert all_group(report).end_to_end.tp == 2
    assert report.wrong_speakers == []


def test_speaker_accuracy_per_type_group():
    gold = gold_doc(gq(0, 100, "direct", speaker="A B"), gq(200, 300, "mixed", speaker="C D"))
    predicted = {"d.txt": [pq(0, 100, "direct", speaker="A B"), pq(200, 300, "indirect", speaker="D")]}
    groups = evaluate(gold, predicted).groups
    assert groups["direct"].speaker.value == 1.0
    assert groups["indirect+mixed"].speaker.value == 0.0
    assert groups["all"].speaker.value == 0.5


# ------------------------------------------------------------ attributes


def test_attribute_containment_rule():
    assert attribute_right("Senior Research Fellow at MGIMO", "senior research fellow")
    assert attribute_right("MGIMO", "MGIMO (Moscow)")
    assert not attribute_right("MGIMO", None)
    assert not attribute_right("MGIMO", "")
    assert not attribute_right("US", "Russia")  # containment is of whole words
    assert not attribute_right("political scientist", "expert")


def test_attribute_accuracy_counts_only_non_null_gold_on_matches():
    gold = gold_doc(
        gq(0, 100, role="political scientist", affiliation=None, outlet="EADaily"),
        gq(200, 300, role="Foreign Minister", affiliation="MGIMO", outlet=None),
        gq(400, 500, role="expert"),  # not matched: not counted
    )
    predicted = {
        "d.txt": [
            pq(0, 100, role="Political Scientist", affiliation="Duma", outlet=None),
            pq(200, 300, role=None, affiliation="the MGIMO university", outlet="RIA"),
        ]
    }
    attributes = evaluate(gold, predicted).attributes
    assert (attributes["role"].correct, attributes["role"].total) == (1, 2)
    assert (attributes["affiliation"].correct, attributes["affiliation"].total) == (1, 1)
    assert (attributes["outlet"].correct, attributes["outlet"].total) == (0, 1)


# ------------------------------------------------------------ error kinds


def test_partial_name_is_a_whole_word_subsequence():
    assert is_partial_name("Bo Horvat", "Horvat")
    assert is_partial_name("Jingyi Pan of IG", "jingyi pan")
    assert is_partial_name("John Kennedy", "John F. Kennedy")  # need not be contiguous
    assert not is_partial_name("Pan Jingyi", "Jingyi Pan")  # same words, other order
    assert not is_partial_name("Bo Horvat", "Horvath")  # whole words only
    assert not is_partial_name("Bo Horvat", "bo  horvat.")  # equal after normalise
    assert not is_partial_name("Bo Horvat", None)
    assert is_partial_name("Horvat Horvat", "Bo Horvat Horvat")  # repeated words need repeats
    assert not is_partial_name("Horvat Horvat", "Bo Horvat")


def error_kinds_fixture():
    """Gold and predictions where every kind occurs a known number of times."""
    gold = gold_doc(
        gq(0, 100, speaker="Bo Horvat", role="coach"),  # partial_name + role_missing
        gq(200, 300, speaker="Jingyi Pan", affiliation="IG"),  # partial_name; affiliation right
        gq(400, 500, speaker="Ilham Aliyev", outlet="RIA"),  # no_speaker + outlet_different
        gq(600, 700, speaker="Ilham Aliyev", affiliation="MGIMO"),  # wrong_speaker + affiliation_missing
        gq(800, 900, speaker="Pan Jingyi"),  # wrong_speaker (word order differs)
        gq(1000, 1100, speaker=None),  # speaker_for_null_gold
        gq(1100, 1200, speaker=None),  # right: null for null
        gq(1200, 1300, speaker="Somebody", speaker_scored=False),  # not checked
        gq(1300, 1400, speaker="A B", role="minister"),  # role_different only
        gq(1400, 1500, speaker="C D"),  # missed
        gq(1500, 1600, speaker=None),  # missed
    )
    predicted = {
        "d.txt": [
            pq(0, 100, speaker="Horvat", role=None),
            pq(200, 300, speaker="Jingyi Pan of IG", affiliation="IG Group"),
            pq(400, 500, speaker=None, outlet="TASS"),
            pq(600, 700, speaker="Vadim Mukhanov"),
            pq(800, 900, speaker="Jingyi Pan"),
            pq(1000, 1100, speaker="Somebody"),
            pq(1100, 1200, speaker=None),
            pq(1200, 1300, speaker=None),
            pq(1300, 1400, speaker="a  b", role="expert"),
            pq(1700, 1800, speaker="E F"),  # spurious
            pq(1900, 2000),  # spurious
        ]
    }
    return gold, predicted


def test_error_kinds_counts():
    report = evaluate(*error_kinds_fixture())
    counts = group_errors(report).counts
    assert list(counts) == list(KINDS)
    assert counts == {
        "missed": 2,
        "spurious": 2,
        "no_speaker": 1,
        "partial_name": 2,
        "wrong_speaker": 2,
        "speaker_for_null_gold": 1,
        "role_missing": 1,
        "role_different": 1,
        "affiliation_missing": 1,
        "affiliation_different": 0,
        "outlet_missing": 0,
        "outlet_different": 1,
    }
    assert group_errors(report).total == 14


def test_error_kinds_reconcile_with_scores():
    report = evaluate(*error_kinds_fixture())
    counts, everything = group_errors(report).counts, all_group(report)
    det, speaker, e2e = everything.detection, everything.speaker, everything.end_to_end
    assert counts["missed"] == det.gold - det.tp
    assert counts["spurious"] == det.predicted - det.tp
    assert counts["no_speaker"] + counts["partial_name"] + counts["wrong_speaker"] == speaker.total - speaker.correct
    assert sum(counts[kind] for kind in ("no_speaker", "partial_name", "wrong_speaker", "speaker_for_null_gold")) == (
        det.tp - e2e.tp
    )
    assert sum(counts[kind] for kind in ("no_speaker", "partial_name", "wrong_speaker", "speaker_for_null_gold")) == (
        len(report.wrong_speakers)
    )
    for name, accuracy in report.attributes.items():
        assert counts[f"{name}_missing"] + counts[f"{name}_different"] == accuracy.total - accuracy.correct


def test_error_findings_carry_location_and_values():
    findings = group_errors(evaluate(*error_kinds_fixture())).findings
    assert [(f.start, f.gold, f.predicted) for f in findings["partial_name"]] == [
        (0, "Bo Horvat", "Horvat"),
        (200, "Jingyi Pan", "Jingyi Pan of IG"),
    ]
    assert [(f.start, f.gold, f.predicted) for f in findings["outlet_different"]] == [(400, "RIA", "TASS")]
    assert [(f.start, f.end, f.gold) for f in findings["missed"]] == [(1400, 1500, "C D"), (1500, 1600, None)]
    assert [(f.start, f.predicted) for f in findings["spurious"]] == [(1700, "E F"), (1900, None)]
    assert {f.document for found in findings.values() for f in found} == {"d.txt"}


def test_perfect_predictions_have_no_errors():
    gold = gold_doc(gq(0, 100, speaker="A B", role="coach"))
    summary = group_errors(evaluate(gold, {"d.txt": [pq(0, 100, speaker="A B", role="Coach")]}))
    assert summary.total == 0 and set(summary.counts.values()) == {0}
    assert format_errors(summary).splitlines()[-1].split() == ["total", "0", "n/a"]


def test_format_errors_table_and_examples():
    summary = group_errors(evaluate(*error_kinds_fixture()))
    text = format_errors(summary, examples=1)
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()[2 : 3 + len(KINDS)]}
    assert rows["partial_name"] == ["2", f"{2 / 14:.3f}"]
    assert rows["total"] == ["14", "1.000"]
    assert "partial_name: 2 (first 1)" in text
    assert "d.txt [0:100] direct  (gold: Bo Horvat | predicted: Horvat)" in text
    assert "Jingyi Pan of IG" not in text  # the second example is cut
    assert "affiliation_different:" not in text  # no examples heading for an empty kind
    assert format_errors(summary, examples=0).count("\n") == 2 + len(KINDS)


# ------------------------------------------------------------ real gold files


def test_seed_gold_against_itself_scores_one():
    gold = load_gold_dir(SEEDS)
    assert len(gold) == 5
    for document in gold.values():
        for quote in document.quotes:
            assert document.text[quote.start : quote.end] == quote.text
    predictions = {
        name: [
            Quote(
                type=q.type, text=q.text, start=q.start, end=q.end, speaker=q.speaker,
                role=q.role, affiliation=q.affiliation, outlet=q.outlet,
            )
            for q in document.quotes
        ]
        for name, document in gold.items()
    }
    report = evaluate(gold, predictions)
    for score in report.groups.values():
        assert score.detection.f1 == 1.0
        assert score.speaker.value == 1.0
        assert score.end_to_end.f1 == 1.0
    for accuracy in report.attributes.values():
        assert accuracy.value == 1.0
    assert not (report.misses or report.false_positives or report.wrong_speakers)
    text = format_report(report)
    assert "Misses (gold not matched): 0" in text


def test_seed_gold_marks_are_trimmed_against_content_spans():
    # Mixed gold quotes keep their inner marks; a prediction of the same clause
    # without the final closing mark still matches it exactly once.
    gold = load_gold_dir(SEEDS)
    name, document = next(
        (n, d) for n, d in gold.items() if any(q.type == "mixed" and q.text.endswith("”") for q in d.quotes)
    )
    quote = next(q for q in document.quotes if q.type == "mixed" and q.text.endswith("”"))
    shortened = replace(quote, end=quote.end - 1, text=quote.text[:-1])
    report = evaluate({name: document}, {name: [as_quote(
        {"type": "mixed", "start": shortened.start, "end": shortened.end}, document.text)]})
    assert all_group(report).detection.tp == 1


def test_polnear_gold_loads_with_speaker_scored_flags():
    gold = load_gold_dir(FIXTURES / "polnear")
    raw = [json.loads(p.read_text(encoding="utf-8")) for p in (FIXTURES / "polnear").glob("*.gold.json")]
    unscored = sum(r.get("speaker_scored") is False for doc in raw for r in doc["quotes"])
    assert unscored > 0
    assert sum(not q.speaker_scored for d in gold.values() for q in d.quotes) == unscored
    assert all(d.text is not None for d in gold.values())


def test_directory_without_gold_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing here.", encoding="utf-8")
    with pytest.raises(GoldError, match="no \\*.gold.json"):
        load_gold_dir(tmp_path)


# ------------------------------------------------------------ textacy baseline


def test_textacy_quote_offsets_and_speaker():
    from attribution.pipeline import load_pipeline

    nlp = load_pipeline()
    text = '"We will not give up the fight for our country," Vadim Mukhanov said on Monday.'
    quotes = textacy_quotes(nlp(text, disable=["quote_attribution"]))
    assert len(quotes) == 1
    quote = quotes[0]
    assert quote.text == text[quote.start : quote.end] == "We will not give up the fight for our country,"
    assert quote.speaker == "Vadim Mukhanov"
    assert quote.cue == "said"


def test_textacy_baseline_runs_on_fixtures_and_counts_failures():
    result = textacy_predict_dir(SEEDS)
    gold = load_gold_dir(SEEDS)
    assert set(result.predictions) == set(gold)
    assert set(result.errors) <= set(gold)
    for name, message in result.errors.items():
        assert "quotation marks" in message
        assert result.predictions[name] == []
    for name, quotes in result.predictions.items():
        for quote in quotes:
            assert quote.type == "direct"
            assert gold[name].text[quote.start : quote.end] == quote.text
    report = evaluate(gold, result.predictions)
    assert report.groups["direct"].detection.tp > 0
    assert report.groups["indirect+mixed"].detection.predicted == 0


def test_unknown_quote_types_are_rejected():
    with pytest.raises(ValueError, match="unknown quote type"):
        as_quote({"type": "Direct", "start": 0, "end": 5}, FILLER)
    with pytest.raises(ValueError, match="unknown quote type"):
        evaluate(gold_doc(gq(0, 10)), {"d.txt": [pq(0, 10, "reported")]})
