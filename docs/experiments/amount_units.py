"""Experiment (issue 12, dev only): the ``amount_mismatch`` abstention signal with typed amounts.
``untyped``: as before, any number in the three answer sentences answers an amount question, and
German "wie viele" is no amount cue; ``typed`` (shipped): the question's unit (money, percent,
time, count; ``qa.amounts``) must be given ("how many hours" is not answered by "$206,961", nor a
count by "in 2021"). Prints ``abstention_cv.py``'s line for each (refit in CV, 10 fold seeds).

    HF_HUB_OFFLINE=1 python docs/experiments/amount_units.py untyped|typed
"""
import dataclasses
import runpy
import sys

import qa.languages as langs
import qa.stages.abstain as abstain

if sys.argv[1:] == ["untyped"]:
    abstain.asked_unit = lambda words, lang: None  # any number answers
    de = langs.LANGUAGES["de"]
    cues = {**de.cues, "amount": tuple(c for c in de.cues["amount"] if c not in ("wie viele", "wieviele"))}
    langs.LANGUAGES["de"] = dataclasses.replace(de, cues=cues)
elif sys.argv[1:] != ["typed"]:
    sys.exit("usage: amount_units.py untyped|typed")
sys.argv = [sys.argv[0]]
runpy.run_path("docs/experiments/abstention_cv.py", run_name="__main__")
