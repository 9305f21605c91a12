"""Experiment (issue 10, dev only): for long questions, the question sentence's own e5 cosine as a
selector feature (the selector otherwise reads the whole question's vector, mostly context).

The focus: the last sentence with a "?" (else the last sentence) of a question of 15 words or more
with two or more sentences, embedded with the query prefix; features cos_focus (its cosine with the
sentence; the whole question's for other questions) and its gap to the best candidate. 5-fold CV
within dev, 20 fold seeds. (docs/experiments/long_focus.py tried the focus for retrieval.)

    HF_HUB_OFFLINE=1 python docs/experiments/selector_long_focus.py
"""
import re, sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv
from qa.stages.select import FEATURES
_SENT = re.compile(r"[^.!?]+[.!?]*")
def focus(text, min_words=15):
    if len(text.split()) < min_words: return None
    parts = [p.strip() for p in _SENT.findall(text) if len(p.split()) >= 2]
    if len(parts) < 2: return None
    asks = [p for p in parts if p.endswith("?")]
    return asks[-1] if asks else parts[-1]
cache = {}
def extra(q, st, sel, i, row):
    key = st.question
    if key not in cache:
        f = focus(st.question)
        if f is None:
            cache[key] = None
        else:
            v = sel._embedder.embed_queries([f])[0]
            rows = [r for r, _ in st.hits[: sel._passages]]
            idx = np.concatenate([np.flatnonzero(sel._table.rows == r) for r in rows])
            c = sel._table.vectors[idx] @ v
            cache[key] = (dict(zip(idx.tolist(), c)), c.max())
    c = cache[key]
    if c is None:
        return [row[0], row[1], 0.0]
    return [c[0][int(i)], c[0][int(i)] - c[1], 1.0]
eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
print("long questions with a focus:", len({g for g, x in zip(G, X[:, n+2]) if x}))
names = tuple(FEATURES) + ("cos_focus", "cos_focus_gap", "has_focus")
feature_cv(X, y, G, names, [("+cos_focus", [n]), ("+cos_focus,gap", [n, n+1])])
