"""Dev only (issue 11, 14): would a cascade save the sparse pass? Runs every dev question with and without
the sparse parts (forced skip) and reports how many could skip it by a rule known before the pass (e5 and
BM25 agree on the top passage, with a margin) at no loss. Writes its per-question records to bench-out/.

    HF_HUB_OFFLINE=1 python docs/experiments/sparse_cascade.py
"""
import json, os, numpy as np
from qa.retrieval import Engine
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
from qa.bench.run import answer_flags, judge
e = Engine.load("corpus", "index")
qs = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
def run(force):
    enc = e.sparse_encoder
    if force: enc.submit = lambda text: None
    else: enc.__dict__.pop("submit", None)
    out = []
    for q in qs:
        st = e.run(q.question, k=5)
        a = e.ask(q.question)
        r = st.rankings
        f = {}
        for p in ("e5", "bm25", "e5_sent"):
            rk = r.get(p, [])
            f[p + "_top"] = rk[0][0] if rk else -1
            f[p + "_s1"] = rk[0][1] if rk else 0
            f[p + "_gap"] = (rk[0][1] - rk[1][1]) if len(rk) > 1 else 0
        out.append({"a1": answer_flags(q, a, e)["answer@1"], "r5": float(any(judge(q, h.chunk) for h in a.hits[:5])),
                    "top": a.hits[0].chunk.chunk_id if a.hits else None, "abst": a.abstained, **f})
    return out
full, skip = run(False), run(True)
os.makedirs("bench-out", exist_ok=True)
json.dump({"full": full, "skip": skip, "groups": [q.group for q in qs]}, open("bench-out/sparse_cascade.json", "w"))
print("full a@1", np.mean([x["a1"] for x in full]), "skip a@1", np.mean([x["a1"] for x in skip]))
print("full R5", np.mean([x["r5"] for x in full]), "skip R5", np.mean([x["r5"] for x in skip]))
full, skip = json.load(open("bench-out/sparse_cascade.json"))["full"], json.load(open("bench-out/sparse_cascade.json"))["skip"]
n = len(full)
def mixed(mask):
    return (np.mean([skip[i]["a1"] if mask[i] else full[i]["a1"] for i in range(n)]),
            np.mean([skip[i]["r5"] if mask[i] else full[i]["r5"] for i in range(n)]), np.mean(mask))
print("top passage moved by the sparse parts:", sum(full[i]["top"] != skip[i]["top"] for i in range(n)), "of", n)
for t in (None, 0.0, 0.01, 0.02):
    mask = [f["e5_top"] == f["bm25_top"] and (t is None or f["e5_gap"] > t) for f in full]
    print("skip when e5 and BM25 agree" + ("" if t is None else f", e5 gap > {t}"), "a@1 %.3f R@5 %.3f skipped %.2f" % mixed(mask))
