"""Experiment: per-language centring of e5 vectors (issue 11). Dev split only."""
import sys, time, dataclasses
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.base import QueryState

mode = sys.argv[1]  # none | passage | query
alpha = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
split = sys.argv[3] if len(sys.argv) > 3 else "dev"
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
store = eng.store
idx = store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float32)
langs = np.array([c.lang for c in store.chunks])
S = store.sentences.vectors.astype(np.float32)
slangs = langs[store.sentences.rows]
mu_p = {l: P[langs == l].mean(0) for l in set(langs)}
mu_s = {l: S[slangs == l].mean(0) for l in set(langs)}
mu_q = dict(mu_p)
if mode == "query":
    devq = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
    byl = {}
    # embed dev questions, group by detected language
    texts = [q.question for q in devq]
    V = eng.embedders["e5"].embed_queries(texts)
    ls = [eng.run(q.question, k=1).lang for q in devq]
    for v, l in zip(V, ls):
        byl.setdefault(l, []).append(v)
    mu_q = {l: np.mean(byl[l], 0) for l in byl}
def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)
if mode != "none":
    Pc = unit(P - alpha * np.stack([mu_p[l] for l in langs]))
    Sc = unit(S - alpha * np.stack([mu_s[l] for l in slangs]))
    class Idx:
        ntotal = idx.ntotal
        def search(self, vec, k):
            s = Pc @ vec[0]
            o = np.argsort(-s)[:k]
            return s[o][None], o[None]
    store.dense["e5"] = Idx()
    for p in eng.retrievers.values():
        for st in getattr(p, "stages", []):
            if getattr(st, "key", None) == "e5" and hasattr(st, "_index"):
                st._index = store.dense["e5"]
            if getattr(st, "name", None) == "e5_sent":
                st._table = dataclasses.replace(st._table, vectors=Sc)
    orig = QueryState.vector
    def vector(self, key, embedder):
        if key not in self.vectors:
            v = orig(self, key, embedder)
            if key == "e5":
                self.vectors[key] = unit(v - alpha * mu_q.get(self.lang, mu_p["en"]))
        return self.vectors[key]
    QueryState.vector = vector
import os
if os.environ.get("OFFSET"):
    for p in eng.retrievers.values():
        for st in p.stages:
            if hasattr(st, "offset"):
                st.offset = float(os.environ["OFFSET"])
t = time.time()
run = evaluate(eng, qs, ["hybrid", "e5"], k=10)
for name, r in run.items():
    h = headline(r["summary"])
    g = h["groups"]
    print(mode, alpha, os.environ.get("OFFSET"), split, name, "R@5", h["recall@5"], "MRR", h["mrr@10"], "a@1", h.get("answer@1"),
          {k: g[k]["recall@5"] for k in ("crosslingual", "paraphrase", "plain", "keyword", "typo") if k in g})
print("s", round(time.time() - t))
