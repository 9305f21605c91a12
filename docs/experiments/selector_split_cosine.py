"""Experiment (issue 10, dev only): the two halves of a sentence's vector as separate selector features,
and the sentence read with its neighbours.

A sentence's vector is unit(passage: heading + sentence, + query: sentence). Here the selector also gets
the question's cosine with each half alone (cos_p, cos_q) and with the sentence between its previous and
next sentence of the same passage, embedded as a passage (cos_w). 5-fold CV within dev, 20 fold seeds.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_split_cosine.py
"""
import sys, numpy as np
sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows, feature_cv
from qa.stages.select import FEATURES
from qa.sentences import embedded_sentence, sentence_text
cache = {}
def prep(sel):
    if cache: return
    t = sel._table
    ch = sel._chunks
    emb = sel._embedder
    texts = [embedded_sentence(ch[r], s, e) for r, s, e in zip(t.rows, t.starts, t.ends)]
    bare = [sentence_text(ch[r], s, e) for r, s, e in zip(t.rows, t.starts, t.ends)]
    # window: previous + this + next sentence of the same chunk
    win = []
    for j in range(len(bare)):
        parts = [bare[j]]
        if j > 0 and t.rows[j-1] == t.rows[j]: parts.insert(0, bare[j-1])
        if j + 1 < len(bare) and t.rows[j+1] == t.rows[j]: parts.append(bare[j+1])
        win.append(" ".join(parts))
    P, Q, W = [], [], []
    for i in range(0, len(texts), 32):
        P.append(emb.embed_passages(texts[i:i+32])); Q.append(emb.embed_queries(bare[i:i+32])); W.append(emb.embed_passages(win[i:i+32]))
    cache["p"], cache["q"], cache["w"] = (np.vstack(a) for a in (P, Q, W))
    print("sentences", len(texts), flush=True)
def extra(q, st, sel, i, row):
    prep(sel)
    v = st.vector("e5", sel._embedder)[0]
    return [float(cache["p"][i] @ v), float(cache["q"][i] @ v), float(cache["w"][i] @ v)]
eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
names = tuple(FEATURES) + ("cos_p", "cos_q", "cos_w")
feature_cv(X, y, G, names, [("+cos_p", [n]), ("+cos_q", [n+1]), ("+cos_p,cos_q", [n, n+1]), ("+cos_w", [n+2]), ("+all3", [n, n+1, n+2])])
