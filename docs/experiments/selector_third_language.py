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
from _harness import feature_cv  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import answers  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
tab = eng.store.sentences
NOVEL, WORDS = FEATURES.index("novel"), FEATURES.index("log_words")
X, y, G = [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    for j, i in enumerate(idx):
        s_lang = eng.store.chunks[int(tab.rows[i])].lang
        third = float(s_lang not in (st.lang, "en"))
        restates = float(feats[j][NOVEL] < 0.5 and np.expm1(feats[j][WORDS]) < 15)
        X.append(np.concatenate([feats[j], [third, restates]]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + ["third_lang", "restates"]
print("candidates: third_lang", int(X[:, -2].sum()), "(answers", int(y[X[:, -2] == 1].sum()), ") restates",
      int(X[:, -1].sum()), "(answers", int(y[X[:, -1] == 1].sum()), ")")


n = len(FEATURES)
feature_cv(X, y, G, names, [("+ third_lang", [n]), ("+ restates", [n + 1]), ("+ both", [n, n + 1])])
