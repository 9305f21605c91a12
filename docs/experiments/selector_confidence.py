"""Analysis (issues 10 and 12, dev only): how often the selector's lead is right, by the probability the
selector gives it (5-fold CV within dev, five fold seeds): the basis of ``SELECT_UNSURE`` in
``qa/stages/abstain.py`` (an answer whose lead is more likely wrong than right is marked unsure).

    HF_HUB_OFFLINE=1 python docs/experiments/selector_confidence.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows
from qa.bench.run import selector_cv_scores
from qa.stages.select import FEATURES
eng, X, y, G = dev_selector_rows(lambda *a: [])
ps, ok = [], []
for seed in range(5):
    cv = selector_cv_scores(X, y, G, FEATURES, seed=seed)
    for g in np.unique(G):
        m = np.flatnonzero(G == g)
        s = cv[m]; p = np.exp(s - s.max()); p /= p.sum()
        j = np.argmax(p)
        ps.append(p[j]); ok.append(y[m][j])
ps, ok = np.array(ps), np.array(ok)
for lo, hi in [(0, .2), (.2, .3), (.3, .4), (.4, .5), (.5, .6), (.6, .8), (.8, 1.01)]:
    m = (ps >= lo) & (ps < hi)
    print(f"{lo:.1f}-{hi:.1f}: n/seed {m.sum()/5:.1f}  lead right {ok[m].mean() if m.any() else float('nan'):.2f}")
for t in (0.2, 0.25, 0.3, 0.35, 0.4):
    m = ps < t
    print(f"below {t}: share {m.mean():.2f}, right {ok[m].mean():.2f} vs above {ok[~m].mean():.2f}")
