"""Abstention's learning curve in its unanswerable references, dev only: ``knn_syn`` with every
answered synthetic question but only a fraction of the near-domain ones (random subsets, several
seeds), then the abstention model refitted in 5-fold CV over 10 fold seeds, as ``abstention_cv.py``
(hard rules as shipped). A curve still rising at 1.0 says more near-domain training questions would
help.

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_near_curve.py [FRACTION[:SEEDS] ...] [--extra FILE]

``--extra FILE``: near-domain questions of a new round (``question``/``lang`` records) added to all
of them at fraction 1.

Measured (seventeenth session, 353 near-domain synthetic questions of round 4): near-domain / all
out-of-scope refused at 4% in-scope refused 0.873 / 0.905 with none, 0.941 / 0.955 and 0.941 / 0.956
with half (two seeds), 0.957 / 0.968 with all: still rising, so a second round was written.
"""
import json
import sys
import tempfile

import numpy as np
from _harness import refusal_rates

from qa.bench.questions import DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC, load_questions, split_questions
from qa.bench.run import abstention_cv_probs, abstention_rows
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal

args = sys.argv[1:]
extra = None
if "--extra" in args:
    i = args.index("--extra")
    extra = args[i + 1]
    del args[i:i + 2]
points = [(float(a.split(":")[0]), int(a.split(":")[1]) if ":" in a else 1) for a in args] or [(0.5, 2), (1.0, 1)]

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
records = [json.loads(line) for line in open(DEFAULT_SYNTHETIC, encoding="utf-8") if line.strip()]
answered = [r for r in records if r.get("group") != "near_domain"]
near = [r for r in records if r.get("group") == "near_domain"]
if extra:
    near += [dict(id=f"extra-{i}", question=r["question"], lang=r["lang"], group="near_domain", evidence=[])
             for i, r in enumerate(json.loads(line) for line in open(extra, encoding="utf-8") if line.strip())]
print(f"dev {len(dev)}; synthetic {len(answered)} answered, {len(near)} near-domain", flush=True)


def cv_line(synthetic_file: str) -> list[float]:
    states, X, V, y, _ = abstention_rows(eng, dev, synthetic=synthetic_file)
    labels = y.astype(np.int8)
    near_mask = np.array([q.group == "near_domain" for q in dev])
    oos = y == 0
    rule = np.array([hard_refusal(st) for st in states])
    ruled = np.array([bool(st.signals.get("out_of_reach")) for st in states])
    ref_labels = np.where((labels == 0) & ruled, -1, labels).astype(np.int8)
    res = [refusal_rates(np.where(rule, 0.0, prob), oos, near_mask)
           for prob in abstention_cv_probs(X, V, y, ref_labels, AF, range(10))]
    return list(np.mean(res, axis=0))


for fraction, seeds in points:
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        keep = [near[i] for i in sorted(rng.choice(len(near), int(round(fraction * len(near))), replace=False))]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
            for r in answered + keep:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        r = cv_line(fh.name)
        print(f"fraction {fraction:.2f} seed {seed} ({len(keep)} near-domain): near/oos refused at 2%: "
              f"{r[0]:.3f}/{r[1]:.3f}  4%: {r[2]:.3f}/{r[3]:.3f}  6%: {r[4]:.3f}/{r[5]:.3f}", flush=True)
