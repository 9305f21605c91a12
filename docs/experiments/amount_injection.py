"""Dev only: when an amount is asked and none of the first 3 passages has a number, the best
number-bearing passage among the first K fused candidates takes the 3rd place."""
import re, sys
import numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import evaluate, headline
from qa.stages.diversity import LanguageDiversity
from qa.languages import LANGUAGES, get as language
split = sys.argv[1]
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), split)
NUM = re.compile(r"[$€£]\s?\d|\d[\d,.]*\s?(?:%|percent|prozent|százalék|dollars?|euros?|USD|EUR)|\b\d{1,3}(?:,\d{3})+\b", re.I)
has_num = np.array([bool(NUM.search(c.text)) for c in eng.store.chunks])
W = re.compile(r"[^\W_]+")
orig = LanguageDiversity.run
fired = []
def run(self, state):
    orig(self, state)
    if not K:
        return
    words = [w.lower() for w in W.findall(state.question)]
    if not any("amount" in language(c).cue_types(words) for c in LANGUAGES):
        return
    n = min(state.k, 3)
    if any(has_num[r] for r, _ in state.hits[:n]):
        return
    for row, score in state.ranking[:K]:
        if has_num[row]:
            rest = [h for h in state.hits if h[0] != row]
            state.hits = (rest[: n - 1] + [(row, score)] + rest[n - 1:])[: state.k]
            fired.append(state.question)
            break
LanguageDiversity.run = run
for K in [int(k) for k in sys.argv[2:]]:
    fired.clear()
    r = evaluate(eng, qs, ["hybrid"], k=10)["hybrid"]
    h = headline(r["summary"]); g = h["groups"]
    print(split, K, "fired", len(set(fired)), "R@5", round(h["recall@5"],3), "MRR", round(h["mrr@10"],3), "a@1", round(h["answer@1"],3), "a@3", round(h["answer@3"],3), "oracle", round(r["summary"]["overall"]["oracle"],3),
          "in_ref", round(h["in_scope_refused"],3), "nd", round(h["near_domain_refused"],3), {k: g[k]["answer@1"] for k in ("crosslingual", "plain", "paraphrase", "keyword", "typo") if k in g}, flush=True)
