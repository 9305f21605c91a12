"""Experiment (issues 10 and 11, dev only): a linear query adapter for e5, trained on synthetic questions.

q' = unit(q + A q), with A (384 x 384, or rank r) fitted so that the question's evidence sentences
and relevant passages outscore every other sentence and passage of the corpus (softmax over the
whole corpus at temperature ``TAU``, L2 on A), the way embedding adapters are trained from
relevance feedback. A is fitted on the synthetic questions only (``qa/bench/synthetic.jsonl``:
written from the articles by helpers who never saw the question set); the number of steps and the
L2 strength are chosen on dev here, and test is reported by ``qa bench`` only for what is adopted.

Prints e5 alone (passages and sentences: R@5, MRR@10) on dev with and without the adapter, then
the whole ``hybrid`` on dev with the adapted question vector in place of e5's.

    HF_HUB_OFFLINE=1 python docs/experiments/query_adapter.py [SYNTH.jsonl] [l2:steps ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import bench_line  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.bench.run import answers, judge  # noqa: E402
from qa.retrieval import Engine  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "qa/bench/synthetic.jsonl"
# l2:steps[:offsets scale] (scale 0 drops the cross-lingual offsets of the two e5 parts, 1 keeps them)
grid = [tuple(float(x) for x in a.split(":")) for a in sys.argv[2:]] or [(1e-2, 100, 1), (1e-2, 100, 0), (1e-2, 300, 0)]
LR = 0.01
TAU = 30.0

eng = Engine.load("corpus", "index")
store = eng.store
idx = store.dense["e5"]
P = idx.reconstruct_n(0, idx.ntotal).astype(np.float64)
S = store.sentences.vectors.astype(np.float64)
s_text = store.sentences.texts(store.chunks)
s_row = np.asarray(store.sentences.rows)
emb = eng.embedders["e5"]


def data(questions):
    Q = emb.embed_queries([q.question for q in questions]).astype(np.float64)
    Yp = np.array([[judge(q, c) for c in store.chunks] for q in questions], float)
    Ys = np.array([[answers(q, t) for t in s_text] for q in questions], float)
    keep = (Yp.sum(1) > 0) | (Ys.sum(1) > 0)
    return Q[keep], Yp[keep], Ys[keep]


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def fit(Q, Yp, Ys, l2, steps, lr=LR):
    d = Q.shape[1]
    A = np.zeros((d, d))
    for _ in range(int(steps)):
        Z = Q + Q @ A.T
        n = np.linalg.norm(Z, axis=1, keepdims=True)
        U = Z / n
        gU = np.zeros_like(U)
        for M, Y in ((P, Yp), (S, Ys)):
            s = TAU * U @ M.T
            e = np.exp(s - s.max(1, keepdims=True))
            p = e / e.sum(1, keepdims=True)
            ep = e * Y
            has = Y.sum(1) > 0
            ppos = np.where(has[:, None], ep / np.maximum(ep.sum(1, keepdims=True), 1e-300), 0)
            p = np.where(has[:, None], p, 0)
            gU += TAU * (p - ppos) @ M  # gradient of -log sum_pos softmax
        gZ = (gU - (gU * U).sum(1, keepdims=True) * U) / n
        gA = gZ.T @ Q / len(Q) + l2 * A
        A -= lr * gA
    return A


def metrics(U, Yp, Ys):
    out = []
    for M, Y in ((P, Yp), (S, Ys)):
        s = U @ M.T
        order = np.argsort(-s, 1)
        r5, mrr = [], []
        for o, y in zip(order, Y):
            if y.sum() == 0:
                continue
            hit = y[o] > 0
            r5.append(hit[:5].any()); f = np.flatnonzero(hit[:10])
            mrr.append(1 / (f[0] + 1) if len(f) else 0)
        out += [np.mean(r5), np.mean(mrr)]
    return "passages R@5 %.3f MRR %.3f | sentences R@5 %.3f MRR %.3f" % tuple(out)


questions = load_questions(DEFAULT_QUESTIONS)
dev = [q for q in split_questions(questions, "dev") if q.in_scope and q.evidence]
syn = [q for q in load_questions(path) if q.evidence]
Qd, Ypd, Ysd = data(dev)
Qs, Yps, Yss = data(syn)
print(f"dev {len(Qd)} questions, synthetic {len(Qs)}", flush=True)
print("e5 as shipped, dev:", metrics(unit(Qd), Ypd, Ysd), flush=True)
print("              synthetic:", metrics(unit(Qs), Yps, Yss), flush=True)
best = None
for l2, steps, *_ in grid:
    A = fit(Qs, Yps, Yss, l2, steps)
    print(f"adapter l2={l2} steps={int(steps)}: dev:", metrics(unit(Qd + Qd @ A.T), Ypd, Ysd),
          "| train:", metrics(unit(Qs + Qs @ A.T), Yps, Yss), flush=True)
    best = A if best is None else best
# The whole pipeline, the adapted vector read by the two e5 retrieval parts only (the selector and
# abstention keep the vector they were fitted with).
from qa.stages.dense import DenseRetriever  # noqa: E402
from qa.stages.sentence import SentenceRetriever  # noqa: E402

bench_line(eng, split_questions(questions, "dev"), "hybrid as shipped, dev")
runs = {cls: cls.run for cls in (DenseRetriever, SentenceRetriever)}
stages = [eng.retrievers[eng.default].stage(n) for n in ("e5", "e5_sent")]
shipped = [(s.offset, dict(s.language_offsets)) for s in stages]
for l2, steps, *scale in grid:
    scale = scale[0] if scale else 1.0
    for s, (off, lo) in zip(stages, shipped):
        s.offset, s.language_offsets = off * scale, {k: v * scale for k, v in lo.items()}
    A = fit(Qs, Yps, Yss, l2, steps).astype(np.float32)
    for cls, run in runs.items():
        def patched(self, state, run=run, A=A):
            if getattr(self, "key", "e5") != "e5":
                return run(self, state)
            v = state.vector("e5", self._embedder)
            a = v + v @ A.T
            raw = dict(state.raw_scores)
            state.vectors["e5"] = (a / np.linalg.norm(a, axis=1, keepdims=True)).astype(np.float32)
            try:
                run(self, state)
            finally:
                state.vectors["e5"] = v
            for key in ("e5", "e5_sent"):  # abstention recomputes the unadapted cosines it was fitted on
                if key not in raw:
                    state.raw_scores.pop(key, None)
        cls.run = patched
    bench_line(eng, split_questions(questions, "dev"), f"hybrid, adapter l2={l2} steps={int(steps)} offsets x{scale}, dev")
for cls, run in runs.items():
    cls.run = run
for s, (off, lo) in zip(stages, shipped):
    s.offset, s.language_offsets = off, lo
