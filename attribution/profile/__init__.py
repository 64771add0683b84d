"""Who a speaker is (role, affiliation) and where the words appeared (outlet).

Role and affiliation belong to the speaker, not to one quote: every mention of
the speaker in the document is read for a title phrase (``speaker_titles``),
written before or after a name (``name_titles``), shared out respectively from
a plural title (``shared_titles``) or in a description that refers to the
speaker; ``titles`` reads one phrase. The outlet is per quote (``outlets``).
``describe.describe_speakers`` gives each quote its profile.
"""

from attribution.profile.describe import describe_speakers

__all__ = ["describe_speakers"]
