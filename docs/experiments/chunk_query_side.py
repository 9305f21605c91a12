"""Experiment (issue 11, dev only): query-side vectors for whole chunks, as the sentences now have.

Each chunk's e5 vector becomes unit(passage-side + query-side), the query side being the chunk text
with the ``query:`` prefix, bare (``bare``) or with its title and section (``headed``).

    HF_HUB_OFFLINE=1 python docs/experiments/chunk_query_side.py bare|headed
"""
import sys

import faiss
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.index import passage_text
from qa.retrieval import Engine

mode = sys.argv[1]
base = Engine.load("corpus", "index")
store = base.store
idx = store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float32)
arts = base.articles
texts = [passage_text(c, arts[c.doc_id].title if c.doc_id in arts else "") for c in store.chunks]
bare = [c.text for c in store.chunks]
e = base.embedders["e5"]
Q = e.embed_queries(bare if mode == "bare" else texts).astype(np.float32)
V = P + Q; V /= np.linalg.norm(V, axis=1, keepdims=True)
new = faiss.IndexFlatIP(V.shape[1]); new.add(V)
store.dense["e5"] = new
for p in base.retrievers.values():
    for st in p.stages:
        if getattr(st, "key", None) == "e5" and hasattr(st, "_index"):
            st._index = new
dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
run = evaluate(base, dev, ["hybrid", "e5"], k=10)
for n, r in run.items():
    h = headline(r["summary"]); g = h["groups"]
    print(mode, n, "R@5", round(h["recall@5"],3), "MRR", round(h["mrr@10"],3), "a@1", round(h["answer@1"],3),
          {k: g[k]["recall@5"] for k in ("crosslingual","paraphrase","plain","keyword","typo","comparison")})
