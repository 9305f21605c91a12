"""Experiment (issue 10, dev only): a selector feature for a sentence that opens with a connective
("Additionally, …", "However, …", "Außerdem …", "Ezenkívül …"): it leans on a sentence before it,
which the reader of a lead sentence has not seen (a browser review found the Hungarian example
answered "Ezenkívül a CTO felelős …", "In addition, the CTO is responsible …").

5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_connective.py
"""
import re
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import feature_cv  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import answers  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

CONNECTIVE_RE = re.compile(
    r"(?:additionally|also|furthermore|moreover|however|in addition|besides|therefore|thus|similarly|likewise|"
    r"on the other hand|as a result|außerdem|zudem|darüber hinaus|ebenso|jedoch|allerdings|deshalb|daher|"
    r"ezenkívül|emellett|továbbá|azonban|ugyanakkor|ezért|viszont|is)\b", re.IGNORECASE)

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
X, y, G = [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    for j, i in enumerate(idx):
        conn = float(bool(CONNECTIVE_RE.match(sel._texts[i].lstrip("- "))))
        X.append(np.concatenate([feats[j], [conn]]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + ["connective"]
print("candidates opening with a connective:", int(X[:, -1].sum()), "of", len(y), "; answers among them",
      int(y[X[:, -1] == 1].sum()), f"({y[X[:, -1] == 1].mean():.3f} vs {y[X[:, -1] == 0].mean():.3f} otherwise)")


feature_cv(X, y, G, names, [("+ connective", [len(FEATURES)])])
