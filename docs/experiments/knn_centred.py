"""Abstention, dev only: the knn signal on language-centred question vectors. The knn margin compares a
question's e5 vector with the answerable and the unanswerable dev questions; e5 vectors cluster by
language, so a German question's nearest references are German ones, and dev's German questions are
mostly near-domain ("Wie lange dauert es, CTO zu werden?" gets knn -0.02 and is refused at P 0.31,
its English twin 0.71). Centring: subtract the mean vector of the question's language (the mean of
the dev questions detected in that language; no labels used), then re-normalise, for the question
and the references alike. 5-fold CV over 10 fold seeds, hard rules as shipped. Adopted at α 1.0 on
2026-11-27 (the "uncentred" line below is the signal it replaced).

    HF_HUB_OFFLINE=1 python docs/experiments/knn_centred.py
"""
import numpy as np
from qa.stages.abstain import FEATURES as AF
from _harness import abstention_refusals, dev_abstention, refusals_text

d = dev_abstention()
print("dev questions by detected language (in-scope / out-of-scope):",
      {lg: (int((~d.oos & (d.langs == lg)).sum()), int((d.oos & (d.langs == lg)).sum())) for lg in ("en", "de", "hu")})
de_in, hu_in = ~d.oos & (d.langs == "de"), ~d.oos & (d.langs == "hu")
for name, alpha in (("uncentred", 0.0), ("centred 0.5", 0.5), ("centred 1.0", 1.0)):
    raw = np.vstack([st.vectors["e5"][0] for st in d.states]).astype(np.float64)  # d.V is centred as shipped
    Vc = raw.copy()
    for lg in np.unique(d.langs):
        m = d.langs == lg
        Vc[m] -= alpha * raw[m].mean(axis=0)
    Vc /= np.linalg.norm(Vc, axis=1, keepdims=True)
    r = abstention_refusals(d.X, Vc.astype(np.float32), d.y, d.refs, AF, d.rule, d.near, groups=[de_in, hu_in])
    print(f"{name:12s}", refusals_text(r), " in-scope refused at 4%%: German %.3f, Hungarian %.3f" % (r[6], r[7]))
