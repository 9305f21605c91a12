"""Dev only (issue 11): BM25 over single sentences as a sixth fused part of hybrid (a chunk scores as its
best sentence; the sentence analysed in its chunk's language), weight W.

    HF_HUB_OFFLINE=1 python docs/experiments/bm25_sentences.py dev 0 0.15 0.3 0.6
    HF_HUB_OFFLINE=1 python docs/experiments/bm25_sentences.py dev cv 0 0.15 0.3
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.lexical import BM25Index
from qa.language import analyze
from qa.sentences import sentence_text
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.base import Stage
from qa.stages.select import FEATURES
split = sys.argv[1]
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
table = eng.store.sentences; chunks = eng.store.chunks
texts = [sentence_text(chunks[r], s, e) for r, s, e in zip(table.rows, table.starts, table.ends)]
idx = BM25Index.build([analyze(t, chunks[r].lang) or ["__empty__"] for t, r in zip(texts, table.rows)])
n = len(chunks)
class BM25Sent(Stage):
    name = "bm25_sent"
    def run(self, state):
        sc = idx.scores(state.terms)
        best = np.zeros(n); np.maximum.at(best, table.rows, sc)
        top = np.argsort(-best, kind="stable")[:50]
        state.rankings["bm25_sent"] = [(int(i), float(best[i])) for i in top if best[i] > 0]
fuse = pipe.stage("fuse")
pipe.stages.insert(pipe.stages.index(fuse), BM25Sent())
fuse.parts.append("bm25_sent"); fuse.weights.append(0.0)
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
CV = sys.argv[2] == "cv"
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[2 + CV:]:
    fuse.weights[-1] = float(arg)
    if CV:
        X, y, G = selector_rows(eng, devq)
        cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
        ref = cvs if ref is None else ref
        d = cvs - ref
        print(arg, f"selector CV {cvs.mean():.3f} (paired {d.mean():+.3f}, better/worse {(d > 0).sum()}/{(d < 0).sum()})", flush=True)
        continue
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(arg, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "a@1", round(h["answer@1"], 3),
          {k: round(g[k]["recall@5"], 2) for k in g}, flush=True)
