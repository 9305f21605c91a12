"""Dev only (issue 11): the sentence-level sparse vectors read with their section heading ("heading\nsentence",
as the passage-level ones are) instead of the bare sentence. Arguments: bare|heading:WEIGHT; bench
figures and selector CV (20 seeds, paired with the first argument). The heading vectors are cached in bench-out/.

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_sentences_heading.py bare:0.3 heading:0.3 heading:0.6 heading:0.15
"""
import os, sys, numpy as np
from qa.retrieval import Engine
from qa.sparse import SparseMatrix, SparseVector
from qa.sentences import sentence_text
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline, _top1, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]; st = pipe.stage("sparse_sent")
table, chunks = eng.store.sentences, eng.store.chunks
cache = "bench-out/sparse_sent_heading.npz"
try:
    z = np.load(cache); M = SparseMatrix(z["indptr"], z["rows"], z["values"], len(table))
except FileNotFoundError:
    texts = [f"{chunks[r].section}\n{sentence_text(chunks[r], s, e)}" if chunks[r].section else sentence_text(chunks[r], s, e)
             for r, s, e in zip(table.rows, table.starts, table.ends)]
    M = SparseMatrix.from_vectors(eng.sparse_encoder.encode(texts), eng.sparse_encoder.dim)
    np.savez(cache, indptr=M.indptr, rows=M.rows, values=M.values)
orig = st._matrix
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
devq = [q for q in qs if q.in_scope and q.evidence]
fuse = pipe.stage("fuse"); at = fuse.parts.index("sparse_sent")
ref = None
for arg in sys.argv[1:]:
    which, w = arg.split(":")
    st._matrix = M if which == "heading" else orig
    fuse.weights[at] = float(w)
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"])
    X, y, G = selector_rows(eng, devq)
    cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    ref = cvs if ref is None else ref
    d = cvs - ref
    print(arg, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), f"selector CV {cvs.mean():.3f} ({(d>0).sum()}/{(d<0).sum()})", flush=True)
