"""The errors of an evaluation, grouped by kind (``attribution eval --errors``).

An *error* is one scored check that failed, taken from the ``all`` matching of
an ``EvalReport`` (see ``attribution.evaluate``). A matched quote can fail
several checks (its speaker and its role, say) and then yields one error for
each; every error belongs to exactly one kind:

``missed``
    A gold quote that no prediction matches.
``spurious``
    A prediction that matches no gold quote.

Speaker of a matched quote whose gold record has ``speaker_scored`` not false
(``normalise`` compares the names; a name that normalises to ``""`` is taken
as null):

``no_speaker``
    The gold speaker is not null, the predicted speaker is null.
``partial_name``
    Both are non-null and differ, and the words of one normalised name are a
    whole-word subsequence of the other's (``Horvat`` / ``Bo Horvat``,
    ``Jingyi Pan of IG`` / ``Jingyi Pan``).
``wrong_speaker``
    Both are non-null, differ, and neither name is part of the other.
``speaker_for_null_gold``
    The gold speaker is null, the prediction names a speaker.

``no_speaker`` + ``partial_name`` + ``wrong_speaker`` is the speaker total
minus speaker correct of the ``all`` row; adding ``speaker_for_null_gold``
gives matched minus end-to-end TP. ``missed`` is gold − TP, ``spurious`` is
predicted − TP.

Attributes of a matched quote whose gold value is not null and which
``attribute_right`` rejects (for ``A`` in role, affiliation, outlet):

``A_missing``
    The predicted value is null.
``A_different``
    The predicted value is non-null and neither contains the other.

``A_missing`` + ``A_different`` is the attribute's total minus its correct.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from attribution.evaluate.matching import attribute_right, normalise, speaker_right
from attribution.evaluate.scoring import ATTRIBUTES, EvalReport, Finding, MatchedPair, excerpt

SPEAKER_KINDS: tuple[str, ...] = ("no_speaker", "partial_name", "wrong_speaker", "speaker_for_null_gold")
#: Every kind, in report order.
KINDS: tuple[str, ...] = (
    "missed",
    "spurious",
    *SPEAKER_KINDS,
    *(f"{name}_{how}" for name in ATTRIBUTES for how in ("missing", "different")),
)
#: Examples printed per kind unless told otherwise.
DEFAULT_EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class ErrorFinding:
    """One error: where it is and the gold and predicted values of what it checks.

    The offsets are the gold quote's, except for ``spurious`` (the
    prediction's); ``gold`` and ``predicted`` are speakers for the quote and
    speaker kinds, the attribute's values for the attribute kinds.
    """

    kind: str
    document: str
    type: str
    start: int
    end: int
    excerpt: str
    gold: str | None = None
    predicted: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    """The errors of each kind of ``KINDS`` (every kind present, maybe empty)."""

    findings: dict[str, list[ErrorFinding]]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(found) for kind, found in self.findings.items()}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "counts": self.counts,
            "findings": {kind: [asdict(f) for f in found] for kind, found in self.findings.items()},
        }


def is_partial_name(first: str | None, second: str | None) -> bool:
    """Different non-null names, one's normalised words a subsequence of the other's."""
    a, b = normalise(first).split(), normalise(second).split()
    if not a or not b or a == b:
        return False
    shorter, longer = sorted((a, b), key=len)
    words = iter(longer)
    return all(word in words for word in shorter)  # ``in`` consumes the iterator: order kept


def speaker_kind(pair: MatchedPair) -> str | None:
    """The speaker error kind of a matched pair, ``None`` when its speaker is right."""
    gold, predicted = pair.gold, pair.predicted
    if speaker_right(gold, predicted):
        return None
    if gold.speaker is None:
        return "speaker_for_null_gold"
    if not normalise(predicted.speaker):
        return "no_speaker"
    return "partial_name" if is_partial_name(gold.speaker, predicted.speaker) else "wrong_speaker"


def group_errors(report: EvalReport) -> ErrorSummary:
    """Every error of ``report``'s ``all`` matching under its kind (see the module doc)."""
    findings: dict[str, list[ErrorFinding]] = {kind: [] for kind in KINDS}
    for f in report.misses:
        findings["missed"].append(_from_finding("missed", f, gold=f.gold_speaker))
    for f in report.false_positives:
        findings["spurious"].append(_from_finding("spurious", f, predicted=f.predicted_speaker))
    for pair in report.matched:
        kind = speaker_kind(pair)
        if kind is not None:
            findings[kind].append(_from_pair(kind, pair, pair.gold.speaker, pair.predicted.speaker))
        for name in ATTRIBUTES:
            gold_value, predicted_value = getattr(pair.gold, name), getattr(pair.predicted, name)
            if gold_value is not None and not attribute_right(gold_value, predicted_value):
                how = "different" if normalise(predicted_value) else "missing"
                kind = f"{name}_{how}"
                findings[kind].append(_from_pair(kind, pair, gold_value, predicted_value))
    return ErrorSummary(findings)


def _from_finding(kind: str, f: Finding, **values: str | None) -> ErrorFinding:
    return ErrorFinding(kind, f.document, f.type, f.start, f.end, f.excerpt, **values)


def _from_pair(kind: str, pair: MatchedPair, gold: str | None, predicted: str | None) -> ErrorFinding:
    quote = pair.gold
    return ErrorFinding(
        kind, pair.document, quote.type, quote.start, quote.end, excerpt(quote.text), gold, predicted
    )


def format_errors(summary: ErrorSummary, *, examples: int = DEFAULT_EXAMPLES) -> str:
    """A "kind  count  share" table (share of all errors), then up to ``examples`` per kind."""
    width = max(len(kind) for kind in KINDS)
    total = summary.total
    lines = [f"Errors by kind ({total}; share of all errors):", f"  {'kind':<{width}}{'count':>7}{'share':>8}"]
    for kind, count in summary.counts.items():
        share = f"{count / total:.3f}" if total else "n/a"
        lines.append(f"  {kind:<{width}}{count:>7}{share:>8}")
    lines.append(f"  {'total':<{width}}{total:>7}{'1.000' if total else 'n/a':>8}")
    if examples > 0:
        for kind, found in summary.findings.items():
            if found:
                lines += ["", f"{kind}: {len(found)}" + (f" (first {examples})" if len(found) > examples else "")]
                lines += [_example_line(f) for f in found[:examples]]
    return "\n".join(lines)


def _example_line(f: ErrorFinding) -> str:
    if f.kind == "missed":
        values = f"gold speaker: {_flat(f.gold)}"
    elif f.kind == "spurious":
        values = f"predicted speaker: {_flat(f.predicted)}"
    else:
        values = f"gold: {_flat(f.gold)} | predicted: {_flat(f.predicted)}"
    return f"  {f.document} [{f.start}:{f.end}] {f.type}  ({values})  “{f.excerpt}”"


def _flat(value: str | None) -> str:
    return "None" if value is None else " ".join(value.split())
