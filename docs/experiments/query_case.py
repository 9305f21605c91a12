"""Experiment (issue 11, dev only): e5's tokenizer is cased, so "Mennyit keres egy CTO?" and
"mennyit keres egy cto?" rank differently (the first was refused, the second answered). Variants of
the text e5 embeds for the question (BM25 and the selector's word overlap unchanged):

* ``typed``: as typed (shipped);
* ``first``: the first letter lower-cased when the first word is capitalised and not all capitals;
* ``lower``: every word lower-cased except all-capital ones (CIO, CTO, IT, MBA).

    HF_HUB_OFFLINE=1 python docs/experiments/query_case.py dev [cv]
"""
from __future__ import annotations

import sys

sys.path.insert(0, "docs/experiments")
from _harness import case_variant  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import evaluate, headline  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.base import QueryState  # noqa: E402

split = sys.argv[1] if len(sys.argv) > 1 else "dev"
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
MODE = "typed"


def variant(text: str) -> str:
    return case_variant(text, MODE)


orig = QueryState.vector


def vector(self, key, embedder):
    if key not in self.vectors:
        text = variant(self.embed_text or self.question)
        self.vectors[key] = embedder.embed_queries([text])
    return self.vectors[key]


QueryState.vector = vector
for MODE in ("typed", "first", "lower"):
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"])
    rows = r["questions"]
    ab = [q for q in rows if q["in_scope"]]
    oos = [q for q in rows if not q["in_scope"]]
    print(split, MODE, "R@5", h["recall@5"], "MRR", h["mrr@10"], "a@1", h.get("answer@1"), "a@3", h.get("answer@3"),
          "in-scope refused", round(sum(q["abstained"] for q in ab) / len(ab), 3),
          "oos refused", round(sum(q["abstained"] for q in oos) / max(len(oos), 1), 3), flush=True)

if "cv" in sys.argv[2:]:  # the selector refitted under each variant: 5-fold CV within dev, 20 fold seeds
    import numpy as np

    from qa.bench.run import _top1, selector_cv_scores, selector_rows
    from qa.stages.select import FEATURES

    dev = [q for q in qs if q.in_scope and q.evidence]
    ref = None
    for MODE in ("typed", "first", "lower"):
        X, y, G = selector_rows(eng, dev)
        cv = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
        ref = cv if ref is None else ref
        d = cv - ref
        print(f"{MODE}: selector CV {cv.mean():.3f} (paired {d.mean():+.3f}, seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})",
              flush=True)
