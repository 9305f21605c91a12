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
from _harness import bench_line, selector_cv_line
from qa.stages.base import Stage
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
        ref = selector_cv_line(eng, devq, arg, ref)
    else:
        bench_line(eng, qs, arg)
