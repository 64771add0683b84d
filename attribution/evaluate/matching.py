"""The comparisons of ``GUIDELINES.md`` ("Scoring"): spans trimmed and matched, names and values compared."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from attribution.evaluate.gold import GoldQuote
from attribution.model import Quote
from attribution.rules.punctuation import SCORING_TRIMMED_MARKS

#: Share of the longer span the overlap must cover (strict mode).
STRICT_SHARE = 0.5
#: Share of the gold span the overlap must cover (lenient mode).
LENIENT_SHARE = 0.3


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` of ``text`` (the span's own text) without surrounding marks and whitespace.

    Offsets are those of the document and ``text`` should be ``document[start:end]``;
    when its length disagrees with the offsets, the span is returned untrimmed.
    """
    if len(text) != end - start:
        return start, end
    left, right = 0, len(text)
    while left < right and (text[left].isspace() or text[left] in SCORING_TRIMMED_MARKS):
        left += 1
    while right > left and (text[right - 1].isspace() or text[right - 1] in SCORING_TRIMMED_MARKS):
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
