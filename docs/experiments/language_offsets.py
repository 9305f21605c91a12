"""Experiment (issue 11, dev only): the cross-lingual offset per question language.

e5's preference for same-language pairs is not equally strong in every language: Hungarian
questions answered only in the English articles found them less often than German ones. Each
configuration ``hu=0.055,de=0.035`` (the shipped ``cross_lingual_offset`` for the rest) is scored
on the dev questions: R@5 / MRR@10 by question language, and the selector refitted by 5-fold CV over
20 fold seeds (top sentence, paired against the first configuration).

    HF_HUB_OFFLINE=1 python docs/experiments/language_offsets.py none hu=0.04 hu=0.055
"""
import sys

import numpy as np

from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import _top1, evaluate, headline, selector_cv_scores, selector_rows
from qa.bench.tune import CachedEmbedder
from qa.retrieval import Engine
from qa.stages.select import FEATURES

base = Engine.load("corpus", "index")
emb = {k: CachedEmbedder(e) for k, e in base.embedders.items()}
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
ref = None
for config in sys.argv[1:] or ["none"]:
    offsets = {} if config == "none" else {k: float(v) for k, v in (p.split("=") for p in config.split(","))}
    eng = Engine(base.store, list(base.articles.values()), emb, settings=base.settings.with_overrides(language_offsets=offsets))
    per = evaluate(eng, dev, ["hybrid"], k=10)["hybrid"]
    h = headline(per["summary"])
    rows = per["questions"]
    by = {lg: [r for r in rows if r["lang"] == lg] for lg in ("en", "de", "hu")}
    lang_fig = {lg: (round(np.mean([any(r["rels"][:5]) for r in rs]), 3), len(rs)) for lg, rs in by.items()}
    X, y, G = selector_rows(eng, dev)
    cv = np.array([_top1(selector_cv_scores(X, y, G, FEATURES, seed=s), y, G) for s in range(20)])
    ref = cv if ref is None else ref
    d = cv - ref
    print(f"{config}: R@5 {h['recall@5']:.3f} MRR@10 {h['mrr@10']:.3f} R@5 by language {lang_fig}; selector CV {cv.mean():.3f} "
          f"(paired {d.mean():+.3f}, seeds better/worse {(d > 0).sum()}/{(d < 0).sum()})", flush=True)
