"""Experiment (issue 10, dev only): two selector features suggested by the enlarged dev's misses.

* ``third_lang``: the sentence is in neither the question's language nor English (a German question
  answered with a Hungarian sentence: the German and Hungarian articles share few facts, while the
  English ones are the usual cross-lingual answer).
* ``restates``: a short sentence (under 15 words) most of whose words are the question's ("The main
  difference between a CIO and a CTO is their focus."): a topic sentence, not an answer.

5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_third_language.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.stages.select import FEATURES  # noqa: E402

NOVEL, WORDS = FEATURES.index("novel"), FEATURES.index("log_words")


def extra_features(q, st, sel, i, row):
    s_lang = sel._chunks[int(sel._table.rows[i])].lang
    third = float(s_lang not in (st.lang, "en"))
    restates = float(row[NOVEL] < 0.5 and np.expm1(row[WORDS]) < 15)
    return [third, restates]


eng, X, y, G = dev_selector_rows(extra_features)
names = list(FEATURES) + ["third_lang", "restates"]
print("candidates: third_lang", int(X[:, -2].sum()), "(answers", int(y[X[:, -2] == 1].sum()), ") restates",
      int(X[:, -1].sum()), "(answers", int(y[X[:, -1] == 1].sum()), ")")


n = len(FEATURES)
feature_cv(X, y, G, names, [("+ third_lang", [n]), ("+ restates", [n + 1]), ("+ both", [n, n + 1])])
