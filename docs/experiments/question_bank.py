"""A question bank (FAQ retrieval by question-question similarity, as in Haystack's FAQ pipelines):
the dev questions' answers lent to a new question that is close to them in e5 space. Dev only, 5-fold
CV over 5 fold seeds: a question borrows only from the other folds' in-scope questions.

* passages: each candidate passage gains w x max over bank questions it is relevant to of
  max(0, (cos - tau) / (1 - tau)), added to the fused score (``bank``); or only the nearest bank
  question's passages gain w when it is nearer than the runner-up by ``margin`` (``top1``);
* lead sentence: the first of the selector's answer sentences that answers the nearest bank question
  (its evidence rule) becomes the lead, when that question is nearer than the runner-up by ``margin``.

    HF_HUB_OFFLINE=1 python docs/experiments/question_bank.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import boosted_ranking_metrics  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import answers, judge
from qa.retrieval import Engine

dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
eng = Engine.load("corpus", "index")
chunks = eng.retrievers[eng.default].stage("abstain")._chunks
states = [eng.run(q.question, k=5, small_talk_reply=False) for q in dev]
V = np.vstack([st.vectors["e5"][0] for st in states])
R = np.array([[judge(q, c) for c in chunks] for q in dev])  # dev question x chunk relevance
S = V @ V.T
n = len(dev)


def folds(seed):
    return np.random.default_rng(seed).permutation(n) % 5


def passages(mode, w, param, seeds=range(5)):
    r5, mrr = [], []
    for seed in seeds:
        fold = folds(seed)
        for i, st in enumerate(states):
            bank = np.nonzero(fold != fold[i])[0]
            fused = {d: s for d, s in st.ranking}
            sims = S[i, bank]
            if mode == "bank":
                sc = np.maximum(0.0, (sims - param) / (1 - param))
                boost = (sc[:, None] * R[bank]).max(0)
            else:
                o = np.argsort(-sims)
                boost = R[bank[o[0]]] * float(sims[o[0]] - sims[o[1]] >= param)
            r, m = boosted_ranking_metrics(fused, boost, w, R[i])
            r5.append(r)
            mrr.append(m)
    return np.mean(r5), np.mean(mrr)


def lead(margin, seeds=range(5)):
    hits = []
    for seed in seeds:
        fold = folds(seed)
        for i, st in enumerate(states):
            shown = [s.text for s in st.sentences]
            if not shown:
                hits.append(0.0)
                continue
            bank = np.nonzero(fold != fold[i])[0]
            sims = S[i, bank]
            o = np.argsort(-sims)
            first = shown[0]
            if sims[o[0]] - sims[o[1]] >= margin:
                first = next((t for t in shown if answers(dev[bank[o[0]]], t)), first)
            hits.append(float(answers(dev[i], first)))
    return np.mean(hits)


print(f"{n} dev in-scope questions; fused ranking as is: R@5 %.3f MRR@10 %.3f" % passages("bank", 0.0, 0.9))
for tau in (0.85, 0.88, 0.90, 0.92):
    print("bank tau", tau, " ".join("w %.1f: R@5 %.3f MRR %.3f" % ((w,) + passages("bank", w, tau)) for w in (0.5, 1, 2, 4)))
for m in (0.0, 0.01, 0.02, 0.03):
    print("top1 margin", m, " ".join("w %.1f: R@5 %.3f MRR %.3f" % ((w,) + passages("top1", w, m)) for w in (0.3, 1)))
print("lead sentence (selector's answer sentences as shown, no abstention): as is %.3f;" % lead(9.0),
      " ".join("margin %.2f: %.3f" % (m, lead(m)) for m in (0.0, 0.01, 0.02, 0.03)))
