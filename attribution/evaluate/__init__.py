"""Evaluation: gold files, predictions, the scoring of GUIDELINES.md, reports and error kinds.

How the scores are computed: ``evaluate.scoring``.
"""

from attribution.evaluate.gold import (
    GOLD_SUFFIX,
    GoldDocument,
    GoldError,
    GoldQuote,
    load_gold_dir,
    load_gold_file,
    read_dir_texts,
)
from attribution.evaluate.matching import attribute_right, match_spans, normalise, speaker_right, trim_span
from attribution.evaluate.predictions import as_quote, extract_dir, group_rows, load_predictions_jsonl
from attribution.evaluate.report import format_report
from attribution.evaluate.scoring import (
    ATTRIBUTES,
    GROUPS,
    PRF,
    Accuracy,
    EvalReport,
    Finding,
    GroupScore,
    MatchedPair,
    evaluate,
    excerpt,
)

__all__ = [
    "ATTRIBUTES",
    "Accuracy",
    "EvalReport",
    "Finding",
    "GOLD_SUFFIX",
    "GROUPS",
    "GoldDocument",
    "GoldError",
    "GoldQuote",
    "GroupScore",
    "MatchedPair",
    "PRF",
    "as_quote",
    "attribute_right",
    "evaluate",
    "excerpt",
    "extract_dir",
    "format_report",
    "group_rows",
    "load_gold_dir",
    "load_gold_file",
    "load_predictions_jsonl",
    "match_spans",
    "normalise",
    "read_dir_texts",
    "speaker_right",
    "trim_span",
]
