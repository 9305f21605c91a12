"""Experiment (issue 10, dev only): a selector feature for the sentence that introduces the role a
"what is / what does … do" question asks about by its full title ("A Chief Technology Officer (CTO)
is responsible for …"), found in a browser review: "What does a CTO do?" led with "A CTO is a
middle-management position …" in all three languages. 5-fold CV within dev, 20 fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_defines.py
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.key_terms import roles_named  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

ASKS = re.compile(r"\b(?:what\s+(?:is|does|do)|what's|define|role\s+of|duties|job\s+of|was\s+(?:ist|macht|tut|sind)|"
                  r"aufgaben|rolle|mi\s+(?:a|az)|mit\s+csinál|mivel\s+foglalkozik|feladat\w*|szerep\w*)\b", re.I)
FULL = {"cio": re.compile(r"chief\s+information\s+officer\s*\(cio\)|\bcio\s*\(chief\s+information\s+officer\)", re.I),
        "cto": re.compile(r"chief\s+technology\s+officer\s*\(cto\)|\bcto\s*\(chief\s+technology\s+officer\)", re.I)}


def extra(q, st, sel, i, row):
    asked = roles_named(st.question) & {"cio", "cto"}
    if not ASKS.search(st.question) or len(asked) != 1:
        return [0.0]
    (role,) = asked
    return [float(bool(FULL[role].search(sel._texts[i])))]


eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
print("questions where it can fire:", len({g for g, x in zip(G, X[:, n]) if x}), "candidates:", int(X[:, n].sum()),
      "answers among them:", int(y[X[:, n] > 0].sum()))
feature_cv(X, y, G, tuple(FEATURES) + ("defines_asked",), [("+ defines_asked", [n])])
