"""Indirect and mixed quotes: reported speech without (or with partial) marks.

Each attribution pattern is one function over the dependency parse that
yields ``Candidate`` objects; ``find_reported_speech`` runs them all, drops
what the author says in their own voice, and keeps one candidate per
reported clause. Quote spans follow the gold guidelines: from the first word
of the reported content (a leading ``that`` excluded) to its end, trailing
sentence punctuation excluded; a span that contains quotation marks is
``mixed`` and keeps its marks whole. Spans never leave the cue's paragraph
(``marks.paragraph_spans``: a line, or a block of hard-wrapped lines).

Word lists live in ``attribution/rules``: ``cue_verbs`` (the reporting
verbs), ``complement_verbs`` (verbs whose content can be an object, a naming,
a prepositional object or an infinitive instead of a clause) and
``attribution_phrases`` (``according to``, view nouns, back-reference words,
content nouns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from attribution.extract.direct import entity_of
from attribution.extract.marks import next_paragraph, paragraph_at
from attribution.extract.tokens import VERB_POS, tokens_where
from attribution.rules import cue_verbs, load_table
from attribution.model import Candidate

#: Quotation marks that make a reported clause ``mixed`` when inside it.
QUOTE_MARKS = frozenset('"“”„«»')
OPENING_MARKS = frozenset("“„«")
CLOSING_MARKS = frozenset("”»")
#: Characters cut from either end of a reported span (a byte-order mark and a zero-width space too).
EDGE_PUNCTUATION = " \t\r\n\xa0\ufeff\u200b,;:.!?—–-(["
#: Subjects that mean the author (or people in general) speaks, not a source.
AUTHOR_SUBJECTS = frozenset({"i", "we", "us", "one", "you", "me"})
#: Dependents that belong to a clause's content rather than to the cue.
OBJECT_CONTENT_DEPS = frozenset({"dobj", "oprd", "prep", "advcl", "acomp", "ccomp", "xcomp"})
#: Fine-grained tags of finite verbs (a participle or gerund has no subject of its own to look for).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
#: Subordinators of a clause that says when something was said rather than what.
TIME_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "once"})
#: Dependents of a subject noun that describe it rather than name it.
MENTION_EXCLUDED_DEPS = frozenset({"appos", "relcl", "acl", "advmod", "parataxis", "npadvmod"})
#: Determiners that make a back-reference noun point at the sentence before.
BACK_REFERENCE_DETERMINERS = frozenset({"such", "this", "these", "those", "that", "similar"})
#: A colon that introduces a quotation (``…of Vladimir Putin: "it's worth …"``).
INTRODUCING_COLON = re.compile(r":[ \t\xa0]*[\"“„«]")
#: A run of whitespace (what ``str.strip`` removes).
LEADING_SPACE = re.compile(r"\s*")
#: Conjunctions that, after a closing mark, continue the reported clause.
COORDINATORS = frozenset({"and", "but", "or"})
#: Pronouns that stand for a thing or a fact, not a speaker (``This makes it clear that …``).
THING_PRONOUNS = frozenset({"this", "that", "it", "which", "these", "those"})
#: Relative pronouns: ``according to which`` points at the noun they replace.
RELATIVE_PRONOUNS = frozenset({"which", "whom", "who", "that"})


@lru_cache(maxsize=1)
def _phrases() -> dict[str, frozenset[str]]:
    """``attribution_phrases.tsv`` grouped by kind."""
    groups: dict[str, set[str]] = {}
    for kind, words, *_ in load_table("attribution_phrases"):
        groups.setdefault(kind, set()).add(words.lower())
    return {kind: frozenset(words) for kind, words in groups.items()}


@lru_cache(maxsize=1)
def _complements() -> dict[str, frozenset[str]]:
    """Cue lemma → the non-clausal complements (``object``, ``infinitive``, ``prep:X``) it takes."""
    table: dict[str, set[str]] = {}
    for lemma, complement, *_ in load_table("complement_verbs"):
        table.setdefault(lemma, set()).add(complement)
    return {lemma: frozenset(kinds) for lemma, kinds in table.items()}


def find_reported_speech(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Indirect and mixed quote candidates of ``doc``, in text order, one per reported clause.

    A clause that is nothing but one quotation (``X said that "..."``) comes
    back as a ``direct`` candidate (see ``_as_direct_if_quoted``). ``text`` is
    ``doc.text`` when the caller has it (spaCy rebuilds it on every access).
    """
    text = doc.text if text is None else text
    found: list[Candidate] = []
    finders = (
        _according_to_quotes,
        _view_noun_quotes,
        _statement_noun_quotes,
        _made_clear_quotes,
        _colon_paragraph_quotes,
        _cue_verb_quotes,
    )
    for finder in finders:
        found.extend(c for c in finder(doc, text) if _is_valid(text, c))
    kept = [_as_direct_if_quoted(text, c) for c in _one_per_clause(found)]
    # A back reference only attributes a sentence that has no attribution of its own.
    for candidate in _back_reference_quotes(doc, text):
        if _is_valid(text, candidate) and not any(
            _overlap(candidate, other) or _cue_within(other, candidate) for other in kept
        ):
            kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end))


