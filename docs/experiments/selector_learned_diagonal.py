"""Dev only (issue 10): a learned diagonal weighting of the e5 question x sentence product as 384 more
selector features (a per-dimension re-weighted cosine), fitted with its own L2 inside each CV fold.
Arguments: L2:SCALE pairs (the product block is multiplied by SCALE before the fit). 20 fold seeds,
paired with the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_learned_diagonal.py 0.01:10 0.001:10 0.1:10 0.01:30 0.001:100 0.0001:300 0.01:300
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _cv_folds, answers
from qa.stages.select import FEATURES, L2
eng = Engine.load("corpus", "index")
pipe = eng.retrievers[eng.default]
sel = pipe.stage("select")
emb = sel._embedder
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, P, y, G = [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    qv = st.vector("e5", emb)[0]
    for i, row in zip(idx, feats):
        X.append(row); P.append(sel._table.vectors[i] * qv); y.append(float(answers(q, sel._texts[i]))); G.append(n)
X, P, y, G = np.array(X), np.array(P), np.array(y), np.array(G)
print(X.shape, P.shape, y.sum())

def fit(X, P, y, g, l2, l2p, scale, steps=2000, lr=0.2):
    mean, std = X.mean(0), X.std(0) + 1e-9
    order = np.argsort(g, kind="stable")
    Z = np.hstack([(X[order] - mean) / std, P[order] * scale]); yy, gg = y[order], g[order]
    uniq, starts = np.unique(gg, return_index=True)
    keep = (np.maximum.reduceat(yy, starts) > 0)[np.searchsorted(uniq, gg)]
    Z, yy, gg = Z[keep], yy[keep], gg[keep]
    uniq, starts = np.unique(gg, return_index=True); gid = np.searchsorted(uniq, gg)
    w = np.zeros(Z.shape[1]); lam = np.r_[np.full(X.shape[1], l2), np.full(P.shape[1], l2p)]
    for _ in range(steps):
        s = Z @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[gid]); p = e / np.add.reduceat(e, starts)[gid]
        ep = e * yy; ppos = ep / np.add.reduceat(ep, starts)[gid]
        w += lr * (Z.T @ (ppos - p) / len(uniq) - lam * w)
    return lambda Xt, Pt: np.hstack([(Xt - mean) / std, Pt * scale]) @ w

def top1(score, y, g):
    return np.mean([y[g == k][np.argmax(score[g == k])] == 1 for k in np.unique(g)])

def cv(l2p, scale, seeds=20, use_p=True):
    out = []
    qids = np.unique(G)
    for seed in range(seeds):
        sc = np.zeros(len(y))
        for tr_q, te_q in _cv_folds(len(qids), seed=seed):
            tr, te = np.isin(G, qids[tr_q]), np.isin(G, qids[te_q])
            Pp = P if use_p else P * 0
            f = fit(X[tr], Pp[tr], y[tr], G[tr], L2, l2p, scale)
            sc[te] = f(X[te], Pp[te])
        out.append(top1(sc, y, G))
    return np.array(out)
ref = cv(1.0, 0.0, use_p=False)
print(f"shipped-equivalent: {ref.mean():.3f}", flush=True)
for spec in sys.argv[1:]:
    l2p, scale = (float(v) for v in spec.split(":"))
    r = cv(l2p, scale); d = r - ref
    print(f"l2p {l2p} scale {scale}: {r.mean():.3f} (paired {d.mean():+.3f}; better/worse {(d>0).sum()}/{(d<0).sum()})", flush=True)
