"""Analysis (issue 10, dev only): how often the selector's top 1, 2, 3 and 5 sentences hold an answer,
out of fold (5-fold CV within dev, three fold seeds), with and without the 2% (and a 5%) floor for
runner-ups: what answer@3 can reach with this selector.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_top_k.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows
from qa.bench.run import selector_cv_scores
from qa.stages.select import FEATURES
eng, X, y, G = dev_selector_rows(lambda *a: [])
for seed in range(3):
    cv = selector_cv_scores(X, y, G, FEATURES, seed=seed)
    res = {1: [], 2: [], 3: [], "3thr": [], "3thr05": [], "5": []}
    for g in np.unique(G):
        m = np.flatnonzero(G == g)
        s = cv[m]; p = np.exp(s - s.max()); p /= p.sum()
        o = m[np.argsort(-s)]
        po = np.sort(p)[::-1]
        for k in (1, 2, 3):
            res[k].append(y[o[:k]].max())
        res["5"].append(y[o[:5]].max())
        keep = [j for n, j in enumerate(o[:3]) if n == 0 or po[n] >= 0.02]
        res["3thr"].append(y[keep].max())
        keep = [j for n, j in enumerate(o[:3]) if n == 0 or po[n] >= 0.05]
        res["3thr05"].append(y[keep].max())
    print(seed, {k: round(np.mean(v), 3) for k, v in res.items()}, "oracle", round(np.mean([y[G == g].max() for g in np.unique(G)]), 3))