def merge_candidates(direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """One candidate list in text order.

    A reported clause that contains a direct quote becomes ``mixed`` and the
    direct quote is dropped (also when the quote is all of it: ``He said that
    "..."``); a reported clause whose cue lies inside a direct quote, or that
    is essentially the direct quote's content without containing it, is
    dropped in favour of the direct one.
    """
    kept_reported: list[Candidate] = []
    absorbed: set[int] = set()
    for candidate in reported:
        if any(_cue_inside(candidate, d) or _inside(candidate, d) for d in direct):
            continue
        if any(_same_span(candidate, d) and not _frames(candidate, d) for d in direct):
            continue
        inside = [i for i, d in enumerate(direct) if _contains(candidate, d)]
        if inside:
            candidate = replace(candidate, type="mixed")
            absorbed.update(inside)
        kept_reported.append(candidate)
    kept_direct = [d for i, d in enumerate(direct) if i not in absorbed]
    return sorted([*kept_direct, *kept_reported], key=lambda c: (c.start, c.end))


# --- attribution patterns ---------------------------------------------------


def _cue_verb_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``X said (that) ...``, ``..., he said``, ``X noted the need ...``, ``X urged Y to ...``, ``as X noted, ...``."""
    verbs = cue_verbs()
    complements = _complements()
    for token in tokens_where(doc, POS=VERB_POS.__contains__):
        lemma = _cue_lemma(token, verbs)
        if lemma is None:
            continue
        pieces = _content_tokens(token, lemma, complements)
        if not pieces:
            continue
        source = _source_of(token)
        if source[0] is None:  # no speaker found, or the author speaking
            continue
        for content in pieces:
            yield _candidate(text, content, _cue_tokens(token, content), source)


def _according_to_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``According to X, ...``, ``..., according to X``, ``which, according to X, ...``."""
    prepositions = [tuple(p.split()) for p in _phrases().get("preposition", ())]
    first_words = {words[0] for words in prepositions}
    not_sources = _phrases().get("not_source_noun", frozenset())
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
                mention = _mention_tokens(doc[token.i - 1])
            else:
                content = _host_clause(token, attribution)
                mention = _mention_tokens(source)
            if content is None or _only_punctuation(content):
                continue
            yield _candidate(text, content, phrase, (mention, "according_to"))


def _view_noun_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``In his view, ...``, ``In X's opinion, ...`` and ``X's view is that ...``."""
    nouns = _phrases().get("view_noun", frozenset())
    for token in tokens_where(doc, LOWER=nouns.__contains__):
        owner = next((t for t in token.children if t.dep_ == "poss"), None)
        if owner is None:
            continue
        mention = (_mention_tokens(owner), "possessive")
        preposition = token.head
        if token.dep_ == "pobj" and preposition.lower_ == "in":
            attribution = doc[preposition.i : token.i + 1]
            content = _host_clause(preposition, attribution)
            if content is not None:
                yield _candidate(text, content, attribution, mention)
        elif token.dep_ == "nsubj" and preposition.lemma_ == "be":
            clause = next((t for t in preposition.children if t.dep_ in ("ccomp", "attr") and t.i > token.i), None)
            if clause is not None and clause.pos_ in VERB_POS:
                content = _strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
                yield _candidate(text, content, doc[owner.left_edge.i : token.i + 1], mention)


def _statement_noun_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``Trump's claim that A``, ``his warning that A``: a statement noun owned by its source, with its clause."""
    nouns = _phrases().get("statement_noun", frozenset())
    for token in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() in nouns):
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        clause = next((c for c in token.rights if c.dep_ in ("acl", "ccomp", "relcl") and _opens_with_that(c)), None)
        if owner is None or clause is None:
            continue
        content = _strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
        yield _candidate(text, content, doc[owner.left_edge.i : token.i + 1], (_mention_tokens(owner), "possessive"))


def _made_clear_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``X is making it clear that A``, ``X made known that A``: the ``that`` clause is X's message."""
    adjectives = _phrases().get("clarity_adjective", frozenset())
    for verb in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() == "make"):
        if verb.pos_ != "VERB":
            continue
        adjective = next((c for c in verb.rights if c.lower_ in adjectives and c.pos_ == "ADJ"), None)
        if adjective is None:
            continue
        clause = next(
            (c for c in (*adjective.rights, *verb.rights) if c.i > adjective.i and _is_that_clause(c)), None
        )
        if clause is None:
            continue
        source = _source_of(verb)
        if source[0] is None or source[0].text.lower() in THING_PRONOUNS:
            continue  # no speaker, the author, or a fact that makes something clear ("This makes it clear")
        content = _strip_complementizer(doc[clause.left_edge.i : clause.right_edge.i + 1])
        yield _candidate(text, content, doc[verb.i : adjective.i + 1], source)


