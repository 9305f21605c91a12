"""Experiment (issue 12, dev only): the abstention's knn signal on the adapted question vectors
(``qa/adapter.py``) instead of the plain ones, references included; the rest as
``abstention_cv.py`` (5-fold CV over 10 fold seeds, the hard refusals as shipped).

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_adapted_knn.py
"""
import numpy as np

import qa.bench.run as run
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF
from qa.stages.abstain import hard_refusal

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
plain_vectors = run.question_vectors


def adapted_vectors(states):
    V, langs = plain_vectors(states)
    return eng.adapter.apply(V), langs


for label, fn in (("plain (shipped)", plain_vectors), ("adapted", adapted_vectors)):
    run.question_vectors = fn
    states, Xa, V, ya, _ = run.abstention_rows(eng, dev)
    near = np.array([q.group == "near_domain" for q in dev])
    oos = ya == 0
    rule = np.array([hard_refusal(st) for st in states])
    ruled = np.array([bool(st.signals.get("out_of_reach")) for st in states])
    ref_labels = np.where((ya == 0) & ruled, -1, ya).astype(np.int8)
    res = []
    for prob in run.abstention_cv_probs(Xa, V, ya, ref_labels, AF, range(10)):
        prob = np.where(rule, 0.0, prob)
        row = []
        for rate in (0.02, 0.04, 0.06):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
            row += [(prob[near] < t).mean(), (prob[oos] < t).mean()]
        res.append(row)
    print(label, "near/oos refused at 2%%: %.3f/%.3f  4%%: %.3f/%.3f  6%%: %.3f/%.3f" % tuple(np.mean(res, axis=0)),
          flush=True)
run.question_vectors = plain_vectors
