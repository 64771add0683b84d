"""Score predicted quotes against gold files, exactly as GUIDELINES.md ("Scoring") says.

Span matching
    Both spans are first trimmed of surrounding whitespace and quotation marks
    (``QUOTE_MARKS``), with the offsets adjusted. A prediction matches a gold
    quote when the trimmed spans overlap and the overlap is at least half of
    the longer trimmed span (``lenient=True``: at least 30 % of the gold span).
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
``to_dict``) for ``attribution.error_kinds`` to group the errors by kind.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from attribution.model import QUOTE_TYPES, Quote


#: Characters trimmed, with whitespace, from both ends of a span before comparing.
QUOTE_MARKS = "\"'“”„‟«»‘’‚‛‹›「」『』"
#: Share of the longer span the overlap must cover (strict mode).
STRICT_SHARE = 0.5
#: Share of the gold span the overlap must cover (lenient mode).
LENIENT_SHARE = 0.3
#: Quote types of each scored group, in report order.
GROUPS: dict[str, frozenset[str]] = {
    "direct": frozenset({"direct"}),
    "indirect+mixed": frozenset({"indirect", "mixed"}),
    "all": frozenset({"direct", "indirect", "mixed"}),
}
ATTRIBUTES: tuple[str, ...] = ("role", "affiliation", "outlet")
GOLD_SUFFIX = ".gold.json"
EXCERPT_CHARS = 70


class GoldError(ValueError):
    """A gold directory or file cannot be used."""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One gold record; ``speaker_scored=False`` means its speaker is not checked."""

    type: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_scored: bool = True
    speaker_kind: str | None = None
    speaker_mention: str | None = None
    role: str | None = None
    affiliation: str | None = None
    outlet: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document's text (``None`` when the ``.txt`` is absent) and its gold quotes."""

    name: str
    text: str | None
    quotes: tuple[GoldQuote, ...]


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


# ---------------------------------------------------------------- loading


