"""Analysis (issues 10 and 11, dev only): the query adapter's learning curve. The adapter is fitted on
random quarters, halves and three quarters of the synthetic questions of round 1 (``syn-`` ids), of
round 1 and 2 (all), and scored on dev with e5 alone (passages and sentences: R@5, MRR@10).

    HF_HUB_OFFLINE=1 python docs/experiments/adapter_learning_curve.py [L2]
"""
import sys

import numpy as np

sys.argv = sys.argv[:2]
l2 = float(sys.argv[1]) if len(sys.argv) > 1 else None
src = open("docs/experiments/query_adapter.py", encoding="utf-8").read()
exec(src[: src.index("questions = load_questions(DEFAULT_QUESTIONS)")])  # data(), metrics(), P, S, ...
from qa.adapter import L2  # noqa: E402

questions = load_questions(DEFAULT_QUESTIONS)  # noqa: F821
dev = [q for q in split_questions(questions, "dev") if q.in_scope and q.evidence]  # noqa: F821
Qd, Ypd, Ysd = data(dev)  # noqa: F821
every = [q for q in load_questions("qa/bench/synthetic.jsonl") if q.evidence]  # noqa: F821
rng = np.random.default_rng(0)
for label, pool in (("round 1", [q for q in every if q.id.startswith("syn-")]), ("rounds 1 and 2", every)):
    Qs, Yps, Yss = data(pool)  # noqa: F821
    for frac in (0.25, 0.5, 0.75, 1.0):
        for rep in range(2 if frac < 1 else 1):
            idx = rng.permutation(len(Qs))[: int(frac * len(Qs))]
            A = fit_adapter(Qs[idx], P, S, Yps[idx], Yss[idx], l2=l2 or L2)  # noqa: F821
            print(f"{label}, {len(idx)} questions: dev {metrics(unit(Qd + Qd @ A.T), Ypd, Ysd)}", flush=True)  # noqa: F821
