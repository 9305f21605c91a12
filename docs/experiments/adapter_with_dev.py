"""The query adapter fitted on the synthetic questions plus dev's (labelled against all five articles,
so without the synthetic questions' one-article label noise), dev only: 5-fold cross-fitting, each
fold's questions scored by an adapter fitted on the synthetic questions and the other four folds'
(their rows repeated W times). e5 alone, passages and sentences (R@5, MRR@10), all dev questions and
the plain-words ones, against the adapter from the synthetic questions alone.

    HF_HUB_OFFLINE=1 python docs/experiments/adapter_with_dev.py [W ...]
"""
import sys

import numpy as np

from qa.adapter import L2, STEPS, fit_adapter
from qa.bench.questions import DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC, load_questions, split_questions
from qa.bench.run import _cv_folds, adapter_rows
from qa.retrieval import Engine
from qa.settings import Settings

weights = [int(w) for w in sys.argv[1:]] or [1, 3]
eng = Engine.load("corpus", "index", settings=Settings().with_overrides(query_adapter=False))
store = eng.store
idx = store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float64)
S = store.sentences.vectors.astype(np.float64)
dev_all = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
syn = [q for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope and q.evidence]
Qs, Yps, Yss = adapter_rows(eng, syn)
Qd, Ypd, Ysd = adapter_rows(eng, dev_all)
plain = np.array([q.group == "plain" for q in dev_all])[: len(Qd)]
assert len(Qd) == len(dev_all), "a dev question without an answering passage or sentence"
print(f"dev {len(Qd)} ({plain.sum()} plain words), synthetic {len(Qs)}", flush=True)


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def ranks(U, M, Y):
    s = U @ M.T
    out = []
    for row, y in zip(np.argsort(-s, 1), Y):
        hit = y[row] > 0
        f = np.flatnonzero(hit[:10])
        out.append((hit[:5].any(), 1 / (f[0] + 1) if len(f) else 0.0))
    return np.array(out, float)


def report(label, U):
    p, s = ranks(U, P, Ypd), ranks(U, S, Ysd)
    print(f"{label:22s} passages R@5 {p[:, 0].mean():.3f} MRR {p[:, 1].mean():.3f} | sentences R@5 {s[:, 0].mean():.3f} "
          f"MRR {s[:, 1].mean():.3f} | plain: passages R@5 {p[plain, 0].mean():.3f} MRR {p[plain, 1].mean():.3f}, "
          f"sentences R@5 {s[plain, 0].mean():.3f}", flush=True)


report("no adapter", unit(Qd))
A = fit_adapter(Qs, P, S, Yps, Yss, l2=L2, steps=STEPS)
report("synthetic only", unit(Qd + Qd @ A.T))
for w in weights:
    U = np.zeros_like(Qd)
    for train, test in _cv_folds(len(Qd), seed=7):
        Q = np.vstack([Qs] + [Qd[train]] * w)
        A = fit_adapter(Q, P, S, np.vstack([Yps] + [Ypd[train]] * w), np.vstack([Yss] + [Ysd[train]] * w), l2=L2, steps=STEPS)
        U[test] = unit(Qd[test] + Qd[test] @ A.T)
    report(f"+ dev folds x{w}", U)
