"""Experiment (issue 10, dev only): hubness of a sentence as a selector feature (CSLS-style).

Some sentences are close to many questions ("The main difference between a CIO and a CTO is their
focus."); a sentence's mean e5 cosine to its k nearest other sentences of the corpus measures that.
Added as a feature, the conditional logit can fit cos - beta * hub. 5-fold CV within dev, 20 fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_hubness.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv
from qa.stages.select import FEATURES
hubs = {}
def get_hub(sel, k):
    if k not in hubs:
        V = sel._table.vectors.astype(np.float64)
        S = V @ V.T
        np.fill_diagonal(S, -np.inf)
        top = -np.sort(-S, axis=1)[:, :k]
        hubs[k] = top.mean(axis=1)
    return hubs[k]
KS = (5, 10, 30)
def extra(q, st, sel, i, row):
    return [get_hub(sel, k)[i] for k in KS]
eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
names = tuple(FEATURES) + tuple(f"hub{k}" for k in KS)
feature_cv(X, y, G, names, [(f"+hub{k}", [n + j]) for j, k in enumerate(KS)])
