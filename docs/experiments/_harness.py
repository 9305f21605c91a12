"""What the retrieval experiments of 2026-11-27 print for one setting, in one place: the dev bench line
(R@5, MRR@10, answer@1, R@5 by group) and the selector's CV top sentence over 20 fold seeds, paired
with a reference. Imported by the scripts beside it (they run from the project root)."""
import numpy as np
from qa.bench.run import _top1, evaluate, headline, selector_cv_scores, selector_rows
from qa.stages.select import FEATURES


def bench_line(eng, questions, label) -> None:
    """One line of the default retriever's figures on ``questions`` as the engine is now."""
    h = headline(evaluate(eng, questions, ["hybrid"], k=10)["hybrid"]["summary"])
    print(label, "R@5", round(h["recall@5"], 3), "MRR", round(h["mrr@10"], 3), "a@1", round(h["answer@1"], 3),
          {k: round(v["recall@5"], 2) for k, v in h["groups"].items()}, flush=True)


def selector_cv_line(eng, in_scope, label, ref=None) -> np.ndarray:
    """The selector refitted in 5-fold CV on ``in_scope`` questions' candidates, 20 fold seeds,
    paired with ``ref``; returns the reference for the next call (``ref``, or these figures when
    it is the first), so every line of a run is paired with its first."""
    X, y, G = selector_rows(eng, in_scope)
    cvs = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    d = cvs - (cvs if ref is None else ref)
    oracle = np.mean([y[G == g].max() for g in np.unique(G)])
    print(label, f"selector CV {cvs.mean():.3f} (paired {d.mean():+.3f}, better/worse {(d > 0).sum()}/{(d < 0).sum()}), "
                 f"oracle {oracle:.3f}", flush=True)
    return cvs if ref is None else ref
