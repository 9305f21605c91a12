"""Experiment (issue 11, dev only): pseudo-relevance feedback for the e5 query (Rocchio).

First pass as shipped; then the e5 question vector becomes unit(q + beta * mean of the top-m
passages' e5 vectors) and the whole pipeline runs again with it (passages and sentences).

    HF_HUB_OFFLINE=1 python docs/experiments/dense_prf.py BETA[,BETA...] [M]
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.retrieval import Engine
from qa.question import clean_question

betas = [float(b) for b in sys.argv[1].split(",")]
m_top = int(sys.argv[2]) if len(sys.argv) > 2 else 3
eng = Engine.load("corpus", "index")
dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
idx = eng.store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float32)
orig_run = Engine.run


for beta in betas:
    def run(self, question, k=5, retriever=None, _beta=beta):
        first = orig_run(self, question, max(k, m_top), retriever)
        if _beta == 0:
            return orig_run(self, question, k, retriever)
        q = first.vectors["e5"][0]
        fb = P[[row for row, _ in first.hits[:m_top]]].mean(0)
        v = q + _beta * fb
        v = (v / np.linalg.norm(v)).astype(np.float32)[None]
        state = self.context(clean_question(question), k)
        state.vectors["e5"] = v
        return self.retrievers[retriever or self.default].run(state)
    Engine.run = run
    r = evaluate(eng, dev, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"])
    g = h["groups"]
    print(f"beta {beta} m {m_top}: R@5 {h['recall@5']:.3f} MRR {h['mrr@10']:.3f} answer@1 {h['answer@1']:.3f}",
          {k: g[k]["recall@5"] for k in ("crosslingual", "paraphrase", "plain", "keyword", "typo", "comparison")}, flush=True)
