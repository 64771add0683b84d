"""Closed sets of function words that rules test tokens against."""

from __future__ import annotations


#: Cue verbs whose subject is the outlet and object the speaker (``AZERTAG quotes Putin``).
OUTLET_SUBJECT_VERBS = {"quote", "cite"}
#: Cue verbs whose named object is the outlet (``told TASS``).
OUTLET_OBJECT_VERBS = {"tell"}
#: Subjects that mean the author (or people in general) speaks, not a source.
AUTHOR_SUBJECTS = frozenset({"i", "we", "us", "one", "you", "me"})
#: Pronouns that stand for a thing or a fact, not a speaker (``This makes it clear that …``).
THING_PRONOUNS = frozenset({"this", "that", "it", "which", "these", "those"})
#: Relative pronouns: ``according to which`` points at the noun they replace.
RELATIVE_PRONOUNS = frozenset({"which", "whom", "who", "that"})
#: Conjunctions that, after a closing mark, continue the reported clause.
COORDINATORS = frozenset({"and", "but", "or"})
#: Subordinators of a condition, which belongs to what is reported (``won't vote unless …``).
CONDITION_MARKS = frozenset({"unless", "until", "if"})
#: Subordinators of a clause of contrast (``while some critics say …``).
CONTRAST_MARKS = frozenset({"while", "although", "though", "whereas"})
#: Subordinators of a comparison with what someone says (``lower than TransLink says they are``):
#: the author's claim, not a report.
COMPARISON_MARKS = frozenset({"than"})
#: Subordinators of a clause that says when something was said rather than what.
TIME_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "once"})
#: Passive verbs whose subject speaks in ``X was quoted as saying …``.
QUOTED_AS_VERBS = frozenset({"quote", "cite", "report"})
#: Pronouns opening a free relative whose verb is a cognition cue (``saw what he thought
#: was a shotgun``): the clause names a thing as someone saw it and reports no view; with
#: a speech or naming verb it is a report (``what officials say is his birthday``,
#: ``what it called "a clear threat"``).
FREE_RELATIVE_PRONOUNS = frozenset({"what", "whatever"})
#: Prepositions that may follow a bare ``as X said`` cue: who it was by, when, where and how it
#: was said (``as reported by the ministry``, ``as she said in an interview``); ``on`` only
#: before a date or a name (``as he wrote on Monday``, ``on Twitter``), not a verb's own
#: object (``as it continues on its course``, ``as they agreed to more talks``). Not ``at``,
#: which also says whom a cry was aimed at (``as they yelled at a player``).
AS_CUE_PREPOSITIONS = frozenset({"by", "in", "during", "with", "after", "before"})
#: Determiners that make a back-reference noun point at the sentence before.
BACK_REFERENCE_DETERMINERS = frozenset({"such", "this", "these", "those", "that", "similar"})
#: Prepositions that continue a title phrase ("professor of X", "fellow at Y").
TITLE_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with"})
#: Relative pronouns that open a ``, who …`` clause about the noun before the comma.
WH_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose"})
#: First words of an indirect question (``asked whether …``, ``wondered how …``).
QUESTION_OPENERS = frozenset({"whether", "if", "what", "how", "when", "why", "who", "whom", "where", "which"})
#: Prepositions after a pronoun object that bring what is said of it (``blamed them for …``).
CHARGE_PREPOSITIONS = frozenset({"for", "of", "in"})
#: Words that join the items of a list of names (``A, B and C``).
LIST_JOINERS = frozenset({"and", ","})
#: Words that may join the words of an outlet's name (``Radio-Canada``, ``Voice of America``).
OUTLET_NAME_JOINERS = frozenset({"-", "of"})
#: Articles, and the indefinite ones.
ARTICLES = frozenset({"the", "a", "an"})
INDEFINITE_ARTICLES = frozenset({"a", "an"})
#: Determiners that bring someone new into the story (``a lawyer``, ``another official``).
INTRODUCING_DETERMINERS = INDEFINITE_ARTICLES | {"another"}
#: Units of an age written before a noun (``39-year-old``, ``six-month-old``).
AGE_UNITS = frozenset({"year", "month", "week", "day"})
#: Words an organisation's name key leaves out (``Ministry for Defence`` = ``Defence Ministry``).
ORG_KEY_STOPWORDS = frozenset({"the", "of", "and", "for"})
#: Words that carry no meaning when comparing two roles.
ROLE_FUNCTION_WORDS = frozenset(
    "a an the of and or at for in on to with by from its his her their former ex".split()
)
#: Lower-case words allowed inside a name (``Ministry of Foreign Affairs``,
#: ``Ursula von der Leyen``).
NAME_LOWERCASE_WORDS = frozenset(
    "of and the for de del della der den di da du la le van von al el bin ibn y".split()
)
#: Verbs whose attribute describes their subject (``X is/became/remains the head of …``).
COPULAR_VERBS = frozenset({"be", "become", "remain"})
#: Nouns for a post that an organisation's name before them qualifies (``her FSIN position``).
POST_NOUNS = frozenset({"position", "post", "seat", "job", "role", "term"})
#: Verbs of leaving a post: the title after their ``as`` is no longer the person's.
LEAVING_VERBS = frozenset({"resign", "retire", "quit", "leave", "step"})
#: Words that make a plural after ``X and`` a group X belongs to (``X and other nurses``).
OTHERS_WORDS = frozenset({"other", "fellow"})
#: Subjects of a sentence that go on about the person the sentence before spoke of.
CONTINUING_SUBJECTS = frozenset({"he", "she"})
