"""An ``EvalReport`` as plain text (``attribution eval``)."""

from __future__ import annotations

from collections.abc import Sequence

from attribution.evaluate.scoring import Accuracy, EvalReport, Finding


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
