"""Abstention, dev only: does a binary "about our domain" feature (the question names the CIO/CTO, an
IT-leadership word or title: ``qa.key_terms.about_our_domain`` / ``names_our_roles``) help the model
tell far-off questions ("What is the best recipe for chocolate cake?") from answerable ones?
5-fold CV over 10 fold seeds, hard rules as shipped (as ``abstention_cv.py``).

    HF_HUB_OFFLINE=1 python docs/experiments/domain_feature.py
"""
import numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_cv_probs, abstention_rows
from qa.key_terms import about_our_domain, names_our_roles
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, _ = abstention_rows(eng, dev)
labels = ya.astype(np.int8)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
far = oos & ~near
rule = np.array([hard_refusal(st) for st in states])
ruled = np.array([bool(st.signals.get("out_of_reach")) for st in states])
ref_labels = np.where((labels == 0) & ruled, -1, labels).astype(np.int8)
dom = np.array([float(about_our_domain(q.question) or names_our_roles(q.question)) for q in dev])
print("domain flag: in-scope %.2f, near-domain %.2f, far %.2f" % (dom[~oos].mean(), dom[near].mean(), dom[far].mean()))
for name, X, feats in (("shipped", Xa, AF), ("+domain", np.column_stack([Xa, dom]), AF + ("domain",))):
    res = []
    for prob in abstention_cv_probs(X, V, ya, ref_labels, feats, range(10)):
        prob = np.where(rule, 0.0, prob)
        row = []
        for rate in (0.02, 0.04, 0.06):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~oos] < t).mean() <= rate] or [0.05])
            row += [(prob[near] < t).mean(), (prob[oos] < t).mean(), (prob[far] < t).mean()]
        res.append(row)
    r = np.mean(res, axis=0)
    print("%-8s near/oos/far refused at 2%%: %.3f/%.3f/%.3f  4%%: %.3f/%.3f/%.3f  6%%: %.3f/%.3f/%.3f" % ((name,) + tuple(r)))
