"""Experiment (issue 10, dev only): a second query adapter for the selector, fitted on hard negatives.

The shipped adapter (``qa/adapter.py``) is fitted against every sentence of the corpus, most of them
easy to tell apart. The selector chooses among the sentences of the first seven passages. Here a
matrix ``B``, starting from the shipped adapter and held near it by an L2 on the difference, is
fitted on the synthetic questions' own candidate sentences (as the selector sees them,
from the shipped pipeline), softmax within each question's candidates, and the selector's cosine
features (cos, cos_gap, cos_rank) are computed with ``unit(q + Bq)`` instead of the shipped adapter's
question; dev CV over 20 fold seeds, paired with the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_adapter.py [L2 ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows  # noqa: E402

from qa.bench.questions import load_questions  # noqa: E402
from qa.bench.run import _top1, selector_cv_scores, selector_rows  # noqa: E402
from qa.stages.select import FEATURES  # noqa: E402

l2s = [float(a) for a in sys.argv[1:]] or [0.03, 0.1]
TAU, STEPS, LR = 30.0, 300, 1e-3


def capture(q, state, selector, i, row):
    return [float(i)] + state.vectors["e5"][0].tolist()  # sentence index, then the plain question vector


eng, Xd, yd, Gd = dev_selector_rows(capture)
syn = [q for q in load_questions("qa/bench/synthetic.jsonl") if q.evidence]
Xs, ys, Gs = selector_rows(eng, syn, capture)
S = eng.store.sentences.vectors.astype(np.float64)
n = len(FEATURES)


def split(X, y, G):
    """Per question: (plain vector, candidate sentence indices, labels)."""
    out = []
    for g in np.unique(G):
        m = G == g
        out.append((X[m][0, n + 1:], X[m][:, n].astype(int), y[m]))
    return out


A = eng.adapter.matrix.astype(np.float64)


def fit(groups, l2):
    B = A.copy()  # from the shipped adapter, pulled back towards it by the L2
    m1, m2 = np.zeros_like(B), np.zeros_like(B)
    groups = [g for g in groups if g[2].max() > 0]
    Q = np.array([g[0] for g in groups])
    for t in range(1, STEPS + 1):
        Z = Q + Q @ B.T
        nz = np.linalg.norm(Z, axis=1, keepdims=True)
        U = Z / nz
        gU = np.zeros_like(U)
        for k, (_, idx, lab) in enumerate(groups):
            s = TAU * S[idx] @ U[k]
            e = np.exp(s - s.max())
            p = e / e.sum()
            ep = e * lab
            gU[k] = TAU * (p - ep / ep.sum()) @ S[idx]
        gZ = (gU - (gU * U).sum(1, keepdims=True) * U) / nz
        g = gZ.T @ Q / len(Q) + l2 * (B - A)
        m1 = 0.9 * m1 + 0.1 * g
        m2 = 0.999 * m2 + 0.001 * g * g
        B -= LR * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return B


def with_cos(X, G, B):
    """The shipped features with cos, cos_gap and cos_rank from unit(q + Bq)."""
    X = X[:, :n].copy()
    q = X  # noqa: F841
    c = np.zeros(len(G))
    for g in np.unique(G):
        m = G == g
        v = Xfull[m][0, n + 1:]
        a = v + B @ v
        a /= np.linalg.norm(a)
        c[m] = S[Xfull[m][:, n].astype(int)] @ a
    for g in np.unique(G):
        m = G == g
        X[m, FEATURES.index("cos")] = c[m]
        X[m, FEATURES.index("cos_gap")] = c[m] - c[m].max()
        order = np.argsort(-c[m], kind="stable")
        r = np.empty(m.sum())
        r[order] = np.arange(1, m.sum() + 1)
        X[m, FEATURES.index("cos_rank")] = 1.0 / r  # as qa/stages/select.py: the reciprocal rank
    return X


def cv(X):
    return np.array([_top1(selector_cv_scores(X, yd, Gd, FEATURES, seed=s), yd, Gd) for s in range(20)])


Xfull = Xd
ref = cv(Xd[:, :n])
print(f"shipped (cosine through the shipped adapter): {ref.mean():.3f}", flush=True)
same = cv(with_cos(Xd, Gd, A))
print(f"recomputed with B = the shipped adapter (must equal the line above): {same.mean():.3f}", flush=True)
groups = split(Xs, ys, Gs)
for l2 in l2s:
    B = fit(groups, l2)
    r = cv(with_cos(Xd, Gd, B))
    d = r - ref
    print(f"selector adapter L2 {l2}: {r.mean():.3f} (paired {d.mean():+.3f}; seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})",
          flush=True)
