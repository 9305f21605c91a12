"""Dev only (issue 10): gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, pointwise) for the
selector, alone and averaged with the shipped conditional logit (by rank within each question, or by
probability). 5-fold CV within dev, 10 fold seeds, paired with the conditional logit.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_boosting.py
"""
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, _cv_folds, selector_rows
from qa.logistic import fit_conditional
from qa.stages.select import FEATURES, L2
eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, dev)
qids = np.unique(G)
def ranknorm(s, g):
    out = np.zeros(len(s))
    for k in np.unique(g):
        m = g == k; r = np.argsort(np.argsort(-s[m])); out[m] = 1.0 / (1 + r)
    return out
res = {k: [] for k in ("logit", "gbm", "avg", "avg_raw")}
for seed in range(10):
    sl, sg = np.zeros(len(y)), np.zeros(len(y))
    for tr_q, te_q in _cv_folds(len(qids), seed=seed):
        tr, te = np.isin(G, qids[tr_q]), np.isin(G, qids[te_q])
        m = fit_conditional(X[tr], y[tr], G[tr], FEATURES, l2=L2)
        sl[te] = X[te] @ (np.asarray(m.weights) / np.asarray(m.std))
        gbm = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=30,
                                             l2_regularization=1.0, random_state=seed)
        gbm.fit(X[tr], y[tr]); sg[te] = gbm.predict_proba(X[te])[:, 1]
    res["logit"].append(_top1(sl, y, G)); res["gbm"].append(_top1(sg, y, G))
    res["avg"].append(_top1(ranknorm(sl, G) + ranknorm(sg, G) + 1e-6 * sl, y, G))
    # softmax-normalised logit prob averaged with gbm prob
    p = np.zeros(len(y))
    for k in np.unique(G):
        mm = G == k; e = np.exp(sl[mm] - sl[mm].max()); p[mm] = e / e.sum()
    res["avg_raw"].append(_top1(p + sg, y, G))
    print(seed, {k: round(v[-1], 3) for k, v in res.items()}, flush=True)
base = np.array(res["logit"])
for k, v in res.items():
    v = np.array(v); d = v - base
    print(f"{k}: {v.mean():.3f} (better/worse {(d>0).sum()}/{(d<0).sum()})")
