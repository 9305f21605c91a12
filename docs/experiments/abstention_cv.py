"""Abstention, dev only: 5-fold CV over 10 fold seeds; near-domain and out-of-scope refused at 2, 4 and 6%
in-scope refused, and the AUC of in-scope vs near-domain. Arguments: features to leave out, and
"rules" to leave out the hard refusals (out of reach: an amount elsewhere, another role).

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_cv.py [FEATURE ...]
"""
import sys, numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_cv_probs, abstention_rows
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal
dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, _ = abstention_rows(eng, dev)  # as calibrate does
labels = ya.astype(np.int8)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
rule = np.array([hard_refusal(st) and "rules" not in sys.argv[1:] for st in states])
# As shipped (calibrate): questions the place/currency/year and other-role rules refuse are no knn references.
ruled = np.array([bool(st.signals.get("out_of_reach")) and "rules" not in sys.argv[1:] for st in states])
ref_labels = np.where((labels == 0) & ruled, -1, labels).astype(np.int8)
cols = [i for i, f in enumerate(AF) if f not in sys.argv[1:]]  # "rules" leaves the hard refusals out
res = []
for prob in abstention_cv_probs(Xa, V, ya, ref_labels, AF, range(10), fit_cols=cols):
    row = []
    prob = np.where(rule, 0.0, prob)  # the hard refusals (out of reach) as shipped
    for rate in (0.02, 0.04, 0.06):
        t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
        row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
    pos, neg = prob[~oos], prob[near]
    row.append(((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()))
    res.append(row)
r = np.mean(res, axis=0)
print("near/oos refused at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  6%%: %.3f/%.3f  AUC(in vs near) %.3f" % tuple(r))
