"""Experiment (issue 10, dev only): the selector's question-sentence cosine read through e5's query
adapter (``qa/adapter.py``, fitted on the synthetic questions, sentences included), beside the plain
cosine or in its place (with its gap to the best candidate and its rank); then the synthetic
questions' candidates added to the selector's training folds (weight w per question).

    HF_HUB_OFFLINE=1 python docs/experiments/selector_adapted_cosine.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.stages.select import FEATURES  # noqa: E402


def adapted(q, state, selector, i, row):
    v = state.vectors.get("e5_adapted")
    c = float(selector._table.vectors[i] @ v[0]) if v is not None else 0.0
    return [c]


eng, X, y, G = dev_selector_rows(adapted)
# gap to the best candidate and rank, within each question
c = X[:, len(FEATURES)]
gap, rank = np.zeros_like(c), np.zeros_like(c)
for g in np.unique(G):
    m = G == g
    gap[m] = c[m].max() - c[m]
    order = np.argsort(-c[m], kind="stable")
    r = np.empty(m.sum()); r[order] = np.arange(1, m.sum() + 1); rank[m] = r
X = np.column_stack([X, gap, rank])
names = list(FEATURES) + ["acos", "acos_gap", "acos_rank"]
n = len(FEATURES)
feature_cv(X, y, G, names, [("+ acos", [n]), ("+ acos, gap, rank", [n, n + 1, n + 2])], seeds=20)
# in place of the plain cosine features (cos, cos_gap, cos_rank)
base = [i for i, f in enumerate(FEATURES) if f not in ("cos", "cos_gap", "cos_rank")]
from qa.bench.run import _top1, selector_cv_scores  # noqa: E402
for label, cols in (("acos, gap, rank in place of cos, cos_gap, cos_rank", base + [n, n + 1, n + 2]),):
    r = np.array([_top1(selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=s), y, G) for s in range(20)])
    print(f"{label}: {r.mean():.3f}")
