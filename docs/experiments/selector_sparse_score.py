"""Dev only (issue 10): the sentence's sparse latent-term dot product with the question as selector features
(relative to the best candidate's, its rank, raw). 20 CV fold seeds, paired with the shipped features.
Adopting "rel" was tried end to end (calibrate refit): see docs/experiments/README.md.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_sparse_score.py
"""
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, selector_cv_scores, answers
from qa.stages.select import FEATURES
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]; sel = pipe.stage("select")
M = eng.store.sparse_sentences
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, E, y, G = [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    v = st.sparse_vector
    sc = M.scores(v)[idx] if v is not None else np.zeros(len(idx))
    mx = max(sc.max(), 1e-9) if len(sc) else 1.0
    order = np.argsort(-sc, kind="stable"); rank = np.empty(len(sc)); rank[order] = np.arange(1, len(sc) + 1)
    for j, (i, row) in enumerate(zip(idx, feats)):
        X.append(row); E.append([sc[j] / mx, 1.0 / rank[j], sc[j]]); y.append(float(answers(q, sel._texts[i]))); G.append(n)
X, E, y, G = np.array(X), np.array(E), np.array(y), np.array(G)
cv = lambda M_, names: np.array([_top1(selector_cv_scores(M_, y, G, names, seed=s), y, G) for s in range(20)])
ref = cv(X, FEATURES); print(f"shipped {ref.mean():.3f}")
for cols, label in (([0], "rel"), ([1], "rank"), ([2], "raw"), ([0, 1], "rel+rank")):
    r = cv(np.hstack([X, E[:, cols]]), FEATURES + tuple(f"sp{c}" for c in cols)); d = r - ref
    print(f"{label}: {r.mean():.3f} (paired {d.mean():+.3f}; better/worse {(d > 0).sum()}/{(d < 0).sum()})", flush=True)
