"""Experiment (dev only): when a question asks an amount, passages with a number gain beta after fusion."""
import re, sys
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.fuse import Fuse
from qa.languages import LANGUAGES, get as language

split = sys.argv[1]
betas = [float(b) for b in sys.argv[2:]]
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
NUM = re.compile(r"\d[\d,.]*\s*(?:%|percent|prozent|százalék)|[$€£]\s*\d|\d[\d,.]*\s*(?:dollars?|euros?|USD|EUR)|\b\d{2,3}[,.]\d{3}\b", re.I)
has_num = np.array([bool(NUM.search(c.text)) for c in eng.store.chunks])
print("passages with an amount:", has_num.sum(), "of", len(has_num))
W = re.compile(r"[^\W_]+")
orig = Fuse.run
asked = {}
def run(self, state):
    orig(self, state)
    words = [w.lower() for w in W.findall(state.question)]
    amt = any("amount" in language(c).cue_types(words) for c in LANGUAGES)
    asked[state.question] = amt
    if amt and BETA:
        r = [(i, s + BETA * has_num[i]) for i, s in state.ranking]
        state.ranking = sorted(r, key=lambda t: -t[1])
Fuse.run = run
for BETA in betas:
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    n_amt = sum(asked.values())
    per = [x for x in r["questions"] if x["in_scope"]]
    print(split, BETA, "amount-asked", n_amt, "R@5", h["recall@5"], "MRR", h["mrr@10"], "a@1", h.get("answer@1"), "a@3", h.get("answer@3"),
          "nd_refused", h.get("near_domain_refused"), "in_refused", h.get("in_scope_refused"),
          {k: g[k]["answer@1"] for k in ("english", "german", "hungarian", "crosslingual", "paraphrase", "plain", "keyword", "typo", "comparison") if k in g}, flush=True)
