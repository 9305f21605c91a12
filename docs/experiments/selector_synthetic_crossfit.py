"""Experiment (issue 10, dev only): the synthetic questions as selector training rows, their features
cross-fitted. Adding them failed with the adapter (``selector_synthetic.py``: 0.774 → 0.749–0.767)
because the adapter was fitted on these very questions, so their adapted cosines are too good to learn
from. Here the synthetic questions are cut in 5 folds; each fold's candidate rows come from a pipeline
whose adapter was fitted on the other four only, as a new question meets it
(``qa.bench.run.synthetic_selector_rows``). Dev's rows come from the shipped adapter (fitted on all
synthetic questions, never on dev). The selector's 5-fold CV within dev, 20 fold seeds, every
synthetic question's rows in every training fold, each question weighing w against a dev one
(``qa.bench.run.selector_cv_scores``' ``extra``), paired with w = 0.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_synthetic_crossfit.py [w ...]
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import dev_selector_rows  # noqa: E402

from qa.bench.questions import DEFAULT_SYNTHETIC, load_questions  # noqa: E402
from qa.bench.run import _top1, fit_selector, selector_cv_scores, synthetic_selector_rows  # noqa: E402
from qa.stages.select import FEATURES, L2  # noqa: E402

weights = [float(a) for a in sys.argv[1:]] or [0.0, 0.25, 0.5, 1.0]
SEEDS = 20

eng, X, y, G = dev_selector_rows(None)
syn = [q for q in load_questions(DEFAULT_SYNTHETIC) if q.in_scope and q.evidence]
Xs, ys, Gs = synthetic_selector_rows(eng, syn)
print(f"dev: {len(np.unique(G))} questions; synthetic: {len(np.unique(Gs))} "
      f"({sum(ys[Gs == g].max() > 0 for g in np.unique(Gs))} with an answer among their candidates)", flush=True)
ref = None
for w in weights:
    res = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s, extra=(Xs, ys, Gs, w)), y, G) for s in range(SEEDS)])
    ref = res if ref is None else ref
    d = res - ref
    print(f"w={w}: dev CV top sentence {res.mean():.3f} (paired {d.mean():+.3f}, seeds better/worse "
          f"{(d > 0).sum()}/{(d < 0).sum()})", flush=True)
only = fit_selector(Xs, ys, Gs, FEATURES, L2)
print(f"synthetic only (cross-fitted), scored on all of dev: {_top1(X @ (np.asarray(only.weights) / np.asarray(only.std)), y, G):.3f}")
