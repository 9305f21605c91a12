"""Analysis (issues 10 and 11): do gains from the synthetic training questions hold on test questions
unlike any of them? The test split's in-scope questions are kept when their e5 cosine to every
synthetic question is below a bound, and two bench reports are scored on them (answer@1, answer@3,
hit@5, MRR@10 from each report's per-question rows).

    HF_HUB_OFFLINE=1 python docs/experiments/synthetic_distance.py BEFORE/report.json AFTER/report.json
"""
import json, sys
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import load_questions, split_questions, DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC
eng = Engine.load("corpus", "index")
e = eng.embedders["e5"]
test = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "test") if q.in_scope]
syn = load_questions(DEFAULT_SYNTHETIC)
near = (e.embed_queries([q.question for q in test]) @ e.embed_queries([q.question for q in syn]).T).max(1)
runs = [{r["id"]: r for r in json.load(open(p))["runs"]["hybrid"]["questions"]} for p in sys.argv[1:]]
for bound in (1.01, 0.95, 0.93, 0.90):
    keep = [q.id for q, n in zip(test, near) if n < bound]
    line = [f"nearest synthetic < {bound}: {len(keep)} questions"]
    for p, r in zip(sys.argv[1:], runs):
        f = lambda k: np.mean([float(r[i].get(k) or 0) for i in keep])
        hit5 = np.mean([any(r[i]["rels"][:5]) for i in keep])
        mrr = np.mean([next((1 / (j + 1) for j, x in enumerate(r[i]["rels"][:10]) if x), 0) for i in keep])
        line.append(f"{p.split('/')[-2]}: a@1 {f('answer@1'):.3f} a@3 {f('answer@3'):.3f} hit@5 {hit5:.3f} MRR {mrr:.3f}")
    print(" | ".join(line))
