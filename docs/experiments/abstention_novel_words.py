"""Dev only (issue 12): abstention signal "a question word far from every corpus word": for the
question words no article contains, the highest e5 word-vector cosine to any corpus word (any
language); columns: 1 - the lowest such cosine, and how many are below 0.85 / 0.88. Same CV as
abstention_cv.py (5 folds x 10 seeds, knn references as shipped, hard rules applied).

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_novel_words.py
"""
import sys, re, numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_cv_probs
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal
from qa.key_terms import is_stopword
from qa.language import ROLE_ACRONYM_RE
dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
e5 = eng.embedders["e5"]
W = re.compile(r"[^\W\d_]+")
words = {}
for c in eng.store.chunks:
    for w in W.findall(f"{c.section}\n{c.text}"):
        if len(w) >= 3 and not is_stopword(w):
            words.setdefault(w.lower(), c.lang)
vocab = sorted(words)
VW = np.vstack([e5.embed_queries(vocab[i:i + 64]) for i in range(0, len(vocab), 64)])
known = frozenset(vocab)
print(len(vocab), "corpus words", flush=True)
ab = eng.retrievers[eng.default].stage("abstain"); ab.refs = None
states = [eng.run(q.question, k=3) for q in dev]
def novel(q):
    cands = [w for w in W.findall(q) if len(w) >= 3 and not is_stopword(w) and not ROLE_ACRONYM_RE.fullmatch(w)]
    cands = [w for w in cands if w.lower() not in known]
    if not cands: return np.array([0.0, 0.0, 0.0])
    sims = (e5.embed_queries(cands) @ VW.T).max(axis=1)
    return np.array([1 - sims.min(), float((sims < 0.85).sum()), float((sims < 0.88).sum())])
NV = np.array([novel(st.question) for st in states])
Xa0 = np.array([ab.features(st) for st in states])
V = np.vstack([st.vectors["e5"][0] for st in states]).astype(np.float32)
ya = np.array([1.0 if q.in_scope else 0.0 for q in dev]); labels = ya.astype(np.int8)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
rule = np.array([hard_refusal(st) for st in states])
ref_labels = np.where((labels == 0) & rule, -1, labels).astype(np.int8)
for q, st, nv, y in zip(dev, states, NV, ya):
    if q.group in ("near_domain", "plain", "paraphrase"): print(f"  {q.group:11s} {nv[0]:.3f} {int(nv[1])} {q.question[:70]}")
for extra in ([], [0], [1], [2]):
    names = AF + tuple(f"nv{e}" for e in extra)
    Xa = np.hstack([Xa0, NV[:, extra]])
    res = []
    for prob in abstention_cv_probs(Xa, V, ya, ref_labels, names, range(10)):
        row = []
        prob = np.where(rule, 0.0, prob)
        for rate in (0.02, 0.04, 0.06):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
            row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
        pos, neg = prob[~oos], prob[near]
        row.append(((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()))
        res.append(row)
    r = np.mean(res, axis=0)
    print(extra, "near/oos refused at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  6%%: %.3f/%.3f  AUC(in vs near) %.3f" % tuple(r), flush=True)
