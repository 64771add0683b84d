"""``evaluate``: predictions scored against gold exactly as GUIDELINES.md ("Scoring") says.

Span matching
    Both spans are first trimmed of surrounding whitespace and quotation
    marks (``rules.punctuation.SCORING_TRIMMED_MARKS``), with the offsets
    adjusted (``matching``). A prediction matches a gold quote when the
    trimmed spans overlap and the overlap is at least half of the longer
    trimmed span (``lenient=True``: at least 30 % of the gold span).
    Matching is one-to-one and greedy: candidate pairs are taken largest
    overlap first (ties: earlier gold, then earlier prediction).

Type groups
    Each group is scored as an evaluation of its own: ``direct`` keeps only
    gold and predicted quotes of type direct, ``indirect+mixed`` only those of
    type indirect or mixed, and matching is done inside the group (a direct
    prediction over an indirect gold quote is a miss *and* a false positive in
    the groups). ``all`` matches all quotes regardless of type. Precision,
    recall and F1 are ``None`` when their denominator is zero; F1 is
    ``2·TP / (gold + predicted)``.

Speakers
    Speaker accuracy is taken over the matched pairs of a group whose gold
    speaker is not null and whose ``speaker_scored`` is not false: right when
    both names are equal after ``normalise`` (case-folded, punctuation turned
    into spaces, whitespace collapsed). A bare surname for a full name is
    therefore wrong. End-to-end, a gold quote is correct when matched and its
    speaker is right, where a null gold speaker wants a null (or empty)
    prediction and ``speaker_scored: false`` needs only the match; the
    end-to-end scores use that count as TP.

Attributes
    ``role``, ``affiliation``, ``outlet``: accuracy over the ``all`` matches
    whose gold value is not null; right when, after ``normalise``, one value
    contains the other as a whole-word sequence. A null prediction is wrong.

Misses, false positives and wrong speakers are listed from the ``all``
matching, which is also kept whole in ``EvalReport.matched`` (not in
``to_dict``) for ``evaluate.error_kinds`` to group the errors by kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from attribution.evaluate.gold import GoldDocument, GoldQuote
from attribution.evaluate.matching import attribute_right, match_spans, speaker_right, trim_span
from attribution.evaluate.predictions import as_quote
from attribution.model import Quote

#: Quote types of each scored group, in report order.
GROUPS: dict[str, frozenset[str]] = {
    "direct": frozenset({"direct"}),
    "indirect+mixed": frozenset({"indirect", "mixed"}),
    "all": frozenset({"direct", "indirect", "mixed"}),
}
ATTRIBUTES: tuple[str, ...] = ("role", "affiliation", "outlet")
EXCERPT_CHARS = 70


@dataclass(frozen=True, slots=True)
class Accuracy:
    """``correct`` out of ``total``; ``value`` is ``None`` when nothing was scored."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "value": self.value}


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 from a true-positive count and the two totals."""

    tp: int
    gold: int
    predicted: int

    @property
    def precision(self) -> float | None:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.gold + self.predicted
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class GroupScore:
    """Detection, speaker accuracy and end-to-end scores of one type group."""

    detection: PRF
    speaker: Accuracy
    end_to_end: PRF

    def to_dict(self) -> dict[str, Any]:
        return {
            "detection": self.detection.to_dict(),
            "speaker": self.speaker.to_dict(),
            "end_to_end": self.end_to_end.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A miss, a false positive or a wrong speaker, located in its document."""

    document: str
    type: str
    start: int
    end: int
    excerpt: str
    gold_speaker: str | None = None
    predicted_speaker: str | None = None


@dataclass(frozen=True, slots=True)
class MatchedPair:
    """A gold quote and the prediction matched to it in the ``all`` matching."""

    document: str
    gold: GoldQuote
    predicted: Quote


@dataclass(slots=True)
class EvalReport:
    """Everything ``evaluate`` measured; ``groups`` is keyed by ``GROUPS`` names."""

    lenient: bool
    documents: int
    groups: dict[str, GroupScore]
    attributes: dict[str, Accuracy]
    misses: list[Finding] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    wrong_speakers: list[Finding] = field(default_factory=list)
    unknown_documents: list[str] = field(default_factory=list)
    #: Every pair of the ``all`` matching, in document then gold order (not in ``to_dict``).
    matched: list[MatchedPair] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lenient": self.lenient,
            "documents": self.documents,
            "groups": {name: score.to_dict() for name, score in self.groups.items()},
            "attributes": {name: acc.to_dict() for name, acc in self.attributes.items()},
            "misses": [asdict(f) for f in self.misses],
            "false_positives": [asdict(f) for f in self.false_positives],
            "wrong_speakers": [asdict(f) for f in self.wrong_speakers],
            "unknown_documents": list(self.unknown_documents),
        }


@dataclass(slots=True)
class _Tally:
    tp: int = 0
    gold: int = 0
    predicted: int = 0
    speaker_correct: int = 0
    speaker_total: int = 0
    e2e_tp: int = 0

    def score(self) -> GroupScore:
        return GroupScore(
            detection=PRF(self.tp, self.gold, self.predicted),
            speaker=Accuracy(self.speaker_correct, self.speaker_total),
            end_to_end=PRF(self.e2e_tp, self.gold, self.predicted),
        )


