"""Experiment (dev only, adopted 2026-11-26): the selector's subject_other feature and its L2.

20 CV fold seeds within dev, paired (same folds): the shipped features with and without
``subject_other``, at L2 0.001 (before) and 0.003-0.03.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_subject.py
"""
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, selector_cv_scores, selector_rows
from qa.retrieval import Engine
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, dev)
without = [i for i, f in enumerate(FEATURES) if f != "subject_other"]


def cv(cols, l2):
    names = tuple(FEATURES[c] for c in cols)
    return np.array([_top1(selector_cv_scores(X[:, cols], y, G, names, seed=s, l2=l2), y, G) for s in range(20)])


ref = cv(without, 0.001)
print(f"without subject_other, L2 0.001: {ref.mean():.3f}")
for cols, l2, label in ((list(range(len(FEATURES))), 0.001, "with, L2 0.001"), (without, 0.01, "without, L2 0.01"),
                        *((list(range(len(FEATURES))), l2, f"with, L2 {l2}") for l2 in (0.003, 0.01, 0.02, 0.03))):
    r = cv(cols, l2)
    d = r - ref
    print(f"{label}: {r.mean():.3f} (paired {d.mean():+.3f}; seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})")
