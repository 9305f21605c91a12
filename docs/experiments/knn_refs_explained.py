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
from qa.stages.abstain import FEATURES as AF
from _harness import abstention_refusals, dev_abstention, refusals_text

d = dev_abstention()
termed = np.array([bool(st.signals.get("unknown_terms")) for st in d.states])
holder = np.array([bool(st.signals.get("holder_org")) for st in d.states])
groups = [~d.oos & (d.langs == lg) for lg in ("en", "de", "hu")]
for name, drop in (("shipped", np.zeros(len(d.dev), bool)), ("- key terms", d.oos & termed),
                   ("- key terms, holder", d.oos & (termed | holder))):
    refs = np.where(drop, -1, d.refs).astype(np.int8)
    r = abstention_refusals(d.X, d.V, d.y, refs, AF, d.rule, d.near, groups=groups)
    print(f"{name:20s} refs {int((refs >= 0).sum())}", refusals_text(r),
          " in-scope refused at 4%%: en %.3f de %.3f hu %.3f" % tuple(r[6:9]))
