"""What a command imports before its first quote: not textacy's package, which brings scikit-learn."""

from __future__ import annotations

import subprocess
import sys


def test_extracting_reads_textacys_reporting_verbs_without_importing_the_textacy_package():
    script = (
        "import sys\n"
        "from attribution import extract\n"
        "quotes = extract('\"We will win,\" Vadim Mukhanov said.')\n"
        "assert [q.speaker for q in quotes] == ['Vadim Mukhanov'], quotes\n"
        "print(sorted(m for m in ('textacy', 'sklearn') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_cue_verbs_hold_every_textacy_reporting_verb():
    from textacy.constants import REPORTING_VERBS

    from attribution.rules.cues import cue_verbs, textacy_constants

    read_alone = textacy_constants()
    assert read_alone.__name__ == "attribution._textacy_constants"
    assert read_alone.REPORTING_VERBS == REPORTING_VERBS
    assert set(REPORTING_VERBS["en"]) - {"according"} <= set(cue_verbs())
