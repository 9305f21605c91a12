"""Experiment (issue 10, dev only): the synthetic questions as selector training rows, their features
cross-fitted. Adding them failed with the adapter (``selector_synthetic.py``: 0.774 → 0.749–0.767)
because the adapter was fitted on these very questions, so their adapted cosines are too good to learn
from. Here the synthetic questions are cut in 5 folds; each fold's candidate rows come from a pipeline
whose adapter was fitted on the other four only, as a new question meets it. Dev's rows come from
the shipped adapter (fitted on all synthetic questions, never on dev). The selector's 5-fold CV within
dev, 20 fold seeds, every synthetic question's rows in every training fold, each question weighing w
against a dev one (``fit_conditional``'s weights), paired with w = 0.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_synthetic_crossfit.py [w ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows  # noqa: E402

from qa.adapter import QueryAdapter, fit_adapter  # noqa: E402
from qa.bench.questions import DEFAULT_SYNTHETIC, load_questions  # noqa: E402
from qa.bench.run import _cv_folds, _top1, adapter_rows, selector_rows  # noqa: E402
from qa.logistic import fit_conditional  # noqa: E402
from qa.stages.select import FEATURES, L2  # noqa: E402

weights = [float(a) for a in sys.argv[1:]] or [0.0, 0.25, 0.5, 1.0]
SEEDS = 20

eng, X, y, G = dev_selector_rows(None)
pipe = eng.retrievers[eng.default]
holders = [s for s in pipe.stages if getattr(s, "_adapter", None) is not None]
shipped = holders[0]._adapter
print(f"stages reading the adapter: {[s.name for s in holders]}", flush=True)
syn = [q for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope and q.evidence]
store = eng.store
P = store.dense["e5"].reconstruct_n(0, store.dense["e5"].ntotal)
Xs, ys, Gs = [], [], []
for k, (train, test) in enumerate(_cv_folds(len(syn), seed=11)):
    for s in holders:
        s._adapter = None  # the plain vectors for the adapter's training rows
    Q, Yp, Ys = adapter_rows(eng, [syn[i] for i in train])
    A = fit_adapter(Q, P, store.sentences.vectors, Yp, Ys)
    for s in holders:
        s._adapter = QueryAdapter(A.astype(np.float32))
    Xf, yf, Gf = selector_rows(eng, [syn[i] for i in test])
    Xs.append(Xf); ys.append(yf); Gs.append(Gf + k * 10_000)
    print(f"fold {k}: {len(test)} synthetic questions, {len(yf)} rows", flush=True)
for s in holders:
    s._adapter = shipped
Xs, ys, Gs = np.vstack(Xs), np.concatenate(ys), np.concatenate(Gs) + G.max() + 1
print(f"dev: {len(np.unique(G))} questions; synthetic: {len(np.unique(Gs))} "
      f"({sum(ys[Gs == g].max() > 0 for g in np.unique(Gs))} with an answer among their candidates)", flush=True)


def fit(Xt, yt, Gt, w):
    if w <= 0:
        return fit_conditional(Xt, yt, Gt, FEATURES, l2=L2)
    # every synthetic question, each weighing w against a dev question
    return fit_conditional(np.vstack([Xt, Xs]), np.concatenate([yt, ys]), np.concatenate([Gt, Gs]), FEATURES, l2=L2,
                           weights=np.concatenate([np.ones(len(yt)), np.full(len(ys), w)]))


ref = None
for w in weights:
    res = []
    for seed in range(SEEDS):
        cv = np.zeros(len(y))
        qids = np.unique(G)
        for tr_q, te_q in _cv_folds(len(qids), seed=seed):
            tr, te = np.isin(G, qids[tr_q]), np.isin(G, qids[te_q])
            model = fit(X[tr], y[tr], G[tr], w)
            cv[te] = X[te] @ (np.asarray(model.weights) / np.asarray(model.std))
        res.append(_top1(cv, y, G))
    res = np.array(res)
    ref = res if ref is None else ref
    d = res - ref
    print(f"w={w}: dev CV top sentence {res.mean():.3f} (paired {d.mean():+.3f}, seeds better/worse "
          f"{(d > 0).sum()}/{(d < 0).sum()})", flush=True)
only = fit_conditional(Xs, ys, Gs, FEATURES, l2=L2)
print(f"synthetic only (cross-fitted), scored on all of dev: {_top1(X @ (np.asarray(only.weights) / np.asarray(only.std)), y, G):.3f}")
