"""Experiment (issues 10-12, dev only): amount injection, rerun with typed amounts. When the question
asks for a figure (cue type ``how_much`` in its language) and none of the first N passages states
an amount of its unit (``qa.amounts``), the best passage among the first K fused candidates that
does takes place N (as the language-diversity stage does for languages). The earlier, untyped runs
(``amount_injection.py``) lost refusals: near-domain salary questions then read a salary passage.
Now the hard rules refuse most of those (a place, a currency, another role) whatever is retrieved.

    HF_HUB_OFFLINE=1 python docs/experiments/amount_injection_typed.py N K [K ...]   (K=0: off)
"""
import sys

import numpy as np

sys.path.insert(0, "docs/experiments")
from _harness import abstention_data, abstention_refusals, bench_line, refusals_text, selector_cv_line  # noqa: E402

from qa.amounts import asked_unit, gives_amount  # noqa: E402
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.key_terms import TOKEN_RE  # noqa: E402
from qa.languages import get as language  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.stages.abstain import FEATURES as AF, hard_refusal  # noqa: E402
from qa.stages.diversity import LanguageDiversity  # noqa: E402

N = int(sys.argv[1])
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
texts = [c.text for c in eng.store.chunks]
K = 0
fired = []
orig = LanguageDiversity.run


def run(self, state):
    orig(self, state)
    if not K:
        return
    words = [w.lower() for w in TOKEN_RE.findall(state.question)]
    if "how_much" not in language(state.lang).cue_types(words):
        return
    unit = asked_unit(words, state.lang)
    n = min(len(state.hits), N)
    if any(gives_amount(texts[r], unit) for r, _ in state.hits[:n]):
        return
    for row, score in state.ranking[:K]:
        if gives_amount(texts[row], unit):
            rest = [h for h in state.hits if h[0] != row]
            state.hits = rest[: n - 1] + [(row, score)] + rest[n - 1:]
            state.hits = state.hits[: max(len(rest), n)]
            fired.append(state.question)
            return


LanguageDiversity.run = run
ref = None
for K in [int(k) for k in sys.argv[2:]]:
    fired.clear()
    bench_line(eng, qs, f"K={K}")
    print(f"K={K} fired on {len(set(fired))} dev questions", flush=True)
    ref = selector_cv_line(eng, [q for q in qs if q.in_scope and q.evidence], f"K={K}", ref)
    states, Xa, V, ya, ref_labels = abstention_data(eng, qs)
    near = np.array([q.group == "near_domain" for q in qs])
    rule = np.array([hard_refusal(st) for st in states])
    print(f"K={K} abstention", refusals_text(abstention_refusals(Xa, V, ya, ref_labels, AF, rule, near)), flush=True)
