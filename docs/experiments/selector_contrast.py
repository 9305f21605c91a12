"""Experiment (issue 10, dev only): a selector feature for comparison questions: the question asks for a
difference or comparison (cue type ``compare`` in any of our languages) and the sentence sets the two
roles against each other (it names both and has a contrast word: "while", "während", "míg"). A
browser pass found "Mi a különbség a CIO és a CTO között?" answered with a sentence that only says
the roles differ, while "Míg a CIO a belső szervezetre összpontosít, addig a CTO …" answers.

5-fold CV within dev, 20 fold seeds, paired against the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_contrast.py
"""
import re
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import feature_cv  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import answers  # noqa: E402
from qa.key_terms import roles_named  # noqa: E402
from qa.languages import LANGUAGES  # noqa: E402
from qa.languages import get as language  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
W = re.compile(r"[^\W_]+")
X, y, G = [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    words = [w.lower() for w in W.findall(q.question)]
    compare = any("compare" in language(c).cue_types(words) for c in LANGUAGES)
    for j, i in enumerate(idx):
        both = {"cio", "cto"} <= roles_named(sel._texts[i])
        X.append(np.concatenate([feats[j], [float(compare and both and bool(sel._contrast[i])), float(compare and both)]]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + ["contrast_match", "both_match"]
for c, label in ((-2, "contrast_match"), (-1, "both_match")):
    m = X[:, c] == 1
    print(f"{label}: {int(m.sum())} candidates, answers among them {y[m].mean():.3f} (else {y[~m].mean():.3f})")


n = len(FEATURES)
feature_cv(X, y, G, names, [("+ contrast_match", [n]), ("+ both_match", [n + 1]), ("+ both", [n, n + 1])])
