"""Experiment (issue 10, dev only): whose sentence is it? Role features that follow the passage.

"They are responsible for secure coding practices" is about the CTO when the section or an earlier
sentence of the passage names the CTO; the shipped ``role_match`` / ``role_other`` features only see
roles named in the sentence itself. Adds ``ctx_role_match`` / ``ctx_role_other`` (a sentence without a
role inherits the nearest earlier role of its passage, else its section heading's) and compares the
selector's 5-fold CV top sentence, mean of 10 fold seeds, at two L2 strengths.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_roles.py
"""
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, answers, selector_cv_scores
from qa.retrieval import Engine
from qa.key_terms import roles_named as _roles
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
tab = eng.store.sentences
ctx = []
for i in range(len(tab.rows)):
    own = sel._roles[i]
    if own:
        ctx.append(own)
        continue
    j, found = i - 1, set()
    while j >= 0 and tab.rows[j] == tab.rows[i] and not found:
        found = sel._roles[j]
        j -= 1
    ctx.append(found or _roles(eng.store.chunks[int(tab.rows[i])].section or ""))
X, y, G = [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, _ = sel.features(st)
    qr = _roles(q.question)
    for j, i in enumerate(idx):
        c = ctx[i]
        extra = [float(bool(qr & c)), float(bool(qr) and bool(c) and not qr & c)]
        X.append(np.concatenate([feats[j], extra]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + ["ctx_role_match", "ctx_role_other"]
qids = np.unique(G)


def cv(cols, l2):
    res = [_top1(selector_cv_scores(X[:, cols], y, G, tuple(names[c] for c in cols), seed=seed, l2=l2), y, G)
           for seed in range(10)]
    return np.mean(res), np.std(res)


base = list(range(len(FEATURES)))
swap = [c for c in base if names[c] not in ("role_match", "role_other")] + [len(FEATURES), len(FEATURES) + 1]
for l2 in (0.001, 0.01):
    for label, cols in (("shipped features", base), ("+ ctx roles", base + [len(FEATURES), len(FEATURES) + 1]),
                        ("ctx roles instead of own", swap)):
        m, s = cv(cols, l2)
        print(f"l2 {l2}: {label}: CV top sentence {m:.3f} (sd {s:.3f}) of {len(qids)}", flush=True)
