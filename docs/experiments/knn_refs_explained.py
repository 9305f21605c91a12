"""Abstention, dev only: which out-of-scope dev questions serve as knn references. Shipped: all but
those the hard rules refuse (out of reach). Variants leave out, too, the out-of-scope questions whose
refusal a key term already explains (``unknown_terms`` not empty: "Darf ein CTO im Homeoffice
arbeiten?", "Wie lang ist die Kündigungsfrist eines CTO?"), or those and the role-holder ones. Found
with "Wie viel verdient ein CTO?", refused at P 0.517 against 0.52: its nearest references are short
German near-domain questions that key terms refuse anyway. 5-fold CV over 10 fold seeds, hard rules
as shipped; in-scope refused at 4% by question language too.

    HF_HUB_OFFLINE=1 python docs/experiments/knn_refs_explained.py
"""
import numpy as np
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import abstention_rows
from qa.retrieval import Engine
from qa.stages.abstain import FEATURES as AF, hard_refusal
from _harness import abstention_refusals, refusals_text

dev = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
eng = Engine.load("corpus", "index")
states, Xa, V, ya, ref_shipped = abstention_rows(eng, dev)
near = np.array([q.group == "near_domain" for q in dev]); oos = ya == 0
rule = np.array([hard_refusal(st) for st in states])
langs = np.array([st.lang for st in states])
termed = np.array([bool(st.signals.get("unknown_terms")) for st in states])
holder = np.array([bool(st.signals.get("holder_org")) for st in states])
groups = [~oos & (langs == lg) for lg in ("en", "de", "hu")]
for name, drop in (("shipped", np.zeros(len(dev), bool)), ("- key terms", oos & termed),
                   ("- key terms, holder", oos & (termed | holder))):
    refs = np.where(drop, -1, ref_shipped).astype(np.int8)
    r = abstention_refusals(Xa, V, ya, refs, AF, rule, near, groups=groups)
    print(f"{name:20s} refs {int((refs >= 0).sum())}", refusals_text(r),
          " in-scope refused at 4%%: en %.3f de %.3f hu %.3f" % tuple(r[6:9]))