def _colon_paragraph_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``The governor added:`` closing a paragraph, the next paragraph (without marks) being his words."""
    verbs = cue_verbs()
    for token in tokens_where(doc, ORTH=":".__eq__):
        if token.i == 0:
            continue
        verb = doc[token.i - 1] if not doc[token.i - 1].is_space else doc[token.i - 2] if token.i > 1 else None
        _, paragraph_end = paragraph_at(text, token.idx)
        following = next_paragraph(text, token.idx)
        if verb is None or following is None or text[token.idx + 1 : paragraph_end].strip():
            continue
        if verb.pos_ not in VERB_POS or _cue_lemma(verb, verbs) is None:
            continue
        start = LEADING_SPACE.match(text, following[0]).end()
        if start >= len(text) or text[start] in QUOTE_MARKS | {"'", "‘"}:
            continue  # a quotation: the direct detector's
        content = doc.char_span(start, following[1], alignment_mode="expand")
        source = _source_of(verb)
        if content is None or source[0] is None:
            continue
        yield _candidate(text, content, doc[verb.i : verb.i + 1], source, anchor=start)


def _is_that_clause(token: Token) -> bool:
    """A clause opened by ``that``, however the parser attached it (``ccomp``, ``advcl``, ``xcomp``)."""
    return token.dep_ in ("ccomp", "advcl", "xcomp") and _opens_with_that(token)


def _back_reference_quotes(doc: Doc, text: str) -> Iterator[Candidate]:
    """``... . X made such remarks ...`` / ``... . X said so``: the sentence before is the quote."""
    phrases = _phrases()
    nouns = phrases.get("back_reference_noun", frozenset())
    words = phrases.get("back_reference_word", frozenset())
    verbs = cue_verbs()
    for token in tokens_where(doc, LEMMA=lambda lemma: lemma.lower() in nouns, LOWER=words.__contains__):
        if token.lemma_.lower() in nouns and any(
            c.lower_ in BACK_REFERENCE_DETERMINERS for c in token.children if c.dep_ in ("det", "amod")
        ):
            verb = _governing_verb(token)
            if verb is None or verb.i > token.i or (_is_cue(verb) and any(c.dep_ == "ccomp" for c in verb.children)):
                continue  # a cue with a clause of its own reports that clause, not the sentence before
            cue = doc[verb.i : token.i + 1]
        elif token.lower_ in words and token.dep_ in ("dobj", "advmod") and token.head.i < token.i:
            verb = token.head
            if _cue_lemma(verb, verbs) is None or any(c.dep_ == "ccomp" for c in verb.children):
                continue
            cue = doc[verb.i : token.i + 1]
        else:
            continue
        sentence = token.sent
        if sentence.start == 0 or not _starts_sentence_with_source(sentence, verb):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "They can't blame this on …": no one says the sentence before
        previous = doc[sentence.start - 1].sent
        source = _source_of(verb)
        if source[0] is None:  # no speaker found, or the author speaking
            continue
        yield _candidate(text, previous, cue, source, anchor=previous.start_char)


# --- pattern helpers --------------------------------------------------------

#: A speaker mention (None when not found) and the method that found it.
Source = tuple[Span | None, str]
#: What ``_source_of`` returns when the author speaks in their own voice.
_AUTHOR: Source = (None, "author")


def _cue_lemma(token: Token, verbs: dict[str, str]) -> str | None:
    """The cue-lexicon entry ``token`` realises, if any: ``point out`` for ``pointed out`` (a particle),
    ``proceed from`` for ``proceeds from the fact that`` (a preposition), else its lemma."""
    lemma = token.lemma_.lower()
    for child in token.rights:
        if child.dep_ in ("prt", "prep") and f"{lemma} {child.lower_}" in verbs:
            return f"{lemma} {child.lower_}"
    return lemma if lemma in verbs else None


def _cue_tokens(verb: Token, content: Span) -> Span:
    """The verb as written with its particle (``pointed out``) or the preposition that opens
    its content (``called on``, ``called for``)."""
    end = verb.i + 1
    for child in verb.rights:
        if child.i == end and (child.dep_ == "prt" or (child.dep_ == "prep" and content.start == end + 1)):
            end += 1
    return verb.doc[verb.i : end]


def _content_tokens(verb: Token, lemma: str, complements: dict[str, frozenset[str]]) -> list[Span]:
    """The reported content governed by cue ``verb`` (two pieces when the cue interrupts it); empty when none."""
    doc = verb.doc
    kinds = complements.get(lemma.split()[0], frozenset())
    if _is_as_clause(verb, kinds):
        host = _host_clause(verb, doc[verb.left_edge.i : verb.right_edge.i + 1])
        return [host] if host is not None and any(t.pos_ in VERB_POS for t in host) else []
    clauses = [c for c in verb.children if _is_reported_clause(c) and not _opens_adverbial_clause(c, verb)]
    clause = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
    if clause is not None and clause.i < verb.i and _is_cue(clause) and doc[clause.i + 1].is_punct:
        return []  # "she said, but ..., Melanie said": a bare report the parser hung on another report
    if clause is not None:
        end = _next_report_start(clause, _coordinated_end(verb, clause) + 1)
        content = doc[clause.left_edge.i : end]
        if content.start <= verb.i < content.end or _colon_between(content, verb):
            return []
        return [_strip_complementizer(content)]
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if after is not None and after.lower_ == "that" and after.head == verb and verb.right_edge.i - after.i >= 3:
        return [doc[after.i + 1 : verb.right_edge.i + 1]]
    fact_clause = _fact_clause(verb) or _that_clause_in_object(verb)
    if fact_clause is not None:
        return [fact_clause]
    if verb.dep_ == "parataxis":
        return _around_parenthetical(verb)
    if "infinitive" in kinds:
        content = _infinitive_content(verb)
        if content is not None:
            return [content]
    if "own_infinitive" in kinds:
        content = _own_infinitive_content(verb)
        if content is not None:
            return [content]
    if "naming" in kinds:
        content = _naming_content(verb)
        if content is not None:
            return [content]
    for kind in kinds:
        if kind.startswith("prep:"):
            content = _prepositional_content(verb, kind.removeprefix("prep:"))
            if content is not None:
                return [content]
    if "object" in kinds:
        return _as_list(_object_content(verb))
    if "object_for" in kinds and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.rights):
        return _as_list(_object_content(verb))
    return []


def _is_reported_clause(token: Token) -> bool:
    """A clausal complement of a cue: a ``ccomp`` (an adjective only with its verb: not ``find it
    difficult``), or a ``that`` clause the parser attached as an adverbial (``tweeted in the morning that``)."""
    if token.dep_ == "ccomp":
        return token.pos_ != "ADJ" or any(c.dep_ in ("aux", "auxpass", "cop") for c in token.children)
    return token.dep_ == "advcl" and _opens_with_that(token)


def _colon_between(content: Span, verb: Token) -> bool:
    """Whether a colon separates content before the cue from it (``We have been here before: Osama bin
    Laden declared war``): what precedes a colon is not what follows it reports."""
    return content.end <= verb.i and any(t.text == ":" for t in verb.doc[content.end - 1 : verb.i])


def _opens_adverbial_clause(clause: Token, verb: Token) -> bool:
    """Whether a clause before the cue starts with a subordinator other than ``that`` (``While he
    acknowledged A, Ham also noted …``): an adverbial the parser took for the content."""
    first = clause.left_edge
    return clause.i < verb.i and first.dep_ == "mark" and first.lower_ != "that"


def _opens_with_that(clause: Token) -> bool:
    """Whether ``clause`` starts with a complementizer ``that`` (tagged ``mark``, or ``advmod`` by mistake)."""
    first = clause.left_edge
    return first.lower_ == "that" and first.head == clause and first.dep_ in ("mark", "advmod")


def _is_as_clause(verb: Token, complements: frozenset[str]) -> bool:
    """``as X noted``: a bare cue introduced by ``as``, whose content is the clause around it.

    A cue with content of its own (``as she called for the ratification``) is not bare, nor one
    followed by a noun phrase the parser did not take for its object (``As he welcomed several
    hundred guests, …``): only adverbs, a prepositional phrase or the clause's end may follow.
    """
    own_prepositions = {kind.removeprefix("prep:") for kind in complements if kind.startswith("prep:")}
    following = next((t for t in verb.doc[verb.i + 1 : verb.sent.end] if t.pos_ not in ("ADV", "PART")), None)
    return (
        verb.dep_ == "advcl"
        and (following is None or following.pos_ in ("PUNCT", "ADP", "SCONJ"))
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "oprd")
            or (c.dep_ == "prep" and c.lower_ in own_prepositions)
            for c in verb.children
        )
    )


def _as_list(content: Span | None) -> list[Span]:
    return [] if content is None else [content]


def _coordinated_end(verb: Token, clause: Token) -> int:
    """Last token of a ccomp, extended over a clause coordinated with it that the parser hung on the cue.

    ``He stated that A is growing, and B amount to ...``: ``B`` is still reported, and so is a
    second ``that`` clause even when its verb is a cue (``said A and that the footage did not
    show B``). A coordinated verb without its own subject is the speaker's next action, not content.
    """
    end = clause.right_edge.i
    for child in verb.rights:
        if child.i <= end or child.dep_ != "conj":
            continue
        if _is_cue(child) and not _opens_with_that(child):
            continue
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
        if has_subject or child.pos_ in ("NOUN", "PROPN"):
            end = child.right_edge.i
    return end


def _next_report_start(clause: Token, end: int) -> int:
    """``end``, or where a second report coordinated inside ``clause`` begins (``A, and ... she replied, B``).

    A coordinated ``that`` clause is a second complement of the same cue, not a new report
    (``said A and that the footage did not show B``).
    """
    for token in clause.subtree:
        if token != clause and token.dep_ in ("conj", "advcl", "parataxis") and token.i > clause.i and _is_cue(token):
            if token.dep_ == "conj" and _opens_with_that(token):
                continue
            if any(c.dep_ in ("nsubj", "nsubjpass", "ccomp") for c in token.children):
                end = min(end, _left_of_coordination(token))
    return end


def _that_clause_in_object(verb: Token) -> Span | None:
    """``told a meeting of leaders that A``, ``tweeted in the early hours that A``: a ``that`` clause
    the parser hung inside the cue's object or prepositional phrase."""
    for child in verb.rights:
        if child.dep_ not in ("dobj", "dative", "prep", "npadvmod"):
            continue
        for token in child.subtree:
            if token.dep_ in ("relcl", "acl") and _opens_with_that(token):
                return _strip_complementizer(verb.doc[token.left_edge.i : token.right_edge.i + 1])
    return None


