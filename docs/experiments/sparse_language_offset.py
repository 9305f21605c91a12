"""Dev only (issue 11): a cross-lingual offset for the sparse parts: passages in another language than the
question get DELTA x the best score added, as e5's cosine offset does for the dense scores. Bench figures and
selector CV (20 seeds, paired with the first DELTA).

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_language_offset.py 0 0.05 0.1 0.2
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
langs = np.array([c.lang for c in eng.store.chunks])
DELTA = {"v": 0.0}
for name in ("sparse", "sparse_sent"):
    st = pipe.stage(name)
    orig_run = st.run
    def run(state, st=st, orig_run=orig_run):
        orig = st.chunk_scores
        def shifted(scores, orig=orig):
            s = orig(scores)
            return s + DELTA["v"] * s.max() * (langs != state.lang) * (s > 0) if s.max() > 0 else s
        st.chunk_scores = shifted
        try:
            orig_run(state)
        finally:
            del st.chunk_scores
    st.run = run
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[1:]:
    DELTA["v"] = float(arg)
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    X, y, G = selector_rows(eng, devq)
    cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    ref = cvs if ref is None else ref; d = cvs - ref
    print(arg, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "xl", round(g["crosslingual"]["recall@5"], 3),
          f"selector CV {cvs.mean():.3f} ({(d>0).sum()}/{(d<0).sum()})", {k: round(g[k]["recall@5"], 2) for k in g}, flush=True)
