"""Experiment (issues 10 and 11, dev only): let the answer selector order more passages than it
picks the lead from.

The shipped selector reads the first 5 fused passages, picks the lead among their sentences, and
shows those 5 in the order of their best sentence (``passage_order.py``). Here it scores the
sentences of the first P passages (features computed over all of them; the conditional logit
fitted on them, 5-fold CV within dev), still picks the lead among the first 5 fused passages'
sentences, shows the lead's passage first, and the other P - 1 by their best sentence: passages
6..P can then enter the first five. Prints, for P = 5 (shipped) and each P given, the mean over 20
fold seeds of the lead's accuracy, P@1, MRR@10 and R@5, and the per-seed difference in lead
accuracy against P = 5.

    HF_HUB_OFFLINE=1 python docs/experiments/passage_order_ten.py 7 10
    HF_HUB_OFFLINE=1 python docs/experiments/passage_order_ten.py 6 7 --lead-any   # the lead from any of the P
    HF_HUB_OFFLINE=1 python docs/experiments/passage_order_ten.py 6 7 --lead-any --lead-only   # only the lead's passage moves
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import answers, judge, selector_cv_scores
from qa.retrieval import Engine
from qa.stages.select import FEATURES

SEEDS = 20
LEAD_FIRST5 = "--lead-any" not in sys.argv  # the lead from any passage read, not only the first 5
LEAD_ONLY = "--lead-only" in sys.argv  # only the lead's passage moves; the others keep the fused order
eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
states = [eng.run(q.question, k=10, small_talk_reply=False, until="diversity") for q in dev]
rels = [[judge(q, eng.store.chunks[row]) for row, _ in st.hits[:10]] for q, st in zip(dev, states)]


def rows(passages: int):
    sel._passages = passages
    X, y, G, R = [], [], [], []
    for n, (q, st) in enumerate(zip(dev, states)):
        idx, feats, ranks = sel.features(st)
        for i, f, r in zip(idx, feats, ranks):
            X.append(f)
            y.append(float(answers(q, sel._texts[i])))
            G.append(n)
            R.append(r)
    return tuple(map(np.array, (X, y, G, R)))


def run(passages: int):
    X, y, G, R = rows(passages)
    out = []
    for seed in range(SEEDS):
        cv = selector_cv_scores(X, y, G, FEATURES, seed=seed)
        lead_ok, shown = [], []
        for n, l in enumerate(rels):
            m = G == n
            m5 = m & (R <= (5 if LEAD_FIRST5 else passages))
            j = np.flatnonzero(m5)[np.argmax(cv[m5])]
            lead_ok.append(y[j])
            best = {}
            for r, s in zip(R[m], cv[m]):
                best[r] = max(best.get(r, -np.inf), s)
            order = [R[j]] + sorted((r for r in best if r != R[j]), key=lambda r: r if LEAD_ONLY else (-best[r], r))
            shown.append([l[r - 1] for r in order] + [v for i, v in enumerate(l) if i + 1 not in best])
        p1 = np.mean([s[0] for s in shown])
        mrr = np.mean([next((1 / (i + 1) for i, v in enumerate(s[:10]) if v), 0) for s in shown])
        r5 = np.mean([float(any(s[:5])) for s in shown])
        out.append((np.mean(lead_ok), p1, mrr, r5))
    return np.array(out)


def line(label, res, ref=None):
    lead, p1, mrr, r5 = res.mean(axis=0)
    extra = ""
    if ref is not None:
        d = res[:, 0] - ref[:, 0]
        extra = f"  lead paired {d.mean():+.4f} (seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})"
    print(f"{label}: lead {lead:.3f}  P@1 {p1:.3f}  MRR@10 {mrr:.3f}  R@5 {r5:.3f}{extra}", flush=True)


print(f"{len(dev)} dev questions, {SEEDS} fold seeds")
print("as fused: P@1 %.3f  MRR@10 %.3f  R@5 %.3f" % (np.mean([l[0] for l in rels]),
      np.mean([next((1 / (i + 1) for i, v in enumerate(l) if v), 0) for l in rels]), np.mean([float(any(l[:5])) for l in rels])))
ref = run(5)
line("P=5", ref)
for p in (int(a) for a in sys.argv[1:] if not a.startswith('--')):
    line(f"P={p}", run(p), ref)