def _fact_clause(verb: Token) -> Span | None:
    """``hints at the fact that A``: the clause of a ``fact``-like noun after the cue's preposition,
    with a clause coordinated with it that the parser hung on the cue (``proceeds from the fact
    that A, and B``)."""
    nouns = _phrases().get("content_noun", frozenset())
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in nouns:
                clause = next(
                    (c for c in noun.rights if c.dep_ in ("acl", "ccomp", "appos") and c.pos_ in VERB_POS),
                    None,
                )
                if clause is not None:
                    end = max(clause.right_edge.i, _coordinated_end(verb, clause)) + 1
                    return _strip_complementizer(verb.doc[clause.left_edge.i : end])
    return None


def _strip_complementizer(content: Span) -> Span:
    """``content`` without its leading ``that`` (and a misattached adverb before it: ``earlier that``)."""
    for i, token in enumerate(content[:3]):
        if token.lower_ == "that" and token.dep_ in ("mark", "advmod") and i + 1 < len(content):
            return content[i + 1 :]
    return content


def _around_parenthetical(verb: Token) -> list[Span]:
    """``A, he said.`` / ``A, he said, B.``: the cue hangs off the reported clause; each side is one piece."""
    doc = verb.doc
    head = verb.head
    pieces = []
    left = doc[head.left_edge.i : verb.left_edge.i]
    if len(left) >= 3 or (left and head.i < verb.i):
        pieces.append(_strip_complementizer(left))
    if head.i > verb.i:
        right = doc[verb.right_edge.i + 1 : _clause_end(head)]
        if not _only_punctuation(right):
            pieces.append(right)
    return [p for p in pieces if not _only_punctuation(p)]


