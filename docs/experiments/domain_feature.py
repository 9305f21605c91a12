"""Abstention, dev only: does a binary "about our domain" feature (the question names the CIO/CTO, an
IT-leadership word or title: ``qa.key_terms.about_our_domain`` / ``names_our_roles``) help the model
tell far-off questions ("What is the best recipe for chocolate cake?") from answerable ones?
5-fold CV over 10 fold seeds, hard rules as shipped (as ``abstention_cv.py``).

    HF_HUB_OFFLINE=1 python docs/experiments/domain_feature.py
"""
import numpy as np
from qa.bench.run import abstention_cv_probs
from qa.key_terms import about_our_domain, names_our_roles
from qa.stages.abstain import FEATURES as AF
from _harness import dev_abstention

d = dev_abstention()
dom = np.array([float(about_our_domain(q.question) or names_our_roles(q.question)) for q in d.dev])
print("domain flag: in-scope %.2f, near-domain %.2f, far %.2f" % (dom[~d.oos].mean(), dom[d.near].mean(), dom[d.far].mean()))
for name, X, feats in (("shipped", d.X, AF), ("+domain", np.column_stack([d.X, dom]), AF + ("domain",))):
    res = []
    for prob in abstention_cv_probs(X, d.V, d.y, d.refs, feats, range(10)):
        prob = np.where(d.rule, 0.0, prob)
        row = []
        for rate in (0.02, 0.04, 0.06):
            t = max([t for t in np.arange(0.05, 0.951, 0.01) if (prob[~d.oos] < t).mean() <= rate] or [0.05])
            row += [(prob[d.near] < t).mean(), (prob[d.oos] < t).mean(), (prob[d.far] < t).mean()]
        res.append(row)
    r = np.mean(res, axis=0)
    print("%-8s near/oos/far refused at 2%%: %.3f/%.3f/%.3f  4%%: %.3f/%.3f/%.3f  6%%: %.3f/%.3f/%.3f" % ((name,) + tuple(r)))
