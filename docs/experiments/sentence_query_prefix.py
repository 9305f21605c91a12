"""Experiment (issues 10, 11): embed the sentence table with e5's ``query: `` prefix (symmetric
question-to-sentence matching) instead of ``passage: ``, for sentence retrieval and/or the answer
selector's similarity feature. Dev split only; nothing is written.

    HF_HUB_OFFLINE=1 python docs/experiments/sentence_query_prefix.py RETRIEVAL SELECTOR [dev]

RETRIEVAL and SELECTOR are each ``passage`` (shipped), ``query`` / ``mean`` (the bare sentence with the query
prefix / the normalised sum with the shipped vector), or ``queryh`` / ``meanh`` (the same with the
section heading embedded too, as the build does).
Prints hybrid's dev R@5 / MRR@10 and the selector's 5-fold CV top-sentence rate, refitted on
the chosen vectors exactly as ``python -m qa calibrate`` does.
"""
import dataclasses
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _cv_folds, _top1, evaluate, headline, selector_rows
from qa.logistic import fit_conditional
from qa.retrieval import Engine
from qa.sentences import embedded_sentence
from qa.stages.select import FEATURES

retrieval, selecting = sys.argv[1], sys.argv[2]
split = sys.argv[3] if len(sys.argv) > 3 else "dev"
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
store = eng.store
tab = store.sentences
texts = [store.chunks[r].text[s - store.chunks[r].start:e - store.chunks[r].start]
         for r, s, e in zip(tab.rows, tab.starts, tab.ends)]
P = tab.vectors.astype(np.float32)
Q = eng.embedders["e5"].embed_queries(texts).astype(np.float32)  # the bare sentence
headed = [embedded_sentence(store.chunks[r], s, e) for r, s, e in zip(tab.rows, tab.starts, tab.ends)]
QH = eng.embedders["e5"].embed_queries(headed).astype(np.float32)  # section heading + sentence, as built


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
cv = np.zeros(len(y))
qids = np.unique(group)
for train_q, test_q in _cv_folds(len(qids)):
    tr, te = np.isin(group, qids[train_q]), np.isin(group, qids[test_q])
    model = fit_conditional(X[tr], y[tr], group[tr], FEATURES)
    cv[te] = X[te] @ (np.asarray(model.weights) / np.asarray(model.std))
answerable = np.array([y[group == q].max() > 0 for q in qids])
print(f"  selector CV top sentence {_top1(cv, y, group):.3f} of {len(qids)} (oracle {answerable.mean():.3f})")