def _prepositional_content(verb: Token, preposition: str) -> Span | None:
    """``called for the repeal of ...``, ``was interpreted by X as ...``: the object of the cue's preposition.

    A passive cue needs its source as agent (``by X``) and no name given (``was called a
    charlatan by X for …``).
    """
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == preposition), None)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    named = any(c.dep_ in ("oprd", "dobj", "attr") for c in verb.children)
    if prep is None or (passive and (named or not any(c.dep_ == "agent" for c in verb.children))):
        return None  # "was called a charlatan (by X) for promoting ...": the reason, not the call
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.pos_ == "PRON" or obj.right_edge.i == obj.left_edge.i:
        return None
    return verb.doc[obj.left_edge.i : obj.right_edge.i + 1]


def _infinitive_content(verb: Token) -> Span | None:
    """``urged Republicans to join ...`` / ``called on Trump to stop ...``: from the addressee to the clause end."""
    infinitive = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.i > verb.i), None)
    if infinitive is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children):
        return None
    addressee = next(
        (c for c in verb.children if c.dep_ in ("dobj", "prep", "dative") and verb.i < c.i < infinitive.i), None
    )
    if addressee is None:
        addressee = next((c for c in infinitive.children if c.dep_ == "nsubj" and c.i < infinitive.i), None)
    if addressee is None:
        return None
    start = addressee.i + 1 if addressee.dep_ == "prep" else addressee.left_edge.i
    return verb.doc[start : infinitive.right_edge.i + 1]


def _own_infinitive_content(verb: Token) -> Span | None:
    """``vowed not to repeat that mistake``: the speaker's own commitment, from its ``to`` (or ``not``)."""
    if verb.dep_ == "relcl" or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return None  # "the target it pledged to reach": what was pledged is the antecedent
    infinitive = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if infinitive is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in infinitive.children):
        return None
    content = verb.doc[infinitive.left_edge.i : infinitive.right_edge.i + 1]
    return content if len(content) >= 3 else None


def _naming_content(verb: Token) -> Span | None:
    """``called it a "stab in the back"``, ``branded North Korea an "outlaw nation"``, ``described X as Y``.

    Only with both the thing named and what it is called; ``called a meeting``
    or ``called Putin`` (on the phone) name nothing.
    """
    objects = [c for c in verb.rights if c.dep_ in ("dobj", "dative", "oprd")]
    if not objects or any(c.dep_ == "neg" for c in verb.children):
        return None
    named = objects[0]
    predicate = [c for c in (*objects[1:], *named.rights) if c.dep_ in ("oprd", "dobj")]
    predicate += [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if not predicate and not _has_marks(verb.doc[named.left_edge.i : named.right_edge.i + 1].text):
        return None  # a quoted name inside the object ("called that prospect "Duck"") is a naming too
    end = max([_content_end(verb, named), *(t.right_edge.i for t in predicate)])
    return verb.doc[named.left_edge.i : end + 1]


def _object_content(verb: Token) -> Span | None:
    """``noted the need for ...``, ``blamed Turkey for ...``: the object and what follows it."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or any(c.dep_ == "neg" for c in verb.children):
        return None
    if any(c.dep_ == "mark" and c.lower_ in TIME_MARKS | {"as"} for c in verb.children):
        return None  # "As he welcomed several hundred guests, …": an action that dates the sentence
    if obj.pos_ == "PRON" and not _pronoun_object_has_content(verb, obj):
        return None
    end = _content_end(verb, obj)
    aside = next((t for t in verb.doc[obj.i : end + 1] if t.dep_ == "relcl" and _is_aside(t)), None)
    if aside is not None and aside.left_edge.i > obj.i and aside.right_edge.i >= end:
        end = aside.left_edge.i - 2  # before the comma
    content = verb.doc[obj.left_edge.i : end + 1]
    return content if len(content) >= 3 else None


def _is_aside(relative: Token) -> bool:
    """A relative clause set off by a comma, opened by ``which``/``who`` and holding a report of its
    own (``…, which he said were accompanied by …``): a second report, not part of this one's object."""
    first = relative.left_edge
    if first.lower_ not in ("which", "who", "whom", "whose") or first.i == 0 or first.nbor(-1).text != ",":
        return False
    return any(_is_cue(t) for t in relative.subtree)


def _content_end(verb: Token, obj: Token) -> int:
    """Last token of an object with the verb's dependents after it that continue it (``for ...``, ``as ...``)."""
    end = obj.right_edge.i
    for child in verb.rights:
        if child.i <= obj.i or child.dep_ not in OBJECT_CONTENT_DEPS or _is_cue(child):
            continue
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in child.children):
            break  # "... as a disgrace after she attacked ...": when it was said, not what
        end = max(end, child.right_edge.i)
    return end


