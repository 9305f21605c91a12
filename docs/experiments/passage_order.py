"""Experiment (issues 10 and 11, dev only): cite first the passage the lead sentence comes from.

The selector reads the first five passages and picks the sentence a person reads first; fusion
ranks the passages. This measures the passage ranking on dev three ways, with selector scores out
of fold (5-fold CV within dev, three fold seeds, so no question is scored by a selector fitted on
it): as fused; with the lead sentence's passage moved first ("lead first"); and with the five
passages the selector read ordered by their best sentence ("by best sentence", the shipped rule,
``AnswerSelector._reorder_passages``). Run it on the code before that rule (the engine's hits are
then the fused order).

    HF_HUB_OFFLINE=1 python docs/experiments/passage_order.py
"""
import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import answers, judge, selector_cv_scores
from qa.retrieval import Engine
from qa.stages.select import FEATURES

eng = Engine.load("corpus", "index")
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
sel = eng.retrievers[eng.default].stage("select")
X, y, G, R, rels = [], [], [], [], []
for n, q in enumerate(dev):
    st = eng.run(q.question, k=10)
    idx, feats, ranks = sel.features(st)
    rels.append([judge(q, eng.store.chunks[row]) for row, _ in st.hits[:10]])
    for i, f, r in zip(idx, feats, ranks):
        X.append(f)
        y.append(float(answers(q, sel._texts[i])))
        G.append(n)
        R.append(r)
X, y, G, R = map(np.array, (X, y, G, R))


def metrics(lists) -> str:
    p1 = np.mean([l[0] if l else 0 for l in lists])
    mrr = np.mean([next((1 / (i + 1) for i, v in enumerate(l[:10]) if v), 0) for l in lists])
    r5 = np.mean([float(any(l[:5])) for l in lists])
    return f"P@1 {p1:.3f}  MRR@10 {mrr:.3f}  R@5 {r5:.3f}"


print(f"{len(dev)} dev questions")
print("as fused:          ", metrics(rels))
for seed in range(3):
    cv = selector_cv_scores(X, y, G, FEATURES, seed=seed)
    lead, by_best = [], []
    for n, l in enumerate(rels):
        m = G == n
        if not m.any():
            lead.append(l)
            by_best.append(l)
            continue
        r = R[m][np.argmax(cv[m])] - 1
        lead.append([l[r]] + l[:r] + l[r + 1:])
        best = {}
        for rr, s in zip(R[m], cv[m]):
            best[rr] = max(best.get(rr, -np.inf), s)
        read = sorted(best, key=lambda rr: (-best[rr], rr))
        by_best.append([l[rr - 1] for rr in read] + [v for i, v in enumerate(l) if i + 1 not in best])
    print(f"lead first, seed {seed}:", metrics(lead))
    print(f"by best sentence, {seed}:", metrics(by_best))
