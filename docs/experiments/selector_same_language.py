"""Dev only (issue 10): prefer a lead sentence in the question's language when its out-of-fold score is
within delta of the best (20 CV fold seeds).

    HF_HUB_OFFLINE=1 python docs/experiments/selector_same_language.py
"""
import numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import selector_cv_scores, selector_rows
from qa.retrieval import Engine
from qa.stages.select import FEATURES
eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, dev)
same = X[:, FEATURES.index("same_lang")] == 1
res = {}
for seed in range(20):
    s = selector_cv_scores(X, y, G, FEATURES, seed=seed)
    for delta in (0, 0.25, 0.5, 1.0, 1.5, 2.0):
        acc, switched, other_lead = [], 0, 0
        for g in np.unique(G):
            m = np.flatnonzero(G == g)
            top = m[np.argmax(s[m])]
            pick = top
            if delta and not same[top]:
                cand = [i for i in m if same[i] and s[i] >= s[top] - delta]
                if cand:
                    pick = max(cand, key=lambda i: s[i]); switched += 1
            other_lead += not same[pick]
            acc.append(y[pick])
        res.setdefault(delta, []).append((np.mean(acc), switched, other_lead))
for d, r in res.items():
    r = np.array(r)
    print(f"delta {d}: top sentence {r[:,0].mean():.3f}, switched {r[:,1].mean():.1f}, lead in another language {r[:,2].mean():.1f} of {len(np.unique(G))}")
