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
#: Subordinators of a clause that says when something was said rather than what.
TIME_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "once"})
#: Determiners that make a back-reference noun point at the sentence before.
BACK_REFERENCE_DETERMINERS = frozenset({"such", "this", "these", "those", "that", "similar"})
#: Prepositions that continue a title phrase ("professor of X", "fellow at Y").
TITLE_PREPOSITIONS = frozenset({"of", "at", "in", "for", "from", "with"})