def _pronoun_object_has_content(verb: Token, obj: Token) -> bool:
    """``blamed them for ...``: a pronoun object followed by what is said of it."""
    return any(c.dep_ == "prep" and c.lower_ in ("for", "of", "in") and c.i > obj.i for c in verb.children)


def _host_clause(anchor: Token, attribution: Span) -> Span | None:
    """The clause an attribution phrase modifies, without the phrase when it stands at either end.

    ``According to X, A.`` → ``A``; ``A, as X noted.`` → ``A``; ``which,
    according to X, B`` → the whole relative clause, phrase included;
    ``A, according to X, and ...`` → ``A`` (the phrase closes a clause whose
    verb it follows). Coordinated clauses after the phrase's own clause are
    left out.
    """
    doc = anchor.doc
    head = anchor.head
    while head.dep_ in ("prep", "pobj", "pcomp") and head.head != head:
        head = head.head
    if head.i == anchor.i:
        return None
    sentence = anchor.sent
    if attribution.start <= sentence.start + 1 or _only_punctuation(doc[sentence.start : attribution.start]):
        start, end = attribution.end, sentence.end
    elif _only_punctuation(doc[attribution.end : sentence.end]):
        start, end = sentence.start, attribution.start
    else:
        while head.dep_ in ("ccomp", "xcomp") and head.head != head:
            head = head.head
        start = _clause_start(head, attribution)
        end = attribution.start if head.i < attribution.start else _clause_end(head)
    content = doc[start:end]
    if _only_punctuation(content):
        return None
    return content


def _clause_start(head: Token, attribution: Span) -> int:
    """Start of the content around a mid-sentence attribution phrase.

    The clause's subject when it comes before the phrase (``which, according
    to X, is ...``, ``Clinton, according to the poll, leads``), else the
    first word after the phrase when the clause's verb follows it, else the
    clause's first word.
    """
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < attribution.start), None)
    if subject is not None:
        return subject.left_edge.i
    if head.i >= attribution.end:
        return attribution.end
    return head.left_edge.i


def _clause_end(head: Token) -> int:
    """End (exclusive token index) of ``head``'s clause, before coordinated clauses."""
    end = head.right_edge.i + 1
    for child in head.rights:
        if child.dep_ in ("conj", "cc") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
            return min(end, _left_of_coordination(child))
        if child.dep_ == "cc":
            conj = next((c for c in head.rights if c.dep_ == "conj" and c.i > child.i), None)
            if conj is not None and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children):
                return child.i
    return end


def _left_of_coordination(conj: Token) -> int:
    """Index where a coordinated clause (with its ``and`` and comma) starts."""
    i = conj.left_edge.i
    doc = conj.doc
    while i > 0 and (doc[i - 1].dep_ == "cc" or doc[i - 1].is_punct):
        i -= 1
    return i


def _only_punctuation(span: Span) -> bool:
    return all(t.is_punct or t.is_space for t in span)


def _is_cue(token: Token) -> bool:
    return token.pos_ in VERB_POS and _cue_lemma(token, cue_verbs()) is not None


def _governing_verb(token: Token) -> Token | None:
    """The nearest verb above ``token`` that has a subject other than ``token``."""
    node = token
    while node.head != node:
        node = node.head
        if node.pos_ in VERB_POS and any(
            c.dep_ in ("nsubj", "nsubjpass") and c != token for c in node.children
        ):
            return node
    return None


