"""``attribution eval`` on predictions files, on the extractor, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from attribution.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
EXPORT_KEYS = (
    "type", "text", "start", "end", "speaker", "speaker_kind", "speaker_mention",
    "role", "affiliation", "outlet", "cue",
)


def seed_gold_rows() -> list[dict]:
    """The seed gold records as export rows (``document`` + the quote keys)."""
    rows = []
    for path in sorted(SEEDS.glob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for record in data["quotes"]:
            rows.append({"document": data["document"], **{k: record.get(k) for k in EXPORT_KEYS}})
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def edited_predictions(tmp_path) -> tuple[Path, dict, dict]:
    """Seed gold minus its first direct quote, with one full-name speaker cut to the surname."""
    rows = seed_gold_rows()
    dropped = next(r for r in rows if r["type"] == "direct")
    rows.remove(dropped)
    renamed = next(r for r in rows if r["speaker"] and " " in r["speaker"])
    full_name = renamed["speaker"]
    renamed["speaker"] = full_name.split()[-1]
    return write_jsonl(tmp_path / "pred.jsonl", rows), dropped, {**renamed, "full_name": full_name}


def test_eval_predictions_json(edited_predictions):
    path, dropped, renamed = edited_predictions
    result = CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    direct = data["groups"]["direct"]["detection"]
    assert (direct["tp"], direct["gold"], direct["predicted"]) == (36, 37, 36)
    assert direct["precision"] == 1.0
    assert direct["recall"] == pytest.approx(36 / 37)
    everything = data["groups"]["all"]
    assert everything["detection"]["tp"] == 96
    assert everything["speaker"]["correct"] == everything["speaker"]["total"] - 1
    assert everything["end_to_end"]["tp"] == 95
    assert [(m["document"], m["start"]) for m in data["misses"]] == [(dropped["document"], dropped["start"])]
    assert [(w["start"], w["gold_speaker"], w["predicted_speaker"]) for w in data["wrong_speakers"]] == [
        (renamed["start"], renamed["full_name"], renamed["speaker"])
    ]
    assert data["false_positives"] == []


def test_eval_predictions_text(edited_predictions):
    path, dropped, _ = edited_predictions
    result = CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    direct_row = next(line for line in lines if line.startswith("direct"))
    assert direct_row.split()[1:4] == ["37", "36", "36"]
    assert "Misses (gold not matched): 1" in result.output
    assert f"{dropped['document']} [{dropped['start']}:{dropped['end']}]" in result.output
    assert "Wrong speakers: 1" in result.output

    brief = CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path), "--no-details"])
    assert brief.exit_code == 0
    assert "Misses" not in brief.output and direct_row in brief.output


def test_eval_lenient_accepts_partial_spans(tmp_path):
    rows = [r for r in seed_gold_rows() if r["type"] == "direct"]
    for row in rows:  # keep the first 40% of each quote
        row["end"] = row["start"] + max(1, int((row["end"] - row["start"]) * 0.4))
        row["text"] = row["text"][: row["end"] - row["start"]]
    path = write_jsonl(tmp_path / "short.jsonl", rows)
    strict = json.loads(CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path), "--json"]).output)
    lenient = json.loads(
        CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path), "--json", "--lenient"]).output
    )
    assert strict["groups"]["direct"]["detection"]["tp"] == 0
    assert lenient["groups"]["direct"]["detection"]["tp"] == 37
    assert lenient["lenient"] is True


def test_eval_directory_without_gold(tmp_path):
    (tmp_path / "a.txt").write_text("Nothing here.", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code != 0
    assert "no *.gold.json gold files" in result.output
    assert "Traceback" not in result.output


def test_eval_bad_predictions_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(SEEDS), "--predictions", str(path)])
    assert result.exit_code != 0
    assert "bad.jsonl" in result.output


@pytest.mark.slow  # extracts the seed corpus twice (~3 s)
def test_eval_runs_extractor_and_textacy_baseline():
    result = CliRunner().invoke(main, ["eval", str(SEEDS), "--baseline", "textacy", "--no-details"])
    assert result.exit_code == 0, result.output
    assert result.output.count("indirect+mixed") == 2  # our table, then the baseline's
    assert "Baseline: textacy" in result.output
    assert "textacy raised on" in result.output


def test_eval_reads_stored_quotes(tmp_path):
    from attribution.evaluate import load_gold_dir
    from attribution.model import Document, Quote
    from attribution.store.db import open_database
    from attribution.store import finish_run, start_run, store_document

    url = f"sqlite:///{tmp_path / 'q.db'}"
    engine = open_database(url)
    run_id = start_run(engine, model_name="gold", model_version="0", extractor_version="0", options={})
    for name, document in load_gold_dir(SEEDS).items():
        quotes = [
            Quote(
                type=q.type, text=q.text, start=q.start, end=q.end, speaker=q.speaker,
                speaker_kind=q.speaker_kind, role=q.role, affiliation=q.affiliation, outlet=q.outlet,
            )
            for q in document.quotes
        ]
        assert store_document(engine, run_id, Document(name=name, text=document.text), quotes)
    finish_run(engine, run_id, status="completed", counts={})
    engine.dispose()

    result = CliRunner().invoke(main, ["eval", str(SEEDS), "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for group in data["groups"].values():
        assert group["detection"]["f1"] == 1.0
        assert group["speaker"]["value"] == 1.0
    for attribute in data["attributes"].values():
        assert attribute["value"] == 1.0
    assert data["false_positives"] == [] and data["misses"] == [] and data["wrong_speakers"] == []


@pytest.fixture
def tiny_gold(tmp_path) -> tuple[Path, Path]:
    """A one-document gold dir and predictions with one error of five kinds."""
    text = (
        '"We will win," Bo Horvat said. '
        '"Prices may fall," said Jingyi Pan, a market strategist at IG. '
        '"Nobody knows," Ilham Aliyev said. '
        '"That is all," Vadim Mukhanov added.'
    )
    spans = [text.index(s) for s in ("We will win,", "Prices may fall,", "Nobody knows,", "That is all,")]
    lengths = [len("We will win,"), len("Prices may fall,"), len("Nobody knows,"), len("That is all,")]
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.txt").write_text(text, encoding="utf-8")
    speakers = ["Bo Horvat", "Jingyi Pan", "Ilham Aliyev", "Vadim Mukhanov"]
    records = [
        {"type": "direct", "text": text[s : s + n], "start": s, "end": s + n, "speaker": who}
        for s, n, who in zip(spans, lengths, speakers)
    ]
    records[1]["role"] = "market strategist"
    (gold_dir / "a.gold.json").write_text(json.dumps({"document": "a.txt", "quotes": records}), encoding="utf-8")
    rows = [{"document": "a.txt", **record} for record in records[:3]]  # the last quote is missed
    rows[0]["speaker"] = "Horvat"  # partial_name
    rows[1]["role"] = None  # role_missing
    rows[2]["speaker"] = None  # no_speaker
    start = text.index("Bo Horvat")
    rows.append({"document": "a.txt", "type": "indirect", "start": start, "end": start + 9, "speaker": None})
    return gold_dir, write_jsonl(tmp_path / "pred.jsonl", rows)


def test_eval_errors_table_and_examples(tiny_gold):
    gold_dir, path = tiny_gold
    result = CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--errors"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("indirect+mixed") < out.index("Errors by kind (5;")
    counts = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith("  ") and "[" not in line}
    for kind in ("missed", "spurious", "no_speaker", "partial_name", "role_missing"):
        assert counts[kind] == ["1", "0.200"]
    assert counts["wrong_speaker"] == ["0", "0.000"] and counts["total"] == ["5", "1.000"]
    assert "Misses (gold not matched)" not in out  # --errors replaces the --details listing
    assert "a.txt [" in out and "(gold: Bo Horvat | predicted: Horvat)" in out
    assert "(gold: market strategist | predicted: None)" in out
    assert "(gold speaker: Vadim Mukhanov)" in out and "(predicted speaker: None)" in out

    brief = CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--errors", "--examples", "0"])
    assert brief.exit_code == 0 and "a.txt [" not in brief.output and "Errors by kind" in brief.output
    both = CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--errors", "--details"])
    assert "Misses (gold not matched): 1" in both.output and "Errors by kind" in both.output
    alone = CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--examples", "2"])
    assert alone.exit_code != 0 and "--examples needs --errors" in alone.output


def test_eval_errors_json(tiny_gold):
    gold_dir, path = tiny_gold
    result = CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--errors", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    errors = data["errors"]
    assert errors["total"] == 5
    assert {kind for kind, n in errors["counts"].items() if n} == {
        "missed", "spurious", "no_speaker", "partial_name", "role_missing"
    }
    [partial] = errors["findings"]["partial_name"]
    assert (partial["document"], partial["gold"], partial["predicted"]) == ("a.txt", "Bo Horvat", "Horvat")
    assert errors["findings"]["missed"][0]["gold"] == "Vadim Mukhanov"
    everything = data["groups"]["all"]
    assert errors["counts"]["missed"] == everything["detection"]["gold"] - everything["detection"]["tp"]
    assert "errors" not in json.loads(
        CliRunner().invoke(main, ["eval", str(gold_dir), "--predictions", str(path), "--json"]).output
    )
