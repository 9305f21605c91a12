"""`python -m qa bench --scale`: how the dense index's cost grows with the corpus.

The collection is grown synthetically. The real encoder (multilingual-e5-small, the
default retriever's model) embeds every sentence of the corpus and every benchmark
question; the rest of the collection is random unit vectors of the same dimension,
drawn from a Gaussian fitted to those real passage vectors (same mean and covariance,
so as anisotropic as real e5 vectors: mean cosine ≈ 0.83). Uniform random vectors on
the sphere would not do: in 384 dimensions they are all nearly equidistant, which no
text collection is. Queries are the real question vectors plus draws from a Gaussian
fitted to them.

For each size it reports, for exact search (the baseline) and for the index `qa build`
chooses at that size (and HNSW with ``--hnsw``): build time, file size, resident memory
after loading, load time, single-query search latency p50/p95, and recall@10 against
exact search.
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from qa import vector_index as vi
from qa.bench import metrics as M

logger = logging.getLogger(__name__)

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
HNSW_M, HNSW_EF_CONSTRUCTION = 32, 80
EF_STEPS = (16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048)


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def parse_sizes(text: str) -> list[int]:
    """'10k,100k,1M' -> [10000, 100000, 1000000]."""
    sizes = []
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*", part)
        if not m:
            raise ValueError(f"bad size {part!r} in --sizes; use e.g. 10k,100k,1M")
        n = int(float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()])
        if n < 100:
            raise ValueError(f"size {n} is too small for a scale benchmark (minimum 100)")
        sizes.append(n)
    return sorted(set(sizes))


def real_sample(corpus_dir: str, embedder) -> tuple[np.ndarray, np.ndarray]:
    """Real passage vectors (every corpus sentence) and query vectors (every benchmark question)."""
    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions
    from qa.corpus import load_corpus

    sentences = []
    for article in load_corpus(corpus_dir):
        sentences += [s for s in re.split(r"(?<=[.!?])\s+|\n+", article.text) if len(s.split()) >= 4]
    questions = [q.question for q in load_questions(DEFAULT_QUESTIONS)]
    return embedder.embed_passages(sentences), embedder.embed_queries(questions)


def gaussian_like(sample: np.ndarray, n: int, rng: np.random.Generator, block: int = 100_000) -> np.ndarray:
    """``n`` unit vectors from a Gaussian with the sample's mean and covariance."""
    dim = sample.shape[1]
    mean = sample.mean(axis=0)
    cov = np.cov(sample, rowvar=False) + 1e-6 * np.eye(dim)
    chol = np.linalg.cholesky(cov).astype(np.float32).T
    out = np.empty((n, dim), dtype=np.float32)
    for i in range(0, n, block):
        m = min(block, n - i)
        v = rng.standard_normal((m, dim), dtype=np.float32) @ chol + mean.astype(np.float32)
        out[i:i + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def collection(passages: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """The real passage vectors first, then synthetic ones up to ``n``."""
    rng = np.random.default_rng(seed)
    real = passages[:n].astype(np.float32)
    return np.vstack([real, gaussian_like(passages, n - len(real), rng)]) if n > len(real) else real


def _hnsw(vectors: np.ndarray) -> tuple[object, dict]:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    # Tuned like qa's IVF on unseen queries: the last rows are added only after tuning
    # (HNSW ids are positions, so the held-out rows must be the tail).
    held = min(vi.TUNE_QUERIES, max(1, len(vectors) // 10))
    base, tail = vectors[:-held], vectors[-held:]
    index.add(base)
    truth = vi.exact_top10(base, tail)
    ef, recall = vi.tune_search(index, tail, truth, lambda v: setattr(index.hnsw, "efSearch", v), EF_STEPS)
    index.add(tail)
    index.hnsw.efSearch = ef
    return index, {"type": "hnsw", "M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "efSearch": ef,
                   "tuned_recall@10": round(recall, 4)}


def _flat(vectors: np.ndarray) -> tuple[object, dict]:
    return vi.make_faiss_index(vectors, exact_max=len(vectors))


def measure(kind: str, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray, n_real_queries: int,
            latency_queries: int, workdir: Path, exact_max: int) -> dict:
    """Build, save, reload (as `qa` loads it) and search one index; every figure measured here."""
    import faiss

    builders = {"flat": _flat, "chosen": lambda v: vi.make_faiss_index(v, exact_max=exact_max), "hnsw": _hnsw}
    t = time.perf_counter()
    index, params = builders[kind](vectors)
    build_s = time.perf_counter() - t
    path = workdir / f"{kind}.faiss"
    faiss.write_index(index, str(path))
    del index
    size = path.stat().st_size
    before = rss_mb()
    t = time.perf_counter()
    index = vi.read_faiss(str(path), size)
    load_s = time.perf_counter() - t
    load_rss = rss_mb() - before
    vi.apply_search_params(index, params)
    _, found = index.search(queries, 10)
    lat = []
    for q in queries[:latency_queries]:
        t = time.perf_counter()
        index.search(q[None, :], 10)
        lat.append((time.perf_counter() - t) * 1000)
    row = {"kind": kind, "params": params, "build_s": build_s, "file_mb": size / 2**20, "load_s": load_s,
           "load_rss_mb": load_rss, "mmap": size >= vi.MMAP_MIN_BYTES, "resident_after_search_mb": rss_mb() - before,
           "p50_ms": M.percentile(lat, 50), "p95_ms": M.percentile(lat, 95), "latency_queries": len(lat),
           "recall@10": vi.recall_at_k(found, truth),
           "recall@10_real_queries": vi.recall_at_k(found[:n_real_queries], truth[:n_real_queries])}
    del index
    path.unlink()
    return row


def run_scale(args) -> int:
    import faiss

    from qa import config
    from qa.bench.run import display_command, machine
    from qa.embedding import make_embedder

    sizes = parse_sizes(args.sizes)
    out = Path(args.out) / "scale"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    print("embedding the real sample with the e5 model ...", file=sys.stderr)
    passages, real_q = real_sample(args.corpus, make_embedder(config.DEFAULT_E5_MODEL))
    rng = np.random.default_rng(1)
    n_extra = max(0, args.queries - len(real_q))
    queries = np.vstack([real_q, gaussian_like(real_q, n_extra, rng)]).astype(np.float32)
    full = collection(passages, max(sizes))
    kinds = ["flat", "chosen"] + (["hnsw"] if args.hnsw else [])
    exact_max = vi.EXACT_SEARCH_MAX if args.exact_max is None else args.exact_max
    rows = []
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        for n in sizes:
            vectors = full[:n]
            truth = vi.exact_top10(vectors, queries)
            for kind in kinds:
                if kind == "chosen" and n <= exact_max:
                    continue  # the choice is exact search: the flat row is it
                print(f"n={n:,} {kind} ...", file=sys.stderr)
                row = measure(kind, vectors, queries, truth, len(real_q), args.latency_queries, Path(tmp), exact_max)
                row["n"] = n
                row["chosen_by_qa"] = kind == "chosen" or (kind == "flat" and n <= exact_max)
                rows.append(row)
                print(f"  {_row_md(row)}", file=sys.stderr)
    report = {"command": display_command(sys.argv[1:]), "machine": machine(),
              "dim": int(full.shape[1]), "real_passages": int(len(passages)), "real_queries": int(len(real_q)),
              "queries": int(len(queries)), "exact_search_max": exact_max, "faiss": faiss.__version__,
              "omp_threads": faiss.omp_get_max_threads(), "rows": rows, "wall_seconds": time.perf_counter() - t0}
    (out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    md = render_scale_markdown(report)
    (out / "report.md").write_text(md, encoding="utf-8")
    print(md)
    print(f"report: {out / 'report.json'}, {out / 'report.md'} ({report['wall_seconds']:.0f} s)", file=sys.stderr)
    return 0


def _params_text(p: dict) -> str:
    if p["type"] == "flat":
        return "exact"
    if p["type"] == "ivf_flat":
        return f"IVF nlist={p['nlist']} nprobe={p['nprobe']}"
    return f"HNSW M={p['M']} efC={p['efConstruction']} efS={p['efSearch']}"


def _row_md(r: dict) -> str:
    return (f"| {r['n']:,} | {_params_text(r['params'])}{' ✓' if r['chosen_by_qa'] else ''} | {r['build_s']:.1f} | "
            f"{r['file_mb']:.0f} | {r['load_s']:.2f} | {r['load_rss_mb']:.0f}{' (mmap)' if r['mmap'] else ''} | "
            f"{r['resident_after_search_mb']:.0f} | "
            f"{r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['recall@10']:.3f} | {r['recall@10_real_queries']:.3f} |")


def render_scale_markdown(report: dict) -> str:
    lines = ["# qa scale benchmark: dense index cost vs collection size", "",
             f"Command: `{report['command']}`  ",
             f"Machine: {report['machine']['cpus']} CPUs, FAISS {report['faiss']} ({report['omp_threads']} threads), "
             f"{report['dim']}-d vectors  ",
             f"Collection: {report['real_passages']} real e5 passage vectors + Gaussian-fitted synthetic unit vectors; "
             f"{report['queries']} queries ({report['real_queries']} real questions). "
             f"Recall@10 is against exact search; latency is one query at a time; RSS is this process's resident "
             f"memory gained by loading the file, then after the searches (memory-mapped pages count once touched, "
             f"and are shared page cache). ✓ = what `qa build` picks "
             f"(exact up to {report['exact_search_max']:,} vectors).", "",
             "| vectors | index | build s | file MB | load s | RSS after load MB | RSS after searches MB | p50 ms | p95 ms "
             "| recall@10 | recall@10 (real qs) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [_row_md(r) for r in report["rows"]]
    return "\n".join(lines) + "\n"