def evaluate(
    gold: Mapping[str, GoldDocument],
    predictions: Mapping[str, Sequence[Quote | Mapping[str, Any]]],
    *,
    lenient: bool = False,
) -> EvalReport:
    """Score ``predictions`` (document name → quotes or quote dicts) against ``gold``.

    Gold documents without predictions count as having none; predictions for
    documents absent from the gold are not scored and are listed in
    ``unknown_documents``.
    """
    tallies = {name: _Tally() for name in GROUPS}
    attribute_counts = {name: [0, 0] for name in ATTRIBUTES}
    report = EvalReport(lenient=lenient, documents=len(gold), groups={}, attributes={})
    by_name = _predictions_by_gold_name(gold, predictions, report.unknown_documents)
    for name, document in gold.items():
        predicted = [as_quote(q, document.text) for q in by_name.get(name, ())]
        for group, types in GROUPS.items():
            gold_in = [q for q in document.quotes if q.type in types]
            pred_in = [q for q in predicted if q.type in types]
            matches = _match_quotes(document, gold_in, pred_in, lenient=lenient)
            _tally_group(tallies[group], gold_in, pred_in, matches)
            if group == "all":
                _tally_attributes(attribute_counts, gold_in, pred_in, matches)
                _record_findings(report, document, gold_in, pred_in, matches)
    report.groups = {name: tally.score() for name, tally in tallies.items()}
    report.attributes = {name: Accuracy(*counts) for name, counts in attribute_counts.items()}
    return report


def _predictions_by_gold_name(
    gold: Mapping[str, GoldDocument],
    predictions: Mapping[str, Sequence[Any]],
    unknown: list[str],
) -> dict[str, Sequence[Any]]:
    """Predictions keyed by gold name; a path-like key falls back to its file name."""
    result: dict[str, list[Any]] = {}
    for name, quotes in predictions.items():
        key = name if name in gold else Path(name).name
        if key in gold:
            result.setdefault(key, []).extend(quotes)
        else:
            unknown.append(name)
    return result


def _match_quotes(
    document: GoldDocument,
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    *,
    lenient: bool,
) -> list[tuple[int, int]]:
    gold_spans = [trim_span(q.text, q.start, q.end) for q in gold]
    pred_spans = [trim_span(_span_text(document, q), q.start, q.end) for q in predicted]
    return match_spans(gold_spans, pred_spans, lenient=lenient)


def _span_text(document: GoldDocument, quote: Quote) -> str:
    """The document's text under the quote's offsets (the quote's own text without a document)."""
    if document.text is not None:
        return document.text[quote.start : quote.end]
    return quote.text


def _tally_group(
    tally: _Tally,
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    matches: Sequence[tuple[int, int]],
) -> None:
    tally.gold += len(gold)
    tally.predicted += len(predicted)
    tally.tp += len(matches)
    for g, p in matches:
        gold_quote, pred_quote = gold[g], predicted[p]
        if gold_quote.speaker is not None and gold_quote.speaker_scored:
            tally.speaker_total += 1
            tally.speaker_correct += speaker_right(gold_quote, pred_quote)
        tally.e2e_tp += speaker_right(gold_quote, pred_quote)


def _tally_attributes(
    counts: dict[str, list[int]],
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    matches: Sequence[tuple[int, int]],
) -> None:
    for g, p in matches:
        for name in ATTRIBUTES:
            gold_value = getattr(gold[g], name)
            if gold_value is not None:
                counts[name][1] += 1
                counts[name][0] += attribute_right(gold_value, getattr(predicted[p], name))


def _record_findings(
    report: EvalReport,
    document: GoldDocument,
    gold: Sequence[GoldQuote],
    predicted: Sequence[Quote],
    matches: Sequence[tuple[int, int]],
) -> None:
    matched_gold = {g for g, _ in matches}
    matched_pred = {p for _, p in matches}
    for g, quote in enumerate(gold):
        if g not in matched_gold:
            report.misses.append(_finding(document.name, quote, gold_speaker=quote.speaker))
    for p, quote in enumerate(predicted):
        if p not in matched_pred:
            report.false_positives.append(
                _finding(document.name, quote, predicted_speaker=quote.speaker)
            )
    for g, p in matches:
        report.matched.append(MatchedPair(document.name, gold[g], predicted[p]))
        if not speaker_right(gold[g], predicted[p]):
            report.wrong_speakers.append(
                _finding(
                    document.name,
                    gold[g],
                    gold_speaker=gold[g].speaker,
                    predicted_speaker=predicted[p].speaker,
                )
            )


def _finding(document: str, quote: GoldQuote | Quote, **speakers: str | None) -> Finding:
    return Finding(
        document=document,
        type=quote.type,
        start=quote.start,
        end=quote.end,
        excerpt=excerpt(quote.text),
        **speakers,
    )


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
