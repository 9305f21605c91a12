"""Abstention, dev only: a hinge on the best e5 cosine, max(0, knot - e5_top), as an eleventh signal.
Off-topic questions sit far below every in-scope one (dev: in-scope e5_top >= 0.775 in English, 0.796
German, 0.810 Hungarian; far-off 0.71-0.79), but the linear model gives e5_top little weight, so a
Hungarian goulash recipe gets P 0.46-0.50, above the threshold a Hungarian in-scope question needs.
Measured with one threshold and with per-language thresholds (as docs/experiments/threshold_by_language.py),
5-fold CV over 10 fold seeds, hard rules as shipped; near-domain, all out-of-scope, far-off (the
other out-of-scope groups) refused, in-scope refused overall and per language.

    HF_HUB_OFFLINE=1 python docs/experiments/e5_hinge.py
"""
import numpy as np
from qa.bench.run import abstention_cv_probs
from qa.stages.abstain import FEATURES as AF
from _harness import dev_abstention

d = dev_abstention()
grid = np.arange(0.05, 0.951, 0.01)
e5 = d.X[:, AF.index("e5_top")]


def pick(p, mask, rate=0.04):
    return max([t for t in grid if (p[mask & ~d.oos] < t).mean() <= rate] or [0.05])


for knot in (None, 0.78, 0.80, 0.82, 0.84):
    X, feats = (d.X, AF) if knot is None else (np.column_stack([d.X, np.maximum(0.0, knot - e5)]), AF + ("e5_low",))
    P = [np.where(d.rule, 0.0, p) for p in abstention_cv_probs(X, d.V, d.y, d.refs, feats, range(10))]
    for mode in ("one", "per language"):
        res = []
        for p in P:
            t = np.full(len(p), pick(p, np.ones(len(p), bool))) if mode == "one" else \
                np.array([pick(p, d.langs == lg) for lg in d.langs])
            r = p < t
            res.append([r[d.near].mean(), r[d.oos].mean(), r[d.far].mean(), r[~d.oos].mean()]
                       + [r[~d.oos & (d.langs == lg)].mean() for lg in ("en", "de", "hu")])
        m = np.mean(res, axis=0)
        print(f"knot {knot!s:5s} {mode:12s} near {m[0]:.3f} oos {m[1]:.3f} far {m[2]:.3f} in-scope {m[3]:.3f} "
              f"(en {m[4]:.3f} de {m[5]:.3f} hu {m[6]:.3f})", flush=True)
