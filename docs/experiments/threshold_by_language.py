"""Abstention, dev only: one refusal threshold per question language instead of one for all. At the
shipped operating point (4% of in-scope dev questions refused in CV) the refusals fall on German and
Hungarian questions (English 0.1%, German 4.6%, Hungarian 11.0%): a Hungarian asker is refused a
covered answer about one time in nine. Per language: the highest threshold whose CV in-scope refusal
within that language stays <= the rate. 5-fold CV over 10 fold seeds (thresholds picked on the
out-of-fold probabilities, as calibrate does), hard rules as shipped.

    HF_HUB_OFFLINE=1 python docs/experiments/threshold_by_language.py
"""
import numpy as np
from qa.bench.run import abstention_cv_probs
from qa.stages.abstain import FEATURES as AF
from _harness import dev_abstention

d = dev_abstention()
grid = np.arange(0.05, 0.951, 0.01)


def pick(p, mask, rate):
    return max([t for t in grid if (p[mask & ~d.oos] < t).mean() <= rate] or [0.05])


P = [np.where(d.rule, 0.0, p) for p in abstention_cv_probs(d.X, d.V, d.y, d.refs, AF, range(10))]
for rate in (0.02, 0.04, 0.045, 0.05, 0.06):
    for name in ("one threshold", "per language"):
        res = []
        for p in P:
            if name == "one threshold":
                t = np.full(len(p), pick(p, np.ones(len(p), bool), rate))
            else:
                t = np.array([pick(p, d.langs == lg, rate) for lg in d.langs])
            ref = p < t
            res.append([ref[d.near].mean(), ref[d.oos].mean(), ref[~d.oos].mean()]
                       + [ref[~d.oos & (d.langs == lg)].mean() for lg in ("en", "de", "hu")]
                       + [ref[d.oos & (d.langs == lg)].mean() for lg in ("en", "de", "hu")])
        r = np.mean(res, axis=0)
        print(f"{rate:.1%} {name:14s} near {r[0]:.3f} oos {r[1]:.3f} in-scope {r[2]:.3f} "
              f"(en {r[3]:.3f} de {r[4]:.3f} hu {r[5]:.3f}); oos refused en {r[6]:.3f} de {r[7]:.3f} hu {r[8]:.3f}")
