"""Dev only (issue 11): length normalisation of the sparse parts' dot products, score / ||row||^ALPHA, for
passages and sentences (ALPHA_CHUNK:ALPHA_SENTENCE pairs).

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_length_norm.py dev 0:0 0.5:0 1:0 0:0.5 0:1 0.5:0.5
"""
import sys, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from _harness import bench_line, selector_cv_line
split = sys.argv[1]
eng = Engine.load("corpus", "index")
pipe = eng.retrievers["hybrid"]
def norms(m):
    sq = np.bincount(m.rows, weights=m.values.astype(np.float64) ** 2, minlength=m.num_rows)
    return np.sqrt(np.maximum(sq, 1e-12))
parts = {"sparse": pipe.stage("sparse"), "sparse_sent": pipe.stage("sparse_sent")}
orig = {k: v._matrix for k, v in parts.items()}
class Scaled:
    def __init__(self, m, scale): self.m, self.scale = m, scale
    def scores(self, v): return self.m.scores(v) * self.scale
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
CV = sys.argv[2] == "cv"
devq = [q for q in qs if q.in_scope and q.evidence]
ref = None
for arg in sys.argv[2 + CV:]:
    a_chunk, a_sent = (float(x) for x in arg.split(":"))
    parts["sparse"]._matrix = Scaled(orig["sparse"], norms(orig["sparse"]) ** -a_chunk)
    parts["sparse_sent"]._matrix = Scaled(orig["sparse_sent"], norms(orig["sparse_sent"]) ** -a_sent)
    if CV:
        ref = selector_cv_line(eng, devq, arg, ref)
    else:
        bench_line(eng, qs, arg)
