"""``X said (that) …``: a cue verb and the content it governs.

The content is a clausal complement, else what the verb's entry in
``complement_verbs.tsv`` allows: an object, a naming, a prepositional object,
an infinitive; a bare ``as X noted`` reports the clause around it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from attribution.detect.clauses import clause_end, host_clause, left_of_coordination, only_punctuation, opens_with_that, strip_complementizer
from attribution.detect.cues import cue_lemma, cue_tokens, is_cue, source_of
from attribution.detect.spans import clause_candidate, has_marks
from attribution.model import Candidate
from attribution.parsed import VERB_POS, tokens_where
from attribution.rules.cues import attribution_phrases, cue_verbs, verb_complements
from attribution.rules.words import (
    AS_CUE_PREPOSITIONS,
    CHARGE_PREPOSITIONS,
    COMPARISON_MARKS,
    FREE_RELATIVE_PRONOUNS,
    CONDITION_MARKS,
    QUESTION_OPENERS,
    TIME_MARKS,
    WH_RELATIVE_PRONOUNS,
)


def cue_verb_clauses(doc: Doc, text: str) -> Iterator[Candidate]:
    """``X said (that) ...``, ``..., he said``, ``X noted the need ...``, ``X urged Y to ...``, ``as X noted, ...``;
    not the question of ``X asked whether ...`` (a cue of kind ``question``)."""
    verbs = cue_verbs()
    complements = verb_complements()
    for token in tokens_where(doc, POS=VERB_POS.__contains__):
        lemma = cue_lemma(token, verbs)
        if lemma is None:
            continue
        pieces = _content_tokens(token, lemma, complements)
        if verbs[lemma] == "question":
            pieces = [content for content in pieces if content[0].lower_ not in QUESTION_OPENERS]
        if not pieces:
            continue
        source = source_of(token)
        if source[0] is None:  # no speaker found, or the author speaking
            continue
        for content in pieces:
            yield clause_candidate(text, content, cue_tokens(token, content), source)


#: Dependents that belong to a clause's content rather than to the cue.
OBJECT_CONTENT_DEPS = frozenset({"dobj", "oprd", "prep", "advcl", "acomp", "ccomp", "xcomp"})


def _content_tokens(verb: Token, lemma: str, complements: dict[str, frozenset[str]]) -> list[Span]:
    """The reported content governed by cue ``verb`` (two pieces when the cue interrupts it); empty when none."""
    doc = verb.doc
    kinds = complements.get(lemma.split()[0], frozenset())
    if any(c.dep_ == "mark" and c.lower_ in COMPARISON_MARKS for c in verb.children):
        return []  # "costs are lower than TransLink says they are"
    if cue_verbs().get(lemma) == "cognition" and any(
        c.dep_ == "dobj" and c.lower_ in FREE_RELATIVE_PRONOUNS and c.i < verb.i for c in verb.children
    ):
        return []  # "saw what he thought was a shotgun": a thing as he saw it, not a view
    if _is_as_clause(verb, kinds):
        host = host_clause(verb, doc[verb.left_edge.i : verb.right_edge.i + 1])
        return [host] if host is not None and any(t.pos_ in VERB_POS for t in host) else []
    clauses = [c for c in verb.children if _is_reported_clause(c) and not _opens_adverbial_clause(c, verb)]
    clause = next((c for c in clauses if c.i > verb.i), clauses[0] if clauses else None)
    if clause is not None and clause.i < verb.i and is_cue(clause) and doc[clause.i + 1].is_punct:
        return []  # "she said, but ..., Melanie said": a bare report the parser hung on another report
    if clause is not None:
        end = _next_report_start(clause, _coordinated_end(verb, clause) + 1)
        content = doc[clause.left_edge.i : end]
        if content.start <= verb.i < content.end or _colon_between(content, verb):
            return []
        return [strip_complementizer(content)]
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
    return token.dep_ == "advcl" and opens_with_that(token)


def _colon_between(content: Span, verb: Token) -> bool:
    """Whether a colon separates content before the cue from it (``We have been here before: Osama bin
    Laden declared war``): what precedes a colon is not what follows it reports."""
    return content.end <= verb.i and any(t.text == ":" for t in verb.doc[content.end - 1 : verb.i])


def _opens_adverbial_clause(clause: Token, verb: Token) -> bool:
    """Whether a clause before the cue starts with a subordinator other than ``that`` (``While he
    acknowledged A, Ham also noted …``): an adverbial the parser took for the content."""
    first = clause.left_edge
    return clause.i < verb.i and first.dep_ == "mark" and first.lower_ != "that"


def _is_as_clause(verb: Token, complements: frozenset[str]) -> bool:
    """``as X noted``: a bare cue introduced by ``as``, whose content is the clause around it.

    A cue with content of its own (``as she called for the ratification``) is not bare, nor one
    followed by a noun phrase the parser did not take for its object (``As he welcomed several
    hundred guests, …``) or by a phrase that is the verb's own (``as it continues on its
    course``): only adverbs, a particle, a phrase saying by whom, when or how
    (``_says_how_it_was_said``) or the clause's end may follow.
    """
    own_prepositions = {kind.removeprefix("prep:") for kind in complements if kind.startswith("prep:")}
    following = next(
        (t for t in verb.doc[verb.i + 1 : verb.sent.end] if t.pos_ not in ("ADV", "PART") and t.dep_ != "prt"), None
    )
    return (
        verb.dep_ == "advcl"
        and (following is None or following.pos_ in ("PUNCT", "SCONJ") or _says_how_it_was_said(following))
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "dative", "oprd")
            or (c.dep_ == "prep" and c.lower_ in own_prepositions)
            for c in verb.children
        )
    )


def _says_how_it_was_said(preposition: Token) -> bool:
    """Whether a preposition after a bare ``as`` cue says by whom, when, where or how (``AS_CUE_PREPOSITIONS``)."""
    if preposition.pos_ != "ADP":
        return False
    if preposition.lower_ in AS_CUE_PREPOSITIONS:
        return True
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return preposition.lower_ == "on" and any(o.ent_type_ in ("DATE", "TIME") or o.pos_ == "PROPN" for o in objects)


def _as_list(content: Span | None) -> list[Span]:
    return [] if content is None else [content]


def _coordinated_end(verb: Token, clause: Token) -> int:
    """Last token of a ccomp, extended over a clause coordinated with it that the parser hung on the cue.

    ``He stated that A is growing, and B amount to ...``: ``B`` is still reported, and so is a
    second ``that`` clause even when its verb is a cue (``said A and that the footage did not
    show B``), or a cue verb with an infinitive that says what is done (``A, and the government will
    continue to fight …``). A coordinated verb without its own subject is the speaker's next action, not content;
    a second clausal complement (not a cue of its own) right after the first, past a comma, continues it,
    and so does a condition the parser hung on the cue (``say they won't vote unless …``).
    """
    end = clause.right_edge.i
    for child in verb.rights:
        if child.i <= end:
            continue
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)
        adjacent = only_punctuation(verb.doc[end + 1 : child.left_edge.i])
        if child.dep_ == "ccomp" and not is_cue(child) and adjacent:
            end = child.right_edge.i  # "says he drank too much, used drugs and …": one report, parsed as two
            continue
        if child.dep_ == "advcl" and adjacent and child.left_edge.lower_ in CONDITION_MARKS:
            end = child.right_edge.i  # "say they won't vote for it unless …": the condition is reported too
            continue
        if child.dep_ != "conj":
            continue
        if is_cue(child) and not opens_with_that(child) and not _goes_on_to_act(child):
            continue
        if has_subject or child.pos_ in ("NOUN", "PROPN"):
            end = child.right_edge.i
    return end


def _goes_on_to_act(verb: Token) -> bool:
    """A cue verb used for an action it governs (``the government will continue to fight for
    the jobs``): an infinitive and no clause of its own to report, and not a verb whose
    infinitive is what it reports (``urged Y to …``, ``vowed to …``: ``complement_verbs.tsv``)."""
    if verb_complements().get(verb.lemma_.lower(), frozenset()) & {"infinitive", "own_infinitive"}:
        return False
    infinitive = any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in verb.children
    )
    return infinitive and not any(c.dep_ == "ccomp" for c in verb.children)


def _next_report_start(clause: Token, end: int) -> int:
    """``end``, or where a second report coordinated inside ``clause`` begins (``A, and ... she replied, B``).

    A coordinated ``that`` clause is a second complement of the same cue, not a new report
    (``said A and that the footage did not show B``), nor is a condition whose verb is a cue
    (``… if sanctions continued``).
    """
    for token in clause.subtree:
        if token != clause and token.dep_ in ("conj", "advcl", "parataxis") and token.i > clause.i and is_cue(token):
            if token.dep_ == "conj" and opens_with_that(token):
                continue
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in token.children):
                continue  # "may seek another path if sanctions continued": a condition, not a report
            if any(c.dep_ in ("nsubj", "nsubjpass", "ccomp") for c in token.children):
                end = min(end, left_of_coordination(token))
    return end


def _that_clause_in_object(verb: Token) -> Span | None:
    """``told a meeting of leaders that A``, ``tweeted in the early hours that A``: a ``that`` clause
    the parser hung inside the cue's object or prepositional phrase."""
    for child in verb.rights:
        if child.dep_ not in ("dobj", "dative", "prep", "npadvmod"):
            continue
        for token in child.subtree:
            if token.dep_ in ("relcl", "acl") and opens_with_that(token):
                return strip_complementizer(verb.doc[token.left_edge.i : token.right_edge.i + 1])
    return None


def _fact_clause(verb: Token) -> Span | None:
    """``hints at the fact that A``: the clause of a ``fact``-like noun after the cue's preposition,
    with a clause coordinated with it that the parser hung on the cue (``proceeds from the fact
    that A, and B``)."""
    nouns = attribution_phrases().get("content_noun", frozenset())
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
                    return strip_complementizer(verb.doc[clause.left_edge.i : end])
    return None


def _around_parenthetical(verb: Token) -> list[Span]:
    """``A, he said.`` / ``A, he said, B.``: the cue hangs off the reported clause; each side is one piece."""
    doc = verb.doc
    head = verb.head
    pieces = []
    left = doc[head.left_edge.i : verb.left_edge.i]
    if len(left) >= 3 or (left and head.i < verb.i):
        pieces.append(strip_complementizer(left))
    if head.i > verb.i:
        right = doc[verb.right_edge.i + 1 : clause_end(head)]
        if not only_punctuation(right):
            pieces.append(right)
    return [p for p in pieces if not only_punctuation(p)]


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
    if not predicate and not has_marks(verb.doc[named.left_edge.i : named.right_edge.i + 1].text):
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
    if first.lower_ not in WH_RELATIVE_PRONOUNS or first.i == 0 or first.nbor(-1).text != ",":
        return False
    return any(is_cue(t) for t in relative.subtree)


def _content_end(verb: Token, obj: Token) -> int:
    """Last token of an object with the verb's dependents after it that continue it (``for ...``, ``as ...``)."""
    end = obj.right_edge.i
    for child in verb.rights:
        if child.i <= obj.i or child.dep_ not in OBJECT_CONTENT_DEPS or is_cue(child):
            continue
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in child.children):
            break  # "... as a disgrace after she attacked ...": when it was said, not what
        end = max(end, child.right_edge.i)
    return end


def _pronoun_object_has_content(verb: Token, obj: Token) -> bool:
    """``blamed them for ...``: a pronoun object followed by what is said of it."""
    return any(c.dep_ == "prep" and c.lower_ in CHARGE_PREPOSITIONS and c.i > obj.i for c in verb.children)
