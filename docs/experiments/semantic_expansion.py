"""Experiment (issue 11, dev only): expand the BM25 query with corpus words whose e5 vector is
close to a question word's (any language): Jahresgehalt -> salary, Geld -> pay."""
import re, sys, time
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.expand import TermExpansion
from qa.language import analyze
from qa.key_terms import is_stopword

split = sys.argv[1]
configs = [tuple(float(x) for x in c.split(":")) for c in sys.argv[2:]]  # lam:tau:m:mode
eng = Engine.load("corpus", "index")
e5 = eng.embedders["e5"]
W = re.compile(r"[^\W\d_]+")
words = {}
for c in eng.store.chunks:
    for w in W.findall(f"{c.section}\n{c.text}"):
        if len(w) >= 3 and not is_stopword(w):
            words.setdefault(w.lower(), c.lang)
vocab = sorted(words)
V = np.vstack([e5.embed_queries(vocab[i:i + 64]) for i in range(0, len(vocab), 64)])
stems = [analyze(w, words[w]) for w in vocab]
known = frozenset(vocab)
bm = eng.store.bm25
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
cache = {}
orig = TermExpansion.run
def run(self, state):
    orig(self, state)
    if not LAM:
        return
    cands = [w for w in W.findall(state.question) if len(w) >= 3 and not is_stopword(w)]
    if MODE == 1:
        cands = [w for w in cands if w.lower() not in known]
    if not cands:
        return
    key = tuple(cands)
    if key not in cache:
        cache[key] = e5.embed_queries(cands)
    Q = cache[key]
    sims = Q @ V.T
    exp = []
    own = set(state.terms)
    for w, r in zip(cands, sims):
        for j in np.argsort(r)[::-1][:int(M)]:
            if r[j] < TAU:
                break
            exp += [t for t in stems[j] if t not in own]
    if exp:
        base = state.bm25(bm)
        state.bm25_scores = base + LAM * bm.scores(exp)
        state.signals["sem_expansion"] = exp
TermExpansion.run = run
for LAM, TAU, M, MODE in configs:
    t = time.time()
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(split, LAM, TAU, M, MODE, "R@5", h["recall@5"], "MRR", round(h["mrr@10"],3), "a@1", round(h.get("answer@1"),3), "a@3", round(h.get("answer@3"),3),
          "nd", round(h.get("near_domain_refused"),3), "inref", round(h.get("in_scope_refused"),3),
          {k: (g[k]["recall@5"], g[k]["answer@1"]) for k in ("english", "german", "hungarian", "crosslingual", "paraphrase", "plain", "keyword", "typo", "long", "comparison") if k in g}, f"{time.time()-t:.0f}s", flush=True)
