"""Selector features relative to the sentence's own language (dev only, not adopted).

Cross-lingual questions' answers are in another language, whose sentences all score lower with
e5. Candidate features: the sentence's e5 cosine minus the best of its language's candidates
(cos_lang_gap), the same for word overlap (lex_lang_gap), its cosine rank within its language,
and whether it is its language's best. 5-fold CV top sentence over 20 fold seeds, paired.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_language_gap.py
"""
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, answers, selector_cv_scores
from qa.retrieval import Engine
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
sel = eng.retrievers[eng.default].stage("select")
tab = sel._table
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
EXTRA = ("cos_lang_gap", "lex_lang_gap", "cos_lang_rank", "lang_best")
ci, li = FEATURES.index("cos"), FEATURES.index("lex")
X, y, G, XE = [], [], [], []
for n, q in enumerate(dev):
    idx, feats, _ = sel.features(eng.run(q.question, k=eng.settings.select_passages))
    langs = np.array([sel._chunks[int(tab.rows[i])].lang for i in idx])
    cos, lex = feats[:, ci], feats[:, li]
    for j, i in enumerate(idx):
        m = langs == langs[j]
        rank = 1 + (cos[m] > cos[j]).sum()
        XE.append((cos[j] - cos[m].max(), lex[j] - lex[m].max(), 1.0 / rank, float(rank == 1)))
        X.append(feats[j]); y.append(float(answers(q, sel._texts[i]))); G.append(n)
X, y, G, XE = np.array(X), np.array(y), np.array(G), np.array(XE)


def cv(Xm, names):
    return np.array([_top1(selector_cv_scores(Xm, y, G, names, seed=s), y, G) for s in range(20)])


base = cv(X, FEATURES)
print(f"shipped features: {base.mean():.4f}")
for k, name in enumerate(EXTRA):
    r = cv(np.hstack([X, XE[:, [k]]]), FEATURES + (name,))
    print(f"+ {name}: {r.mean():.4f} ({(r > base).sum()} seeds better, {(r < base).sum()} worse)")
r = cv(np.hstack([X, XE]), FEATURES + EXTRA)
print(f"+ all four: {r.mean():.4f} ({(r > base).sum()} better, {(r < base).sum()} worse)")