def _starts_sentence_with_source(sentence: Span, verb: Token) -> bool:
    """Whether the back-reference verb's sentence is about who spoke: its subject comes first."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.left_edge.i <= sentence.start + 1


def _source_of(verb: Token) -> Source:
    """The speaker mention of ``verb`` and how it was found; ``_AUTHOR`` when the author speaks.

    Explicit subject (``subject``, or ``inverted`` after the verb), passive
    agent (``by X``), else the subject of the verb it is coordinated with or
    subordinated to (``..., saying that``, ``... and noted``).
    """
    node = verb
    for _ in range(4):
        # a punctuation "subject" is a misparsed quotation mark (``«…,» said X``)
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "csubj") and not c.is_punct), None)
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _mention_tokens(pobj), "subject"
        if subject is not None:
            if subject.lower_ in AUTHOR_SUBJECTS and subject.pos_ == "PRON":
                return _AUTHOR
            if subject.lower_ == "it" and node != verb:
                return _AUTHOR  # "it would be logical to think that ...": the author's hedge
            if subject.dep_ == "csubj":
                return None, "none"
            return _mention_tokens(subject), "inverted" if subject.i > verb.i else "subject"
        if any(c.dep_ in ("expl", "nsubjpass") for c in node.children):
            return _AUTHOR
        subordinate = any(c.dep_ == "mark" for c in node.children)  # "as might be expected": no one's words
        if node.dep_ in ("conj", "advcl", "xcomp") and not subordinate and node.head.pos_ in VERB_POS:
            node = node.head
            continue
        if node.dep_ == "acl" and node.tag_ == "VBG":
            governing = _governing_verb(node)  # "pointed at the outcome saying ...": the gerund hangs off a noun
            if governing is not None:
                node = governing
                continue
        break
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start and verb.tag_ in FINITE_TAGS else None
    if before is not None and _looks_like_name(before) and before.head.i <= verb.i:
        # a name the parser did not take for the subject ("EADaily reported", "the Post Trump said")
        return _mention_tokens(before), "nearest"
    return None, "none"


def _looks_like_name(token: Token) -> bool:
    """A noun, a name, or a mixed-case word the tagger took for something else (``EADaily``)."""
    return token.pos_ in ("PROPN", "NOUN") or bool(token.ent_type_) or any(ch.isupper() for ch in token.text[1:])


def _mention_tokens(head: Token) -> Span:
    """The noun phrase naming a speaker, without a possessive ending (``Trump`` of ``Trump's claim``)."""
    mention = _mention_phrase(head)
    if len(mention) > 1 and mention[-1].dep_ == "case":
        return mention[:-1]
    return mention


def _mention_phrase(head: Token) -> Span:
    """A person's name, else the noun phrase without appositions or clauses."""
    doc = head.doc
    person = _person_at(head)
    if person is None:
        person = _person_at(head.right_edge)
        if person is not None and person.end - 1 != head.right_edge.i:
            person = None
    if person is not None and person.start >= head.left_edge.i:
        return person
    name = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if head.pos_ == "NOUN" and name is not None:
        return _mention_phrase(name)  # "the spokesperson Dmitry Mironchik": the name, not the role
    end = head.i
    for child in head.rights:
        if child.dep_ in MENTION_EXCLUDED_DEPS:
            break
        if not child.is_punct:
            end = child.right_edge.i
    start = head.left_edge.i
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > head.i and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return doc[start : end + 1]


def _person_at(token: Token) -> Span | None:
    """The PERSON entity holding ``token``, or None."""
    entity = entity_of(token)
    return entity if entity is not None and entity.label_ == "PERSON" else None


def _candidate(text: str, content: Span, cue: Span, source: Source, anchor: int | None = None) -> Candidate:
    """A candidate from token spans of the document whose text is ``text``; the character span is
    trimmed and its marks balanced.

    The span is cut to the paragraph of ``anchor`` (default: the cue), since
    the parser's sentences sometimes run across paragraph breaks.
    """
    first, last = paragraph_at(text, cue.start_char if anchor is None else anchor)
    start, end = _trim(text, max(first, content.start_char), min(last, content.end_char))
    start, end = _end_before_introduced_quote(text, start, end)
    start, end = _take_in_trailing_quote(text, start, end, last)
    start, end = _balance_marks(text, start, end, last)
    start, end = _end_at_closing_mark(text, start, end, cue.start_char)
    mention, method = source
    return Candidate(
        type="mixed" if _has_marks(text[start:end]) else "indirect",
        start=start,
        end=end,
        cue=cue.text,
        cue_start=cue.start_char,
        cue_end=cue.end_char,
        mention_start=mention.start_char if mention is not None else None,
        mention_end=mention.end_char if mention is not None else None,
        method=method,
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut whitespace and punctuation from both ends; a closing mark and what it closes stay."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        end -= 1
    return start, end


def _end_before_introduced_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """A span that runs over a colon introducing a quotation ends at the colon.

    ``stressed that Baku valued the arrival of Vladimir Putin: "it's worth, …"``:
    the quotation after the colon is the speaker's own words (a direct quote),
    not part of the reported clause.
    """
    match = INTRODUCING_COLON.search(text, start, end)
    if match is None or sum(ch.isalnum() for ch in text[start : match.start()]) < 3:
        return start, end
    return _trim(text, start, match.start())


def _take_in_trailing_quote(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """A span ending on an opening mark (``she recalled thinking, "``) runs on to its closing mark.

    Without a closing mark before ``limit`` the dangling mark is cut instead.
    """
    if end <= start:
        return start, end
    last = text[end - 1]
    if not (last in OPENING_MARKS or (last == '"' and text[end - 2 : end - 1].isspace())):
        return start, end
    closings = [i for i in (text.find(m, end, limit) for m in (*CLOSING_MARKS, '"')) if i != -1]
    if closings:
        return start, min(closings) + 1
    return _trim(text, start, end - 1)


def _balance_marks(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """Extend a span over the bracket it opens, and over the closing mark of a quote it opens.

    A curly quote opened in the span runs to its closing mark (before
    ``limit``, the paragraph end): the marks outrank the parse. A straight
    quote, whose marks cannot tell opening from closing, is only closed by a
    mark within three characters; failing that, an opening mark just before
    the span is taken in.
    """
    inner = text[start:end]
    if inner.count("(") > inner.count(")") and text[end : end + 1] == ")":
        end += 1
        inner = text[start:end]
    if sum(inner.count(m) for m in OPENING_MARKS) > sum(inner.count(m) for m in CLOSING_MARKS):
        closing = min((i for i in (text.find(m, end, limit) for m in CLOSING_MARKS) if i != -1), default=-1)
        reopened = any(text.find(m, end, closing) != -1 for m in OPENING_MARKS)
        if closing != -1 and not reopened:
            return start, closing + 1
    if inner.count('"') % 2 == 1:
        i = end
        while i < min(limit, len(text)) and i - end < 3 and text[i] in ".,;:!? ":
            i += 1
        if i < len(text) and text[i] in CLOSING_MARKS | {'"'}:
            return start, i + 1
        if start > 0 and text[start - 1] in OPENING_MARKS | {'"'}:
            return start - 1, end
    return start, end


def _end_at_closing_mark(text: str, start: int, end: int, cue_start: int) -> tuple[int, int]:
    """A span opening with a quotation mark ends at its closing mark when the quotation is a whole
    utterance followed by something else.

    That is when the cue follows the mark (``“A,” Mironchik said`` → ``“A,”``), or when the
    quotation ends in punctuation (``“A,” Mironchik said`` hung by the parser on an earlier
    cue) and no coordinated clause follows (``the fact that "A," and B`` runs on). A fragment
    that continues its clause (``that "a bomb" had gone off``) runs on too.
    """
    if end - start < 2 or text[start] not in OPENING_MARKS | {'"'}:
        return start, end
    closing = min((i for i in (text.find(m, start + 1, end) for m in (*CLOSING_MARKS, '"')) if i != -1), default=-1)
    if closing == -1:
        return start, end
    following = text[closing + 1 : end].lstrip(" \t\xa0,;").split(" ", 1)[0].lower()
    utterance = text[closing - 1] in ",.!?;:…" and following not in COORDINATORS
    if closing < cue_start < end or utterance:
        return start, closing + 1
    return start, end


def _as_direct_if_quoted(text: str, candidate: Candidate) -> Candidate:
    """A reported clause that is one whole quotation (``He said: "..."``) is a direct quote.

    It becomes a ``direct`` candidate spanning the words inside the marks, so
    that ``merge_candidates`` keeps the direct detector's own record when
    there is one and this one when the direct detector missed it. A whole
    quotation opened by the complementizer (``He said that "..."``) stays
    reported speech: a ``mixed`` quote whose span starts at ``that``, so that
    ``merge_candidates`` sees words of the clause outside the marks.
    """
    start, end = candidate.start, candidate.end
    if any(ch in QUOTE_MARKS for ch in text[start + 1 : end - 1]):
        return candidate
    that = _that_before(text, start)
    if that is not None and text[start] in QUOTE_MARKS and text[end - 1] in QUOTE_MARKS:
        return replace(candidate, type="mixed", start=that)
    if text[start] in QUOTE_MARKS and text[end - 1] in QUOTE_MARKS:
        inner = text[start + 1 : end - 1]
        start, end = start + 1 + len(inner) - len(inner.lstrip()), start + 1 + len(inner.rstrip())
    elif not (start > 0 and text[start - 1] in QUOTE_MARKS and text[end : end + 3].lstrip(".,;:!?")[:1] in QUOTE_MARKS):
        return candidate
    if start >= end:
        return candidate
    return replace(candidate, type="direct", start=start, end=end)


def _that_before(text: str, start: int) -> int | None:
    """Offset of the word ``that`` just before ``start`` (commas and spaces between), or None."""
    before = text[max(0, start - 12) : start].rstrip(" \t\xa0,")
    if before.lower().endswith("that") and not before[-5:-4].isalnum():
        return start - (len(text[max(0, start - 12) : start]) - len(before)) - 4
    return None


def _has_marks(text: str) -> bool:
    return any(ch in QUOTE_MARKS for ch in text)


# --- filtering --------------------------------------------------------------


def _is_valid(text: str, candidate: Candidate) -> bool:
    """A non-empty span that is not a question the author asks."""
    if not 0 <= candidate.start < candidate.end <= len(text):
        return False
    if sum(ch.isalnum() for ch in text[candidate.start : candidate.end]) < 3:
        return False
    tail = text[candidate.end : candidate.end + 3].lstrip(" ”\"»")
    return not tail.startswith("?")


def _one_per_clause(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates in text order, dropping those nested in another's content or duplicating it."""
    ordered = list(candidates)
    kept: list[Candidate] = []
    for candidate in ordered:
        if any(_cue_within(candidate, other) for other in ordered if other is not candidate):
            continue
        if any(_overlap(candidate, other) > 0.5 * max(_length(candidate), _length(other)) for other in kept):
            continue
        kept.append(candidate)
    return sorted(kept, key=lambda c: (c.start, c.end))


def _cue_within(inner: Candidate, outer: Candidate) -> bool:
    """Whether ``inner``'s cue lies inside ``outer``'s content (a report within a report)."""
    return inner.cue_start is not None and outer.start <= inner.cue_start and inner.cue_end <= outer.end


def _length(candidate: Candidate) -> int:
    return candidate.end - candidate.start


def _overlap(a: Candidate, b: Candidate) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _same_span(reported: Candidate, direct: Candidate) -> bool:
    """Whether a reported span is essentially the direct quote's content."""
    return _overlap(reported, direct) >= 0.8 * max(_length(reported), _length(direct))


def _inside(reported: Candidate, direct: Candidate) -> bool:
    """Whether most of the reported span lies in a direct quote it does not contain (the speaker's own words)."""
    return _overlap(reported, direct) > 0.5 * _length(reported) and not _contains(reported, direct)


def _cue_inside(reported: Candidate, direct: Candidate) -> bool:
    """Whether the reported clause's cue is within a direct quote (the speaker's own words)."""
    return reported.cue_start is not None and direct.start <= reported.cue_start < direct.end


def _frames(reported: Candidate, direct: Candidate) -> bool:
    """Whether a mixed clause contains the direct quote and words before its opening mark (``that "..."``)."""
    return reported.type == "mixed" and _contains(reported, direct) and reported.start < direct.start - 1


def _contains(reported: Candidate, direct: Candidate) -> bool:
    """Whether a direct quote (its marks allowed to stick out by one character) lies inside the reported span."""
    return reported.start <= direct.start + 1 and direct.end - 1 <= reported.end
