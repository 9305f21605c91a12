"""Experiment (issues 10, 11): embed the sentence table with e5's ``query: `` prefix (symmetric
question-to-sentence matching) instead of ``passage: ``, for sentence retrieval and/or the answer
selector's similarity feature. Dev split only; nothing is written.

    HF_HUB_OFFLINE=1 python docs/experiments/sentence_query_prefix.py RETRIEVAL SELECTOR [dev]

RETRIEVAL and SELECTOR are each ``passage`` (shipped before 2026-11-26), ``query`` / ``mean`` (the bare sentence with the query
prefix / the normalised sum with the passage-side vector, what `qa build` now writes), or ``queryh`` / ``meanh`` (the same with the
section heading embedded too, as the build does).
Prints hybrid's dev R@5 / MRR@10 and the selector's 5-fold CV top-sentence rate, refitted on
the chosen vectors exactly as ``python -m qa calibrate`` does.
"""
import dataclasses
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, evaluate, headline, selector_cv_scores, selector_rows
from qa.retrieval import Engine
from qa.sentences import embedded_sentence, sentence_text
from qa.stages.select import FEATURES

retrieval, selecting = sys.argv[1], sys.argv[2]
split = sys.argv[3] if len(sys.argv) > 3 else "dev"
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
store = eng.store
tab = store.sentences
texts = [sentence_text(store.chunks[r], s, e) for r, s, e in zip(tab.rows, tab.starts, tab.ends)]
headed = [embedded_sentence(store.chunks[r], s, e) for r, s, e in zip(tab.rows, tab.starts, tab.ends)]
# Each side embedded here, whatever index/ holds (since 2026-11-26 it holds ``mean``).
P = eng.embedders["e5"].embed_passages(headed).astype(np.float32)  # section heading + sentence, passage:
Q = eng.embedders["e5"].embed_queries(texts).astype(np.float32)  # the bare sentence, query:
QH = eng.embedders["e5"].embed_queries(headed).astype(np.float32)  # section heading + sentence, query:


def unit(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


vecs = {"passage": P, "query": Q, "mean": unit(P + Q), "queryh": QH, "meanh": unit(P + QH)}
for p in eng.retrievers.values():
    for st in getattr(p, "stages", []):
        if getattr(st, "_table", None) is tab:
            st._table = dataclasses.replace(tab, vectors=vecs[retrieval if st.name == "e5_sent" else selecting])
run = evaluate(eng, qs, ["hybrid"], k=10)
h = headline(run["hybrid"]["summary"])
g = h["groups"]
print(retrieval, selecting, split, "R@5", h["recall@5"], "MRR", h["mrr@10"],
      {k: g[k]["recall@5"] for k in ("crosslingual", "paraphrase", "plain", "keyword", "typo", "comparison") if k in g})
inscope = [q for q in qs if q.in_scope and q.evidence]
X, y, group = selector_rows(eng, inscope)
cv = selector_cv_scores(X, y, group, FEATURES)
qids = np.unique(group)
answerable = np.array([y[group == q].max() > 0 for q in qids])
print(f"  selector CV top sentence {_top1(cv, y, group):.3f} of {len(qids)} (oracle {answerable.mean():.3f})")