def read_text(path: Path) -> str:
    """A document's text exactly as stored (UTF-8, newlines untranslated)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_gold_file(path: str | Path) -> GoldDocument:
    """One ``NAME.gold.json`` with the text of its ``NAME.txt`` when present."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("document") or path.name[: -len(GOLD_SUFFIX)] + ".txt"
        quotes = tuple(_gold_quote(record) for record in data["quotes"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise GoldError(f"{path}: not a usable gold file ({error})") from error
    text_path = path.with_name(name)
    text = read_text(text_path) if text_path.is_file() else None
    return GoldDocument(name=name, text=text, quotes=quotes)


def _gold_quote(record: Mapping[str, Any]) -> GoldQuote:
    if record["type"] not in QUOTE_TYPES:
        raise ValueError(f"unknown quote type {record['type']!r}")
    known = {f.name for f in fields(GoldQuote)}
    values = {key: value for key, value in record.items() if key in known}
    values["speaker_scored"] = record.get("speaker_scored") is not False
    return GoldQuote(**values)


def load_gold_dir(path: str | Path) -> dict[str, GoldDocument]:
    """All ``*.gold.json`` of a directory, keyed by document file name (``x.txt``)."""
    directory = Path(path)
    if not directory.is_dir():
        raise GoldError(f"{directory}: not a directory")
    gold = {}
    for gold_path in sorted(directory.glob(f"*{GOLD_SUFFIX}")):
        document = load_gold_file(gold_path)
        gold[document.name] = document
    if not gold:
        raise GoldError(f"{directory}: no *{GOLD_SUFFIX} gold files found")
    return gold


def read_dir_texts(path: str | Path) -> dict[str, str]:
    """The texts of ``path/*.txt`` keyed by file name, in name order."""
    return {p.name: read_text(p) for p in sorted(Path(path).glob("*.txt"))}


def extract_dir(path: str | Path, model: str | None = None) -> dict[str, list[Quote]]:
    """The extractor's quotes of each ``path/*.txt``, keyed by file name.

    The texts go the one way a job sends them (``pipeline.extract_batch``); a
    text whose extraction fails raises its error.
    """
    from attribution.pipeline import extract_batch, load_pipeline

    texts = read_dir_texts(path)
    outcomes = extract_batch(load_pipeline(model), list(texts.values()))
    for outcome in outcomes:
        if isinstance(outcome, Exception):
            raise outcome
    return dict(zip(texts, outcomes, strict=True))


def load_predictions_jsonl(path: str | Path) -> dict[str, list[Quote]]:
    """Quotes from a JSON Lines file of export rows (key ``document`` names the file)."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as error:
                    raise ValueError(f"{path}:{number}: not JSON ({error})") from error
    return group_rows(rows)


def group_rows(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[Quote]]:
    """Export rows (dicts with a ``document`` key) as quotes grouped by document."""
    grouped: dict[str, list[Quote]] = {}
    for row in rows:
        grouped.setdefault(str(row["document"]), []).append(as_quote(row))
    return grouped


def as_quote(value: Quote | Mapping[str, Any], text: str | None = None) -> Quote:
    """A ``Quote`` from a quote or a dict with ``Quote`` keys (other keys ignored).

    A dict without ``text`` takes it from the document ``text`` when given.
    Raises ``ValueError`` for a type other than direct, indirect or mixed.
    """
    quote_type = value.type if isinstance(value, Quote) else value.get("type")
    if quote_type not in QUOTE_TYPES:
        raise ValueError(f"unknown quote type {quote_type!r}")
    if isinstance(value, Quote):
        return value
    known = {f.name for f in fields(Quote)}
    values = {key: item for key, item in value.items() if key in known}
    values["start"], values["end"] = int(values["start"]), int(values["end"])
    if "text" not in values:
        values["text"] = text[values["start"] : values["end"]] if text is not None else ""
    if values.get("confidence") is None:
        values.pop("confidence", None)
    return Quote(**values)


# ---------------------------------------------------------------- matching


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` of ``text`` (the span's own text) without surrounding marks and whitespace.

    Offsets are those of the document and ``text`` should be ``document[start:end]``;
    when its length disagrees with the offsets, the span is returned untrimmed.
    """
    if len(text) != end - start:
        return start, end
    left, right = 0, len(text)
    while left < right and (text[left].isspace() or text[left] in QUOTE_MARKS):
        left += 1
    while right > left and (text[right - 1].isspace() or text[right - 1] in QUOTE_MARKS):
        right -= 1
    return start + left, start + right


def match_spans(
    gold: Sequence[tuple[int, int]],
    predicted: Sequence[tuple[int, int]],
    *,
    lenient: bool = False,
) -> list[tuple[int, int]]:
    """One-to-one ``(gold index, prediction index)`` matches, greedy, largest overlap first."""
    pairs = []
    for g, (g_start, g_end) in enumerate(gold):
        for p, (p_start, p_end) in enumerate(predicted):
            overlap = min(g_end, p_end) - max(g_start, p_start)
            if overlap > 0 and _overlap_suffices(overlap, g_end - g_start, p_end - p_start, lenient):
                pairs.append((-overlap, g, p))
    pairs.sort()
    used_gold, used_pred, matches = set(), set(), []
    for _, g, p in pairs:
        if g not in used_gold and p not in used_pred:
            used_gold.add(g)
            used_pred.add(p)
            matches.append((g, p))
    return sorted(matches)


def _overlap_suffices(overlap: int, gold_length: int, predicted_length: int, lenient: bool) -> bool:
    if lenient:
        return overlap >= LENIENT_SHARE * gold_length
    return overlap >= STRICT_SHARE * max(gold_length, predicted_length)


# ---------------------------------------------------------------- comparing values


def normalise(value: str | None) -> str:
    """Case-folded, punctuation as spaces, whitespace collapsed (``""`` for ``None``)."""
    if value is None:
        return ""
    folded = unicodedata.normalize("NFKC", value).casefold()
    spaced = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in folded)
    return " ".join(spaced.split())


def speaker_right(gold: GoldQuote, predicted: Quote) -> bool:
    """End-to-end speaker check: unscored → right; null gold wants null; else equal names."""
    if not gold.speaker_scored:
        return True
    return normalise(gold.speaker) == normalise(predicted.speaker)


def attribute_right(gold_value: str, predicted_value: str | None) -> bool:
    """One normalised value contains the other as a whole-word sequence; null is wrong."""
    gold_norm, pred_norm = normalise(gold_value), normalise(predicted_value)
    if not pred_norm or not gold_norm:
        return False
    return f" {gold_norm} " in f" {pred_norm} " or f" {pred_norm} " in f" {gold_norm} "


# ---------------------------------------------------------------- evaluation


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


# ---------------------------------------------------------------- formatting


def format_report(report: EvalReport, *, details: bool = True) -> str:
    """The report as plain text: score table, attributes, then (``details``) the findings."""
    mode = "lenient (overlap ≥ 30% of gold)" if report.lenient else "strict (overlap ≥ half of longer)"
    lines = [f"Documents: {report.documents}   matching: {mode}", ""]
    header = (
        f"{'group':<15}{'gold':>6}{'pred':>6}{'TP':>6}{'P':>8}{'R':>8}{'F1':>8}"
        f"{'speaker acc':>18}{'e2e TP':>8}{'e2e P':>8}{'e2e R':>8}{'e2e F1':>8}"
    )
    lines += [header, "-" * len(header)]
    for name, score in report.groups.items():
        det, e2e, spk = score.detection, score.end_to_end, score.speaker
        lines.append(
            f"{name:<15}{det.gold:>6}{det.predicted:>6}{det.tp:>6}"
            f"{_num(det.precision):>8}{_num(det.recall):>8}{_num(det.f1):>8}"
            f"{_acc(spk):>18}{e2e.tp:>8}"
            f"{_num(e2e.precision):>8}{_num(e2e.recall):>8}{_num(e2e.f1):>8}"
        )
    lines += ["", "Attributes (matched quotes whose gold value is not null):"]
    for name, accuracy in report.attributes.items():
        lines.append(f"  {name:<12}{_acc(accuracy)}")
    if report.unknown_documents:
        lines += ["", f"Predictions for documents without gold (not scored): {', '.join(report.unknown_documents)}"]
    if details:
        lines += _finding_lines("Misses (gold not matched)", report.misses, "gold")
        lines += _finding_lines("False positives (predictions not matched)", report.false_positives, "pred")
        lines += _finding_lines("Wrong speakers", report.wrong_speakers, "both")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _acc(accuracy: Accuracy) -> str:
    return f"{_num(accuracy.value)} ({accuracy.correct}/{accuracy.total})"


def _finding_lines(title: str, findings: Sequence[Finding], show: str) -> list[str]:
    lines = ["", f"{title}: {len(findings)}"]
    for f in findings:
        where = f"  {f.document} [{f.start}:{f.end}] {f.type}"
        if show == "gold":
            who = f"speaker: {f.gold_speaker}"
        elif show == "pred":
            who = f"speaker: {f.predicted_speaker}"
        else:
            who = f"gold: {f.gold_speaker} | predicted: {f.predicted_speaker}"
        lines.append(f"{where}  ({who})  “{f.excerpt}”")
    return lines
