"""``According to X, …``: a source preposition whose object is the speaker."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from attribution.detect.clauses import host_clause, only_punctuation
from attribution.detect.cues import Attribution
from attribution.detect.mentions import mention_tokens, noun_phrase
from attribution.detect.spans import clause_candidate
from attribution.model import Candidate
from attribution.parsed import tokens_where
from attribution.rules.cues import attribution_phrases, source_prepositions
from attribution.rules.words import RELATIVE_PRONOUNS


def according_to(token: Token) -> Attribution | None:
    """``according to X`` (a source preposition starting at ``token``) → mention X."""
    doc = token.doc
    for words in source_prepositions():
        if words and token.lower_ != words[0]:
            continue
        last = token.i + len(words) - 1
        if last >= len(doc) or tuple(t.lower_ for t in doc[token.i : last + 1]) != words:
            continue
        objects = [c for t in doc[token.i : last + 1] for c in t.children if c.dep_ == "pobj"]
        if not objects and last + 1 < len(doc):
            objects = [doc[last + 1]]
        if not objects:
            return None
        mention = noun_phrase(objects[0])
        cue = doc[token.i : last + 1]
        return Attribution("according_to", cue.text, cue.start_char, cue.end_char, mention.start_char, mention.end_char)
    return None


def according_to_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``According to X, ...``, ``..., according to X``, ``which, according to X, ...``."""
    prepositions = [tuple(p.split()) for p in attribution_phrases().get("preposition", ())]
    first_words = {words[0] for words in prepositions}
    not_sources = attribution_phrases().get("not_source_noun", frozenset())
    for token in tokens_where(doc, LOWER=first_words.__contains__):
        for words in prepositions:
            if token.lower_ != words[0]:
                continue
            phrase = doc[token.i : token.i + len(words)]
            if len(phrase) != len(words) or tuple(t.lower_ for t in phrase) != words:
                continue
            source = next((t for t in phrase[-1].children if t.dep_ == "pobj"), None)
            if source is None or source.lemma_.lower() in not_sources:
                continue
            attribution = doc[token.i : source.right_edge.i + 1]
            if source.lower_ in RELATIVE_PRONOUNS and token.i > 0:
                # "information according to which, A": the source is the noun before, A runs to the sentence end
                content = doc[attribution.end : token.sent.end]
                mention = mention_tokens(doc[token.i - 1])
            else:
                content = host_clause(token, attribution)
                mention = mention_tokens(source)
            if content is None or only_punctuation(content):
                continue
            yield clause_candidate(text, content, phrase, (mention, "according_to"))
