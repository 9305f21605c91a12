"""A question bank of the synthetic training questions (doc2query-style FAQ retrieval): a dev
question's fused ranking gains, for each passage, w x max over synthetic questions answered by it
of max(0, (cos - tau) / (1 - tau)), the cosine of the adapted (or plain) e5 question vectors.
Dev only; the synthetic questions were never dev or test questions (docs/bench/synthetic.md).

    HF_HUB_OFFLINE=1 python docs/experiments/synthetic_bank.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import boosted_ranking_metrics  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC, load_questions, split_questions
from qa.bench.run import judge
from qa.retrieval import Engine

dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
syn = [q for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope and q.evidence]
eng = Engine.load("corpus", "index")
chunks = eng.retrievers[eng.default].stage("abstain")._chunks
states = [eng.run(q.question, k=10, small_talk_reply=False) for q in dev]
sstates = [eng.run(q.question, k=10, small_talk_reply=False, until="e5") for q in syn]
adapter = eng.retrievers[eng.default].stage("e5").adapter if hasattr(eng.retrievers[eng.default].stage("e5"), "adapter") else None


def vecs(sts, adapted):
    out = []
    for st in sts:
        v = st.vectors.get("e5_adapted" if adapted else "e5")
        out.append(v[0])
    return np.vstack(out)


R = np.array([[judge(q, c) for c in chunks] for q in dev])
RS = np.array([[judge(q, c) for c in chunks] for q in syn], float)
print(f"{len(dev)} dev in-scope, {len(syn)} synthetic", flush=True)


def score(adapted, w, tau):
    S = vecs(states, adapted) @ vecs(sstates, adapted).T
    out = [boosted_ranking_metrics(dict(st.ranking), (np.maximum(0.0, (S[i] - tau) / (1 - tau))[:, None] * RS).max(0), w, R[i])
           for i, st in enumerate(states)]
    return tuple(np.mean(out, axis=0))


print("as is: R@5 %.3f MRR %.3f" % score(True, 0.0, 0.9))
for adapted in (False, True):
    for tau in (0.85, 0.9, 0.93):
        print("adapted" if adapted else "plain", "tau", tau,
              " ".join("w %.2f: %.3f/%.3f" % ((w,) + score(adapted, w, tau)) for w in (0.05, 0.1, 0.3, 1.0)), flush=True)
