"""Experiment (issues 10 and 11, dev only): a linear query adapter for e5, trained on synthetic questions.

q' = unit(q + A q), with A (384 x 384, or rank r) fitted so that the question's evidence sentences
and relevant passages outscore every other sentence and passage of the corpus (softmax over the
whole corpus at temperature ``TAU``, L2 on A), the way embedding adapters are trained from
relevance feedback (``qa.adapter.fit_adapter``: Adam from zero, full batch). A is fitted on the synthetic questions only (``qa/bench/synthetic.jsonl``:
written from the articles by helpers who never saw the question set); the number of steps and the
L2 strength are chosen on dev here, and test is reported by ``qa bench`` only for what is adopted.

Prints e5 alone (passages and sentences: R@5, MRR@10) on dev with and without the adapter, then
the whole ``hybrid`` on dev with the adapted question vector in place of e5's, with the engine's
cross-lingual offsets scaled by the third number (0 drops them).

    HF_HUB_OFFLINE=1 python docs/experiments/query_adapter.py [SYNTH.jsonl] [l2:steps[:offset scale] ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import adapter_metrics, bench_line, unit  # noqa: E402

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.adapter import fit_adapter  # noqa: E402
from qa.bench.run import answers, judge  # noqa: E402
from qa.retrieval import Engine  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "qa/bench/synthetic.jsonl"
# l2:steps[:offsets scale] (scale 0 drops the cross-lingual offsets of the two e5 parts, 1 keeps them)
grid = [tuple(float(x) for x in a.split(":")) for a in sys.argv[2:]] or [(1e-2, 100, 1), (1e-2, 400, 1), (0.1, 300, 1), (0.1, 300, 0), (1.0, 300, 1)]
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


def fit(Q, Yp, Ys, l2, steps):
    return fit_adapter(Q, P, S, Yp, Ys, l2=l2, steps=int(steps)).astype(np.float64)


def metrics(U, Yp, Ys):
    return adapter_metrics(U, Yp, Ys, P, S)


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
# The whole pipeline: the two e5 retrieval parts read the question through A (the selector and
# abstention read the plain vector, as in the engine).
from qa.adapter import QueryAdapter  # noqa: E402
from qa.settings import Settings  # noqa: E402

eng = Engine.load("corpus", "index", settings=Settings().with_overrides(query_adapter=False))
bench_line(eng, split_questions(questions, "dev"), "hybrid, no adapter, dev")
stages = [eng.retrievers[eng.default].stage(n) for n in ("e5", "e5_sent")]
shipped = [(s.offset, dict(s.language_offsets)) for s in stages]
for l2, steps, *scale in grid:
    scale = scale[0] if scale else 1.0
    A = QueryAdapter(fit(Qs, Yps, Yss, l2, steps).astype(np.float32))
    for s, (off, lo) in zip(stages, shipped):
        s.offset, s.language_offsets, s._adapter = off * scale, {k: v * scale for k, v in lo.items()}, A
    bench_line(eng, split_questions(questions, "dev"), f"hybrid, adapter l2={l2} steps={int(steps)} offsets x{scale}, dev")
