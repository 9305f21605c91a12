"""Experiment (issues 10 and 11, dev only): the query adapter's softmax temperature and L2, its
learning curve, and more training questions.

Fits the adapter (``qa.adapter.fit_adapter``) on the synthetic questions and prints e5 alone on dev
(passages and sentences: R@5, MRR@10), overall and for the plain-words and cross-lingual groups.

    HF_HUB_OFFLINE=1 python docs/experiments/adapter_temperature.py TAU:L2[:STEPS] ...
    HF_HUB_OFFLINE=1 python docs/experiments/adapter_temperature.py --also docs/experiments/synthetic_round6.jsonl 50:0.01
    HF_HUB_OFFLINE=1 python docs/experiments/adapter_temperature.py --curve      # halves, three quarters, all (shipped TAU, L2)

``--also FILE`` adds another file's answered questions to the training set (round 6, which was not
adopted: docs/bench/synthetic.md).
"""
import sys

import numpy as np

args = sys.argv[1:]
sys.argv = sys.argv[:1]
src = open("docs/experiments/query_adapter.py", encoding="utf-8").read()
exec(src[: src.index("questions = load_questions(DEFAULT_QUESTIONS)")])  # data(), metrics(), unit(), P, S

also = []
if "--also" in args:
    i = args.index("--also")
    also, args = [args[i + 1]], args[:i] + args[i + 2:]
curve = "--curve" in args
args = [a for a in args if a != "--curve"]

questions = load_questions(DEFAULT_QUESTIONS)  # noqa: F821
dev = [q for q in split_questions(questions, "dev") if q.in_scope and q.evidence]  # noqa: F821
Qd, Ypd, Ysd = data(dev)  # noqa: F821
groups = {g: data([q for q in dev if q.group == g]) for g in ("plain", "crosslingual")}  # noqa: F821
train = [q for f in ["qa/bench/synthetic.jsonl", *also] for q in load_questions(f) if q.evidence]  # noqa: F821
Qs, Yps, Yss = data(train)  # noqa: F821
print(f"{len(Qs)} training questions; dev {len(Qd)}", flush=True)


def report(label, A):
    f = lambda Q: unit(Q + Q @ A.T)  # noqa: E731, F821
    print(f"{label}: all {metrics(f(Qd), Ypd, Ysd)}", flush=True)  # noqa: F821
    for g, (Q, Yp, Ys) in groups.items():
        print(f"    {g}: {metrics(f(Q), Yp, Ys)}", flush=True)  # noqa: F821


if curve:
    rng = np.random.default_rng(0)
    for frac in (0.5, 0.75, 1.0):
        for _ in range(2 if frac < 1 else 1):
            idx = rng.permutation(len(Qs))[: int(frac * len(Qs))]
            report(f"{len(idx)} questions", fit_adapter(Qs[idx], P, S, Yps[idx], Yss[idx]))  # noqa: F821
for a in args:
    tau, l2, steps = (list(map(float, a.split(":"))) + [300])[:3]
    report(f"TAU {tau:g} L2 {l2:g} steps {int(steps)}",
           fit_adapter(Qs, P, S, Yps, Yss, l2=l2, tau=tau, steps=int(steps)))  # noqa: F821
