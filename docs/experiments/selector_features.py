"""Experiment (dev only): extra selector features, 5-fold CV top-1 within dev."""
import math, sys
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _cv_folds, _top1
from qa.bench.run import answers
from qa.logistic import fit_conditional
from qa.stages.select import FEATURES, _terms_all

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
tab = eng.store.sentences
# document frequency over sentences, all-language terms
N = len(sel._terms)
df = {}
for ts in sel._terms:
    for t in ts:
        df[t] = df.get(t, 0) + 1
idf = lambda t: math.log((N + 1) / (df.get(t, 0) + 0.5))
sec_terms = [_terms_all(c.section or "") for c in eng.store.chunks]
EXTRA = ["prev_cos", "prev_lex", "prev_q_lex", "sec_lex", "idf_lex", "idf_lex_gap", "cos_pgap", "next_cos"]
X, y, G, info = [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=eng.settings.select_passages)
    idx, feats, ranks = sel.features(st)
    if not len(idx):
        continue
    qv = st.vectors["e5"][0]
    qt = _terms_all(st.question)
    qidf = sum(idf(t) for t in qt) or 1.0
    allcos = tab.vectors[idx] @ qv
    rows = tab.rows[idx]
    ext = []
    for j, i in enumerate(idx):
        r = tab.rows[i]
        prev = i - 1 if i > 0 and tab.rows[i - 1] == r else None
        nxt = i + 1 if i + 1 < len(tab.rows) and tab.rows[i + 1] == r else None
        pc = float(tab.vectors[prev] @ qv) if prev is not None else 0.0
        pl = len(qt & sel._terms[prev]) / max(len(qt), 1) if prev is not None else 0.0
        pq = pl * float(sel._question[prev]) if prev is not None else 0.0
        sl = len(qt & sec_terms[r]) / max(len(qt), 1)
        il = sum(idf(t) for t in qt & sel._terms[i]) / qidf
        pg = allcos[j] - allcos[rows == r].max()
        nc = float(tab.vectors[nxt] @ qv) if nxt is not None else 0.0
        ext.append([pc, pl, pq, sl, il, 0.0, pg, nc])
    ext = np.array(ext)
    ext[:, 5] = ext[:, 4] - ext[:, 4].max()
    for j, i in enumerate(idx):
        X.append(np.concatenate([feats[j], ext[j]]))
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
        info.append((q, sel._texts[i]))
X, y, G = np.array(X), np.array(y), np.array(G)
names = list(FEATURES) + EXTRA

def cv(cols):
    Xs = X[:, cols]
    fn = [names[c] for c in cols]
    out = np.zeros(len(y))
    qids = np.unique(G)
    for tr_q, te_q in _cv_folds(len(qids)):
        tr, te = np.isin(G, qids[tr_q]), np.isin(G, qids[te_q])
        m = fit_conditional(Xs[tr], y[tr], G[tr], fn)
        out[te] = Xs[te] @ (np.asarray(m.weights) / np.asarray(m.std))
    return _top1(out, y, G), out

base = list(range(len(FEATURES)))
b, pb = cv(base)
print("base", round(b, 3), "oracle", np.mean([y[G == g].max() for g in np.unique(G)]))
for k, e in enumerate(EXTRA):
    s, _ = cv(base + [len(FEATURES) + k])
    print("+", e, round(s, 3))
s, pa = cv(base + list(range(len(FEATURES), len(names))))
print("+all", round(s, 3))
if "-v" in sys.argv:
    for g in np.unique(G):
        m = np.flatnonzero(G == g)
        top = m[np.argmax(pb[m])]
        if y[m].max() > 0 and y[top] == 0:
            good = [info[i][1] for i in m if y[i] > 0]
            print("\nQ:", info[top][0].question, "\n  shown:", info[top][1][:150], "\n  right:", good[0][:150])
