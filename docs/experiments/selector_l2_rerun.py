"""Experiment (issue 10, dev only): the selector's L2 strength, rerun with the adapter of 2,690
synthetic questions: 5-fold CV top sentence over 10 fold seeds, overall and plain words, and each
strength against the first one given, seed by seed.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_l2_rerun.py 0.01 0.003 0.02 0.03 0.05 0.1
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import selector_cv_scores, selector_rows
from qa.retrieval import Engine
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, dev)
plain = np.array([q.group == "plain" for q in dev])


def top1(scores):
    return np.array([y[G == n][np.argmax(scores[G == n])] if (G == n).any() else 0.0 for n in range(len(dev))])


runs = {}
for l2 in [float(a) for a in sys.argv[1:]] or [0.01, 0.02]:
    a = np.array([top1(selector_cv_scores(X, y, G, FEATURES, seed=s, l2=l2)) for s in range(10)])
    runs[l2] = a.mean(1)
    print(f"L2 {l2:g}: CV top sentence {a.mean():.3f} (sd over seeds {a.mean(1).std():.3f}); plain words {a[:, plain].mean():.3f}",
          flush=True)
first, *rest = runs
for l2 in rest:
    d = runs[l2] - runs[first]
    print(f"{l2:g} against {first:g}: better on {(d > 0).sum()}, worse on {(d < 0).sum()} of {len(d)} seeds, mean {d.mean():+.3f}")
