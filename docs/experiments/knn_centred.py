"""Abstention, dev only: the knn signal on language-centred question vectors. The knn margin compares a
question's e5 vector with the answerable and the unanswerable dev questions; e5 vectors cluster by
language, so a German question's nearest references are German ones, and dev's German questions are
mostly near-domain ("Wie lange dauert es, CTO zu werden?" gets knn -0.02 and is refused at P 0.31,
its English twin 0.71). Centring: subtract the mean vector of the question's language (the mean of
the dev questions detected in that language; no labels used), then re-normalise, for the question
and the references alike. 5-fold CV over 10 fold seeds, hard rules as shipped.

    HF_HUB_OFFLINE=1 python docs/experiments/knn_centred.py
"""
import numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_rows
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal
from _harness import abstention_refusals, refusals_text

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, _ = abstention_rows(eng, dev)
labels = ya.astype(np.int8)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
rule = np.array([hard_refusal(st) for st in states])
ruled = np.array([bool(st.signals.get("out_of_reach")) for st in states])
ref_labels = np.where((labels == 0) & ruled, -1, labels).astype(np.int8)
langs = np.array([st.lang for st in states])
inscope_lang = {lg: (~oos & (langs == lg)).sum() for lg in ("en", "de", "hu")}
print("dev questions by detected language (in-scope / out-of-scope):",
      {lg: (int(inscope_lang[lg]), int((oos & (langs == lg)).sum())) for lg in ("en", "de", "hu")})
de_in = ~oos & (langs == "de"); hu_in = ~oos & (langs == "hu")
for name, alpha in (("shipped", 0.0), ("centred 0.5", 0.5), ("centred 1.0", 1.0)):
    Vc = V.astype(np.float64).copy()
    for lg in np.unique(langs):
        m = langs == lg
        Vc[m] -= alpha * V[m].mean(axis=0)
    Vc /= np.linalg.norm(Vc, axis=1, keepdims=True)
    r = abstention_refusals(Xa, Vc.astype(np.float32), ya, ref_labels, AF, rule, near, groups=[de_in, hu_in])
    print(f"{name:12s}", refusals_text(r), " in-scope refused at 4%%: German %.3f, Hungarian %.3f" % (r[6], r[7]))
