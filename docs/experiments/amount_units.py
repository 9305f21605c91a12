"""Experiment (issue 12, dev only): the ``amount_mismatch`` abstention signal.

* ``untyped``: any number in the three answer sentences answers a question with an amount cue
  (salary, earn, how much, Gehalt, mennyi, ...), and German "wie viele" is no amount cue;
* ``typed``: the question's unit (money, percent, hours ... years, count; ``qa.amounts``) must be
  given ("how many hours" is not answered by "$206,961", nor a count by "in 2021");
* ``asked`` (shipped): typed, and only when the figure itself is asked ("how much", "wie viel",
  "mennyi", "hány": cue type ``how_much``), not "what does the CTO salary depend on?".

Prints ``abstention_cv.py``'s line for each (refit in CV, 10 fold seeds).

    HF_HUB_OFFLINE=1 python docs/experiments/amount_units.py untyped|typed|asked
"""
import dataclasses
import runpy
import sys

import qa.languages as langs
import qa.stages.abstain as abstain

mode = sys.argv[1] if len(sys.argv) == 2 else ""
if mode not in ("untyped", "typed", "asked"):
    sys.exit("usage: amount_units.py untyped|typed|asked")
if mode in ("untyped", "typed"):  # every amount cue asks for the figure
    for code, rec in list(langs.LANGUAGES.items()):
        cues = dict(rec.cues)
        cues["how_much"] = tuple(rec.cues["amount"]) + tuple(rec.cues["how_much"])
        if mode == "untyped" and code == "de":
            cues["amount"] = tuple(c for c in rec.cues["amount"] if c not in ("wie viele", "wieviele"))
            cues["how_much"] = tuple(c for c in cues["how_much"] if c not in ("wie viele", "wieviele", "wie hoch"))
        langs.LANGUAGES[code] = dataclasses.replace(rec, cues=cues)
if mode == "untyped":
    abstain.asked_unit = lambda words, lang: None  # any number answers
sys.argv = [sys.argv[0]]
runpy.run_path("docs/experiments/abstention_cv.py", run_name="__main__")
