"""Experiment (issue 10, dev only): train the answer selector on synthetic questions too.

Questions written from the articles alone by helpers who never saw the question set, the code or
the glossary (``qa/bench/synthetic.jsonl``; provenance in ``docs/bench/synthetic.md``), each with
its exact evidence quotes, the way InPars/Promptagator-style training data is made from the target
corpus. Their candidate sentences join the training folds of the selector's 5-fold CV within dev
(never its test folds); dev's held-out folds are what is scored, paired with dev-only training
over the same fold seeds. ``w`` weighs each synthetic question against a dev one.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_synthetic.py [SYNTH.jsonl] [w ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows  # noqa: E402

from qa.bench.questions import load_questions  # noqa: E402
from qa.bench.run import _cv_folds, _top1, selector_rows  # noqa: E402
from qa.logistic import fit_conditional  # noqa: E402
from qa.stages.select import FEATURES, L2  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "qa/bench/synthetic.jsonl"
weights = [float(a) for a in sys.argv[2:]] or [0.0, 0.25, 0.5, 1.0]
SEEDS = 20

eng, X, y, G = dev_selector_rows(None)
syn = [q for q in load_questions(path) if q.evidence]
Xs, ys, Gs = selector_rows(eng, syn)
Gs = Gs + G.max() + 1
print(f"dev: {len(np.unique(G))} questions, {len(y)} rows; synthetic: {len(syn)} questions "
      f"({sum(ys[Gs == g].max() > 0 for g in np.unique(Gs))} with an answer among their candidates)", flush=True)


def fit(Xt, yt, Gt, Xw, yw, Gw, w):
    if w <= 0:
        return fit_conditional(Xt, yt, Gt, FEATURES, l2=L2)
    # weight w per synthetic question: repeat whole questions (w >= 1) or subsample them (w < 1)
    rng = np.random.default_rng(0)
    qs = np.unique(Gw)
    take = qs if w >= 1 else rng.choice(qs, size=int(round(w * len(qs))), replace=False)
    m = np.isin(Gw, take)
    Xa, ya, Ga = [Xt, Xw[m]], [yt, yw[m]], [Gt, Gw[m]]
    for r in range(1, int(w)):
        Xa.append(Xw[m]); ya.append(yw[m]); Ga.append(Gw[m] + r * (Gw.max() + 1))
    return fit_conditional(np.vstack(Xa), np.concatenate(ya), np.concatenate(Ga), FEATURES, l2=L2)


ref = None
for w in weights:
    res = []
    for seed in range(SEEDS):
        cv = np.zeros(len(y))
        qids = np.unique(G)
        for tr_q, te_q in _cv_folds(len(qids), seed=seed):
            tr, te = np.isin(G, qids[tr_q]), np.isin(G, qids[te_q])
            model = fit(X[tr], y[tr], G[tr], Xs, ys, Gs, w)
            cv[te] = X[te] @ (np.asarray(model.weights) / np.asarray(model.std))
        res.append(_top1(cv, y, G))
    res = np.array(res)
    ref = res if ref is None else ref
    d = res - ref
    print(f"w={w}: dev CV top sentence {res.mean():.3f} (paired {d.mean():+.3f}, seeds better/worse "
          f"{(d > 0).sum()}/{(d < 0).sum()})", flush=True)
only = fit_conditional(Xs, ys, Gs, FEATURES, l2=L2)
print(f"synthetic only, scored on all of dev: {_top1(X @ (np.asarray(only.weights) / np.asarray(only.std)), y, G):.3f}")
