"""Experiment (dev only): a centred-e5 ranking as an extra fused part of hybrid."""
import sys, time
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.base import Stage
from qa.stages.fuse import Fuse

split = sys.argv[1]
grid = [tuple(map(float, g.split(":"))) for g in sys.argv[2:]]  # alpha:weight
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
idx = eng.store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float32)
langs = np.array([c.lang for c in eng.store.chunks])
mu = {l: P[langs == l].mean(0) for l in set(langs)}
unit = lambda x: x / np.linalg.norm(x, axis=-1, keepdims=True)

class Centred(Stage):
    name = "e5c"
    def __init__(self, alpha): 
        self.alpha = alpha
        self.Pc = unit(P - alpha * np.stack([mu[l] for l in langs]))
        self.emb = eng.embedders["e5"]
    def run(self, state):
        v = state.vector("e5", self.emb)[0]
        v = unit(v - self.alpha * mu.get(state.lang, mu["en"]))
        s = self.Pc @ v
        o = np.argsort(-s)[:50]
        state.rankings["e5c"] = [(int(i), float(s[i])) for i in o]

pipe = eng.retrievers["hybrid"]
orig = list(pipe.stages)
fi = next(i for i, s in enumerate(orig) if isinstance(s, Fuse))
for a, w in grid:
    if w == 0:
        pipe.stages = orig
    else:
        f = orig[fi]
        pipe.stages = orig[:fi] + [Centred(a), Fuse(f.parts + ["e5c"], f.method, f.weights + [w])] + orig[fi + 1:]
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(split, a, w, "R@5", h["recall@5"], "MRR", h["mrr@10"], "a@1", h.get("answer@1"), "a@3", h.get("answer@3"),
          {k: g[k]["recall@5"] for k in ("crosslingual", "paraphrase", "plain", "keyword", "typo", "comparison") if k in g}, flush=True)
