"""Dev only (issue 10): how the selector's CV top sentence grows with its training questions (each
training fold subsampled to 40/60/80/100%; 20 fold seeds): would more labelled dev questions help?

    HF_HUB_OFFLINE=1 python docs/experiments/selector_learning_curve.py
"""
import numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, selector_rows, _cv_folds
from qa.logistic import fit_conditional
from qa.retrieval import Engine
from qa.stages.select import FEATURES, L2
eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, dev)
qids = np.unique(G)
for frac in (0.4, 0.6, 0.8, 1.0):
    res = []
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        cv = np.zeros(len(y))
        for trq, teq in _cv_folds(len(qids), seed=seed):
            trq = rng.permutation(trq)[: int(round(frac * len(trq)))]
            tr, te = np.isin(G, qids[trq]), np.isin(G, qids[teq])
            m = fit_conditional(X[tr], y[tr], G[tr], FEATURES, l2=L2)
            cv[te] = X[te] @ (np.asarray(m.weights) / np.asarray(m.std))
        res.append(_top1(cv, y, G))
    print(frac, f"~{int(frac*0.8*len(qids))} training questions: {np.mean(res):.3f}")
