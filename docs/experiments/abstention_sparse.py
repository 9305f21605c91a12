"""Dev only (issue 12): the sparse parts' best match as abstention signals (cosine of the question's latent
terms with the best passage's / best sentence's), added to the shipped signals. 10 CV fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_sparse.py
"""
import sys, numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_cv_probs, abstention_rows
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal
dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, _ = abstention_rows(eng, dev)
labels = ya.astype(np.int8)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
rule = np.array([hard_refusal(st) for st in states])
ref_labels = np.where((labels == 0) & rule, -1, labels).astype(np.int8)
def norms(m):
    return np.sqrt(np.maximum(np.bincount(m.rows, weights=m.values.astype(np.float64) ** 2, minlength=m.num_rows), 1e-12))
Mc, Ms = eng.store.sparse, eng.store.sparse_sentences
nc, ns = norms(Mc), norms(Ms)
extra = []
for st in states:
    v = st.sparse_vector
    if v is None:
        extra.append([0.0, 0.0]); continue
    qn = float(np.linalg.norm(v.values)) or 1.0
    extra.append([float((Mc.scores(v) / nc).max() / qn), float((Ms.scores(v) / ns).max() / qn)])
extra = np.array(extra)
def run(X, feats):
    res = []
    for prob in abstention_cv_probs(X, V, ya, ref_labels, feats, range(10)):
        prob = np.where(rule, 0.0, prob); row = []
        for rate in (0.02, 0.04):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
            row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
        pos, neg = prob[~oos], prob[near]
        row.append((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())
        res.append(row)
    return np.mean(res, axis=0)
print("shipped        near/oos at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  AUC %.3f" % tuple(run(Xa, AF)))
for cols, name in (([0], "+sparse passage"), ([1], "+sparse sentence"), ([0, 1], "+both")):
    X = np.hstack([Xa, extra[:, cols]]); f = AF + tuple(f"sp{c}" for c in cols)
    print(f"{name:15s}" + " near/oos at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  AUC %.3f" % tuple(run(X, f)))
