"""Dev only (issue 11): a passage scores as its best sentence plus LAMBDA x its second best in the two
sentence-level parts (E5:SPARSE lambdas for e5_sent and sparse_sent), instead of the best alone. Bench figures
and selector CV (20 seeds, paired with the first argument).

    HF_HUB_OFFLINE=1 python docs/experiments/sentence_top2.py 0:0 0.3:0 0:0.3 0.3:0.3 0.6:0.6
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
rows = eng.store.sentences.rows; n = len(eng.store.chunks)
order = np.argsort(rows, kind="stable"); starts = np.searchsorted(rows[order], np.arange(n))
LAM = {"e5": 0.0, "sp": 0.0}
def top2(scores, lam):
    best = np.full(n, -np.inf); second = np.full(n, -np.inf)
    for i, r in enumerate(rows):
        s = scores[i]
        if s > best[r]: second[r] = best[r]; best[r] = s
        elif s > second[r]: second[r] = s
    return np.where(np.isfinite(second), best + lam * second, best)
sp = pipe.stage("sparse_sent")
sp.chunk_scores = lambda scores: np.maximum(top2(scores, LAM["sp"]), 0) if LAM["sp"] else SP_ORIG(scores)
SP_ORIG = type(sp).chunk_scores.__get__(sp)
es = pipe.stage("e5_sent")
orig_run = es.run
def run(state):
    if not LAM["e5"]:
        return orig_run(state)
    vec = state.vector("e5", es._embedder)[0]
    sims = es._table.vectors @ vec
    state.raw_scores.setdefault("e5_sent", sims)
    best = top2(sims, LAM["e5"])
    off = es.language_offsets.get(state.lang, es.offset)
    best = best + off * (es._langs != state.lang)
    o = np.argsort(-best, kind="stable")[: es.depth]
    state.rankings[es.name] = [(int(i), float(best[i])) for i in o if np.isfinite(best[i])]
es.run = run
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[1:]:
    LAM["e5"], LAM["sp"] = (float(x) for x in arg.split(":"))
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]; h = headline(r["summary"])
    X, y, G = selector_rows(eng, devq)
    cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    ref = cvs if ref is None else ref; d = cvs - ref
    print(arg, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), f"selector CV {cvs.mean():.3f} ({(d>0).sum()}/{(d<0).sum()})", flush=True)
