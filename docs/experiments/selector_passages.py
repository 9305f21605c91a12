"""Experiment (issue 10, dev only): how many top passages the selector reads, on the enlarged dev.

For each N, every dev question's candidates are the sentences of its first N passages; the selector
is fitted and scored by 5-fold CV within dev, over 20 fold seeds, at the shipped L2 and two others.
Reported: mean top-sentence answers, the oracle (a right sentence among the candidates), and
paired seeds better/worse against N=3 (shipped before 2026-11-26).

    HF_HUB_OFFLINE=1 python docs/experiments/selector_passages.py 2 3 4 5 6
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, selector_cv_scores, selector_rows
from qa.retrieval import Engine
from qa.stages.select import FEATURES, L2

ns = [int(a) for a in sys.argv[1:]] or [2, 3, 4, 5, 6]
base = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
ref = None
for n in sorted(set(ns) | {3}, key=lambda v: (v != 3, v)):
    eng = Engine(base.store, list(base.articles.values()), base.embedders,
                 settings=base.settings.with_overrides(select_passages=n))
    X, y, G = selector_rows(eng, dev)
    oracle = np.mean([y[G == g].max() > 0 for g in np.unique(G)])
    for l2 in (L2, 0.003, 0.03):
        r = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s, l2=l2), y, G) for s in range(20)])
        if n == 3 and l2 == L2:
            ref = r
        d = r - ref
        print(f"N={n} L2={l2}: top sentence {r.mean():.3f} (sd {r.std():.3f}); oracle {oracle:.3f}; "
              f"paired vs N=3 {d.mean():+.3f}, seeds better/worse {(d > 0).sum()}/{(d < 0).sum()}", flush=True)
